// The page's own script (inlined by viz/page.py after the DATA block): the map under the
// nodes, the labels, the filters and the search. Page text reaches the page only as
// textContent and canvas text, never as HTML.
"use strict";

// Tooltips are built as DOM nodes with textContent, so page text is never parsed as HTML.
function tooltip(lines) {
  var box = document.createElement("div");
  lines.forEach(function (line, i) {
    var row = document.createElement("div");
    if (i === 0) {
      row.className = "tip-head";
      row.textContent = line[1];
    } else {
      var key = document.createElement("span");
      key.className = "tip-key";
      key.textContent = line[0] + ": ";
      var value = document.createElement("span");
      if (line[0] === "evidence") { value.className = "tip-evidence"; }
      value.textContent = line[1];
      row.appendChild(key);
      row.appendChild(value);
    }
    box.appendChild(row);
  });
  return box;
}

function withTooltip(item) {
  if (item.facts) { item.title = tooltip(item.facts); }
  return item;
}

var container = document.getElementById("network");
var nodes = new vis.DataSet(DATA.nodes.map(withTooltip));
var edges = new vis.DataSet(DATA.edges.map(withTooltip));
var shownKinds = new Set(DATA.kinds);
var shownStyles = new Set(DATA.edgeStyles);
var nodeView = new vis.DataView(nodes, {filter: function (n) { return shownKinds.has(n.kind); }});
var edgeView = new vis.DataView(edges, {filter: function (e) { return shownStyles.has(e.style); }});
var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, DATA.options);
var byRank = DATA.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });

// The view: a box in drawing units filled into the canvas.
function showBox(box) {
  var width = Math.max(box[2] - box[0], 1), height = Math.max(box[3] - box[1], 1);
  var scale = Math.min(container.clientWidth / width, container.clientHeight / height);
  network.moveTo({position: {x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2},
                  scale: scale, animation: false});
}

// The box around the nodes now shown, their marks included, with a margin.
function shownBox() {
  var box = null;
  nodeView.forEach(function (n) {
    var p = network.getPosition(n.id), r = n.size + 2;
    box = box ? [Math.min(box[0], p.x - r), Math.min(box[1], p.y - r),
                 Math.max(box[2], p.x + r), Math.max(box[3], p.y + r)]
              : [p.x - r, p.y - r, p.x + r, p.y + r];
  });
  if (!box) { return DATA.frame; }
  var mx = (box[2] - box[0]) * 0.06 + 20, my = (box[3] - box[1]) * 0.06 + 20;
  return [box[0] - mx, box[1] - my, box[2] + mx, box[3] + my];
}

function everythingShown() {
  return shownKinds.size === DATA.kinds.length && shownStyles.size === DATA.edgeStyles.length;
}

// The map under the nodes: country outlines, once per panel.
network.on("beforeDrawing", function (ctx) {
  if (!DATA.map) { return; }
  var colours = DATA.map.colours, scale = network.getScale();
  ctx.save();
  ctx.lineWidth = 0.8 / scale;
  ctx.strokeStyle = colours.border;
  ctx.fillStyle = colours.land;
  var frame = DATA.map.frame;
  DATA.map.offsets.forEach(function (dx) {
    ctx.save();  // the map stops at its frame; places beyond it sit on its border
    ctx.beginPath();
    ctx.rect(frame[0] + dx, frame[1], frame[2] - frame[0], frame[3] - frame[1]);
    ctx.fillStyle = colours.sea;
    ctx.fill();
    ctx.clip();
    ctx.fillStyle = colours.land;
    ctx.beginPath();
    DATA.map.rings.forEach(function (ring) {
      ctx.moveTo(ring[0] + dx, ring[1]);
      for (var i = 2; i < ring.length; i += 2) { ctx.lineTo(ring[i] + dx, ring[i + 1]); }
      ctx.closePath();
    });
    ctx.fill("evenodd");
    ctx.stroke();
    ctx.restore();
    ctx.strokeStyle = colours.border;
    ctx.strokeRect(frame[0] + dx, frame[1], frame[2] - frame[0], frame[3] - frame[1]);
  });
  ctx.restore();
});

// Labels, drawn by the page at a fixed size on screen: in rank order, each where it overlaps
// no label already drawn (right, left, above or below its node), or not at all; the hovered
// node's label first. window.tnkgLabels holds what the last drawing placed.
var hovered = null;
var widths = {};
network.on("hoverNode", function (event) { hovered = event.node; network.redraw(); });
network.on("blurNode", function () { hovered = null; network.redraw(); });

function labelFont(node) {
  return (DATA.boldTiers.indexOf(node.tier) >= 0 ? "600 " : "") + DATA.labelPx +
    "px system-ui, sans-serif";
}

