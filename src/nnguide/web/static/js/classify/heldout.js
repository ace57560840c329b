// The friend's hidden list: the learner labels houses from the other 37; they never train the model.
import { uid } from "../dom.js";
import { dollars, num } from "../format.js";
import { language, t } from "../i18n.js";
import { className } from "./names.js";

/** rule: {text, agrees, differs} from the API — a made-up rule offered to fill every label at once. */
export function createHeldOut(container, { candidates, initial, rule, onChange }) {
  const labels = new Map(initial); // house index → "Good" | "Bad"
  const wrap = document.createElement("div");
  wrap.className = "heldout";
  const actions = document.createElement("div");
  actions.className = "buttons";
  const suggest = document.createElement("button");
  suggest.type = "button";
  suggest.className = "primary";
  suggest.textContent = t("classify.suggest");
  const ruleNote = document.createElement("p");
  ruleNote.className = "figure-note rule-note";
  // The rule's wording is the catalog's (the API gives it in English only).
  const others = new Intl.ListFormat(language().locale, { type: "unit", style: "short" })
    .format(rule.differs.map((h) => t("classify.house_lower", { house: h + 1 })));
  const ruleWords = { button: suggest.textContent, n: candidates.length, rule: t("classify.friend_rule"), agrees: rule.agrees, others };
  ruleNote.textContent = t(others ? "classify.rule_note_except" : "classify.rule_note", ruleWords);
  const details = document.createElement("details");
  details.open = labels.size > 0;
  const summary = document.createElement("summary");
  const count = () => t("classify.held_summary", { labelled: labels.size, total: candidates.length });
  summary.textContent = count();
  const grid = document.createElement("div");
  grid.className = "heldout-grid";
  for (const c of candidates) {
    const row = document.createElement("div");
    row.className = "heldout-row";
    const id = uid("held");
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = t("classify.house_option", { house: c.house + 1, area: num(c.area), baths: c.bathrooms, price: dollars(c.price) });
    const select = document.createElement("select");
    select.id = id;
    select.dataset.house = String(c.house);
    for (const [value, text] of [["", t("classify.not_labelled")], ["Good", className("Good")], ["Bad", className("Bad")]]) {
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
      clear.disabled = labels.size === 0;
      onChange(list());
    });
    row.append(label, select);
    grid.append(row);
  }
  const clear = document.createElement("button");
  clear.type = "button";
  clear.textContent = t("classify.clear_held");
  const setAll = (value) => {
    labels.clear();
    for (const c of candidates) if (value(c)) labels.set(c.house, value(c));
    for (const s of grid.querySelectorAll("select")) s.value = labels.get(Number(s.dataset.house)) ?? "";
    summary.textContent = count();
    clear.disabled = labels.size === 0;
    onChange(list());
  };
  suggest.addEventListener("click", () => setAll((c) => c.suggested));
  clear.addEventListener("click", () => setAll(() => ""));
  clear.disabled = labels.size === 0;
  actions.append(suggest, clear);
  details.append(summary, grid);
  wrap.append(actions, ruleNote, details);
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
