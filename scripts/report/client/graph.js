/* global R, vis */
'use strict';
// The graph around one repository or one person: never the whole graph, which at thousands of
// repositories is a hairball. Edges are coloured by relationship class; a click shows properties.

R.EDGE_COLORS = {
  HAS: '#6b778c',
  ALLOWS: '#ff8b00',
  MANAGES: '#de350b',
  OWNS: '#6554c0',
};
R.NODE_COLORS = {
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
  return {
    nodes: Object.keys(nodes).map(function (k) {
      return nodes[k];
    }),
    edges: edges,
    hidden: hidden,
  };
};

R.renderGraph = function (D, host) {
  host.innerHTML =
    '<h2>Graph of one repository or person</h2>' +
    '<div class="controls"><input id="graph-focus" list="focus-list" placeholder="repo: workspace/name or user: Name" style="min-width:380px">' +
    '<span id="graph-info" class="count"></span></div>' +
    '<div class="legend">' +
    Object.keys(R.EDGE_COLORS)
      .map(function (c) {
        return (
          '<span><i style="background:' +
          R.EDGE_COLORS[c] +
          '"></i>' +
          c +
          '</span>'
        );
      })
      .join('') +
    Object.keys(R.NODE_COLORS)
      .map(function (t) {
        return (
          '<span><i style="height:10px;width:10px;border-radius:5px;background:' +
          R.NODE_COLORS[t] +
          '"></i>' +
          t.replace('bitbucket_', '') +
          '</span>'
        );
      })
      .join('') +
    '</div>' +
    '<div class="graphbox"><div id="graph-canvas"></div><div id="graph-props">Click a node or an edge to see its properties.</div></div>' +
    '<datalist id="focus-list"></datalist>';
  var options = R.graphFocus(D);
  R.$('focus-list').innerHTML = Object.keys(options)
    .map(function (k) {
      return '<option value="' + R.esc(k) + '">';
    })
    .join('');
  var network = null;
  var show = function (props) {
    R.$('graph-props').innerHTML =
      '<table>' +
      Object.keys(props)
        .filter(function (k) {
          return props[k] !== undefined && props[k] !== '';
        })
        .map(function (k) {
          return (
            '<tr><td>' +
            R.esc(k) +
            '</td><td>' +
            R.esc(String(props[k])) +
            '</td></tr>'
          );
        })
        .join('') +
      '</table>';
  };
  var draw = function (focus) {
    var g = R.buildGraph(D, focus);
    if (network) network.destroy();
    network = new vis.Network(
      R.$('graph-canvas'),
      { nodes: new vis.DataSet(g.nodes), edges: new vis.DataSet(g.edges) },
      {
        nodes: { shape: 'dot', size: 14, font: { size: 14 } },
        edges: { arrows: 'to', width: 2, font: { size: 11, align: 'middle' } },
        physics: {
          stabilization: { iterations: 150 },
          barnesHut: { gravitationalConstant: -5000, springLength: 140 },
        },
      },
    );
    var byId = {};
    g.nodes.forEach(function (n) {
      byId[n.id] = n;
    });
    var edgeById = {};
    g.edges.forEach(function (e) {
      edgeById[e.id] = e;
    });
    network.on('click', function (p) {
      if (p.nodes.length) show(byId[p.nodes[0]].props);
      else if (p.edges.length) show(edgeById[p.edges[0]].props);
    });
    host.removeAttribute('data-graph-stable');
    // Once laid out, the layout stays put: a click lands on what the reader sees.
    network.once('stabilizationIterationsDone', function () {
      network.setOptions({ physics: false });
      host.setAttribute('data-graph-stable', '1');
    });
    R.network = network;
    host.setAttribute('data-graph-nodes', String(g.nodes.length));
    host.setAttribute('data-graph-edges', String(g.edges.length));
    R.$('graph-info').textContent =
      g.nodes.length +
      ' objects, ' +
      g.edges.length +
      ' relationships' +
      (g.hidden
        ? '; ' +
          g.hidden +
          ' more access edges not drawn (highest permissions first; the table lists them all)'
        : '');
    show(g.nodes[0] ? g.nodes[0].props : {});
  };
  R.$('graph-focus').addEventListener('change', function () {
    var f = options[R.$('graph-focus').value];
    if (f) draw(f);
  });
  return function (value) {
    R.$('graph-focus').value = value;
    if (options[value]) draw(options[value]);
  };
};
