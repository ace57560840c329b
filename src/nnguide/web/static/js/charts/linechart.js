// The error log: the error after each gradient-descent step.
import * as d3 from "../d3.js";
import { num } from "../format.js";

export function createLineChart(container, { yLabel = "error (MSE)", height = 200 } = {}) {
  const width = 560;
  const m = { top: 24, right: 18, bottom: 36, left: 66 };
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img");
  const gx = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`);
  const gy = svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`);
  svg.append("text").attr("class", "axis-label").attr("x", width - m.right).attr("y", height - 4).attr("text-anchor", "end").text("step");
  svg.append("text").attr("class", "axis-label").attr("x", 6).attr("y", 12).text(yLabel);
  const path = svg.append("path").attr("class", "loss-line");
  const empty = svg.append("text").attr("class", "axis-label").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle");

  return {
    /** values[k] is the error after k steps, or after steps[k] steps when those are given. */
    update(values, steps = null) {
      empty.text(values.length < 2 ? "Press a GD button to start the log." : "");
      const stepOf = (i) => (steps ? steps[i] : i);
      const n = Math.max(stepOf(values.length - 1) ?? 0, 1);
      const x = d3.scaleLinear().domain([0, n]).range([m.left, width - m.right]);
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
      gx.call(d3.axisBottom(x).ticks(Math.min(n, 8), "d"));
      const axis = d3.axisLeft(y).tickFormat((v) => num(v, v < 10 ? 2 : 0));
      gy.call(useLog ? axis.tickValues(powers) : axis.ticks(5));
      path.attr("d", d3.line().x((_, i) => x(stepOf(i))).y((v) => y(v))(values));
    },
  };
}
