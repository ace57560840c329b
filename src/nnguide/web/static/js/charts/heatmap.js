// The error map: MSE over a weight × bias grid (pale = low, red = high), with GD's path on top.
// Drawn at its on-screen width; a colour key, named markers, a read-out of the point under the
// pointer (from the API's grid), and a cue when gradient descent walks off the map.
import * as d3 from "../d3.js";
import { uid } from "../dom.js";
import { num, sci } from "../format.js";
import { t } from "../i18n.js";
import { moving } from "../motion.js";
import { chartFrame, tickText, widest, words } from "./frame.js";

const KEY = 14; // height of the colour key under the map

export function createHeatmap(container, { height = 360, label = t("chart.heatmap_label") } = {}) {
  const frame = chartFrame(container, { label });
  const svg = frame.svg;
  const image = svg.append("image").attr("class", "cells").attr("preserveAspectRatio", "none");
  const canvas = document.createElement("canvas");
  const gx = svg.append("g").attr("class", "axis");
  const gy = svg.append("g").attr("class", "axis");
  const xTitle = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end").text(words(t("chart.heatmap_weight")));
  svg.append("text").attr("class", "axis-label").attr("x", 0).attr("y", 13).text(words(t("chart.heatmap_bias")));
  const clipId = uid("clip");
  const clip = svg.append("clipPath").attr("id", clipId).append("rect");
  const overlay = svg.append("g").attr("clip-path", `url(#${clipId})`);
  const optimum = overlay.append("circle").attr("class", "optimum-mark").attr("r", 7);
  const trail = overlay.append("path").attr("class", "path-line");
  const dots = overlay.append("g");
  const start = overlay.append("rect").attr("class", "start-mark").attr("width", 10).attr("height", 10);
  const current = overlay.append("circle").attr("class", "current-dot").attr("r", 6).attr("data-testid", "map-current");
  const off = svg.append("g").attr("class", "off-map").attr("visibility", "hidden");
  off.append("path").attr("class", "off-arrow");
  const offText = off.append("text").attr("class", "off-text");
  const keyGroup = svg.append("g").attr("class", "map-key");
  const keyImage = keyGroup.append("image").attr("preserveAspectRatio", "none");
  const keyAxis = keyGroup.append("g").attr("class", "axis");
  const keyTitle = keyGroup.append("text").attr("class", "axis-label").attr("text-anchor", "end").text(words(t("chart.heatmap_error")));
  const probe = svg.append("g").attr("class", "probe").attr("visibility", "hidden");
  probe.append("circle").attr("r", 4);
  const readout = document.createElement("p");
  readout.className = "map-readout";
  readout.setAttribute("aria-hidden", "true"); // the pointer's read-out; the numbers beside the map say the same for the current point
  container.append(readout);
  let grid = null;
  let state = null;
  let scales = null;

  function draw(animate) {
    if (!grid) return;
    const width = frame.width();
    const m = { top: 24, right: 26, bottom: 100, left: 40 }; // below: ticks, title, the key
    const plotBottom = height - m.bottom;
    const y = d3.scaleLinear().domain(d3.extent(grid.biases)).range([plotBottom, m.top]);
    gy.call(d3.axisLeft(y).ticks(6).tickFormat(tickText(y, 6)));
    m.left = Math.ceil(widest(gy.selectAll("text")) + 14);
    const x = d3.scaleLinear().domain(d3.extent(grid.weights)).range([m.left, width - m.right]);
    scales = { x, y, m, width };
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
    gy.attr("transform", `translate(${m.left},0)`);
    gx.attr("transform", `translate(0,${plotBottom})`).call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(width / 90))).tickFormat(tickText(x, Math.max(3, Math.floor(width / 90)))));
    xTitle.attr("x", width - m.right).attr("y", plotBottom + 36);
    clip.attr("x", m.left).attr("y", m.top).attr("width", width - m.left - m.right).attr("height", plotBottom - m.top);
    // Cells: one canvas pixel per grid point, stretched; pixel centres on the grid points.
    const dx = (x(grid.weights.at(-1)) - x(grid.weights[0])) / (grid.weights.length - 1) / 2;
    const dy = (y(grid.biases[0]) - y(grid.biases.at(-1))) / (grid.biases.length - 1) / 2;
    image.attr("x", x(grid.weights[0]) - dx).attr("y", y(grid.biases.at(-1)) - dy)
      .attr("width", x(grid.weights.at(-1)) - x(grid.weights[0]) + 2 * dx)
      .attr("height", y(grid.biases[0]) - y(grid.biases.at(-1)) + 2 * dy)
      .attr("clip-path", `url(#${clipId})`);
    // The key: the same colours from 0 to the largest error on the map.
    const kx = d3.scaleSqrt().domain([0, grid.mse_max]).range([m.left, width - m.right]);
    const keyTop = plotBottom + 60;
    keyImage.attr("href", keyRamp()).attr("x", m.left).attr("y", keyTop).attr("width", width - m.left - m.right).attr("height", KEY);
    // Key labels at least 80 px apart, so "600,000" and "800,000" never touch.
    const ticks = [];
    for (const v of kx.ticks(8)) if (!ticks.length || kx(v) - kx(ticks.at(-1)) >= 80) ticks.push(v);
    keyAxis.attr("transform", `translate(0,${keyTop + KEY})`).call(d3.axisBottom(kx).tickValues(ticks).tickFormat((v) => num(v)));
    keyTitle.attr("x", m.left).attr("y", keyTop - 6).attr("text-anchor", "start").text(words(t("chart.heatmap_key")));
    if (state) drawPath(animate);
  }

  function drawPath(animate) {
    const { x, y, m, width } = scales;
    const { path, best } = state;
    const [w0, w1] = x.domain();
    const [b0, b1] = y.domain();
    const inside = (p) => p.weight >= w0 && p.weight <= w1 && p.bias >= b0 && p.bias <= b1;
    // Drawn up to the first point off the map (its segment clipped at the edge); beyond that a
    // diverging path would only scribble across the map, so a cue at the edge says where it went.
    const firstOut = path.findIndex((p) => !inside(p));
    const shown = firstOut < 0 ? path : path.slice(0, firstOut + 1);
    const px = (p) => Math.max(-1e4, Math.min(1e4, x(p.weight)));
    const py = (p) => Math.max(-1e4, Math.min(1e4, y(p.bias)));
    if (best) optimum.attr("cx", x(best.weight)).attr("cy", y(best.bias));
    trail.attr("d", d3.line().x(px).y(py)(shown));
    const sparse = shown.length > 200 ? shown.filter((_, i) => i % Math.ceil(shown.length / 200) === 0) : shown;
    dots.selectAll("circle").data(sparse.filter(inside)).join("circle").attr("class", "path-dot").attr("r", 2).attr("cx", px).attr("cy", py);
    start.attr("x", px(path[0]) - 5).attr("y", py(path[0]) - 5).attr("visibility", inside(path[0]) ? "visible" : "hidden");
    const here = path[path.length - 1];
    const move = animate ? moving(current) : current;
    current.attr("data-weight", here.weight).attr("data-bias", here.bias).attr("visibility", inside(here) ? "visible" : "hidden");
    move.attr("cx", px(here)).attr("cy", py(here));
    if (inside(here)) {
      off.attr("visibility", "hidden");
      return;
    }
    // Where the path leaves the map: an arrow on the edge, pointing the way it went.
    const cx = Math.max(m.left + 8, Math.min(width - m.right - 8, x(here.weight)));
    const cy = Math.max(m.top + 8, Math.min(y.range()[0] - 8, y(here.bias)));
    const angle = Math.atan2(y(here.bias) - cy, x(here.weight) - cx) || -Math.PI / 2;
    off.attr("visibility", "visible");
    off.select("path").attr("d", "M-9,-7 L9,0 L-9,7 z").attr("transform", `translate(${cx},${cy}) rotate(${(angle * 180) / Math.PI})`);
    const right = cx > (m.left + width - m.right) / 2;
    const tx = right ? cx - 14 : cx + 14;
    offText
      .attr("y", cy < m.top + 40 ? cy + 22 : cy - 30)
      .attr("text-anchor", right ? "end" : "start")
      .selectAll("tspan")
      .data([t("chart.off_map"), t("chart.off_map_weight", { value: sci(here.weight) }), t("chart.off_map_bias", { value: sci(here.bias) })])
      .join("tspan")
      .attr("x", tx)
      .attr("dy", (_, i) => (i ? "1.15em" : 0))
      .text(words);
  }

  let ramp = null;
  function keyRamp() {
    if (ramp) return ramp;
    const c = document.createElement("canvas");
    c.width = 256;
    c.height = 1;
    const ctx = c.getContext("2d");
    for (let i = 0; i < 256; i++) {
      ctx.fillStyle = d3.interpolateYlOrRd(i / 255);
      ctx.fillRect(i, 0, 1, 1);
    }
    ramp = c.toDataURL();
    return ramp;
  }

  // A read-out of the point under the pointer (mouse, pen or finger): the error there is the
  // API's, at the nearest point of its grid.
  function read(event) {
    if (!grid || !scales) return;
    const [px, py] = d3.pointer(event, svg.node());
    const { x, y, m, width } = scales;
    if (px < m.left || px > width - m.right || py < m.top || py > y.range()[0]) {
      leave();
      return;
    }
    const j = d3.minIndex(grid.weights, (w) => Math.abs(x(w) - px));
    const i = d3.minIndex(grid.biases, (b) => Math.abs(y(b) - py));
    probe.attr("visibility", "visible").attr("transform", `translate(${x(grid.weights[j])},${y(grid.biases[i])})`);
    readout.textContent = t("chart.map_readout", { weight: num(grid.weights[j], 3), bias: num(grid.biases[i]), error: num(grid.mse[i][j]) });
    container.classList.add("reading");
  }
  function leave() {
    probe.attr("visibility", "hidden");
    readout.textContent = "";
    container.classList.remove("reading");
  }
  svg.on("pointermove", read).on("pointerdown", read).on("pointerleave", leave);
  frame.onResize(() => draw(false));

  return {
    /** grid: the /landscape answer (weights, biases, mse[bias][weight], mse_max). */
    setGrid(next) {
      grid = next;
      // sqrt compresses the huge corners so the valley's shape stays visible.
      const colour = d3.scaleSequentialSqrt(d3.interpolateYlOrRd).domain([0, grid.mse_max]);
      canvas.width = grid.weights.length;
      canvas.height = grid.biases.length;
      const ctx = canvas.getContext("2d");
      const img = ctx.createImageData(canvas.width, canvas.height);
      grid.mse.forEach((row, i) => {
        const r = canvas.height - 1 - i; // biases grow upwards
        row.forEach((v, j) => {
          const c = d3.rgb(colour(v));
          img.data.set([c.r, c.g, c.b, 255], 4 * (r * canvas.width + j));
        });
      });
      ctx.putImageData(img, 0, 0);
      image.attr("href", canvas.toDataURL());
      draw(false);
    },
    /** path: [{weight, bias}], the current point last; best: {weight, bias}. */
    update(next, { animate = false } = {}) {
      state = next;
      if (scales) drawPath(animate);
    },
  };
}
