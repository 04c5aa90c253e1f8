/* global R */
'use strict';
// The run: when, which workspaces, every step's status and what it means for the data.

R.renderRun = function (D, host) {
  var stClass = function (s) {
    return s === 'success'
      ? 'st-success'
      : s === 'failure'
        ? 'st-failure'
        : 'st-other';
  };
  var steps = D.steps
    .map(function (s) {
      return (
        '<tr><td>' +
        R.esc(s.name) +
        '</td><td class="' +
        stClass(s.status) +
        '">' +
        R.esc(s.status) +
        '</td><td>' +
        R.esc(s.note) +
        '</td></tr>'
      );
    })
    .join('');
  var failed = D.steps.filter(function (s) {
    return s.status !== 'success' && s.status !== 'disabled';
  });
  var types = Object.keys(D.counts)
    .sort()
    .map(function (t) {
      return (
        '<tr><td>' +
        R.esc(t) +
        '</td><td style="text-align:right">' +
        R.fmt(D.counts[t]) +
        '</td><td>' +
        (D.partialTypes.indexOf(t) >= 0 ? 'partial' : '') +
        '</td></tr>'
      );
    })
    .join('');
  host.innerHTML =
    '<h2>The run</h2>' +
    '<p>Collected ' +
    R.esc(R.date(D.collectedAt)) +
    ' from ' +
    D.workspaces
      .map(function (w) {
        return R.link(w.l, w.n + ' (' + w.slug + ')');
      })
      .join(', ') +
    '. Page generated ' +
    R.esc(R.date(D.generatedAt)) +
    '.' +
    (D.pullRequests.total
      ? ' Pull requests updated ' +
        R.esc(R.date(D.pullRequests.from)) +
        ' to ' +
        R.esc(R.date(D.pullRequests.to)) +
        '.'
      : '') +
    '</p>' +
    (D.steps.length === 0
      ? '<div class="notice partial" data-notice="partial">No summary.json: the collection did not finish, so every type may be incomplete.</div>'
      : '') +
    (failed.length
      ? '<div class="notice partial" data-notice="partial">' +
        R.fmt(failed.length) +
        ' step(s) did not complete: ' +
        R.esc(
          failed
            .map(function (s) {
              return s.name;
            })
            .join(', '),
        ) +
        '. Their data is partial; the reason is in the run log.</div>'
      : '') +
    '<h3>Steps</h3><table class="steps" id="run-steps"><tr><th style="width:26%">Step</th><th style="width:10%">Status</th><th>What it means</th></tr>' +
    steps +
    '</table>' +
    '<h3>Objects collected</h3><details><summary>' +
    R.fmt(Object.keys(D.counts).length) +
    ' types, ' +
    R.fmt(
      Object.keys(D.counts).reduce(function (sum, t) {
        return sum + D.counts[t];
      }, 0),
    ) +
    ' objects and relationships (' +
    R.fmt(D.partialTypes.length) +
    ' types partial)</summary><table class="steps" id="run-types"><tr><th>Type</th><th style="text-align:right">Count</th><th></th></tr>' +
    types +
    '</table></details>';
};
