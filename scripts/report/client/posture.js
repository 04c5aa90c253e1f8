/* global R */
'use strict';
// Repositories that are public, forkable, or whose main branch has no push restriction or no
// required approvals.

R.risks = {
  pub: function (r) {
    return r.pub;
  },
  fork: function (r) {
    return !!r.fork && r.fork !== 'no_forks';
  },
  push: function (r) {
    return r.push === false;
  },
  appr: function (r) {
    return r.appr === 0 || (r.appr === undefined && r.push !== undefined);
  },
};

R.renderPosture = function (D, host) {
  var s = R.sectionState(D.sections.posture);
  var counts = {};
  Object.keys(R.risks).forEach(function (k) {
    counts[k] = D.repos.filter(R.risks[k]).length;
  });
  var box = function (k, label) {
    return (
      '<label><input type="checkbox" data-risk="' +
      k +
      '" checked> ' +
      label +
      ' (<b>' +
      R.fmt(counts[k]) +
      '</b>)</label>'
    );
  };
  host.innerHTML =
    '<h2>Repository posture ' +
    s.badge +
    '</h2>' +
    s.notice +
    '<div class="controls"><input type="search" id="pos-q" placeholder="Search repository or project">' +
    box('pub', 'public') +
    box('fork', 'forkable') +
    box('push', 'main branch without push restriction') +
    box('appr', 'no required approvals') +
    '<label><input type="checkbox" id="pos-all"> every repository</label></div><div id="posture-table"></div>';
  // `kind pattern (value)` of each restriction, by repository.
  var byRepo = new Map();
  D.restrictions.forEach(function (x) {
    var list = byRepo.get(x[0]) || [];
    list.push(x[1] + ' ' + x[2] + (x[3] === null ? '' : ' (' + x[3] + ')'));
    byRepo.set(x[0], list);
  });
  var index = new Map();
  D.repos.forEach(function (r, i) {
    index.set(r, i);
  });
  var rules = function (r) {
    return byRepo.get(index.get(r)) || [];
  };
  var project = function (r) {
    return r.p >= 0 ? D.projects[r.p].n : '';
  };
  var table = new R.Table(R.$('posture-table'), {
    sortCol: 0,
    maxHeight: 420,
    columns: [
      {
        label: 'Repository',
        width: '19%',
        value: function (r) {
          return r.n.toLowerCase();
        },
        html: function (r) {
          return R.link(r.l, r.n);
        },
      },
      {
        label: 'Project',
        width: '11%',
        value: function (r) {
          return project(r).toLowerCase();
        },
        html: function (r) {
          return R.esc(project(r));
        },
      },
      {
        label: 'Public',
        width: '7%',
        value: function (r) {
          return r.pub ? 0 : 1;
        },
        html: function (r) {
          return r.pub ? '<span class="no">public</span>' : 'private';
        },
      },
      {
        label: 'Fork policy',
        width: '10%',
        value: function (r) {
          return r.fork;
        },
        html: function (r) {
          return R.esc(r.fork || '—');
        },
      },
      {
        label: 'Main branch',
        width: '7%',
        value: function (r) {
          return r.mb;
        },
        html: function (r) {
          return R.esc(r.mb || '—');
        },
      },
      {
        label: 'Push restricted',
        width: '8%',
        value: function (r) {
          return String(r.push);
        },
        html: function (r) {
          return R.yesNo(r.push, true);
        },
      },
      {
        label: 'Approvals required',
        width: '8%',
        value: function (r) {
          return r.appr === undefined ? -1 : r.appr;
        },
        html: function (r) {
          return r.appr === undefined
            ? r.push === undefined
              ? '<span class="unknown">unknown</span>'
              : '<span class="no">0</span>'
            : r.appr === 0
              ? '<span class="no">0</span>'
              : String(r.appr);
        },
      },
      {
        label: 'Force push blocked',
        width: '8%',
        value: function (r) {
          return String(r.force);
        },
        html: function (r) {
          return R.yesNo(r.force, true);
        },
      },
      {
        label: 'Passing builds',
        width: '7%',
        value: function (r) {
          return r.builds === undefined ? -1 : r.builds;
        },
        html: function (r) {
          return r.builds === undefined
            ? '<span class="unknown">—</span>'
            : String(r.builds);
        },
      },
      {
        label: 'Branch restrictions',
        width: '15%',
        value: function (r) {
          return rules(r).length;
        },
        html: function (r) {
          var text = rules(r).join(', ');
          return text
            ? '<span class="via" title="' +
                R.esc(text) +
                '">' +
                R.esc(text) +
                '</span>'
            : '<span class="unknown">—</span>';
        },
      },
    ],
  });
  var update = function () {
    var q = R.$('pos-q').value.toLowerCase();
    var all = R.$('pos-all').checked;
    var on = [].slice
      .call(host.querySelectorAll('[data-risk]:checked'))
      .map(function (e) {
        return R.risks[e.getAttribute('data-risk')];
      });
    table.setRows(
      D.repos.filter(function (r) {
        if (
          q &&
          r.n.toLowerCase().indexOf(q) < 0 &&
          project(r).toLowerCase().indexOf(q) < 0
        )
          return false;
        return (
          all ||
          on.some(function (f) {
            return f(r);
          })
        );
      }),
      D.repos.length,
    );
  };
  host.addEventListener('input', update);
  host.addEventListener('change', update);
  update();
};
