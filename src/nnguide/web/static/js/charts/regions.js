// Decision regions for any two features and any number of classes: the plane coloured by the
// class the model predicts there (paler where it is less sure), and every point as a badge of
// its class (one colour and one shape per class), ringed when the model gets it wrong.
// The grid, the predictions and the probabilities come from the API; this only draws them.
import * as d3 from "../d3.js";
import { uid } from "../dom.js";
import { percent, sig } from "../format.js";
import { t } from "../i18n.js";
import { tickText } from "./frame.js";

/** Okabe–Ito, colour-blind safe; the shapes tell the classes apart in grey too. */
export const CLASS_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000", "#999999", "#882255"];
const SHAPES = [d3.symbolCircle, d3.symbolSquare, d3.symbolTriangle, d3.symbolDiamond, d3.symbolStar, d3.symbolCross, d3.symbolWye];
const R = 6;

export function createClassRegions(container, { features, classes, height = 420 }) {
  const width = 560;
  const m = { top: 12, right: 18, bottom: 44, left: 58 };
  const colour = (k) => CLASS_COLOURS[k % CLASS_COLOURS.length];
  const shape = (k) => d3.symbol(SHAPES[k % SHAPES.length], Math.PI * R * R)();
  const clipId = uid("regions-clip");
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("class", "regions").attr("direction", "ltr")
    .attr("aria-label", t("chart.regions_label", { x: features[0], y: features[1] }));
  svg.append("clipPath").attr("id", clipId).append("rect").attr("x", m.left).attr("y", m.top).attr("width", width - m.left - m.right).attr("height", height - m.top - m.bottom);
  const plot = svg.append("g").attr("clip-path", `url(#${clipId})`);
  const cells = plot.append("image").attr("class", "cells").attr("preserveAspectRatio", "none");
  const canvas = document.createElement("canvas");
  const xAxis = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`);
  const yAxis = svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`);
  svg.append("text").attr("class", "axis-label").attr("x", width - m.right).attr("y", height - 6).attr("text-anchor", "end").text(features[0]);
  svg.append("text").attr("class", "axis-label").attr("transform", "rotate(-90)").attr("x", -m.top).attr("y", 12).attr("text-anchor", "end").text(features[1]);
  const points = plot.append("g").attr("class", "class-points");

  const legend = document.createElement("ul");
  legend.className = "class-legend";
  classes.forEach((name, k) => {
    const li = document.createElement("li");
    li.innerHTML = `<svg viewBox="-8 -8 16 16" width="16" height="16" aria-hidden="true"><path></path></svg> <span></span>`;
    li.querySelector("path").setAttribute("d", shape(k));
    li.querySelector("path").setAttribute("fill", colour(k));
    li.querySelector("span").textContent = name;
    legend.append(li);
  });
  container.append(legend);

  return {
    /**
     * res: an evaluate or train answer (grid, predicted, confidence); data: {points, labels};
     * rect: [[x lo, hi], [y lo, hi]], the rectangle the grid covers.
     */
    update(res, { points: xy, labels, rect }) {
      const x = d3.scaleLinear().domain(rect[0]).range([m.left, width - m.right]);
      const y = d3.scaleLinear().domain(rect[1]).range([height - m.bottom, m.top]);
      const { xs, ys, predicted, confidence } = res.grid;
      const k = res.classes.length;
      canvas.width = xs.length;
      canvas.height = ys.length;
      const ctx = canvas.getContext("2d");
      const img = ctx.createImageData(canvas.width, canvas.height);
      // Paler where the model is less sure: 1/k (a toss-up) is almost white, 1 is the full tint.
      ys.forEach((_, i) => {
        const row = canvas.height - 1 - i; // the second feature grows upwards
        xs.forEach((__, j) => {
          const sure = Math.max(0, (confidence[i][j] - 1 / k) / (1 - 1 / k));
          const c = d3.rgb(d3.interpolateRgb("#ffffff", colour(predicted[i][j]))(0.12 + 0.38 * sure));
          img.data.set([c.r, c.g, c.b, 255], 4 * (row * canvas.width + j));
        });
      });
      ctx.putImageData(img, 0, 0);
      const dx = (x(xs.at(-1)) - x(xs[0])) / (xs.length - 1) / 2;
      const dy = (y(ys[0]) - y(ys.at(-1))) / (ys.length - 1) / 2;
      cells
        .attr("href", canvas.toDataURL())
        .attr("x", x(xs[0]) - dx)
        .attr("y", y(ys.at(-1)) - dy)
        .attr("width", x(xs.at(-1)) - x(xs[0]) + 2 * dx)
        .attr("height", y(ys[0]) - y(ys.at(-1)) + 2 * dy);
      xAxis.call(d3.axisBottom(x).ticks(6).tickFormat(tickText(x, 6)));
      yAxis.call(d3.axisLeft(y).ticks(6).tickFormat(tickText(y, 6)));
      const data = xy.map((p, i) => ({ i, p, label: labels[i], predicted: res.predicted[i], confidence: res.confidence[i] }));
      points
        .selectAll("g.point")
        .data(data, (d) => d.i)
        .join((enter) => {
          const g = enter.append("g");
          g.append("path");
          g.append("title");
          return g;
        })
        .attr("class", (d) => `point${d.label === d.predicted ? "" : " wrong"}`)
        .attr("transform", (d) => `translate(${x(d.p[0])},${y(d.p[1])})`)
        .call((g) => g.select("path").attr("d", (d) => shape(d.label)).attr("fill", (d) => colour(d.label)))
        .call((g) => g.select("title").text((d) => t("chart.regions_point", {
          x: features[0],
          x_value: sig(d.p[0], 4),
          y: features[1],
          y_value: sig(d.p[1], 4),
          label: classes[d.label],
          predicted: classes[d.predicted],
          confidence: percent(d.confidence, 0),
        })));
      svg.attr("data-wrong", data.filter((d) => d.label !== d.predicted).length);
    },
  };
}
