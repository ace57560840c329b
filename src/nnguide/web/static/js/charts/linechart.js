// The error log: the error after each gradient-descent step. Drawn at its on-screen width
// (charts/frame.js); the left margin fits the widest tick label, so "100,000,000" is never cut.
import * as d3 from "../d3.js";
import { editable, num } from "../format.js";
import { t } from "../i18n.js";
import { chartFrame, widest, words, wrapLines } from "./frame.js";

export function createLineChart(container, { yLabel = t("chart.log_y"), height = 200, label = "", empty: emptyText = t("chart.log_empty") } = {}) {
  const frame = chartFrame(container, { label: label || t("chart.log_label", { y: yLabel }) });
  const svg = frame.svg;
  const gx = svg.append("g").attr("class", "axis");
  const gy = svg.append("g").attr("class", "axis");
  const xTitle = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end").text(words(t("chart.log_x")));
  svg.append("text").attr("class", "axis-label").attr("x", 0).attr("y", 13).text(words(yLabel));
  const path = svg.append("path").attr("class", "loss-line");
  const empty = svg.append("text").attr("class", "axis-label empty-note").attr("text-anchor", "middle");
  let values = [];
  let steps = null; // the step of each value, when they are not 0, 1, 2, …
  const stepOf = (i) => (steps ? steps[i] : i);

  function draw() {
    const width = frame.width();
    const m = { top: 26, right: 20, bottom: 40, left: 40 };
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
    const n = Math.max(stepOf(values.length - 1) ?? 0, 1);
    const lo = d3.min(values) ?? 0;
    const hi = d3.max(values) ?? 1;
    // A log scale when the error spans orders of magnitude, so late progress stays visible;
    // it is labelled only at powers of ten, which are the ticks a reader can take in.
    const powers = [];
    for (let p = Math.ceil(Math.log10(lo)); lo > 0 && p <= Math.log10(hi); p++) powers.push(10 ** p);
    const useLog = lo > 0 && hi / lo > 50 && powers.length >= 2;
    const y = useLog
      ? d3.scaleLog().domain([lo, hi]).range([height - m.bottom, m.top])
      : d3.scaleLinear().domain([0, hi * 1.05 || 1]).range([height - m.bottom, m.top]).nice();
    // Many powers of ten (a divergence): every other one, so the labels never touch.
    const shown = powers.length > 6 ? powers.filter((_, i) => (powers.length - 1 - i) % Math.ceil(powers.length / 6) === 0) : powers;
    const axis = d3.axisLeft(y).tickFormat((v) => num(v, v < 10 ? 2 : 0));
    gy.call(useLog ? axis.tickValues(shown) : axis.ticks(5));
    m.left = Math.ceil(widest(gy.selectAll("text")) + 14);
    gy.attr("transform", `translate(${m.left},0)`);
    const x = d3.scaleLinear().domain([0, n]).range([m.left, width - m.right]);
    // Step numbers as whole numbers without group separators (d3's "d"), in the reader's digits.
    gx.attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(Math.min(n, Math.max(3, Math.floor(width / 80)))).tickFormat((v) => editable(Math.round(v))));
    xTitle.attr("x", width - m.right).attr("y", height - 4);
    // Centred on the plot area (not over the ticks), in lines that fit inside it.
    wrapLines(empty, values.length < 2 ? emptyText : "", width - m.left - m.right - 16, { x: (m.left + width - m.right) / 2, y: (m.top + height - m.bottom) / 2 });
    path.attr("d", values.length ? d3.line().x((_, i) => x(stepOf(i))).y((v) => y(v))(values) : null);
  }
  frame.onResize(draw);
  draw();

  return {
    /** values[k] is the error after k steps, or after at[k] steps when those are given. */
    update(next, at = null) {
      values = next;
      steps = at;
      draw();
    },
  };
}
