// The friend's hidden list: the learner labels houses from the other 37; they never train the model.

export function createHeldOut(container, { candidates, initial, onChange }) {
  const labels = new Map(initial); // house index → "Good" | "Bad"
  const wrap = document.createElement("div");
  wrap.className = "heldout";
  const details = document.createElement("details");
  details.open = labels.size > 0;
  const summary = document.createElement("summary");
  const count = () => `Label houses for the hidden list (${labels.size} of ${candidates.length} labelled)`;
  summary.textContent = count();
  const grid = document.createElement("div");
  grid.className = "heldout-grid";
  for (const c of candidates) {
    const row = document.createElement("div");
    row.className = "heldout-row";
    const id = `held-${c.house}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = `House ${c.house + 1}: ${c.area.toLocaleString("en-US")} sq ft, ${c.bathrooms} baths, $${Math.round(c.price).toLocaleString("en-US")}k`;
    const select = document.createElement("select");
    select.id = id;
    for (const [value, text] of [["", "not labelled"], ["Good", "Good"], ["Bad", "Bad"]]) {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      select.append(o);
    }
    select.value = labels.get(c.house) ?? "";
    select.addEventListener("change", () => {
      if (select.value) labels.set(c.house, select.value);
      else labels.delete(c.house);
      summary.textContent = count();
      onChange(list());
    });
    row.append(label, select);
    grid.append(row);
  }
  const clear = document.createElement("button");
  clear.type = "button";
  clear.textContent = "Clear hidden labels";
  clear.addEventListener("click", () => {
    labels.clear();
    for (const s of grid.querySelectorAll("select")) s.value = "";
    summary.textContent = count();
    onChange(list());
  });
  details.append(summary, grid, clear);
  wrap.append(details);
  container.append(wrap);
  const list = () => [...labels].sort((a, b) => a[0] - b[0]).map(([house, label]) => ({ house, label }));
  return { list };
}

/** URL form: "12G,15B" (1-based house numbers) ↔ [[11, "Good"], [14, "Bad"]]. */
export function decodeLabels(text, first, last) {
  const out = [];
  const seen = new Set();
  for (const part of (text || "").split(",")) {
    const m = /^(\d{1,2})([GB])$/.exec(part.trim());
    if (!m) continue;
    const house = Number(m[1]) - 1;
    if (house < first || house > last || seen.has(house)) continue;
    seen.add(house);
    out.push([house, m[2] === "G" ? "Good" : "Bad"]);
  }
  return out;
}

export const encodeLabels = (list) => list.map((r) => `${r.house + 1}${r.label[0]}`).join(",") || null;
