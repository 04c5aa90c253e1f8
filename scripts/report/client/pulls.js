/* global R */
'use strict';
// Pull requests merged without another person's approval, and approvals by non-members.

R.renderPulls = function (D, host) {
  var s = R.sectionState(D.sections.pullRequests);
  var P = D.pullRequests;
  var unapproved = P.flagged.filter(function (p) {
    return p.unapproved;
  }).length;
  var outsiders = P.flagged.filter(function (p) {
    return p.nonMembers.length > 0;
  }).length;
  host.innerHTML =
    '<h2>Pull requests in the window ' +
    s.badge +
    '</h2>' +
    s.notice +
    (D.sections.pullRequests.state === 'not-collected'
      ? ''
      : '<p>' +
        R.fmt(P.total) +
        ' pull requests updated in the window, ' +
        R.fmt(P.merged) +
        ' merged. <b id="pr-unapproved">' +
        R.fmt(unapproved) +
        '</b> merged without an approval from someone other than the author; <b id="pr-outsiders">' +
        R.fmt(outsiders) +
        '</b> approved by people who are not (or no longer) workspace members.</p>' +
        '<div class="controls"><input type="search" id="pr-q" placeholder="Search repository, title, author or approver">' +
        '<label><input type="checkbox" id="pr-u" checked> merged without another\'s approval</label>' +
        '<label><input type="checkbox" id="pr-n" checked> approved by a non-member</label></div><div id="pr-table"></div>');
  if (D.sections.pullRequests.state === 'not-collected') return;
  var flags = function (p) {
    return (
      (p.unapproved
        ? '<span class="no">no approval by another person</span> '
        : '') +
      (p.selfApproved ? 'self-approved ' : '') +
      (p.nonMembers.length
        ? '<span class="no">non-member approval: ' +
          R.esc(p.nonMembers.join(', ')) +
          '</span>'
        : '')
    );
  };
  var table = new R.Table(R.$('pr-table'), {
    maxHeight: 360,
    columns: [
      {
        label: 'Repository',
        width: '18%',
        value: function (p) {
          return p.r.toLowerCase();
        },
        html: function (p) {
          return R.esc(p.r);
        },
      },
      {
        label: 'Pull request',
        width: '26%',
        value: function (p) {
          return p.t.toLowerCase();
        },
        html: function (p) {
          return R.link(p.l, '#' + p.id + ' ' + p.t);
        },
      },
      {
        label: 'Author',
        value: function (p) {
          return p.a.toLowerCase();
        },
        html: function (p) {
          return R.esc(p.a);
        },
      },
      {
        label: 'State',
        width: '90px',
        value: function (p) {
          return p.s;
        },
        html: function (p) {
          return R.esc(p.s);
        },
      },
      {
        label: 'Updated',
        width: '130px',
        value: function (p) {
          return p.u;
        },
        html: function (p) {
          return R.esc(p.u.slice(0, 10));
        },
      },
      {
        label: 'Approved by',
        value: function (p) {
          return p.ap.join(', ').toLowerCase();
        },
        html: function (p) {
          return R.esc(p.ap.join(', ') || '—');
        },
      },
      {
        label: 'Finding',
        width: '24%',
        value: function (p) {
          return (p.unapproved ? 'a' : 'b') + p.nonMembers.length;
        },
        html: flags,
      },
    ],
  });
  var update = function () {
    var q = R.$('pr-q').value.toLowerCase();
    var u = R.$('pr-u').checked;
    var n = R.$('pr-n').checked;
    table.setRows(
      P.flagged.filter(function (p) {
        if (!((u && p.unapproved) || (n && p.nonMembers.length))) return false;
        return (
          !q ||
          (p.r + ' ' + p.t + ' ' + p.a + ' ' + p.ap.join(' '))
            .toLowerCase()
            .indexOf(q) >= 0
        );
      }),
      P.flagged.length,
    );
  };
  host.addEventListener('input', update);
  host.addEventListener('change', update);
  update();
};
