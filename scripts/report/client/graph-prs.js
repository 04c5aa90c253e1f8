/* global R */
'use strict';
// Pull requests in the graph: who opened and who approved the selected repository's recent pull
// requests, or the pull requests the selected person opened or approved. Approvers who are not
// members appear as grey nodes of their own.

R.PR_LIMIT = 15;

R.addPullRequests = function (D, focus, g) {
  var picked = D.graphPullRequests.filter(function (p) {
    if (focus.repo !== undefined) return p[0] === focus.repo;
    return p[5] === focus.user || p[6].indexOf(focus.user) >= 0;
  });
  picked.slice(0, R.PR_LIMIT).forEach(function (p) {
    var id = g.node(
      'pr' + p[0] + ':' + p[1],
      'bitbucket_pullrequest',
      '#' + p[1],
      {
        title: p[2],
        state: p[3],
        webLink: p[4],
      },
    );
    g.edge(g.repo(p[0]), id, 'HAS');
    var person = function (who) {
      return typeof who === 'number'
        ? g.user(who)
        : g.node('x:' + who, 'non-member', who, {
            displayName: who,
            member: false,
          });
    };
    if (p[5] !== null) g.edge(person(p[5]), id, 'OPENED');
    p[6].forEach(function (who) {
      g.edge(person(who), id, 'APPROVED');
    });
  });
};
