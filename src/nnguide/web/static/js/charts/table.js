// The error table: one row per house, the mean of the squared errors at the bottom.
import { num } from "../format.js";

export function createErrorTable(container, { inputLabels, inputDigits = [0] }) {
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
            ...r.inputs.map((v, i) => [num(v, inputDigits[i] ?? 0), ""]),
            [num(r.actual, 1), "actual"],
            [num(r.prediction, 0), "prediction"],
            [num(r.error, 0), "error"],
            [num(r.squared, 0), "error"],
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
      foot.querySelector("[data-role=mean]").textContent = num(evaluation.mse, 0);
    },
  };
}
