// Per-house probabilities: label, P(Good), P(Bad), the prediction and whether it is right.

function cell(tr, text, cls = "") {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
  return td;
}

export function createHouseTable(container, { caption, onPick, showPrice = false }) {
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "data clf-table";
  const cap = document.createElement("caption");
  cap.textContent = caption;
  const head = ["house", "area", "baths", ...(showPrice ? ["price"] : []), "label", "P(Good)", "P(Bad)", "predicted", ""];
  const thead = document.createElement("thead");
  const hr = document.createElement("tr");
  for (const h of head) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    hr.append(th);
  }
  thead.append(hr);
  const tbody = document.createElement("tbody");
  table.append(cap, thead, tbody);
  wrap.append(table);
  container.append(wrap);
  let picked = 0;

  return {
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
        if (showPrice) cell(tr, `$${Math.round(r.price).toLocaleString("en-US")}k`);
        cell(tr, r.label, r.label === "Good" ? "good" : "bad");
        cell(tr, r.probabilities[0].toFixed(4), "prob");
        cell(tr, r.probabilities[1].toFixed(4), "prob");
        cell(tr, r.predicted, r.predicted === "Good" ? "good" : "bad");
        cell(tr, r.correct ? "✓ right" : "✗ wrong", r.correct ? "right" : "wrong");
        tbody.append(tr);
      }
    },
    pick(house) {
      picked = house;
    },
  };
}
