// The error table: one row per house, the mean of the squared errors at the bottom.
import { num } from "../format.js";

/** `digits`, when given, is the number of decimals for every value column (data of any scale). */
export function createErrorTable(container, { inputLabels, inputDigits = [0], digits = null }) {
  const d = (fallback) => digits ?? fallback;
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "data";
  const head = [...inputLabels, "actual", "prediction", "actual − prediction", "squared"];
  table.innerHTML = `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody></tbody><tfoot><tr></tr></tfoot>`;
  wrap.append(table);
  container.append(wrap);
  const body = table.querySelector("tbody");
  const foot = table.querySelector("tfoot tr");

  return {
    update(evaluation) {
      body.replaceChildren(
        ...evaluation.rows.map((r) => {
          const tr = document.createElement("tr");
          const cells = [
            ...r.inputs.map((v, i) => [num(v, d(inputDigits[i] ?? 0)), ""]),
            [num(r.actual, d(1)), "actual"],
            [num(r.prediction, d(0)), "prediction"],
            [num(r.error, d(0)), "error"],
            [num(r.squared, d(0)), "error"],
          ];
          for (const [text, cls] of cells) {
            const td = document.createElement("td");
            td.textContent = text;
            if (cls) td.className = cls;
            tr.append(td);
          }
          return tr;
        }),
      );
      const pad = inputLabels.length + 2;
      foot.innerHTML = `${"<td></td>".repeat(pad)}<td>mean</td><td data-role="mean"></td>`;
      foot.querySelector("[data-role=mean]").textContent = num(evaluation.mse, d(0));
    },
  };
}
