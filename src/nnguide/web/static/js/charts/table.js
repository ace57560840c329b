// The error table: one row per house, the mean of the squared errors at the bottom.
import { scrollable } from "../dom.js";
import { num } from "../format.js";
import { t } from "../i18n.js";

/**
 * One row per house and the mean at the bottom. On a narrow screen the table may be wider
 * than its box: the box can then be scrolled (also from the keyboard) and a hint says so.
 */
export function createErrorTable(container, { inputLabels, inputDigits = [0], caption = t("chart.table_caption"), digits = null }) {
  // `digits`, when given, is the number of decimals for every value column (data of any scale).
  const d = (fallback) => digits ?? fallback;
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "data error-table";
  const head = [...inputLabels, t("chart.table_actual"), t("chart.table_prediction"), t("chart.table_difference"), t("chart.table_squared")];
  table.innerHTML = `<caption class="sr-only"></caption><thead><tr>${head.map(() => `<th scope="col"></th>`).join("")}</tr></thead><tbody></tbody><tfoot><tr></tr></tfoot>`;
  table.querySelectorAll("thead th").forEach((th, i) => {
    th.textContent = head[i];
  });
  table.querySelector("caption").textContent = caption;
  wrap.append(table);
  const hint = document.createElement("p");
  hint.className = "scroll-hint";
  hint.textContent = t("chart.table_scroll");
  hint.hidden = true;
  container.append(hint, wrap);
  const check = scrollable(wrap, caption, hint);
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
      foot.innerHTML = `${"<td></td>".repeat(pad)}<th scope="row"></th><td data-role="mean"></td>`;
      foot.querySelector("th").textContent = t("chart.table_mean");
      foot.querySelector("[data-role=mean]").textContent = num(evaluation.mse, d(0));
      check();
    },
  };
}
