// Per-house probabilities: label, P(Good), P(Bad), the prediction and whether it is right.
import { scrollable, uid } from "../dom.js";
import { num } from "../format.js";

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
  const hint = document.createElement("p");
  hint.className = "scroll-hint";
  hint.textContent = "Scroll sideways to see every column →";
  hint.hidden = true;
  const table = document.createElement("table");
  table.className = "data clf-table";
  table.setAttribute("aria-labelledby", title.id);
  const head = [
    ["house"],
    ["area"],
    ["baths"],
    ...(showPrice ? [["price"]] : []),
    ["label"],
    ["P(Good)"],
    ["P(Bad)", "p-bad"],
    ["predicted"],
    ["", "verdict-col"],
  ];
  const thead = document.createElement("thead");
  const hr = document.createElement("tr");
  for (const [h, cls] of head) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    // The last column holds only ✓ or ✗: its name is for screen readers.
    if (cls === "verdict-col") th.innerHTML = '<span class="sr-only">right or wrong</span>';
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
          b.setAttribute("aria-label", `Show house ${r.house + 1} in the diagram`);
          b.addEventListener("click", () => {
            picked = r.house;
            onPick(r.house);
          });
          th.append(b);
        } else {
          th.textContent = String(r.house + 1);
        }
        tr.append(th);
        cell(tr, r.area.toLocaleString("en-US"));
        cell(tr, String(r.bathrooms));
        // $1000s with one decimal: 449.9 stays "$449.9k", never rounds up to the rule's $450k.
        if (showPrice) cell(tr, `$${num(r.price, 1)}k`);
        cell(tr, r.label, r.label === "Good" ? "good" : "bad");
        cell(tr, r.probabilities[0].toFixed(4), "prob");
        cell(tr, r.probabilities[1].toFixed(4), "prob p-bad");
        if (r.tie) {
          // 50/50: the model cannot decide; the score counts a tie as the first class, Good.
          cell(tr, "50/50", "tie").title = "A tie: both classes equally likely. It is scored as Good.";
        } else {
          cell(tr, r.predicted, r.predicted === "Good" ? "good" : "bad");
        }
        // On a phone only the mark shows; the word stays for screen readers.
        const verdict = cell(tr, "", r.correct ? "right" : "wrong");
        const mark = document.createElement("span");
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = r.correct ? "✓" : "✗";
        const word = document.createElement("span");
        word.className = "word";
        word.textContent = r.correct ? " right" : " wrong";
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
