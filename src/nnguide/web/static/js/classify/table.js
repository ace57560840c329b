// Per-house probabilities: label, P(Good), P(Bad), the prediction and whether it is right.
import { scrollable, uid } from "../dom.js";
import { fixed, num } from "../format.js";
import { t } from "../i18n.js";
import { className } from "./names.js";

function cell(tr, text, cls = "") {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
  return td;
}

/**
 * The title sits above the scrolling box (not in a <caption>), so it is never cut off on a
 * narrow screen; a hint appears only while the table is wider than its box.
 */
export function createHouseTable(container, { caption, onPick, showPrice = false }) {
  const box = document.createElement("div");
  box.className = "clf-table-box";
  const title = document.createElement("p");
  title.className = "table-title";
  title.id = uid("table-title");
  title.textContent = caption;
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  // The containing block of the screen-reader words (absolutely placed), so a table wider than
  // the screen scrolls inside its box instead of widening the page.
  wrap.style.position = "relative";
  const hint = document.createElement("p");
  hint.className = "scroll-hint";
  hint.textContent = t("classify.scroll_hint");
  hint.hidden = true;
  const table = document.createElement("table");
  table.className = "data clf-table";
  table.setAttribute("aria-labelledby", title.id);
  const head = [
    [t("classify.col_house")],
    [t("classify.col_area")],
    [t("classify.col_baths")],
    ...(showPrice ? [[t("classify.col_price")]] : []),
    [t("classify.col_label")],
    [`P(${className("Good")})`, "", true],
    [`P(${className("Bad")})`, "p-bad", true],
    [t("classify.col_predicted")],
    ["", "verdict-col"],
  ];
  const thead = document.createElement("thead");
  const hr = document.createElement("tr");
  for (const [h, cls, formula] of head) {
    const th = document.createElement("th");
    th.scope = "col";
    // "P(Good)" is a formula: left to right even inside a right-to-left page.
    if (formula) th.append(Object.assign(document.createElement("span"), { dir: "ltr", textContent: h }));
    else th.textContent = h;
    // The last column holds only ✓ or ✗: its name is for screen readers.
    if (cls === "verdict-col") th.replaceChildren(Object.assign(document.createElement("span"), { className: "sr-only", textContent: t("classify.col_verdict") }));
    if (cls) th.className = cls;
    hr.append(th);
  }
  thead.append(hr);
  const tbody = document.createElement("tbody");
  table.append(thead, tbody);
  wrap.append(table);
  box.append(title, hint, wrap);
  container.append(box);
  const overflow = scrollable(wrap, caption, hint);
  let picked = 0;

  return {
    element: box,
    update(rows) {
      tbody.replaceChildren();
      for (const r of rows) {
        const tr = document.createElement("tr");
        tr.dataset.house = String(r.house + 1);
        if (r.house === picked) tr.className = "picked";
        const th = document.createElement("th");
        th.scope = "row";
        if (onPick) {
          const b = document.createElement("button");
          b.type = "button";
          b.className = "link";
          b.textContent = String(r.house + 1);
          b.setAttribute("aria-label", t("classify.show_house", { house: r.house + 1 }));
          b.addEventListener("click", () => {
            picked = r.house;
            onPick(r.house);
          });
          th.append(b);
        } else {
          th.textContent = String(r.house + 1);
        }
        tr.append(th);
        cell(tr, num(r.area));
        cell(tr, num(r.bathrooms, 2));
        // $1000s with one decimal: 449.9 stays "$449.9k", never rounds up to the rule's $450k.
        if (showPrice) cell(tr, t("classify.price_k", { price: num(r.price, 1) }));
        cell(tr, className(r.label), r.label === "Good" ? "good" : "bad");
        cell(tr, fixed(r.probabilities[0], 4), "prob");
        cell(tr, fixed(r.probabilities[1], 4), "prob p-bad");
        if (r.tie) {
          // 50/50: the model cannot decide; the score counts a tie as the first class, Good.
          cell(tr, "50/50", "tie").title = t("classify.tie_title");
        } else {
          cell(tr, className(r.predicted), r.predicted === "Good" ? "good" : "bad");
        }
        // On a phone only the mark shows; the word stays for screen readers.
        const verdict = cell(tr, "", r.correct ? "right" : "wrong");
        const mark = document.createElement("span");
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = r.correct ? "✓" : "✗";
        const word = document.createElement("span");
        word.className = "word";
        word.textContent = ` ${t(r.correct ? "classify.right" : "classify.wrong")}`;
        verdict.append(mark, word);
        tbody.append(tr);
      }
      box.hidden = rows.length === 0;
      overflow();
    },
    pick(house) {
      picked = house;
    },
  };
}
