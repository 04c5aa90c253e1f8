/* global R */
'use strict';
// Effective access: decoding the compact lists, the "who" picker and the access table columns.

R.decode = function (D) {
  var n = D.accessCount;
  var A = {
    n: n,
    repo: new Int32Array(n),
    user: new Int32Array(n),
    code: new Uint8Array(n),
    via: new Int32Array(n),
  };
  var k = 0;
  D.access.forEach(function (list, repo) {
    for (var j = 0; j < list.length; j += 3) {
      A.repo[k] = repo;
      A.user[k] = list[j];
      A.code[k] = list[j + 1];
      A.via[k] = list[j + 2];
      k++;
    }
  });
  D.A = A;
  D.userKey = D.users.map(function (u) {
    return (u.n + ' ' + u.u + ' ' + u.a).toLowerCase();
  });
  D.repoKey = D.repos.map(function (r) {
    return r.n.toLowerCase();
  });
  D.viaKey = D.vias.map(function (v) {
    return v.toLowerCase();
  });
  var byVia = D.vias.map(function (_, i) {
    return i;
  });
  byVia.sort(function (a, b) {
    return D.viaKey[a] < D.viaKey[b] ? -1 : D.viaKey[a] > D.viaKey[b] ? 1 : 0;
  });
  D.viaRank = new Int32Array(D.vias.length);
  byVia.forEach(function (v, rank) {
    D.viaRank[v] = rank;
  });
  D.viaGroups = D.vias.map(function (v) {
    return v
      .split(',')
      .filter(function (s) {
        return /^(project-)?group:/.test(s);
      })
      .map(function (s) {
        return s.slice(s.indexOf(':') + 1);
      });
  });
  D.who = {};
  D.users.forEach(function (u, i) {
    D.who['user: ' + u.n + (u.u ? ' (' + u.u + ')' : '')] = { user: i };
  });
  D.groups.forEach(function (g, i) {
    D.who['group: ' + g.slug] = { group: g.slug, index: i };
  });
};

R.whoOptions = function (D) {
  return Object.keys(D.who)
    .map(function (k) {
      return '<option value="' + R.esc(k) + '">';
    })
    .join('');
};

/** Access row indexes matching a search text, a person or group, and a minimum permission. */
R.filterAccess = function (D, q, who, min, skip) {
  var A = D.A;
  var out = [];
  q = (q || '').toLowerCase();
  for (var i = 0; i < A.n; i++) {
    if ((A.code[i] & 3) < min) continue;
    if (who && who.user !== undefined && A.user[i] !== who.user) continue;
    if (
      who &&
      who.group !== undefined &&
      D.viaGroups[A.via[i]].indexOf(who.group) < 0
    )
      continue;
    if (skip && skip(i)) continue;
    if (
      q &&
      D.repoKey[A.repo[i]].indexOf(q) < 0 &&
      D.userKey[A.user[i]].indexOf(q) < 0 &&
      D.viaKey[A.via[i]].indexOf(q) < 0
    )
      continue;
    out.push(i);
  }
  return out;
};

R.accessColumns = function (D) {
  var A = D.A;
  return [
    {
      label: 'Repository',
      width: '30%',
      // Repositories and people arrive in name order, so their index is their rank: sorting
      // 160,000 rows compares integers, not strings.
      value: function (i) {
        return A.repo[i];
      },
      html: function (i) {
        var r = D.repos[A.repo[i]];
        return R.link(r.l, r.n);
      },
    },
    {
      label: 'Person',
      width: '22%',
      value: function (i) {
        return A.user[i];
      },
      html: function (i) {
        var u = D.users[A.user[i]];
        return R.link(u.l, u.n);
      },
    },
    {
      label: 'Permission',
      width: '11%',
      value: function (i) {
        return -(A.code[i] & 3);
      },
      html: function (i) {
        return R.perm(A.code[i] & 3);
      },
    },
    {
      label: 'Direct grant',
      width: '11%',
      value: function (i) {
        return -(A.code[i] >> 2);
      },
      html: function (i) {
        return A.code[i] >> 2
          ? R.perm(A.code[i] >> 2)
          : '<span class="unknown">—</span>';
      },
    },
    {
      label: 'Via (every source)',
      width: '26%',
      value: function (i) {
        return D.viaRank[A.via[i]];
      },
      html: function (i) {
        return '<span class="via">' + R.esc(D.vias[A.via[i]]) + '</span>';
      },
    },
  ];
};
