// The same network diagram as before, now 64 inputs wide: a few pixels stand for all of them.
import * as d3 from "../d3.js";

/** info: the API's /digits/info answer (n_features pixels, n_classes digits, n_parameters). */
export function createDigitsDiagram(container, { n_features: n, n_classes: classes, n_parameters: total }) {
  const width = 640;
  const height = 330;
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("class", "digits-diagram");
  svg.append("title").text(`Network diagram: ${n} pixel inputs, each connected to ${classes} outputs, then softmax`);
  const shown = [1, 2, 3, null, n - 1, n]; // null is the "⋮" for the pixels not drawn
  const inY = (i) => 40 + i * 48;
  const outY = (d) => 28 + d * 29;
  const outX = 420;
  const inX = 110;
  const edges = svg.append("g");
  shown.forEach((p, i) => {
    if (p === null) return;
    for (let d = 0; d < 10; d++) {
      edges.append("line").attr("class", "net-edge thin").attr("x1", inX + 20).attr("y1", inY(i)).attr("x2", outX - 13).attr("y2", outY(d));
    }
  });
  shown.forEach((p, i) => {
    if (p === null) {
      svg.append("text").attr("class", "net-label").attr("x", inX).attr("y", inY(i) + 5).attr("text-anchor", "middle").text("⋮");
      svg.append("text").attr("class", "net-label muted").attr("x", inX - 30).attr("y", inY(i) + 5).attr("text-anchor", "end").text(`${n - 5} more`);
      return;
    }
    svg.append("circle").attr("class", "net-node input").attr("cx", inX).attr("cy", inY(i)).attr("r", 18);
    svg.append("text").attr("class", "net-label").attr("x", inX - 26).attr("y", inY(i) + 5).attr("text-anchor", "end").text(`pixel ${p}`);
  });
  for (let d = 0; d < 10; d++) {
    svg.append("circle").attr("class", "net-node output").attr("cx", outX).attr("cy", outY(d)).attr("r", 12);
    svg.append("text").attr("class", "net-label").attr("x", outX).attr("y", outY(d) + 4).attr("text-anchor", "middle").text(String(d));
  }
  svg.append("rect").attr("class", "net-node softmax").attr("x", outX + 40).attr("y", 20).attr("width", 70).attr("height", height - 60).attr("rx", 8);
  svg.append("text").attr("class", "net-label").attr("x", outX + 75).attr("y", height / 2 - 10).attr("text-anchor", "middle").text("softmax");
  svg.append("text").attr("class", "net-label").attr("x", outX + 150).attr("y", height / 2 - 10).attr("text-anchor", "middle").text("10");
  svg.append("text").attr("class", "net-label").attr("x", outX + 150).attr("y", height / 2 + 8).attr("text-anchor", "middle").text("probabilities");
  svg.append("text").attr("class", "net-value weight").attr("x", (inX + outX) / 2).attr("y", height - 8).attr("text-anchor", "middle")
    .text(`${n} × ${classes} weights + ${classes} biases = ${total.toLocaleString("en-US")} numbers`);
}
