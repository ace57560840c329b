// Small pictures: digit images in grey, learned weights in a diverging colour map.
import * as d3 from "../d3.js";
import { t } from "../i18n.js";

/** Paint values (row by row, side × side) onto a new canvas; colour(v) gives a CSS colour. */
export function pixelCanvas(values, side, colour, { size = 64, label = "" } = {}) {
  const canvas = document.createElement("canvas");
  canvas.width = side;
  canvas.height = side;
  canvas.className = "pixels";
  canvas.style.width = `${size}px`;
  canvas.style.height = `${size}px`;
  if (label) {
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", label);
  }
  paint(canvas, values, colour);
  return canvas;
}

export function paint(canvas, values, colour) {
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(canvas.width, canvas.height);
  values.forEach((v, i) => {
    const c = d3.rgb(colour(v));
    img.data.set([c.r, c.g, c.b, 255], i * 4);
  });
  ctx.putImageData(img, 0, 0);
}

/** Ink on paper: 0 is white, top is black. */
export const grey = (top) => (v) => d3.interpolateGreys(Math.min(Math.max(v / top, 0), 1));

/** A weight grid: one image per digit, shared symmetric colour scale (purple +, green −). */
export function createWeightGrid(container, side) {
  const grid = document.createElement("div");
  grid.className = "weight-grid";
  const cells = Array.from({ length: 10 }, (_, d) => {
    const fig = document.createElement("figure");
    const canvas = pixelCanvas(new Array(side * side).fill(0), side, () => "#f7f7f7", {
      size: 72,
      label: t("digits.weights_for", { digit: d }),
    });
    const cap = document.createElement("figcaption");
    cap.textContent = String(d);
    fig.append(canvas, cap);
    grid.append(fig);
    return canvas;
  });
  const key = document.createElement("p");
  key.className = "weight-key";
  const ramp = document.createElement("span");
  ramp.className = "weight-ramp";
  key.append(t("digits.votes_against"), ramp, t("digits.votes_for"));
  container.append(grid, key);
  return {
    /** weights: n_pixels rows of 10. */
    update(weights) {
      const top = d3.max(weights, (row) => d3.max(row, Math.abs)) || 1;
      const colour = (v) => d3.interpolatePRGn(0.5 - v / (2 * top));
      cells.forEach((canvas, d) => paint(canvas, weights.map((row) => row[d]), colour));
    },
  };
}
