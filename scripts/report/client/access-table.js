/* global R */
'use strict';
// "Who can do what" per repository, with the person-or-group filter that answers "everything
// Jane can push to" and "what the contractors group reaches".

R.resolveWho = function (D, value) {
  value = (value || '').trim();
  if (!value) return null;
  if (D.who[value]) return D.who[value];
  var lower = value.toLowerCase().replace(/^(user|group):\s*/, '');
  var keys = Object.keys(D.who);
  for (var i = 0; i < keys.length; i++) {
    var name = keys[i].toLowerCase().replace(/^(user|group):\s*/, '');
    if (name === lower || name.split(' (')[0] === lower) return D.who[keys[i]];
  }
  return { unknown: value };
};

R.reachText = function (D, who, rows) {
  var A = D.A;
  var levels = [0, 0, 0, 0];
  var repos = {};
  rows.forEach(function (i) {
    if (repos[A.repo[i]] === undefined || repos[A.repo[i]] < (A.code[i] & 3))
      repos[A.repo[i]] = A.code[i] & 3;
  });
  Object.keys(repos).forEach(function (r) {
    levels[repos[r]]++;
  });
  var total = Object.keys(repos).length;
  var split =
    R.fmt(levels[3]) +
    ' as admin, ' +
    R.fmt(levels[2]) +
    ' with write, ' +
    R.fmt(levels[1]) +
    ' read only';
  if (who.user !== undefined)
    return (
      '<b>' +
      R.esc(D.users[who.user].n) +
      '</b> reaches <b>' +
      R.fmt(total) +
      '</b> repositories: ' +
      split +
      '. Can push to ' +
      R.fmt(levels[2] + levels[3]) +
      '.'
    );
  var people = {};
  rows.forEach(function (i) {
    people[A.user[i]] = 1;
  });
  var g = D.groups[who.index];
  return (
    'Group <b>' +
    R.esc(g.slug) +
    '</b> (' +
    R.fmt(g.m.length) +
    ' members) gives access to <b>' +
    R.fmt(total) +
    '</b> repositories for ' +
    R.fmt(Object.keys(people).length) +
    ' people (' +
    split +
    ", each person's highest level through any source that includes the group)."
  );
};

R.renderAccess = function (D, host, state) {
  var s = R.sectionState(D.sections.access);
  var g = R.sectionState(
    D.sections.repoGroupGrants.state !== 'not-collected'
      ? D.sections.repoGroupGrants
      : D.sections.projectGrants,
  );
  host.innerHTML =
    '<h2>Repository access ' +
    s.badge +
    '</h2>' +
    s.notice +
    '<div class="controls" id="acc-controls"' +
    (['access', 'projectGrants', 'repoGroupGrants'].every(function (k) {
      return D.sections[k].state === 'not-collected';
    })
      ? ' hidden'
      : '') +
    '>' +
    '<input type="search" id="acc-q" placeholder="Search repository, person or source">' +
    '<input id="acc-who" list="who-list" placeholder="Person or group (e.g. group: contractors)">' +
    '<select id="acc-min"><option value="0">any permission</option><option value="1">read or more</option>' +
    '<option value="2">write or more (can push)</option><option value="3">admin</option></select></div>' +
    '<div id="acc-reach" class="reach" hidden></div><div id="acc-table"></div>' +
    '<h3>Explicit grants to groups and people ' +
    g.badge +
    '</h3>' +
    g.notice +
    '<div id="grant-table"></div>';
  var grants = D.projectGrants
    .map(function (x) {
      return ['project'].concat(x);
    })
    .concat(
      D.repoGroupGrants.map(function (x) {
        return ['repo', x[0], 'g', x[1], x[2]];
      }),
    );
  var grantTable = null;
  if (
    D.sections.projectGrants.state !== 'not-collected' ||
    D.sections.repoGroupGrants.state !== 'not-collected'
  )
    grantTable = new R.Table(R.$('grant-table'), {
      maxHeight: 300,
      sortCol: 0,
      columns: R.grantColumns(D, 'Project or repository'),
    });
  var table =
    D.sections.access.state === 'not-collected'
      ? null
      : new R.Table(R.$('acc-table'), {
          sortCol: 0,
          natural: true,
          columns: R.accessColumns(D),
          maxHeight: 520,
        });
  var q = R.$('acc-q');
  var whoInput = R.$('acc-who');
  var min = R.$('acc-min');
  q.value = state.q || '';
  whoInput.value = state.who || '';
  min.value = state.min || '0';
  var update = function () {
    var who = R.resolveWho(D, whoInput.value);
    var reach = R.$('acc-reach');
    if (grantTable) {
      grantTable.setRows(
        grants.filter(function (x) {
          if (!who || who.unknown) return true;
          return who.user !== undefined
            ? x[2] === 'u' && x[3] === who.user
            : x[2] === 'g' && x[3] === who.index;
        }),
        grants.length,
      );
    }
    if (!table) return;
    if (who && who.unknown) {
      reach.hidden = false;
      reach.textContent =
        'No person or group named "' +
        who.unknown +
        '": pick one from the list.';
      table.setRows([], D.A.n);
      return;
    }
    var rows = R.filterAccess(D, q.value, who, Number(min.value));
    table.setRows(rows, D.A.n);
    reach.hidden = !who;
    // Reach is the whole of a person's or group's access, whatever the other filters narrow.
    if (who)
      reach.innerHTML = R.reachText(D, who, R.filterAccess(D, '', who, 0));
  };
  [q, whoInput].forEach(function (e) {
    e.addEventListener('input', update);
  });
  min.addEventListener('change', update);
  update();
  return update;
};
