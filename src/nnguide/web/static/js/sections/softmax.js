// Section 6, part 1: the softmax calculator. Parsing and messages here; every number from the API.
import { coalesced } from "../api.js";
import { el, place, uid } from "../dom.js";
import { fixed, limit, num } from "../format.js";

/**
 * "2, 4" → {values: [2, 4]} or {error: "…"}; commas, semicolons or spaces separate numbers.
 * `limits` are the API's: at most `maxItems` numbers, each within ±`bound`.
 */
export function parseValues(text, { maxItems, bound }) {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== "");
  if (parts.length === 0) return { error: "Type at least one number, e.g. 2, 4." };
  if (parts.length > maxItems) {
    return { error: `That is ${parts.length} numbers; softmax here takes at most ${maxItems}.` };
  }
  const values = [];
  for (const part of parts) {
    const v = Number(part.replace("−", "-"));
    if (!Number.isFinite(v) || Math.abs(v) > bound) {
      return { error: `"${part}" is not a number between −${limit(bound)} and ${limit(bound)}. Use digits, e.g. 2, 4.` };
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
  const label = el("label", { text: "Softmax input", attrs: { for: inputId } });
  const input = el("input", { attrs: { id: inputId, type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false" } });
  input.value = initial;
  const hint = el("p", { className: "notice error", attrs: { role: "alert" } });
  hint.hidden = true;
  control.append(label, input, hint);

  const table = el("table", { className: "data softmax-table" });
  table.innerHTML = "<thead><tr><th scope=\"col\">input</th><th scope=\"col\">e<sup>input − max</sup></th><th scope=\"col\">probability</th><th scope=\"col\" class=\"bar-col\">share</th></tr></thead><tbody></tbody><tfoot><tr><td>sum</td><td></td><td class=\"total\"></td><td></td></tr></tfoot>";
  const body = table.querySelector("tbody");
  const total = table.querySelector(".total");
  const ratio = el("p", { className: "softmax-ratio", attrs: { "aria-live": "polite" } });

  // The SPEC's reference rows, as the API lists them.
  const refs = el("div", { className: "softmax-refs" });
  refs.append(el("p", { className: "refs-title", text: "Reference rows (click to load):" }));
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
      ratio.textContent = res.values.length < 2 ? "One number alone always gets probability 1." : "";
      if (res.ratio === null) ratio.textContent = "The gap is so large that the smallest share rounds to zero.";
      return;
    }
    const hi = res.values[res.largest];
    const lo = res.values[res.smallest];
    ratio.textContent = `The largest input (${num(hi, 4)}) gets ${num(res.ratio, res.ratio < 100 ? 2 : 0)} times the share of the smallest (${num(lo, 4)}): e raised to their difference, ${num(res.difference, 4)}.`;
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
