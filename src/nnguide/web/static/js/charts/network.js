// The neuron as a diagram: inputs → weights → (+ bias) → output, with the current values.
import * as d3 from "../d3.js";

/**
 * inputs: [{label}], withBias: draw the bias node. update({values, weights, bias, output})
 * shows the numbers (already formatted strings).
 */
export function createNetwork(container, { inputs, withBias = true, outputLabel = "price" }) {
  const width = 520;
  const rowH = inputs.length > 1 ? 100 : 70;
  const height = Math.max(inputs.length, withBias ? 2 : 1) * rowH + (withBias ? 70 : 40);
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img");
  svg.append("title").text("Network diagram: inputs multiplied by weights, plus bias, give the prediction");
  const out = { x: 400, y: height / 2 };
  const inY = (i) => (height - (inputs.length - 1) * rowH) / 2 + i * rowH;
  const edges = inputs.map((inp, i) => {
    const p = { x: 90, y: inY(i) };
    svg.append("line").attr("class", "net-edge").attr("stroke-width", 2.5).attr("x1", p.x + 28).attr("y1", p.y).attr("x2", out.x - 30).attr("y2", out.y);
    svg.append("circle").attr("class", "net-node input").attr("cx", p.x).attr("cy", p.y).attr("r", 28);
    svg.append("text").attr("class", "net-label").attr("x", p.x).attr("y", p.y - 34).attr("text-anchor", "middle").text(inp.label);
    const value = svg.append("text").attr("class", "net-value").attr("x", p.x).attr("y", p.y + 5).attr("text-anchor", "middle");
    const mx = (p.x + out.x) / 2;
    const my = (p.y + out.y) / 2 - 8;
    const weight = svg.append("text").attr("class", "net-value weight").attr("x", mx).attr("y", my).attr("text-anchor", "middle");
    return { value, weight };
  });
  let biasText = null;
  if (withBias) {
    const b = { x: out.x - 40, y: out.y + rowH * 0.9 };
    svg.append("line").attr("class", "net-edge bias").attr("stroke-width", 2).attr("x1", b.x).attr("y1", b.y - 14).attr("x2", out.x - 8).attr("y2", out.y + 28);
    svg.append("rect").attr("class", "net-node bias").attr("x", b.x - 34).attr("y", b.y - 14).attr("width", 68).attr("height", 28).attr("rx", 6);
    biasText = svg.append("text").attr("class", "net-value bias").attr("x", b.x).attr("y", b.y + 5).attr("text-anchor", "middle");
    svg.append("text").attr("class", "net-label").attr("x", b.x).attr("y", b.y + 30).attr("text-anchor", "middle").text("bias");
  }
  svg.append("circle").attr("class", "net-node output").attr("cx", out.x).attr("cy", out.y).attr("r", 30);
  svg.append("text").attr("class", "net-label").attr("x", out.x).attr("y", out.y - 36).attr("text-anchor", "middle").text(outputLabel);
  const outText = svg.append("text").attr("class", "net-value").attr("x", out.x).attr("y", out.y + 5).attr("text-anchor", "middle");

  return {
    update({ values = [], weights, bias, output = "" }) {
      edges.forEach((e, i) => {
        e.value.text(values[i] ?? "");
        e.weight.text(`× ${weights[i]}`);
      });
      if (biasText) biasText.text(`+ ${bias}`);
      outText.text(output);
    },
  };
}
