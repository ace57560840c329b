// Section 6, part 1: the softmax calculator. Parsing and messages here; every number from the API.
import { coalesced } from "../api.js";
import { el, place, scrollable, uid } from "../dom.js";
import { fixed, limit, num, parseNumber } from "../format.js";
import { t } from "../i18n.js";

/**
 * "2, 4" → {values: [2, 4]} or {error: "…"}; commas, semicolons or spaces separate numbers.
 * `limits` are the API's: at most `maxItems` numbers, each within ±`bound`.
 */
export function parseValues(text, { maxItems, bound }) {
  // Where the decimal mark is a comma ("0,5"), a list with semicolons ("0,5; 2") keeps its
  // commas as decimal marks; any other list is split at commas, semicolons and spaces (Latin
  // or Arabic).
  const decimalComma = fixed(0.5, 1).includes(",");
  const local = decimalComma && text.includes(";");
  const parts = text.split(local ? /[\s;؛]+/ : /[\s,;،؛]+/).filter((p) => p !== "");
  if (parts.length === 0) return { error: t("softmax.error_empty") };
  if (parts.length > maxItems) {
    return { error: t("softmax.error_too_many", { count: parts.length, max: maxItems }) };
  }
  const values = [];
  for (const part of parts) {
    const v = local ? parseNumber(part) : Number(part.replace("−", "-"));
    if (!Number.isFinite(v) || Math.abs(v) > bound) {
      return { error: t("softmax.error_not_number", { value: part, bound: limit(bound) }) };
    }
    values.push(v);
  }
  return { values };
}

/** The list as a learner would type it: [-1, 0, 1] → "-1, 0, 1". */
const typed = (values) => values.map(String).join(", ");

export async function mount(root, { api, state }) {
  const [fields, reference] = await Promise.all([api.fields(), api.softmax.reference()]);
  const schema = fields["softmax.compute"].values;
  const limits = { maxItems: schema.maxItems, bound: schema.items.maximum };
  const initial = state.get("sm");

  const wrap = el("div", { className: "softmax-calc" });
  const control = el("div", { className: "control" });
  const inputId = uid("softmax-input");
  const label = el("label", { text: t("softmax.input_label"), attrs: { for: inputId } });
  const input = el("input", { attrs: { id: inputId, type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false" } });
  input.value = initial;
  const hint = el("p", { className: "notice error", attrs: { role: "alert" } });
  hint.hidden = true;
  control.append(label, input, hint);

  const table = el("table", { className: "data softmax-table" });
  table.innerHTML = "<thead><tr><th scope=\"col\"></th><th scope=\"col\"></th><th scope=\"col\"></th><th scope=\"col\" class=\"bar-col\"></th></tr></thead><tbody></tbody><tfoot><tr><td></td><td></td><td class=\"total\"></td><td></td></tr></tfoot>";
  const [hInput, hExp, hProb, hShare] = table.querySelectorAll("thead th");
  hInput.textContent = t("softmax.col_input");
  hExp.innerHTML = t("softmax.col_exp_html");
  hProb.textContent = t("softmax.col_probability");
  hShare.textContent = t("softmax.col_share");
  table.querySelector("tfoot td").textContent = t("softmax.row_sum");
  const body = table.querySelector("tbody");
  const total = table.querySelector(".total");
  const ratio = el("p", { className: "softmax-ratio", attrs: { "aria-live": "polite" } });

  // The SPEC's reference rows, as the API lists them.
  const refs = el("div", { className: "softmax-refs" });
  refs.append(el("p", { className: "refs-title", text: t("softmax.refs_title") }));
  const list = el("ul", { className: "ref-list" });
  for (const row of reference) {
    const li = el("li");
    const b = el("button", { className: "ref", text: `[${typed(row.values).replaceAll("-", "−")}]`, attrs: { type: "button" } });
    b.addEventListener("click", () => {
      input.value = typed(row.values);
      changed();
    });
    li.append(b);
    list.append(li);
  }
  refs.append(list);
  const tableWrap = el("div", { className: "table-wrap" });
  tableWrap.append(table);
  wrap.append(control, tableWrap, ratio, refs);
  scrollable(tableWrap, t("softmax.table_name")); // wider than a phone in longer languages
  // A language whose headers are wider than the column (Spanish) gets wrapping headers and
  // narrower cells before the table has to scroll; a language that fits keeps its layout.
  new ResizeObserver(() => {
    tableWrap.classList.remove("tight");
    if (table.offsetWidth > tableWrap.clientWidth + 1) tableWrap.classList.add("tight");
  }).observe(tableWrap);
  place(root, "softmax", el("div", { className: "slot" })).append(wrap);

  const show = (res) => {
    body.replaceChildren();
    res.values.forEach((v, i) => {
      const tr = el("tr");
      const p = res.probabilities[i];
      tr.append(el("td", { text: num(v, 4) }), el("td", { text: fixed(res.exponentials_shifted[i], 4) }));
      const pc = el("td", { className: "prob", text: fixed(p, 4) });
      const barCell = el("td", { className: "bar-col" });
      const bar = el("span", { className: "softmax-bar" });
      bar.style.width = `${(p * 100).toFixed(2)}%`; // the bar's length: drawing, not arithmetic on the result
      barCell.append(bar);
      tr.append(pc, barCell);
      body.append(tr);
    });
    total.textContent = fixed(res.probability_sum, 4);
    if (res.values.length < 2 || res.largest === res.smallest || res.ratio === null) {
      ratio.textContent = res.values.length < 2 ? t("softmax.ratio_one") : "";
      if (res.ratio === null) ratio.textContent = t("softmax.ratio_zero");
      return;
    }
    const hi = res.values[res.largest];
    const lo = res.values[res.smallest];
    ratio.textContent = t("softmax.ratio", { largest: num(hi, 4), ratio: num(res.ratio, res.ratio < 100 ? 2 : 0), smallest: num(lo, 4), difference: num(res.difference, 4) });
  };
  const fail = (err) => {
    hint.textContent = err.message;
    hint.hidden = false;
  };
  const send = coalesced((values) => api.softmax.compute({ values }), show, fail);

  function changed() {
    const parsed = parseValues(input.value, limits);
    state.set({ sm: input.value.slice(0, state.spec("sm").maxLength) });
    if (parsed.error) {
      hint.textContent = parsed.error;
      hint.hidden = false;
      input.setAttribute("aria-invalid", "true");
      return;
    }
    hint.hidden = true;
    input.removeAttribute("aria-invalid");
    send(parsed.values);
  }
  input.addEventListener("input", changed);
  changed();
}
