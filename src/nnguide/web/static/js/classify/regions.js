// Decision regions: the area × bathrooms plane coloured by P(Good), the boundary, the houses.
// Each house is a badge carrying its number (● labelled Good, ■ labelled Bad). Bathrooms are
// whole numbers, so many houses share a row and some sit almost on top of each other. Each
// keeps its exact area (x); badges that would touch move up or down into "lanes" beside
// their row, with a thin stem down to their exact spot on the row line.
import { words } from "../charts/frame.js";
import * as d3 from "../d3.js";
import { uid } from "../dom.js";
import { fixed, num } from "../format.js";
import { t } from "../i18n.js";
import { className } from "./names.js";

const LANE = 23; // px between lanes: a badge plus a visible bit of stem
const R = 9; // badge radius
const MIN_WIDTH = 300;
const MAX_WIDTH = 640;
const m = { top: 12, right: 26, bottom: 44, left: 46 };

/** The rectangle to draw: the shown houses with a margin, rounded, inside the API's limits. */
export function viewFor(rows, limits) {
  const areas = rows.map((r) => r.area);
  const baths = rows.map((r) => r.bathrooms);
  const lo = Math.max(limits.area[0], Math.floor((Math.min(...areas) - 150) / 100) * 100);
  const hi = Math.min(limits.area[1], Math.ceil((Math.max(...areas) + 150) / 100) * 100);
  const b0 = Math.max(limits.bathrooms[0], Math.min(...baths) - 0.5);
  const b1 = Math.min(limits.bathrooms[1], Math.max(...baths) + 0.5);
  return { area: [lo, hi], bathrooms: [b0, b1] };
}

/**
 * Lanes 0, −1, +1, −2, +2, … around each row: every house goes to the first lane where its
 * badge fits without touching another. Training houses are placed first, so they stay
 * closest to their row. Returns the house → lane map and the most lanes used on one side.
 */
export function assignLanes(items, x) {
  const lanes = new Map();
  const taken = new Map(); // "row|lane" → [[x0, x1], …]
  let deepest = 0;
  const order = [...items].sort((a, b) => (a.kind === b.kind ? a.area - b.area : a.kind === "train" ? -1 : 1));
  for (const d of order) {
    const cx = x(d.area);
    const span = [cx - R - 1, cx + R + 1];
    for (let k = 0; ; k += 1) {
      const lane = k === 0 ? 0 : (k % 2 ? -1 : 1) * Math.ceil(k / 2);
      const key = `${d.bathrooms}|${lane}`;
      const used = taken.get(key) ?? [];
      if (used.every(([a, b]) => span[1] <= a || span[0] >= b)) {
        used.push(span);
        taken.set(key, used);
        lanes.set(d, lane);
        deepest = Math.max(deepest, Math.abs(lane));
        break;
      }
    }
  }
  return { lanes, deepest };
}

