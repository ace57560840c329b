// The confusion matrix as a table: rows are the true digit, columns the network's answer.
import { num } from "../format.js";
import { t } from "../i18n.js";

export function createConfusion(container) {
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "data confusion";
  const caption = document.createElement("caption");
  caption.textContent = t("digits.confusion_caption");
  table.append(caption);
  const head = table.createTHead().insertRow();
  const corner = document.createElement("th");
  corner.scope = "col";
  const cornerName = document.createElement("span");
  cornerName.className = "sr-only";
  cornerName.textContent = t("digits.true_digit");
  corner.append(cornerName);
  head.append(corner);
  for (let d = 0; d < 10; d++) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = String(d);
    head.append(th);
  }
  const body = table.createTBody();
  const cells = Array.from({ length: 10 }, (_, r) => {
    const row = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = String(r);
    row.append(th);
    return Array.from({ length: 10 }, () => row.insertCell());
  });
  wrap.append(table);
  container.append(wrap);
  return {
    update(matrix) {
      const top = Math.max(...matrix.flat(), 1);
      matrix.forEach((row, r) =>
        row.forEach((count, c) => {
          const td = cells[r][c];
          td.textContent = count ? num(count) : "·";
          td.className = r === c ? "hit" : count ? "miss" : "";
          // Shade by count: right answers in green, mix-ups in warm error colours. At most
          // 45% opaque, so the digits stay AA-readable over the light and the dark paper.
          const share = Math.sqrt(count / top);
          td.style.backgroundColor = !count
            ? ""
            : r === c
              ? `rgba(26, 127, 55, ${0.08 + 0.37 * share})`
              : `rgba(213, 94, 0, ${0.15 + 0.3 * Math.sqrt(count / Math.max(...row))})`;
        }),
      );
    },
  };
}
