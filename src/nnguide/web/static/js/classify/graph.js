// A computation graph for a one-layer softmax network: n inputs, m classes, n·m weights, m biases.
const d3 = globalThis.d3;

export function createShapeGraph(container) {
  const width = 620;
  const svg = d3.select(container).append("svg").attr("role", "img").attr("class", "shape-graph");
  const defs = svg.append("defs");
  defs.append("marker").attr("id", "shape-arrow").attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
    .attr("markerWidth", 6).attr("markerHeight", 6).attr("orient", "auto-start-reverse")
    .append("path").attr("d", "M0,0 L10,5 L0,10 z").attr("class", "arrow-head");
  const gEdges = svg.append("g").attr("class", "edges");
  const gNodes = svg.append("g").attr("class", "nodes");

  return {
    update(n, m) {
      const rows = Math.max(n, m);
      const gapY = rows > 6 ? 46 : 56;
      const height = 50 + rows * gapY + 10;
      svg.attr("viewBox", `0 0 ${width} ${height}`);
      svg.attr("aria-label", `Computation graph: ${n} input${n > 1 ? "s" : ""}, ${n * m} weights, ${m} biases, softmax, ${m} output${m > 1 ? "s" : ""}`);
      const yOf = (i, k) => 40 + ((rows - k) * gapY) / 2 + i * gapY + gapY / 2;
      // Columns: inputs → Σ (weighted sum per class) → + bias → softmax → outputs.
      const XI = 50;
      const XS = 290;
      const XA = 390;
      const XSM = 470;
      const XO = 570;
      const inputs = d3.range(n).map((i) => ({ id: `x${i + 1}`, x: XI, y: yOf(i, n) }));
      const sums = d3.range(m).map((j) => ({ id: `z${j + 1}`, x: XS, y: yOf(j, m) }));
      const adds = sums.map((s, j) => ({ id: `a${j + 1}`, x: XA, y: s.y }));
      // Each bias sits in the gap above its "+" node, clear of every other line.
      const biases = sums.map((s, j) => ({ id: `b${j + 1}`, x: XA - 42, y: s.y - gapY / 2 }));
      const outs = d3.range(m).map((j) => ({ id: `y${j + 1}`, x: XO, y: yOf(j, m) }));
      const weights = [];
      inputs.forEach((a, i) => sums.forEach((b, j) => weights.push({ id: `w${i + 1},${j + 1}`, a, b })));
      const line = (d) => `M${d.a.x + 16},${d.a.y} L${d.b.x - 18},${d.b.y}`;

      gEdges.selectAll("path.weight-edge").data(weights, (d) => d.id).join("path")
        .attr("class", "weight-edge net-edge").attr("d", line).attr("marker-end", "url(#shape-arrow)")
        .selectAll("title").data((d) => [d]).join("title").text((d) => `weight ${d.id}`);
      gEdges.selectAll("path.bias-edge").data(biases, (d) => d.id).join("path")
        .attr("class", "bias-edge net-edge bias").attr("d", (d, j) => `M${d.x + 9},${d.y + 7} L${adds[j].x - 10},${adds[j].y - 11}`);
      gEdges.selectAll("path.to-add").data(sums, (d) => d.id).join("path")
        .attr("class", "to-add net-edge plain").attr("d", (d) => `M${d.x + 16},${d.y} L${XA - 14},${d.y}`);
      gEdges.selectAll("path.to-softmax").data(adds, (d) => d.id).join("path")
        .attr("class", "to-softmax net-edge plain").attr("d", (d) => `M${d.x + 14},${d.y} L${XSM - 22},${d.y}`);
      gEdges.selectAll("path.to-out").data(outs, (d) => d.id).join("path")
        .attr("class", "to-out net-edge plain").attr("d", (d) => `M${XSM + 22},${d.y} L${d.x - 18},${d.y}`).attr("marker-end", "url(#shape-arrow)");

      const top = yOf(0, m) - 22;
      const bottom = yOf(m - 1, m) + 22;
      gNodes.selectAll("rect.softmax-node").data([0]).join("rect").attr("class", "net-node softmax-node")
        .attr("x", XSM - 22).attr("width", 44).attr("y", top).attr("height", bottom - top).attr("rx", 6);
      gNodes.selectAll("text.softmax-label").data([0]).join("text").attr("class", "net-label softmax-label").attr("text-anchor", "middle")
        .attr("transform", `translate(${XSM + 5},${(yOf(0, m) + yOf(m - 1, m)) / 2}) rotate(-90)`).text("softmax");

      const node = (cls, data, r, label) => {
        const g = gNodes.selectAll(`g.${cls}`).data(data, (d) => d.id).join((enter) => {
          const e = enter.append("g").attr("class", cls);
          e.append("circle");
          e.append("text").attr("class", "net-label").attr("text-anchor", "middle").attr("dy", 4);
          return e;
        });
        g.attr("transform", (d) => `translate(${d.x},${d.y})`);
        g.select("circle").attr("r", r).attr("class", `net-node ${cls}`);
        g.select("text").text(label);
      };
      node("input", inputs, 16, (d) => d.id);
      node("bias", biases, 11, (d) => d.id);
      node("sum", sums, 16, () => "Σ");
      node("add", adds, 13, () => "+");
      node("output", outs, 16, (d) => d.id);
      svg.attr("data-weights", weights.length).attr("data-biases", biases.length);
    },
  };
}