export function createRegions(container) {
  // Piecewise, so P(Good) = ½ is exactly white, as in the legend.
  // The colours come from the page's style sheet, read where the chart sits.
  const css = (name) => getComputedStyle(container).getPropertyValue(name).trim();
  const colour = d3.piecewise(d3.interpolateRgb, [css("--plane-bad") || "#b42318", "#ffffff", css("--plane-good") || "#1a7f37"]);
  const tint = (p) => d3.interpolateRgb("#ffffff", colour(p))(0.45);
  const clipId = uid("regions-clip");
  const svg = d3
    .select(container)
    .append("svg")
    .attr("role", "img")
    .attr("class", "regions")
    .attr("aria-label", t("classify.regions_label"));
  const clipRect = svg.append("clipPath").attr("id", clipId).append("rect");
  const plot = svg.append("g").attr("clip-path", `url(#${clipId})`);
  // The API's P(Good) grid, one canvas pixel per grid point, stretched with smoothing: the
  // shading looks continuous (as the model is) without asking for a finer grid.
  const cells = plot.append("image").attr("class", "cells").attr("preserveAspectRatio", "none");
  const canvas = document.createElement("canvas");
  const rowLines = plot.append("g").attr("class", "row-lines");
  const boundary = plot.append("line").attr("class", "boundary-line");
  const xAxis = svg.append("g").attr("class", "axis");
  const yAxis = svg.append("g").attr("class", "axis");
  const xLabel = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end").text(words(t("classify.axis_area")));
  const yLabel = svg.append("text").attr("class", "axis-label").attr("transform", "rotate(-90)").attr("y", 12).attr("text-anchor", "end").text(words(t("classify.axis_bathrooms")));
  const stems = svg.append("g").attr("class", "stems");
  const points = svg.append("g").attr("class", "house-points");
  const badge = (label) => d3.symbol(label === "Good" ? d3.symbolCircle : d3.symbolSquare, label === "Good" ? Math.PI * R * R : 4 * (R - 1) * (R - 1))();
  let last = null;

  function render(res, view) {
    const width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(container.clientWidth || 560)));
    const [b0, b1] = view.bathrooms;
    const x = d3.scaleLinear().domain(view.area).range([m.left, width - m.right]);
    const items = [
      ...res.houses.map((d) => ({ ...d, kind: "train" })),
      ...(view.showHeld ? res.held_out.map((d) => ({ ...d, kind: "held" })) : []),
    ];
    const { lanes, deepest } = assignLanes(items, x);
    // Each whole bathroom gets room for its lanes; never less than a comfortable row.
    const perBath = Math.max((2 * deepest + 1) * LANE + 10, 270 / (b1 - b0));
    const height = m.top + m.bottom + perBath * (b1 - b0);
    const y = d3.scaleLinear().domain(view.bathrooms).range([height - m.bottom, m.top]);
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("data-lanes", deepest);
    clipRect.attr("x", m.left).attr("y", m.top).attr("width", width - m.left - m.right).attr("height", height - m.top - m.bottom);

    const { areas, bathrooms, p_good: p } = res.grid;
    canvas.width = areas.length;
    canvas.height = bathrooms.length;
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(canvas.width, canvas.height);
    bathrooms.forEach((t, i) => {
      const row = canvas.height - 1 - i; // bathrooms grow upwards
      areas.forEach((a, j) => {
        const c = d3.rgb(tint(p[i][j]));
        img.data.set([c.r, c.g, c.b, 255], 4 * (row * canvas.width + j));
      });
    });
    ctx.putImageData(img, 0, 0);
    // Pixel centres sit on the grid points, so the image reaches half a cell past each edge.
    const dx = (x(areas.at(-1)) - x(areas[0])) / (areas.length - 1) / 2;
    const dy = (y(bathrooms[0]) - y(bathrooms.at(-1))) / (bathrooms.length - 1) / 2;
    cells
      .attr("href", canvas.toDataURL())
      .attr("x", x(areas[0]) - dx)
      .attr("y", y(bathrooms.at(-1)) - dy)
      .attr("width", x(areas.at(-1)) - x(areas[0]) + 2 * dx)
      .attr("height", y(bathrooms[0]) - y(bathrooms.at(-1)) + 2 * dy);
    const rows = d3.range(Math.ceil(b0), Math.floor(b1) + 1);
    rowLines.selectAll("line").data(rows).join("line").attr("x1", m.left).attr("x2", width - m.right).attr("y1", y).attr("y2", y);
    if (res.boundary) {
      const [[a0, t0], [a1, t1]] = res.boundary;
      boundary.attr("x1", x(a0)).attr("y1", y(t0)).attr("x2", x(a1)).attr("y2", y(t1)).attr("visibility", "visible");
    } else {
      boundary.attr("visibility", "hidden");
    }
    xAxis.attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(width / 110))).tickFormat((v) => num(v)));
    yAxis.attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).tickValues(rows).tickFormat((v) => num(v)));
    xLabel.attr("x", width - m.right).attr("y", height - 6);
    yLabel.attr("x", -m.top);

    const at = (d) => ({ cx: x(d.area), cy: y(d.bathrooms), lane: lanes.get(d) });
    const placed = items.map((d) => ({ ...d, ...at(d) }));
    const key = (d) => `${d.kind}${d.house}`;
    stems
      .selectAll("g.stem")
      .data(placed.filter((d) => d.lane !== 0), key)
      .join((enter) => {
        const g = enter.append("g").attr("class", "stem");
        g.append("line");
        g.append("circle").attr("r", 2.2);
        return g;
      })
      .call((g) => g.select("line").attr("x1", (d) => d.cx).attr("x2", (d) => d.cx).attr("y1", (d) => d.cy).attr("y2", (d) => d.cy + d.lane * LANE - Math.sign(d.lane) * R))
      .call((g) => g.select("circle").attr("cx", (d) => d.cx).attr("cy", (d) => d.cy));
    const g = points
      .selectAll("g.house")
      .data(placed, key)
      .join((enter) => {
        const e = enter.append("g");
        e.append("path");
        e.append("text").attr("class", "house-num").attr("text-anchor", "middle").attr("dy", "0.35em");
        e.append("title");
        return e;
      });
    // Training houses on top of held-out ones, so they are never hidden.
    g.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "held" ? -1 : 1));
    g.attr("transform", (d) => `translate(${d.cx},${d.cy + d.lane * LANE})`)
      .attr("class", (d) => `house ${d.kind} ${d.label === "Good" ? "good" : "bad"}${d.correct ? "" : " wrong"}`)
      .attr("data-house", (d) => d.house + 1);
    g.select("path").attr("d", (d) => badge(d.label));
    g.select("text").text((d) => d.house + 1);
    g.select("title").text(
      (d) =>
        t(d.kind === "held" ? "classify.badge_title_held" : "classify.badge_title", {
          house: d.house + 1,
          area: num(d.area),
          baths: d.bathrooms,
          label: className(d.label),
          p: fixed(d.probabilities[0], 2),
          predicted: d.tie ? "50/50" : className(d.predicted),
        }),
    );
    svg.attr("data-boundary", res.boundary ? "yes" : "none");
  }

  let width = 0;
  new ResizeObserver(() => {
    const w = container.clientWidth;
    if (last && Math.abs(w - width) > 8) {
      width = w;
      render(...last);
    }
  }).observe(container);

  return {
    /** res: an /evaluate or /train answer whose grid covers ``view`` ({area, bathrooms, showHeld}). */
    update(res, view) {
      last = [res, view];
      width = container.clientWidth;
      render(res, view);
    },
  };
}
