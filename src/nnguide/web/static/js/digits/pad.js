// A drawing pad for mouse, pen and finger. It reports how much of each cell of a coarse grid
// is inked; the server turns that into a training-style image, so the page does no model math.
import { t } from "../i18n.js";

export const GRID = 56; // cells a side sent to the server (each covers 4 × 4 canvas pixels)

export function createPad(container, { onChange, onClear }) {
  const size = GRID * 4;
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  canvas.className = "draw-pad";
  // A pointer-only control: no tab stop that would do nothing from the keyboard.
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", t("digits.pad_label"));
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.lineWidth = size / 8; // thick, like the pen strokes in the training scans
  ctx.strokeStyle = "#000";
  let last = null;
  let inked = false;

  const at = (event) => {
    const r = canvas.getBoundingClientRect();
    return [((event.clientX - r.left) * size) / r.width, ((event.clientY - r.top) * size) / r.height];
  };
  const dot = ([x, y]) => {
    ctx.beginPath();
    ctx.arc(x, y, ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fill();
  };
  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    last = at(event);
    dot(last);
    inked = true;
    onChange();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!last) return;
    const p = at(event);
    ctx.beginPath();
    ctx.moveTo(...last);
    ctx.lineTo(...p);
    ctx.stroke();
    last = p;
    onChange();
  });
  const end = () => {
    last = null;
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);

  const clear = document.createElement("button");
  clear.type = "button";
  clear.textContent = t("digits.clear");
  clear.setAttribute("aria-label", t("digits.clear_label"));
  clear.addEventListener("click", () => {
    ctx.clearRect(0, 0, size, size);
    inked = false;
    onClear();
  });
  container.append(canvas, clear);

  return {
    canvas,
    get inked() {
      return inked;
    },
    /** Coverage 0–1 of each of GRID × GRID cells, row by row. */
    ink() {
      const alpha = ctx.getImageData(0, 0, size, size).data;
      const rows = [];
      for (let r = 0; r < GRID; r++) {
        const row = new Array(GRID).fill(0);
        for (let y = r * 4; y < r * 4 + 4; y++) {
          for (let x = 0; x < size; x++) row[x >> 2] += alpha[(y * size + x) * 4 + 3];
        }
        rows.push(row.map((v) => Math.round((v / (16 * 255)) * 100) / 100));
      }
      return rows;
    },
  };
}
