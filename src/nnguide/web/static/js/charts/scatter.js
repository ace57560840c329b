// Houses on an area × price chart, the model's line, and each house's error as a yellow stick.
// Drawn at its on-screen width (charts/frame.js), so its text has the page's one chart size.
import * as d3 from "../d3.js";
import { uid } from "../dom.js";
import { fixed, num } from "../format.js";
import { t } from "../i18n.js";
import { moving } from "../motion.js";
import { chartFrame, widest, words } from "./frame.js";

/** `describe(d)` words a point's tooltip; by default a house's area and price. */
const house = (d) => t("chart.house_point", { area: num(d.x, 12), price: fixed(d.actual, 1) });

export function createScatter(container, { xDomain, yDomain, xLabel, yLabel, height = 300, label = "", describe = house }) {
  const frame = chartFrame(container, { label: label || t("chart.y_against_x", { y: yLabel, x: xLabel }) });
  const svg = frame.svg;
  const gx = svg.append("g").attr("class", "axis");
  const gy = svg.append("g").attr("class", "axis");
  const xTitle = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end").text(words(xLabel));
  const yTitle = svg.append("text").attr("class", "axis-label").attr("x", 0).attr("y", 13).text(words(yLabel));
  const clipId = uid("clip");
  const clip = svg.append("clipPath").attr("id", clipId).append("rect");
  const plot = svg.append("g").attr("clip-path", `url(#${clipId})`);
  const line = plot.append("line").attr("class", "model-line");
  const sticks = plot.append("g");
  const preds = plot.append("g");
  const dots = svg.append("g");
  const off = svg.append("text").attr("class", "off-chart").attr("text-anchor", "middle").attr("visibility", "hidden");
  const y = d3.scaleLinear().domain(yDomain);
  const x = d3.scaleLinear().domain(xDomain);
  let last = null;

  function draw(animate) {
    const width = frame.width();
    const m = { top: 26, right: 22, bottom: 44, left: 40 }; // right: room for half the last tick label
    y.range([height - m.bottom, m.top]);
    gy.call(d3.axisLeft(y).ticks(6).tickFormat((v) => num(v, 12)));
    m.left = Math.ceil(widest(gy.selectAll("text")) + 14);
    x.range([m.left, width - m.right]);
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
    gy.attr("transform", `translate(${m.left},0)`);
    gx.attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(width / 95))).tickFormat((v) => num(v, 12)));
    xTitle.attr("x", width - m.right).attr("y", height - 5);
    clip.attr("x", m.left).attr("y", m.top).attr("width", width - m.left - m.right).attr("height", height - m.top - m.bottom);
    if (!last) return;
    const { points, line: [[x0, y0], [x1, y1]], showErrors = true } = last;
    const move = (sel) => (animate ? moving(sel) : sel);
    move(line).attr("x1", x(x0)).attr("y1", y(y0)).attr("x2", x(x1)).attr("y2", y(y1));
    // A line that misses the chart altogether says where it went (with the API's numbers).
    const [lo, hi] = y.domain();
    const side = y0 > hi && y1 > hi ? "above" : y0 < lo && y1 < lo ? "below" : "";
    const lines = side ? [side === "above" ? t("chart.line_above") : t("chart.line_below"), t("chart.line_at", { price: num(y1, 0), area: num(x1) })] : [];
    off
      .attr("visibility", side ? "visible" : "hidden")
      .attr("y", side === "above" ? m.top + 16 : height - m.bottom - 26)
      .selectAll("tspan")
      .data(lines)
      .join("tspan")
      .attr("x", (m.left + width - m.right) / 2)
      .attr("dy", (_, i) => (i ? "1.2em" : 0))
      .text(words);
    move(sticks.selectAll("line").data(showErrors ? points : []).join("line").attr("class", "error-stick"))
      .attr("x1", (d) => x(d.x))
      .attr("x2", (d) => x(d.x))
      .attr("y1", (d) => y(d.actual))
      .attr("y2", (d) => y(d.prediction));
    move(preds.selectAll("circle").data(showErrors ? points : []).join("circle").attr("class", "dot-prediction").attr("r", 4.5))
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
  }
  frame.onResize(() => draw(false));
  draw(false);

  return {
    /**
     * points: [{x, actual, prediction}], line: the model's line as the API gives it,
     * [[x0, y0], [x1, y1]] (ask for it at `xDomain`), showErrors: draw the error sticks and
     * prediction markers. animate: move to the new state in a short transition.
     */
    update(data, { animate = false } = {}) {
      last = data;
      draw(animate);
    },
  };
}
