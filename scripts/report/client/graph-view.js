/* global R, vis */
'use strict';
// The graph section: the focus picker, the vis-network canvas and the properties panel.

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
