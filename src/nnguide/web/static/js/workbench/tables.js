// The workbench's tables: the data's first rows and columns, the confusion matrix, the
// largest errors and the weights. Every number comes from the API; here it is only shown.
import { el, scrollable } from "../dom.js";
import { num, sci } from "../format.js";
import { t } from "../i18n.js";

export const PREVIEW_ROWS = 8;

/** A data value as read: whole numbers with separators, others to a few digits. */
export function value(v) {
  if (typeof v !== "number") return v === "" ? t("workbench.empty_cell") : v;
  return Number.isInteger(v) && Math.abs(v) < 1e9 ? num(v) : sci(v);
}

function table(className, caption, head) {
  const tab = el("table", { className: `data ${className}` });
  if (caption) tab.append(el("caption", { text: caption }));
  const tr = tab.createTHead().insertRow();
  for (const h of head) {
    // An empty corner header still needs words for a screen reader.
    const th = el("th", { attrs: { scope: "col" } });
    if (h === "") th.append(el("span", { className: "sr-only", text: t("workbench.true_class") }));
    else th.textContent = h;
    tr.append(th);
  }
  tab.createTBody();
  return tab;
}

function row(tab, cells, { header } = {}) {
  const tr = tab.tBodies[0].insertRow();
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
  const caption = node.querySelector?.("caption")?.textContent ?? t("workbench.table");
  scrollable(w, caption);
  return w;
}

/** The first rows of the table as loaded, with each row's line in the file. */
export function previewTable(inspection) {
  const data = inspection.table;
  const where = data.from_file ? t("workbench.col_line") : t("workbench.col_row");
  const tab = table("wb-preview", t("workbench.preview_caption", { name: inspection.name, n: inspection.n_rows }), [where, ...data.columns.map((c) => c.name)]);
  const n = Math.min(PREVIEW_ROWS, data.lines.length);
  for (let i = 0; i < n; i++) row(tab, [String(data.lines[i]), ...data.columns.map((c) => value((c.numbers ?? c.text)[i]))], { header: true });
  return wrap(tab);
}

const KIND = { number: "workbench.kind_number", text: "workbench.kind_text", mixed: "workbench.kind_mixed" };

/** One row per column: its type, range and missing values, and what stands out. */
export function columnsTable(inspection) {
  const head = [t("workbench.col_column"), t("workbench.col_type"), t("workbench.col_range"), t("workbench.col_missing"), t("workbench.col_notes")];
  const tab = table("wb-columns", t("workbench.columns_caption"), head);
  for (const c of inspection.columns) {
    const range = c.min === null ? "—" : t("workbench.range", { min: value(c.min), max: value(c.max) });
    const missing = c.kind === "number"
      ? t("workbench.missing_none")
      : c.kind === "text"
        ? (c.n_empty ? t("workbench.missing_empty", { n: c.n_empty }) : "—")
        : t("workbench.missing_of", { n: c.n_empty + c.n_other, rows: inspection.n_rows });
    let note = "";
    if (c.kind === "text") {
      const examples = c.examples.join(", ") + (c.n_distinct > c.examples.length ? ", …" : "");
      note = t("workbench.distinct_values", { n: c.n_distinct, examples });
    }
    if (c.kind === "mixed" && c.first_problem) {
      const where = { line: String(c.first_problem.line), value: c.first_problem.value };
      note = c.first_problem.value === ""
        ? t(inspection.table.from_file ? "workbench.first_gap_line_empty" : "workbench.first_gap_row_empty", where)
        : t(inspection.table.from_file ? "workbench.first_gap_line" : "workbench.first_gap_row", where);
    }
    const tr = row(tab, [c.name, { text: t(KIND[c.kind]), className: `kind-${c.kind}` }, range, missing, note], { header: true });
    tr.dataset.column = c.name;
  }
  return wrap(tab);
}

/** Counts of rows by true class (rows) and predicted class (columns). */
export function confusionTable(classes, matrix, rowsNamed) {
  const caption = rowsNamed === "training" ? t("workbench.confusion_caption_training") : t("workbench.confusion_caption_test");
  const tab = table("wb-confusion confusion", caption, ["", ...classes]);
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
  const head = [
    fromFile ? t("workbench.col_line") : t("workbench.col_row"),
    ...(shown ? features : []),
    t("workbench.col_actual", { target }),
    t("workbench.col_predicted"),
    t("workbench.col_residual"),
  ];
  const n = view.residuals.length;
  const caption = view.residual_rows === "training" ? t("workbench.residuals_caption_training", { n }) : t("workbench.residuals_caption_test", { n });
  const tab = table("wb-residuals", caption, head);
  for (const r of view.residuals) {
    row(tab, [String(r.line), ...(shown ? r.inputs.map(value) : []), { text: value(r.actual), className: "actual" }, { text: value(r.predicted), className: "prediction" }, { text: value(r.residual), className: "error" }], { header: true });
  }
  return wrap(tab);
}

/** One row per feature: the weights for raw inputs, and per spread (comparable). */
export function weightsTable(weights) {
  const hidden = weights.layer !== "output";
  const caption = hidden ? t("workbench.weights_caption_hidden") : t("workbench.weights_caption_output");
  const head = [
    t("workbench.col_feature"),
    t("workbench.col_spread"),
    // A hidden layer's columns are its neurons, numbered from 1 (the API names them in English).
    ...weights.columns.map((c, j) => (hidden ? t("workbench.neuron_n", { n: j + 1 }) : t("workbench.col_weight", { name: c }))),
    ...(hidden ? [] : weights.columns.map((c) => t("workbench.col_per_spread", { name: c }))),
  ];
  const tab = table("wb-weights", caption, head);
  for (const r of weights.rows) {
    const tr = row(tab, [r.feature, value(r.spread), ...r.weights.map((w) => ({ text: sci(w), className: "weight" })), ...(hidden ? [] : r.per_spread.map((w) => ({ text: sci(w), className: "weight strong" })))], { header: true });
    tr.dataset.feature = r.feature;
  }
  row(tab, [t("workbench.row_bias"), "", ...weights.bias.map((b) => ({ text: sci(b), className: "bias" })), ...(hidden ? [] : weights.columns.map(() => ""))], { header: true });
  return wrap(tab);
}