function overlaps(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

network.on("afterDrawing", function (ctx) {
  var scale = network.getScale(), view = network.getViewPosition();
  var w = container.clientWidth, h = container.clientHeight;
  var ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
  var positions = network.getPositions();
  var order = hovered ? [nodes.get(hovered)].concat(byRank) : byRank;
  var placed = [], seen = {}, height = DATA.labelPx + 2, gap = 3;
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  // edge markers: an arrow beside each place beyond the frame, pointing its way
  order.forEach(function (node) {
    if (!node.towards || !shownKinds.has(node.kind) || !positions[node.id]) { return; }
    var p = positions[node.id];
    var sx = (p.x - view.x) * scale + w / 2, sy = (p.y - view.y) * scale + h / 2;
    var ux = node.towards[0], uy = node.towards[1], tip = node.size * scale + 12;
    ctx.beginPath();
    ctx.moveTo(sx + ux * tip, sy + uy * tip);
    ctx.lineTo(sx + ux * (tip - 8) - uy * 5, sy + uy * (tip - 8) + ux * 5);
    ctx.lineTo(sx + ux * (tip - 8) + uy * 5, sy + uy * (tip - 8) - ux * 5);
    ctx.closePath();
    ctx.fillStyle = node.color;
    ctx.fill();
  });
  order.forEach(function (node) {
    if (seen[node.id] || !shownKinds.has(node.kind) || !positions[node.id]) { return; }
    seen[node.id] = true;
    var p = positions[node.id];
    var sx = (p.x - view.x) * scale + w / 2, sy = (p.y - view.y) * scale + h / 2;
    if (sx < 0 || sy < 0 || sx > w || sy > h) { return; }
    ctx.font = labelFont(node);
    var key = ctx.font + "|" + node.name;
    if (!(key in widths)) { widths[key] = ctx.measureText(node.name).width; }
    var tw = widths[key], r = node.size * scale + gap;
    var candidates = [
      [sx + r, sy - height / 2, sx + r + tw, sy + height / 2],
      [sx - r - tw, sy - height / 2, sx - r, sy + height / 2],
      [sx - tw / 2, sy - r - height, sx + tw / 2, sy - r],
      [sx - tw / 2, sy + r, sx + tw / 2, sy + r + height],
    ];
    for (var i = 0; i < candidates.length; i++) {
      var box = candidates[i];
      if (box[0] < 0 || box[1] < 0 || box[2] > w || box[3] > h) { continue; }
      if (placed.some(function (other) { return overlaps(box, other.box); })) { continue; }
      placed.push({id: node.id, text: node.name, box: box, px: DATA.labelPx});
      ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
      ctx.lineWidth = 3;
      ctx.strokeText(node.name, box[0], (box[1] + box[3]) / 2);
      ctx.fillStyle = "#1a202c";
      ctx.fillText(node.name, box[0], (box[1] + box[3]) / 2);
      break;
    }
  });
  // panel titles, above each panel's map
  DATA.panels.forEach(function (panel) {
    var sx = (panel.x - view.x) * scale + w / 2, sy = (panel.y - view.y) * scale + h / 2;
    ctx.font = "600 " + (DATA.labelPx + 2) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillStyle = "#1a202c";
    ctx.fillText(panel.title, sx, Math.max(sy + 10, 10));
    ctx.textAlign = "start";
  });
  ctx.restore();
  window.tnkgLabels = placed;
  window.tnkgReady = true;
});

// The header says what is shown when filters hide part of the view.
function updateCounts() {
  var counts = document.getElementById("counts");
  var total = DATA.nodes.length + " nodes, " + DATA.edges.length + " edges";
  if (everythingShown()) {
    counts.textContent = total;
    counts.className = "counts";
    return;
  }
  var shownEdges = edgeView.get({filter: function (e) {
    return nodeView.get(e.from) !== null && nodeView.get(e.to) !== null;
  }}).length;
  var hidden = [];
  document.querySelectorAll(".kind-filter, .edge-filter").forEach(function (box) {
    if (!box.checked) { hidden.push(box.parentElement.textContent.replace(/\s+/g, " ").trim()); }
  });
  counts.textContent = "Showing " + nodeView.length + " of " + DATA.nodes.length + " nodes and " +
    shownEdges + " of " + DATA.edges.length + " edges; hidden: " + hidden.join(", ") + ".";
  counts.className = "counts shown";
}

function refilter(selector, shown) {
  document.querySelectorAll(selector).forEach(function (box) {
    box.addEventListener("change", function () {
      if (box.checked) { shown.add(box.value); } else { shown.delete(box.value); }
      nodeView.refresh();
      edgeView.refresh();
      updateCounts();
      showBox(everythingShown() ? DATA.frame : shownBox());
    });
  });
}
refilter(".kind-filter", shownKinds);
refilter(".edge-filter", shownStyles);

document.getElementById("search").addEventListener("change", function (event) {
  var query = event.target.value.trim().toLowerCase();
  var result = document.getElementById("search-result");
  if (!query) { network.unselectAll(); result.textContent = ""; return; }
  var ids = nodeView.getIds({filter: function (n) { return n.search.indexOf(query) >= 0; }});
  result.textContent = ids.length + (ids.length === 1 ? " match" : " matches");
  network.selectNodes(ids);
  if (ids.length) { network.fit({nodes: ids, animation: {duration: 400}}); }
});

window.tnkgReady = false;
showBox(DATA.frame);
window.addEventListener("resize", function () {
  showBox(everythingShown() ? DATA.frame : shownBox());
});
