// Houses on an area × price chart, the model's line, and each house's error as a yellow stick.
import * as d3 from "../d3.js";
import { uid } from "../dom.js";

/** `describe(d)` words a point's tooltip; by default a house's area and price. */
const house = (d) => `${d3.format(",")(d.x)} sq ft: $${d3.format(",.1f")(d.actual)}k`;

export function createScatter(container, { xDomain, yDomain, xLabel, yLabel, height = 320, describe = house }) {
  const width = 560;
  const m = { top: 26, right: 28, bottom: 44, left: 58 };
  const svg = d3
    .select(container)
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img");
  const x = d3.scaleLinear().domain(xDomain).range([m.left, width - m.right]);
  const y = d3.scaleLinear().domain(yDomain).range([height - m.bottom, m.top]);
  svg
    .append("g")
    .attr("class", "axis")
    .attr("transform", `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).ticks(6).tickFormat(d3.format(",")));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(6).tickFormat(d3.format(",")));
  svg.append("text").attr("class", "axis-label").attr("x", width - m.right).attr("y", height - 8).attr("text-anchor", "end").text(xLabel);
  svg.append("text").attr("class", "axis-label").attr("x", 6).attr("y", 12).text(yLabel);
  const clipId = uid("clip");
  svg.append("clipPath").attr("id", clipId).append("rect").attr("x", m.left).attr("y", m.top).attr("width", width - m.left - m.right).attr("height", height - m.top - m.bottom);
  const plot = svg.append("g").attr("clip-path", `url(#${clipId})`);
  const line = plot.append("line").attr("class", "model-line");
  const sticks = plot.append("g");
  const preds = plot.append("g");
  const dots = svg.append("g");

  return {
    /**
     * points: [{x, actual, prediction}], line: the model's line as the API gives it,
     * [[x0, y0], [x1, y1]] (ask for it at `xDomain`), showErrors: draw the error sticks and
     * prediction markers.
     */
    update({ points, line: [[x0, y0], [x1, y1]], showErrors = true }) {
      line.attr("x1", x(x0)).attr("y1", y(y0)).attr("x2", x(x1)).attr("y2", y(y1));
      sticks
        .selectAll("line")
        .data(showErrors ? points : [])
        .join("line")
        .attr("class", "error-stick")
        .attr("x1", (d) => x(d.x))
        .attr("x2", (d) => x(d.x))
        .attr("y1", (d) => y(d.actual))
        .attr("y2", (d) => y(d.prediction));
      preds
        .selectAll("circle")
        .data(showErrors ? points : [])
        .join("circle")
        .attr("class", "dot-prediction")
        .attr("r", 4.5)
        .attr("cx", (d) => x(d.x))
        .attr("cy", (d) => y(d.prediction));
      dots
        .selectAll("circle")
        .data(points)
        .join((enter) => enter.append("circle").call((c) => c.append("title")))
        .attr("class", "dot-actual")
        .attr("r", 6)
        .attr("cx", (d) => x(d.x))
        .attr("cy", (d) => y(d.actual))
        .select("title")
        .text(describe);
    },
  };
}
