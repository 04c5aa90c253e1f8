/* global document, requestAnimationFrame */
/* exported R */
'use strict';
// Shared helpers and the virtual table. Every table renders only the rows in view, so 160,000
// access rows cost the same to scroll as 20.
var R = {};

R.PERM = ['none', 'read', 'write', 'admin'];

R.esc = function (value) {
  return String(value).replace(/[&<>"']/g, function (c) {
    return {
      '&': '&amp;',
      '<': '&lt;',
      '>': '&gt;',
      '"': '&quot;',
      "'": '&#39;',
    }[c];
  });
};

R.fmt = function (n) {
  return Number(n).toLocaleString('en-US');
};

R.date = function (iso) {
  return iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : 'unknown';
};

R.link = function (href, text) {
  // Only web links become links: a collected value can never run script from the page.
  return /^https?:\/\//i.test(href || '')
    ? '<a href="' +
        R.esc(href) +
        '" target="_blank" rel="noopener">' +
        R.esc(text) +
        '</a>'
    : R.esc(text);
};

R.perm = function (level) {
  var name = R.PERM[level] || 'none';
  return '<span class="perm ' + name + '">' + name + '</span>';
};

R.yesNo = function (value, good) {
  if (value === undefined || value === null)
    return '<span class="unknown">unknown</span>';
  var ok = value === good;
  return (
    '<span class="' +
    (ok ? 'yes' : 'no') +
    '">' +
    (value ? 'yes' : 'no') +
    '</span>'
  );
};

R.$ = function (id) {
  return document.getElementById(id);
};

/**
 * host: element; opts.columns: [{ label, width, value(row) for sorting, html(row) }];
 * rows are opaque (indexes or objects); opts.maxHeight in px.
 */
R.Table = function (host, opts) {
  this.opts = opts;
  this.rowHeight = 28;
  this.rows = [];
  this.sortCol = opts.sortCol === undefined ? -1 : opts.sortCol;
  this.sortDir = opts.sortDir || 1;
  this.host = host;
  var head = opts.columns
    .map(function (c, i) {
      return (
        '<th data-col="' +
        i +
        '" style="width:' +
        (c.width || 'auto') +
        '">' +
        R.esc(c.label) +
        '</th>'
      );
    })
    .join('');
  host.innerHTML =
    '<div class="count"></div><div class="tscroll"><table class="grid"><thead><tr>' +
    head +
    '</tr></thead><tbody></tbody></table></div>';
  this.countEl = host.querySelector('.count');
  this.scroll = host.querySelector('.tscroll');
  this.body = host.querySelector('tbody');
  this.heads = host.querySelectorAll('th');
  this.heads.forEach((th) => {
    th.addEventListener('click', () => {
      var col = Number(th.getAttribute('data-col'));
      this.sortDir = this.sortCol === col ? -this.sortDir : 1;
      this.sortCol = col;
      this.setRows(this.unsorted, this.total);
    });
  });
  var pending = false;
  this.scroll.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      this.render();
    });
  });
};

R.Table.prototype.setRows = function (rows, total) {
  this.unsorted = rows;
  this.total = total === undefined ? rows.length : total;
  var col = this.opts.columns[this.sortCol];
  // Rows that arrive in the default order (the page writes them so) need no sort.
  var natural =
    this.opts.natural &&
    this.sortCol === this.opts.sortCol &&
    this.sortDir === 1;
  if (col && col.value && !natural) {
    var keys = rows.map(col.value);
    var order = rows.map(function (_, j) {
      return j;
    });
    var dir = this.sortDir;
    order.sort(function (a, b) {
      var x = keys[a];
      var y = keys[b];
      return (x < y ? -1 : x > y ? 1 : a - b) * dir;
    });
    rows = order.map(function (j) {
      return rows[j];
    });
  }
  this.heads.forEach(
    function (th, i) {
      th.className =
        i === this.sortCol ? 'sorted' + (this.sortDir < 0 ? ' desc' : '') : '';
    }.bind(this),
  );
  this.rows = rows;
  this.host.setAttribute('data-rows', String(rows.length));
  this.countEl.textContent =
    rows.length === this.total
      ? R.fmt(rows.length) + ' rows'
      : 'Showing ' + R.fmt(rows.length) + ' of ' + R.fmt(this.total) + ' rows';
  var max = this.opts.maxHeight || 460;
  this.scroll.style.height =
    Math.min(max, Math.max(rows.length, 1) * this.rowHeight + 48) + 'px';
  this.scroll.scrollTop = 0;
  this.render();
};

R.Table.prototype.render = function () {
  var h = this.rowHeight;
  var view = this.scroll.clientHeight || 460;
  var first = Math.max(0, Math.floor(this.scroll.scrollTop / h) - 8);
  var last = Math.min(this.rows.length, first + Math.ceil(view / h) + 16);
  var cols = this.opts.columns;
  var html =
    '<tr class="spacer"><td colspan="' +
    cols.length +
    '" style="height:' +
    first * h +
    'px"></td></tr>';
  for (var i = first; i < last; i++) {
    var row = this.rows[i];
    html += '<tr>';
    for (var c = 0; c < cols.length; c++)
      html += '<td>' + cols[c].html(row) + '</td>';
    html += '</tr>';
  }
  if (this.rows.length === 0)
    html +=
      '<tr><td colspan="' +
      cols.length +
      '" class="unknown">' +
      R.esc(this.opts.empty || 'Nothing matches.') +
      '</td></tr>';
  html +=
    '<tr class="spacer"><td colspan="' +
    cols.length +
    '" style="height:' +
    (this.rows.length - last) * h +
    'px"></td></tr>';
  this.body.innerHTML = html;
};

/** A section's heading badge and, when its data is missing or partial, the notice. */
R.sectionState = function (status) {
  return {
    badge:
      '<span class="badge ' +
      status.state +
      '">' +
      status.state.replace('-', ' ') +
      '</span>',
    notice: status.note
      ? '<div class="notice ' +
        status.state +
        '" data-notice="' +
        status.state +
        '">' +
        R.esc(status.note) +
        '</div>'
      : '',
  };
};
