// The error map: MSE over a weight × bias grid (pale = low, red = high), with GD's path on top.
import * as d3 from "../d3.js";
import { uid } from "../dom.js";

export function createHeatmap(container, { height = 340 } = {}) {
  const width = 560;
  const m = { top: 24, right: 18, bottom: 44, left: 58 };
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img");
  const cells = svg.append("g");
  const gx = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`);
  const gy = svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`);
  svg.append("text").attr("class", "axis-label").attr("x", width - m.right).attr("y", height - 8).attr("text-anchor", "end").text("weight");
  svg.append("text").attr("class", "axis-label").attr("x", 6).attr("y", 12).text("bias");
  const clipId = uid("clip");
  svg.append("clipPath").attr("id", clipId).append("rect").attr("x", m.left).attr("y", m.top).attr("width", width - m.left - m.right).attr("height", height - m.top - m.bottom);
  const overlay = svg.append("g").attr("clip-path", `url(#${clipId})`);
  const optimum = overlay.append("circle").attr("class", "optimum-mark").attr("r", 7);
  const trail = overlay.append("path").attr("class", "path-line");
  const dots = overlay.append("g");
  const current = overlay.append("circle").attr("class", "current-dot").attr("r", 6).attr("data-testid", "map-current");
  let x = null;
  let y = null;

  return {
    /** grid: the /landscape answer (weights, biases, mse[bias][weight]). */
    setGrid(grid) {
      x = d3.scaleLinear().domain(d3.extent(grid.weights)).range([m.left, width - m.right]);
      y = d3.scaleLinear().domain(d3.extent(grid.biases)).range([height - m.bottom, m.top]);
      // sqrt compresses the huge corners so the valley's shape stays visible.
      const colour = d3.scaleSequentialSqrt(d3.interpolateYlOrRd).domain([0, grid.mse_max]);
      const cw = (width - m.left - m.right) / (grid.weights.length - 1);
      const ch = (height - m.top - m.bottom) / (grid.biases.length - 1);
      const flat = grid.mse.flatMap((row, i) => row.map((v, j) => ({ i, j, v })));
      cells
        .selectAll("rect")
        .data(flat)
        .join("rect")
        .attr("x", (d) => x(grid.weights[d.j]) - cw / 2)
        .attr("y", (d) => y(grid.biases[d.i]) - ch / 2)
        .attr("width", cw + 0.5)
        .attr("height", ch + 0.5)
        .attr("fill", (d) => colour(d.v));
      gx.call(d3.axisBottom(x).ticks(6));
      gy.call(d3.axisLeft(y).ticks(6));
    },
    /** path: [{weight, bias}], the current point last; best: {weight, bias}. */
    update({ path, best }) {
      if (!x) return;
      if (best) optimum.attr("cx", x(best.weight)).attr("cy", y(best.bias));
      trail.attr("d", d3.line().x((p) => x(p.weight)).y((p) => y(p.bias))(path));
      dots
        .selectAll("circle")
        .data(path.length > 200 ? path.filter((_, i) => i % Math.ceil(path.length / 200) === 0) : path)
        .join("circle")
        .attr("class", "path-dot")
        .attr("r", 2)
        .attr("cx", (p) => x(p.weight))
        .attr("cy", (p) => y(p.bias));
      const last = path[path.length - 1];
      current.attr("cx", x(last.weight)).attr("cy", y(last.bias)).attr("data-weight", last.weight).attr("data-bias", last.bias);
    },
  };
}
