// Section 6, part 1: the softmax calculator. Parsing and messages here; every number from the API.
import { coalesced } from "../api.js";
import { fixed, num } from "../format.js";
import * as state from "../state.js";

const MAX_VALUES = 20;
// The SPEC's reference rows: only the inputs live here; the API computes the probabilities.
const REFERENCE = ["1", "1, 1", "0, 1", "2, 4", "5, 10", "-1, 0, 1", "1, 2, 4"];

/** "2, 4" → {values: [2, 4]} or {error: "…"}; commas, semicolons or spaces separate numbers. */
export function parseValues(text) {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== "");
  if (parts.length === 0) return { error: "Type at least one number, e.g. 2, 4." };
  if (parts.length > MAX_VALUES) {
    return { error: `That is ${parts.length} numbers; softmax here takes at most ${MAX_VALUES}.` };
  }
  const values = [];
  for (const part of parts) {
    const v = Number(part.replace("−", "-"));
    if (!Number.isFinite(v) || Math.abs(v) > 1e12) {
      return { error: `"${part}" is not a number between −10¹² and 10¹². Use digits, e.g. 2, 4.` };
    }
    values.push(v);
  }
  return { values };
}

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

export function mount(root, api) {
  api.register("softmax", { compute: (values) => api.post("/api/softmax", { values }) });
  const initial = state.readString("sm", "2, 4").slice(0, 400);

  const wrap = el("div", { class: "softmax-calc" });
  const control = el("div", { class: "control" });
  const label = el("label", { for: "softmax-input" }, "Softmax input");
  const input = el("input", { id: "softmax-input", type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false" });
  input.value = initial;
  const hint = el("p", { class: "notice error", role: "alert" });
  hint.hidden = true;
  control.append(label, input, hint);

  const table = el("table", { class: "data softmax-table" });
  table.innerHTML = "<thead><tr><th scope=\"col\">input</th><th scope=\"col\">e<sup>input − max</sup></th><th scope=\"col\">probability</th><th scope=\"col\" class=\"bar-col\">share</th></tr></thead><tbody></tbody><tfoot><tr><td>sum</td><td></td><td class=\"total\"></td><td></td></tr></tfoot>";
  const body = table.querySelector("tbody");
  const total = table.querySelector(".total");
  const ratio = el("p", { class: "softmax-ratio", "aria-live": "polite" });

  const refs = el("div", { class: "softmax-refs" });
  refs.append(el("p", { class: "refs-title" }, "Reference rows (click to load):"));
  const list = el("ul", { class: "ref-list" });
  for (const text of REFERENCE) {
    const li = el("li");
    const b = el("button", { type: "button", class: "ref" }, `[${text.replace("-", "−")}]`);
    b.addEventListener("click", () => {
      input.value = text;
      changed();
    });
    li.append(b);
    list.append(li);
  }
  refs.append(list);
  wrap.append(control, el("div", { class: "table-wrap" }), ratio, refs);
  wrap.querySelector(".table-wrap").append(table);
  root.querySelector('[data-slot="softmax"]').append(wrap);

  const show = (res) => {
    body.replaceChildren();
    res.values.forEach((v, i) => {
      const tr = el("tr");
      const p = res.probabilities[i];
      tr.append(el("td", {}, num(v, 4)), el("td", {}, fixed(res.exponentials_shifted[i], 4)));
      const pc = el("td", { class: "prob" }, fixed(p, 4));
      const barCell = el("td", { class: "bar-col" });
      const bar = el("span", { class: "softmax-bar" });
      bar.style.width = `${(p * 100).toFixed(2)}%`;
      barCell.append(bar);
      tr.append(pc, barCell);
      body.append(tr);
    });
    total.textContent = fixed(res.probabilities.reduce((a, b) => a + b, 0), 4);
    if (res.values.length < 2 || res.largest === res.smallest || res.ratio === null) {
      ratio.textContent = res.values.length < 2 ? "One number alone always gets probability 1." : "";
      if (res.ratio === null) ratio.textContent = "The gap is so large that the smallest share rounds to zero.";
      return;
    }
    const hi = res.values[res.largest];
    const lo = res.values[res.smallest];
    ratio.textContent = `The largest input (${num(hi, 4)}) gets ${num(res.ratio, res.ratio < 100 ? 2 : 0)} times the share of the smallest (${num(lo, 4)}): e raised to their difference, ${num(hi - lo, 4)}.`;
  };
  const fail = (err) => {
    hint.textContent = err.message;
    hint.hidden = false;
  };
  const send = coalesced((values) => api.softmax.compute(values), show, fail);

  function changed() {
    const parsed = parseValues(input.value);
    state.write({ sm: input.value === "2, 4" ? null : input.value });
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
