// Matrices written out: a bracketed grid of the API's numbers with its name above and its
// shape below, and equations made of them. Display only: nothing here computes.
import { el } from "../dom.js";
import { fixed, sci } from "../format.js";

/** A matrix entry: three decimals, or a power of ten for the very small or large. */
export const entry = (v) => (v !== 0 && (Math.abs(v) < 0.001 || Math.abs(v) >= 1e5) ? sci(v) : fixed(v, 3));

/**
 * rows: a 2-D array (a vector is one row). kind: "weight", "bias", "input", "prob" or ""
 * (its colour). shape: the "2 × 3" under it; by default its rows × columns.
 */
export function matrix(name, rows, { kind = "", shape, format = entry, label } = {}) {
  const box = el("span", { className: `mat ${kind}`.trim(), attrs: { role: "group", "aria-label": label ?? name } });
  const table = el("table");
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    for (const v of row) tr.append(el("td", { text: typeof v === "string" ? v : format(v) }));
    body.append(tr);
  }
  table.append(body);
  box.append(el("span", { className: "mat-name", text: name }), table, el("span", { className: "mat-shape", text: shape ?? `${rows.length} × ${rows[0]?.length ?? 0}` }));
  return box;
}

/** A row of matrices and operators: parts are nodes or strings (operators, function names). */
export function equation(parts, { label } = {}) {
  const row = el("div", { className: "eq" });
  if (label) row.setAttribute("aria-label", label);
  for (const p of parts) {
    if (typeof p === "string") row.append(el("span", { className: /^[a-z]/i.test(p) ? "fn" : "op", text: p }));
    else row.append(p);
  }
  return row;
}
