// The neuron as a diagram: inputs → weights → (+ bias) → output, with the current values.
// Drawn at its on-screen width; nodes grow to fit the numbers they hold.
import { t } from "../i18n.js";
import { chartFrame, words } from "./frame.js";

const R = 28; // a node's radius when its text fits

/**
 * inputs: [{label}], withBias: draw the bias node. update({values, weights, bias, output})
 * shows the numbers (already formatted strings). label: the diagram's accessible name.
 */
export function createNetwork(container, { inputs, withBias = true, outputLabel = t("data.price"), label = t("chart.network_label") }) {
  const frame = chartFrame(container, { label, className: "net-diagram", max: 560 });
  const svg = frame.svg;
  const rowH = inputs.length > 1 ? 96 : 70;
  const height = Math.max(inputs.length, withBias ? 2 : 1) * rowH + (withBias ? 74 : 44);
  const gEdges = svg.append("g");
  const gNodes = svg.append("g");
  const edges = inputs.map((inp) => ({
    line: gEdges.append("line").attr("class", "net-edge").attr("stroke-width", 2.5),
    node: gNodes.append("circle").attr("class", "net-node input"),
    name: gNodes.append("text").attr("class", "net-label").attr("text-anchor", "middle").text(inp.label),
    value: gNodes.append("text").attr("class", "net-value").attr("text-anchor", "middle"),
    weight: gNodes.append("text").attr("class", "net-value weight").attr("text-anchor", "middle"),
  }));
  const bias = withBias
    ? {
        line: gEdges.append("line").attr("class", "net-edge bias").attr("stroke-width", 2),
        box: gNodes.append("rect").attr("class", "net-node bias").attr("rx", 6).attr("height", 28),
        value: gNodes.append("text").attr("class", "net-value bias").attr("text-anchor", "middle"),
        name: gNodes.append("text").attr("class", "net-label").attr("text-anchor", "middle").text(words(t("chart.network_bias"))),
      }
    : null;
  const out = {
    node: gNodes.append("circle").attr("class", "net-node output"),
    name: gNodes.append("text").attr("class", "net-label").attr("text-anchor", "middle").text(outputLabel),
    value: gNodes.append("text").attr("class", "net-value").attr("text-anchor", "middle"),
  };
  const fit = (text, min = R) => Math.max(min, text.node().getComputedTextLength() / 2 + 8);

  function draw() {
    const width = frame.width();
    const ro = fit(out.value);
    const o = { x: width - Math.max(R + 20, fit(out.value) + 12), y: height / 2 - (withBias ? 14 : 0) };
    // A wide value ("360 mil $") grows the output circle: everything moves down (and the
    // drawing grows) so that the name above the circle, and the circle itself, stay in view.
    const down = Math.max(0, Math.ceil(ro + 24 - o.y));
    o.y += down;
    const h = Math.max(height + down, Math.ceil(o.y + ro + 4));
    svg.attr("viewBox", `0 0 ${width} ${h}`).attr("width", width).attr("height", h);
    const inY = (i) => o.y + (i - (inputs.length - 1) / 2) * rowH;
    out.node.attr("cx", o.x).attr("cy", o.y).attr("r", ro);
    out.name.attr("x", o.x).attr("y", o.y - ro - 8);
    out.value.attr("x", o.x).attr("y", o.y + 5);
    edges.forEach((e, i) => {
      const r = fit(e.value);
      const p = { x: Math.max(r + 4, Math.min(110, width * 0.16)), y: inY(i) };
      e.node.attr("cx", p.x).attr("cy", p.y).attr("r", r);
      e.name.attr("x", p.x).attr("y", p.y - r - 8);
      e.value.attr("x", p.x).attr("y", p.y + 5);
      e.line.attr("x1", p.x + r).attr("y1", p.y).attr("x2", o.x - ro).attr("y2", o.y);
      // The weight sits on its edge, lifted clear of it.
      e.weight.attr("x", (p.x + r + o.x - ro) / 2).attr("y", (p.y + o.y) / 2 - 9);
    });
    if (bias) {
      const w = fit(bias.value, 30) * 2;
      const b = { x: o.x - ro - w / 2 - 12, y: o.y + rowH * 0.75 + (inputs.length > 1 ? 18 : 0) };
      bias.box.attr("x", b.x - w / 2).attr("y", b.y - 14).attr("width", w);
      bias.value.attr("x", b.x).attr("y", b.y + 5);
      bias.name.attr("x", b.x).attr("y", b.y + 32);
      bias.line.attr("x1", b.x + w / 4).attr("y1", b.y - 14).attr("x2", o.x - ro * 0.6).attr("y2", o.y + ro * 0.8);
    }
  }
  frame.onResize(draw);
  draw();

  return {
    update({ values = [], weights, bias: b, output = "" }) {
      edges.forEach((e, i) => {
        e.value.text(values[i] ?? "");
        e.weight.text(`× ${weights[i]}`);
      });
      if (bias) bias.value.text(`+ ${b}`);
      out.value.text(output);
      draw();
    },
  };
}
