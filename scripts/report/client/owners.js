/* global R */
'use strict';
// Owners and administrators: workspace owners, project admin grants, repository admins.

R.renderOwners = function (D, host) {
  var roles = R.sectionState(D.sections.roles);
  var access = R.sectionState(D.sections.access);
  var grants = R.sectionState(D.sections.projectGrants);
  host.innerHTML =
    '<h2>Owners and administrators</h2>' +
    '<h3>Workspace owners ' +
    roles.badge +
    '</h3>' +
    roles.notice +
    '<div id="owners-table"></div>' +
    '<h3>Project administrators ' +
    grants.badge +
    '</h3>' +
    grants.notice +
    '<div id="project-admins"></div>' +
    '<h3>Repository administrators ' +
    access.badge +
    '</h3>' +
    access.notice +
    '<div class="controls" id="radm-controls" hidden><input type="search" id="radm-q" placeholder="Search repository, person or source">' +
    '<label><input type="checkbox" id="radm-owners" checked> hide rows whose only source is workspace ownership (owners administer every repository; listed above)</label></div>' +
    '<div id="repo-admins"></div>';
  if (D.sections.roles.state !== 'not-collected') {
    var owners = new R.Table(R.$('owners-table'), {
      maxHeight: 240,
      sortCol: 1,
      columns: [
        {
          label: 'Workspace',
          value: function (o) {
            return D.workspaces[o[0]] ? D.workspaces[o[0]].slug : '';
          },
          html: function (o) {
            var w = D.workspaces[o[0]];
            return w ? R.link(w.l, w.n) : '?';
          },
        },
        {
          label: 'Owner',
          value: function (o) {
            return D.userKey[o[1]];
          },
          html: function (o) {
            var u = D.users[o[1]];
            return (
              R.link(u.l, u.n) +
              ' <span class="unknown">' +
              R.esc(u.u) +
              '</span>'
            );
          },
        },
        {
          label: 'Recorded as',
          value: function (o) {
            return o[2];
          },
          html: function (o) {
            return {
              role: 'role owner',
              manages: 'MANAGES workspace',
              'role+manages': 'role owner + MANAGES workspace',
            }[o[2]];
          },
        },
      ],
      empty: 'No owners in the graph.',
    });
    owners.setRows(D.owners);
  }
  if (D.sections.projectGrants.state !== 'not-collected') {
    var admins = D.projectGrants.filter(function (g) {
      return g[3] === 'admin';
    });
    new R.Table(R.$('project-admins'), {
      maxHeight: 260,
      sortCol: 0,
      columns: R.grantColumns(D, 'Project'),
      empty: 'No explicit project admin grants.',
    }).setRows(
      admins.map(function (g) {
        return ['project'].concat(g);
      }),
    );
  }
  if (D.sections.access.state === 'not-collected') return;
  R.$('radm-controls').hidden = false;
  var A = D.A;
  var table = new R.Table(R.$('repo-admins'), {
    sortCol: 0,
    natural: true,
    columns: R.accessColumns(D),
    maxHeight: 360,
  });
  var adminRows = R.filterAccess(D, '', null, 3).length;
  var update = function () {
    var hide = R.$('radm-owners').checked;
    var rows = R.filterAccess(
      D,
      R.$('radm-q').value,
      null,
      3,
      hide
        ? function (i) {
            return D.vias[A.via[i]] === 'workspace-owner';
          }
        : null,
    );
    table.setRows(rows, adminRows);
  };
  R.$('radm-q').addEventListener('input', update);
  R.$('radm-owners').addEventListener('change', update);
  update();
};

/** Explicit grants: rows `[scope, scopeIndex, 'u' | 'g', index, permission]`. */
R.grantColumns = function (D, scopeLabel) {
  var scopeName = function (g) {
    return g[0] === 'project'
      ? (D.projects[g[1]] || { n: '?' }).n
      : (D.repos[g[1]] || { n: '?' }).n;
  };
  var grantee = function (g) {
    return g[2] === 'u'
      ? (D.users[g[3]] || { n: '?' }).n
      : 'group: ' + (D.groups[g[3]] || { slug: '?' }).slug;
  };
  return [
    {
      label: scopeLabel,
      value: function (g) {
        return scopeName(g).toLowerCase();
      },
      html: function (g) {
        return R.esc(scopeName(g));
      },
    },
    {
      label: 'Granted to',
      value: function (g) {
        return grantee(g).toLowerCase();
      },
      html: function (g) {
        return R.esc(grantee(g));
      },
    },
    {
      label: 'Members',
      width: '90px',
      value: function (g) {
        return g[2] === 'g' ? -(D.groups[g[3]] || { m: [] }).m.length : 0;
      },
      html: function (g) {
        return g[2] === 'g'
          ? R.fmt((D.groups[g[3]] || { m: [] }).m.length)
          : '';
      },
    },
    {
      label: 'Permission',
      width: '110px',
      value: function (g) {
        return g[4];
      },
      html: function (g) {
        return (
          '<span class="perm ' +
          (g[4] === 'create-repo' ? 'write' : g[4]) +
          '">' +
          R.esc(g[4]) +
          '</span>'
        );
      },
    },
  ];
};
