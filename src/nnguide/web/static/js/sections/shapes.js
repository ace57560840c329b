// Section 7: choose the numbers of features and classes; the graph and the parameter count follow.
import { createShapeGraph } from "../classify/graph.js";
import * as state from "../state.js";

const MIN = 1;
const MAX = 10;

function stepper(parent, label, value, onChange) {
  const id = `shape-${label.toLowerCase()}`;
  const wrap = document.createElement("div");
  wrap.className = "control stepper";
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const row = document.createElement("div");
  row.className = "stepper-row";
  const minus = document.createElement("button");
  const plus = document.createElement("button");
  const input = document.createElement("input");
  Object.assign(input, { id, type: "number", min: MIN, max: MAX, step: 1, value, inputMode: "numeric" });
  minus.type = plus.type = "button";
  minus.textContent = "−";
  plus.textContent = "+";
  minus.setAttribute("aria-label", `Fewer ${label.toLowerCase()}`);
  plus.setAttribute("aria-label", `More ${label.toLowerCase()}`);
  const hint = document.createElement("small");
  hint.className = "hint";
  let current = value;
  const set = (v) => {
    current = Math.min(MAX, Math.max(MIN, v));
    input.value = current;
    minus.disabled = current <= MIN;
    plus.disabled = current >= MAX;
    hint.textContent = "";
    input.removeAttribute("aria-invalid");
    onChange(current);
  };
  minus.addEventListener("click", () => set(current - 1));
  plus.addEventListener("click", () => set(current + 1));
  input.addEventListener("input", () => {
    const v = Number(input.value);
    if (input.value.trim() !== "" && Number.isInteger(v) && v >= MIN && v <= MAX) set(v);
    else {
      hint.textContent = `Enter a whole number from ${MIN} to ${MAX}.`;
      input.setAttribute("aria-invalid", "true");
    }
  });
  input.addEventListener("change", () => {
    if (input.getAttribute("aria-invalid")) set(Math.round(Number(input.value)) || current);
  });
  row.append(minus, input, plus);
  wrap.append(l, row, hint);
  parent.append(wrap);
  return { set };
}

export function mount(el) {
  const read = (key, fallback) => Math.round(state.readNumber(key, fallback, MIN, MAX));
  const view = { n: read("s_n", 2), m: read("s_m", 2) };
  const controls = el.querySelector('[data-slot="controls"]');
  const graph = createShapeGraph(el.querySelector('[data-slot="graph"]'));

  const out = document.createElement("p");
  out.className = "readout";
  const name = document.createElement("span");
  name.id = "shape-params-label";
  name.textContent = "Parameters";
  const value = document.createElement("output");
  value.className = "value";
  value.setAttribute("aria-labelledby", "shape-params-label");
  value.setAttribute("role", "status");
  const sum = document.createElement("span");
  sum.className = "shape-sum";
  out.append(name, ": ", value, " ", sum);

  const redraw = () => {
    const { n, m } = view;
    graph.update(n, m);
    value.textContent = String(n * m + m);
    sum.textContent = `= ${n} × ${m} weights + ${m} bias${m === 1 ? "" : "es"}`;
    state.write({ s_n: n === 2 ? null : n, s_m: m === 2 ? null : m });
  };
  const features = stepper(controls, "Features", view.n, (v) => {
    view.n = v;
    redraw();
  });
  const classes = stepper(controls, "Classes", view.m, (v) => {
    view.m = v;
    redraw();
  });
  controls.append(out);
  features.set(view.n);
  classes.set(view.m);
}
