// The workbench's tables: the data's first rows and columns, the confusion matrix, the
// largest errors and the weights. Every number comes from the API; here it is only shown.
import { el, scrollable } from "../dom.js";
import { num, sci } from "../format.js";

export const PREVIEW_ROWS = 8;

/** A data value as read: whole numbers with separators, others to a few digits. */
export function value(v) {
  if (typeof v !== "number") return v === "" ? "(empty)" : v;
  return Number.isInteger(v) && Math.abs(v) < 1e9 ? num(v) : sci(v);
}

function table(className, caption, head) {
  const t = el("table", { className: `data ${className}` });
  if (caption) t.append(el("caption", { text: caption }));
  const tr = t.createTHead().insertRow();
  for (const h of head) {
    // An empty corner header still needs words for a screen reader.
    const th = el("th", { attrs: { scope: "col" } });
    if (h === "") th.append(el("span", { className: "sr-only", text: "true class" }));
    else th.textContent = h;
    tr.append(th);
  }
  t.createTBody();
  return t;
}

function row(t, cells, { header } = {}) {
  const tr = t.tBodies[0].insertRow();
  cells.forEach((c, i) => {
    const cell = i === 0 && header ? el("th", { attrs: { scope: "row" } }) : el("td");
    if (c && typeof c === "object" && "text" in c) {
      cell.textContent = c.text;
      if (c.className) cell.className = c.className;
    } else {
      cell.textContent = c;
    }
    tr.append(cell);
  });
  return tr;
}

function wrap(node) {
  const w = el("div", { className: "table-wrap" });
  w.append(node);
  // A table wider than its box scrolls; the box is then a named, focusable region, so the
  // keyboard can scroll it too (dom.js's scrollable() watches the width).
  const caption = node.querySelector?.("caption")?.textContent ?? "Table";
  scrollable(w, caption);
  return w;
}

/** The first rows of the table as loaded, with each row's line in the file. */
export function previewTable(inspection) {
  const t = inspection.table;
  const where = t.from_file ? "line" : "row";
  const tab = table("wb-preview", `The first rows of ${inspection.name} (${num(inspection.n_rows)} rows in all)`, [where, ...t.columns.map((c) => c.name)]);
  const n = Math.min(PREVIEW_ROWS, t.lines.length);
  for (let i = 0; i < n; i++) row(tab, [String(t.lines[i]), ...t.columns.map((c) => value((c.numbers ?? c.text)[i]))], { header: true });
  return wrap(tab);
}

const KIND = { number: "numbers", text: "text", mixed: "numbers with gaps" };

/** One row per column: its type, range and missing values, and what stands out. */
export function columnsTable(inspection) {
  const tab = table("wb-columns", "Each column", ["column", "type", "range", "missing", "notes"]);
  const where = inspection.table.from_file ? "line" : "row";
  for (const c of inspection.columns) {
    const range = c.min === null ? "—" : `${value(c.min)} to ${value(c.max)}`;
    const missing = c.kind === "number" ? "none" : c.kind === "text" ? (c.n_empty ? `${num(c.n_empty)} empty` : "—") : `${num(c.n_empty + c.n_other)} of ${num(inspection.n_rows)}`;
    let note = "";
    if (c.kind === "text") note = `${num(c.n_distinct)} different values: ${c.examples.join(", ")}${c.n_distinct > c.examples.length ? ", …" : ""}`;
    if (c.kind === "mixed" && c.first_problem) {
      note = `first gap at ${where} ${c.first_problem.line}: ${c.first_problem.value === "" ? "(empty)" : `“${c.first_problem.value}”`}`;
    }
    const tr = row(tab, [c.name, { text: KIND[c.kind], className: `kind-${c.kind}` }, range, missing, note], { header: true });
    tr.dataset.column = c.name;
  }
  return wrap(tab);
}

/** Counts of rows by true class (rows) and predicted class (columns). */
export function confusionTable(classes, matrix, rowsNamed) {
  const tab = table("wb-confusion confusion", `true class (rows) × predicted class (columns), ${rowsNamed} rows`, ["", ...classes]);
  const top = Math.max(1, ...matrix.flat());
  matrix.forEach((counts, r) => {
    const tr = row(tab, [classes[r], ...counts.map((k, c) => ({ text: k ? num(k) : "·", className: r === c ? "hit" : k ? "miss" : "" }))], { header: true });
    counts.forEach((k, c) => {
      const td = tr.cells[c + 1];
      td.dataset.count = String(k);
      const share = Math.sqrt(k / top);
      // At most 45% opaque (as section 8's matrix), so the counts stay AA-readable over the
      // light and the dark paper.
      if (k) td.style.backgroundColor = r === c ? `rgba(26, 127, 55, ${0.08 + 0.37 * share})` : `rgba(213, 94, 0, ${0.15 + 0.3 * share})`;
    });
  });
  return wrap(tab);
}

/** The rows the model gets most wrong: actual, predicted and the difference. */
export function residualsTable(view, target, fromFile) {
  const features = view.setup.features;
  const shown = features.length <= 2; // more inputs would push the errors off the table
  const head = [fromFile ? "line" : "row", ...(shown ? features : []), `actual ${target}`, "predicted", "actual − predicted"];
  const tab = table("wb-residuals", `The ${view.residuals.length} ${view.residual_rows} rows with the largest errors`, head);
  for (const r of view.residuals) {
    row(tab, [String(r.line), ...(shown ? r.inputs.map(value) : []), { text: value(r.actual), className: "actual" }, { text: value(r.predicted), className: "prediction" }, { text: value(r.residual), className: "error" }], { header: true });
  }
  return wrap(tab);
}

/** One row per feature: the weights for raw inputs, and per spread (comparable). */
export function weightsTable(weights) {
  const hidden = weights.layer !== "output";
  const caption = hidden
    ? "First hidden layer: each feature's weight into each neuron (for raw inputs)"
    : "What the model learned: each feature's weight for each output (for raw inputs), and its effect per spread";
  const head = ["feature", "spread", ...weights.columns.map((c) => (hidden ? c : `${c}: weight`)), ...(hidden ? [] : weights.columns.map((c) => `${c}: per spread`))];
  const tab = table("wb-weights", caption, head);
  for (const r of weights.rows) {
    const tr = row(tab, [r.feature, value(r.spread), ...r.weights.map((w) => ({ text: sci(w), className: "weight" })), ...(hidden ? [] : r.per_spread.map((w) => ({ text: sci(w), className: "weight strong" })))], { header: true });
    tr.dataset.feature = r.feature;
  }
  row(tab, ["bias", "", ...weights.bias.map((b) => ({ text: sci(b), className: "bias" })), ...(hidden ? [] : weights.columns.map(() => ""))], { header: true });
  return wrap(tab);
}
