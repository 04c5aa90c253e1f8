/* global R, document, location, performance, URLSearchParams, Event */
'use strict';
// Start-up: decode the data, draw every section, then apply the state in the URL's hash
// (`#who=group: contractors&min=2&q=…&focus=repo: …`), so a filtered view can be linked to.

R.tiles = function (D) {
  var risky = function (k) {
    return D.repos.filter(R.risks[k]).length;
  };
  var P = D.pullRequests;
  var tile = function (id, value, label, warn) {
    return (
      '<div class="tile' +
      (warn ? ' warn' : '') +
      '" id="tile-' +
      id +
      '"><b>' +
      value +
      '</b><span>' +
      label +
      '</span></div>'
    );
  };
  var notCollected = function (section, value) {
    return D.sections[section].state === 'not-collected' ? '—' : R.fmt(value);
  };
  var unapproved = P.flagged.filter(function (p) {
    return p.unapproved;
  }).length;
  var outsiders = P.flagged.filter(function (p) {
    return p.nonMembers.length;
  }).length;
  return (
    tile('workspaces', R.fmt(D.workspaces.length), 'workspaces') +
    tile('users', R.fmt(D.users.length), 'members') +
    tile('groups', R.fmt(D.groups.length), 'groups') +
    tile('repos', R.fmt(D.repos.length), 'repositories') +
    tile(
      'access',
      notCollected('access', D.accessCount),
      'effective access grants',
    ) +
    tile('owners', notCollected('roles', D.owners.length), 'workspace owners') +
    tile(
      'public',
      R.fmt(risky('pub')),
      'public repositories',
      risky('pub') > 0,
    ) +
    tile(
      'unprotected',
      notCollected('posture', risky('push')),
      'main branches without push restriction',
      risky('push') > 0,
    ) +
    tile(
      'unapproved',
      notCollected('pullRequests', unapproved),
      "merged without another's approval",
      unapproved > 0,
    ) +
    tile(
      'outsiders',
      notCollected('pullRequests', outsiders),
      'approved by non-members',
      outsiders > 0,
    )
  );
};

R.start = function () {
  var t0 = performance.now();
  var D = JSON.parse(R.$('report-data').textContent);
  R.decode(D);
  R.$('who-list').innerHTML = R.whoOptions(D);
  R.$('meta').textContent =
    D.workspaces
      .map(function (w) {
        return w.slug;
      })
      .join(', ') +
    ' · collected ' +
    R.date(D.collectedAt) +
    ' · ' +
    R.fmt(D.repos.length) +
    ' repositories, ' +
    R.fmt(D.users.length) +
    ' members';
  R.$('tiles').innerHTML = R.tiles(D);
  var hash = new URLSearchParams(location.hash.slice(1));
  var timings = { decode: Math.round(performance.now() - t0) };
  var timed = function (name, fn) {
    var t = performance.now();
    var result = fn();
    timings[name] = Math.round(performance.now() - t);
    return result;
  };
  timed('run', function () {
    R.renderRun(D, R.$('run'));
  });
  timed('owners', function () {
    R.renderOwners(D, R.$('owners'));
  });
  timed('access', function () {
    R.renderAccess(D, R.$('access'), {
      q: hash.get('q'),
      who: hash.get('who'),
      min: hash.get('min'),
    });
  });
  timed('posture', function () {
    R.renderPosture(D, R.$('posture'));
  });
  timed('pulls', function () {
    R.renderPulls(D, R.$('pulls'));
  });
  var focus = timed('graph', function () {
    return R.renderGraph(D, R.$('graph'));
  });
  document.body.setAttribute('data-ready', '1');
  document.body.setAttribute(
    'data-load-ms',
    String(Math.round(performance.now())),
  );
  document.body.setAttribute(
    'data-start-ms',
    String(Math.round(performance.now() - t0)),
  );
  document.body.setAttribute('data-timings', JSON.stringify(timings));
  R.drawFirstGraph = function () {
    focus(hash.get('focus') || (D.repos[0] ? 'repo: ' + D.repos[0].n : ''));
  };
};

/** Called once vis-network, inlined after the tables' code, has been parsed. */
R.visLoaded = function () {
  if (R.drawFirstGraph) R.drawFirstGraph();
};

/** Sets the access filter as a person would and reports how long the table took to update. */
R.timeFilter = function (who, min) {
  var t = performance.now();
  R.$('acc-who').value = who;
  R.$('acc-min').value = String(min);
  R.$('acc-min').dispatchEvent(new Event('change'));
  return {
    ms: performance.now() - t,
    rows: Number(R.$('acc-table').getAttribute('data-rows')),
  };
};

R.start();
