// What one hidden neuron says over the whole (area, bathrooms) map, as a small picture: the
// API's grid of the neuron's outputs, one pixel per grid point. White is where the neuron's
// weighted sum is 0 (its own straight line); brown below it, teal above it.
import * as d3 from "../d3.js";
import { t } from "../i18n.js";

const ramp = d3.interpolateBrBG;

/**
 * Where an output sits on the ramp, from 0 (brown) through ½ (white) to 1 (teal). Each
 * activation's own range is used where it has one, so pictures can be compared.
 */
function toneFor(activation, { low, high }) {
  const reach = Math.max(Math.abs(low), Math.abs(high)) || 1;
  switch (activation) {
    case "tanh":
      return (v) => (v + 1) / 2;
    case "sigmoid":
      return (v) => v;
    case "relu":
      return (v) => 0.5 + (0.5 * v) / (high || 1);
    default:
      return (v) => 0.5 + (0.5 * v) / reach;
  }
}

/** A neuron's picture ({values[i][j] for bathrooms i, areas j, low, high}) as an image URL. */
export function pictureURL(picture, activation, canvas = document.createElement("canvas")) {
  const rows = picture.values.length;
  const cols = picture.values[0].length;
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(cols, rows);
  const tone = toneFor(activation, picture);
  picture.values.forEach((row, i) => {
    const y = rows - 1 - i; // more bathrooms further up
    row.forEach((v, j) => {
      const c = d3.rgb(ramp(Math.max(0, Math.min(1, tone(v)))));
      img.data.set([c.r, c.g, c.b, 255], 4 * (y * cols + j));
    });
  });
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}

/** The key under the pictures: what brown, white and teal mean for this activation. */
export function pictureKey(activation) {
  if (activation === "relu") return t("part2.picture_key_relu");
  return t("part2.picture_key", { mid: activation === "sigmoid" ? "½" : "0" });
}
