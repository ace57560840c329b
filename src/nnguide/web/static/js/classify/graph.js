// A computation graph for a one-layer softmax network: n inputs, m classes, n·m weights, m biases.
// At most MAX_DRAWN inputs and classes are drawn; beyond that the first few and the last are
// drawn and a dashed "⋮" node stands for the rest, labelled with how many it hides.
import * as d3 from "../d3.js";
import { words } from "../charts/frame.js";
import { uid } from "../dom.js";
import { t } from "../i18n.js";

export const MAX_DRAWN = 10;

/** Which of 1…n to draw: all of them up to MAX_DRAWN, else 1…8, a "more" slot, and n. */
export function drawnIndices(n) {
  if (n <= MAX_DRAWN) return d3.range(1, n + 1).map((i) => ({ i }));
  const head = d3.range(1, MAX_DRAWN - 1).map((i) => ({ i }));
  return [...head, { more: n - MAX_DRAWN + 1 }, { i: n }];
}

export function createShapeGraph(container) {
  const svg = d3.select(container).append("svg").attr("role", "img").attr("class", "shape-graph");
  const defs = svg.append("defs");
  const arrowId = uid("arrow");
  defs.append("marker").attr("id", arrowId).attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
    .attr("markerWidth", 6).attr("markerHeight", 6).attr("orient", "auto-start-reverse")
    .append("path").attr("d", "M0,0 L10,5 L0,10 z").attr("class", "arrow-head");
  const gEdges = svg.append("g").attr("class", "edges");
  const gNodes = svg.append("g").attr("class", "nodes");
  let last = null;
  let drawnWidth = 0;

  // Drawn at the width it is shown at (340–680 px), so its text stays readable on a phone.
  function render(n, m) {
    const width = Math.max(340, Math.min(680, Math.round(container.clientWidth || 680)));
    drawnWidth = container.clientWidth;
    const ins = drawnIndices(n);
    const cls = drawnIndices(m);
    const rows = Math.max(ins.length, cls.length);
    const gapY = rows > 6 ? 46 : 56;
    const height = 50 + rows * gapY + 10;
    svg.attr("viewBox", `0 0 ${width} ${height}`);
    const yOf = (i, k) => 40 + ((rows - k) * gapY) / 2 + i * gapY + gapY / 2;
    // Columns: inputs → Σ (weighted sum per class) → + bias → softmax → outputs.
    // Narrow: the "n more" notes go under their "⋮" node instead of beside it.
    const narrow = width < 500;
    const R = narrow ? 14 : 16;
    const XI = (n > MAX_DRAWN && !narrow ? 72 : 28) + R;
    const XO = width - (m > MAX_DRAWN && !narrow ? 72 : 28) - R;
    const at = (f) => Math.round(XI + f * (XO - XI));
    const XS = at(0.46);
    const XA = at(0.66);
    const XSM = at(0.82);
    const col = (list, x, prefix) =>
      list.map((d, k) => ({ ...d, id: d.more ? `${prefix}-more` : `${prefix}${d.i}`, x, y: yOf(k, list.length) }));
    const inputs = col(ins, XI, "x");
    const sums = col(cls, XS, "z");
    const outs = col(cls, XO, "y");
    const real = (list) => list.filter((d) => !d.more);
    const adds = real(sums).map((s) => ({ id: `a${s.i}`, i: s.i, x: XA, y: s.y }));
    // Each bias sits in the gap above its "+" node, clear of every other line.
    const biases = adds.map((a) => ({ id: `b${a.i}`, i: a.i, x: Math.max(XS + R + 10, XA - 42), y: a.y - gapY / 2, add: a }));
    const weights = [];
    const hinted = [];
    for (const a of inputs) {
      for (const b of sums) {
        if (a.more || b.more) hinted.push({ id: `${a.id}-${b.id}`, a, b });
        else weights.push({ id: `w${a.i},${b.i}`, a, b });
      }
    }
    const line = (d) => `M${d.a.x + R},${d.a.y} L${d.b.x - R - 2},${d.b.y}`;

    gEdges.selectAll("path.weight-edge").data(weights, (d) => d.id).join("path")
      .attr("class", "weight-edge net-edge").attr("d", line).attr("marker-end", `url(#${arrowId})`)
      .selectAll("title").data((d) => [d]).join("title").text((d) => t("classify.graph_weight", { id: d.id }));
    // The hidden inputs and classes are connected too: faint dashed lines, not counted as drawn.
    gEdges.selectAll("path.hidden-edge").data(hinted, (d) => d.id).join("path")
      .attr("class", "hidden-edge").attr("d", line);
    gEdges.selectAll("path.bias-edge").data(biases, (d) => d.id).join("path")
      .attr("class", "bias-edge net-edge bias").attr("d", (d) => `M${d.x + 7},${d.y + 8} L${d.add.x - 8},${d.add.y - 11}`);
    gEdges.selectAll("path.to-add").data(adds, (d) => d.id).join("path")
      .attr("class", "to-add net-edge plain").attr("d", (d) => `M${XS + R},${d.y} L${XA - 14},${d.y}`);
    gEdges.selectAll("path.to-softmax").data(adds, (d) => d.id).join("path")
      .attr("class", "to-softmax net-edge plain").attr("d", (d) => `M${d.x + 14},${d.y} L${XSM - 22},${d.y}`);
    gEdges.selectAll("path.to-out").data(real(outs), (d) => d.id).join("path")
      .attr("class", "to-out net-edge plain").attr("d", (d) => `M${XSM + 22},${d.y} L${d.x - R - 2},${d.y}`).attr("marker-end", `url(#${arrowId})`);

    const top = yOf(0, cls.length) - 22;
    const bottom = yOf(cls.length - 1, cls.length) + 22;
    gNodes.selectAll("rect.softmax-node").data([0]).join("rect").attr("class", "net-node softmax-node")
      .attr("x", XSM - 22).attr("width", 44).attr("y", top).attr("height", bottom - top).attr("rx", 6);
    gNodes.selectAll("text.softmax-label").data([0]).join("text").attr("class", "net-label softmax-label").attr("text-anchor", "middle")
      .attr("transform", `translate(${XSM + 5},${(top + bottom) / 2}) rotate(-90)`).text("softmax");

    const node = (kind, data, r, label) => {
      const g = gNodes.selectAll(`g.${kind}`).data(data, (d) => d.id).join((enter) => {
        const e = enter.append("g").attr("class", kind);
        e.append("circle");
        e.append("text").attr("class", "net-label").attr("text-anchor", "middle").attr("dy", 4);
        return e;
      });
      g.attr("transform", (d) => `translate(${d.x},${d.y})`);
      g.select("circle").attr("r", r).attr("class", `net-node ${kind}`);
      g.select("text").text(label).classed("long", (d) => label(d).length > 3);
    };
    node("input", real(inputs), R, (d) => d.id);
    node("bias", biases, 11, (d) => d.id);
    node("sum", real(sums), R, () => "Σ");
    node("add", adds, 13, () => "+");
    node("output", real(outs), R, (d) => d.id);
    // "⋮ 55 more": one dashed node per column that stands for everything not drawn.
    const more = [
      ...inputs.filter((d) => d.more).map((d) => ({ ...d, note: words(t("classify.graph_more", { n: d.more })), side: -1 })),
      ...sums.filter((d) => d.more).map((d) => ({ ...d, note: "", side: 0 })),
      ...outs.filter((d) => d.more).map((d) => ({ ...d, note: words(t("classify.graph_more", { n: d.more })), side: 1 })),
    ];
    const gm = gNodes.selectAll("g.more").data(more, (d) => d.id).join((enter) => {
      const e = enter.append("g").attr("class", "more");
      e.append("circle").attr("class", "net-node more-node");
      e.append("text").attr("class", "net-label dots").attr("text-anchor", "middle").attr("dy", 5).text("⋮");
      e.append("text").attr("class", "net-label more-note").attr("dy", 4);
      return e;
    });
    gm.attr("transform", (d) => `translate(${d.x},${d.y})`);
    gm.select("circle").attr("r", R);
    gm.select("text.more-note").text((d) => d.note)
      .attr("x", (d) => (narrow ? 0 : d.side * (R + 6)))
      .attr("y", narrow ? R + 6 : 0)
      .attr("text-anchor", (d) => (narrow ? "middle" : d.side < 0 ? "end" : "start"))
      .classed("below", narrow);
    svg.attr("data-weights", weights.length).attr("data-biases", biases.length);
  }

  new ResizeObserver(() => {
    if (last && Math.abs(container.clientWidth - drawnWidth) > 8) render(...last);
  }).observe(container);

  return {
    update(n, m) {
      last = [n, m];
      render(n, m);
    },
    /** The accessible name, from the API's count: {features, classes, weights, biases}. */
    describe(c) {
      const some = c.features > MAX_DRAWN || c.classes > MAX_DRAWN;
      const counts = { inputs: c.features, weights: c.weights, biases: c.biases, outputs: c.classes };
      svg.attr("aria-label", some ? t("classify.graph_label_some", counts) : t("classify.graph_label", counts));
    },
  };
}
