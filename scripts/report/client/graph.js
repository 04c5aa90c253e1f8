/* global R */
'use strict';
// The graph around one repository or one person: never the whole graph, which at thousands of
// repositories is a hairball. Edges are coloured by relationship class; a click shows properties.

R.EDGE_COLORS = {
  OPENED: '#0065ff',
  APPROVED: '#36b37e',
  HAS: '#6b778c',
  ALLOWS: '#ff8b00',
  MANAGES: '#de350b',
  OWNS: '#6554c0',
};
R.NODE_COLORS = {
  bitbucket_pullrequest: '#00b8d9',
  'non-member': '#c1c7d0',
  bitbucket_workspace: '#0052cc',
  bitbucket_group: '#6554c0',
  bitbucket_user: '#00875a',
  bitbucket_project: '#ff991f',
  bitbucket_repo: '#de350b',
  bitbucket_branch_restriction: '#5e6c84',
};
R.GRAPH_LIMIT = 40;

R.graphFocus = function (D) {
  var options = {};
  D.repos.forEach(function (r, i) {
    options['repo: ' + r.n] = { repo: i };
  });
  D.users.forEach(function (u, i) {
    options['user: ' + u.n + (u.u ? ' (' + u.u + ')' : '')] = { user: i };
  });
  return options;
};

R.buildGraph = function (D, focus) {
  var nodes = {};
  var edges = [];
  var A = D.A;
  var node = function (id, type, label, props) {
    if (!nodes[id])
      nodes[id] = {
        id: id,
        label: label.length > 32 ? label.slice(0, 31) + '…' : label,
        color: R.NODE_COLORS[type],
        props: Object.assign({ _type: type }, props),
      };
    return id;
  };
  var user = function (i) {
    var u = D.users[i];
    return node('u' + i, 'bitbucket_user', u.n, {
      displayName: u.n,
      nickname: u.u,
      accountId: u.a,
      workspaceRoles: (u.r || []).join(', '),
      webLink: u.l,
    });
  };
  var group = function (i) {
    var g = D.groups[i];
    return node('g' + i, 'bitbucket_group', g.slug, {
      name: g.n,
      slug: g.slug,
      workspace: g.w,
      members: g.m.length,
    });
  };
  var repo = function (i) {
    var r = D.repos[i];
    return node('r' + i, 'bitbucket_repo', r.n, {
      fullName: r.n,
      public: r.pub,
      forkPolicy: r.fork,
      mainBranch: r.mb,
      mainBranchPushRestricted: r.push,
      mainBranchRequiredApprovals: r.appr,
      mainBranchForcePushBlocked: r.force,
      mainBranchDeleteBlocked: r.del,
      mainBranchRequiredPassingBuilds: r.builds,
      pullRequestsInWindow: r.prs,
      webLink: r.l,
    });
  };
  var project = function (i) {
    var p = D.projects[i];
    return node('p' + i, 'bitbucket_project', p.n, {
      name: p.n,
      key: p.key,
      webLink: p.l,
    });
  };
  var edge = function (from, to, cls, label, props) {
    edges.push({
      id: 'e' + edges.length,
      from: from,
      to: to,
      label: label || cls,
      color: { color: R.EDGE_COLORS[cls] || '#97a0af' },
      props: Object.assign({ _class: cls }, props),
    });
  };
  var accessEdge = function (i) {
    edge(repo(A.repo[i]), user(A.user[i]), 'ALLOWS', R.PERM[A.code[i] & 3], {
      permission: R.PERM[A.code[i] & 3],
      directPermission: A.code[i] >> 2 ? R.PERM[A.code[i] >> 2] : '(none)',
      via: D.vias[A.via[i]],
    });
  };
  // The focus first, so it is the node whose properties show before any click.
  if (focus.repo !== undefined) repo(focus.repo);
  else user(focus.user);
  var rows = [];
  for (var i = 0; i < A.n; i++)
    if (
      (focus.repo !== undefined && A.repo[i] === focus.repo) ||
      (focus.user !== undefined && A.user[i] === focus.user)
    )
      rows.push(i);
  rows.sort(function (a, b) {
    return (A.code[b] & 3) - (A.code[a] & 3);
  });
  var hidden = Math.max(0, rows.length - R.GRAPH_LIMIT);
  rows.slice(0, R.GRAPH_LIMIT).forEach(accessEdge);
  if (focus.repo !== undefined) {
    var r = D.repos[focus.repo];
    repo(focus.repo);
    if (r.p >= 0) {
      edge(project(r.p), repo(focus.repo), 'HAS');
      D.projectGrants.forEach(function (g) {
        if (g[0] === r.p)
          edge(
            project(r.p),
            g[1] === 'u' ? user(g[2]) : group(g[2]),
            'ALLOWS',
            g[3],
            { permission: g[3] },
          );
      });
    }
    D.repoGroupGrants.forEach(function (g) {
      if (g[0] === focus.repo)
        edge(repo(focus.repo), group(g[1]), 'ALLOWS', g[2], {
          permission: g[2],
        });
    });
    D.restrictions.forEach(function (x, j) {
      if (x[0] !== focus.repo) return;
      var id = node(
        'b' + j,
        'bitbucket_branch_restriction',
        x[1] + ' ' + x[2],
        { kind: x[1], pattern: x[2], value: x[3] },
      );
      edge(repo(focus.repo), id, 'HAS');
      x[4].forEach(function (u) {
        edge(id, user(u), 'ALLOWS', 'exempt');
      });
      x[5].forEach(function (g) {
        edge(id, group(g), 'ALLOWS', 'exempt');
      });
    });
  } else {
    user(focus.user);
    D.groups.forEach(function (g, j) {
      if (g.m.indexOf(focus.user) >= 0) edge(group(j), user(focus.user), 'HAS');
    });
    D.owners.forEach(function (o) {
      if (o[1] === focus.user && D.workspaces[o[0]])
        edge(
          user(focus.user),
          node('w' + o[0], 'bitbucket_workspace', D.workspaces[o[0]].slug, {
            name: D.workspaces[o[0]].n,
          }),
          'MANAGES',
        );
    });
    D.projectGrants.forEach(function (g) {
      if (g[1] === 'u' && g[2] === focus.user)
        edge(project(g[0]), user(focus.user), 'ALLOWS', g[3], {
          permission: g[3],
        });
    });
  }
  R.addPullRequests(D, focus, {
    node: node,
    edge: edge,
    user: user,
    repo: repo,
  });
  return {
    nodes: Object.keys(nodes).map(function (k) {
      return nodes[k];
    }),
    edges: edges,
    hidden: hidden,
  };
};
