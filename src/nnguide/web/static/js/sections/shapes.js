// Section 7: choose the numbers of features and classes; the graph and the parameter count follow.
// Any size up to MAX is counted; the graph draws at most MAX_DRAWN of each and says so.
import { coalesced } from "../api.js";
import { MAX_DRAWN, createShapeGraph } from "../classify/graph.js";
import { buttons } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { num } from "../format.js";

/** A number box with − and + buttons for a whole number in [min, max] (the API's range). */
function stepper(parent, { label, value, min: MIN, max: MAX }, onChange) {
  const range = `a whole number from ${MIN} to ${num(MAX)}`;
  const id = uid("stepper");
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
  hint.id = uid("hint");
  hint.setAttribute("aria-live", "polite");
  input.setAttribute("aria-describedby", hint.id);
  let current = value;
  const set = (v) => {
    current = v;
    input.value = v;
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
    minus.setAttribute("aria-disabled", String(v <= MIN));
    plus.setAttribute("aria-disabled", String(v >= MAX));
    hint.textContent = "";
    input.removeAttribute("aria-invalid");
    onChange(v);
  };
  const valid = (text) => /^\s*\d+\s*$/.test(text) && Number(text) >= MIN && Number(text) <= MAX;
  minus.addEventListener("click", () => current > MIN && set(current - 1));
  plus.addEventListener("click", () => current < MAX && set(current + 1));
  // Never clamp silently: a value out of range is named, and the last good one stays in use.
  input.addEventListener("input", () => {
    if (valid(input.value)) set(Number(input.value));
    else {
      hint.textContent = `Enter ${range}; the graph still shows ${current}.`;
      input.setAttribute("aria-invalid", "true");
    }
  });
  input.addEventListener("change", () => {
    if (!input.getAttribute("aria-invalid")) return;
    const typed = input.value.trim() || "nothing";
    input.value = current;
    input.removeAttribute("aria-invalid");
    hint.textContent = `${typed} is not ${range}; kept ${current}.`;
  });
  row.append(minus, input, plus);
  wrap.append(l, row, hint);
  parent.append(wrap);
  return { set };
}

export function mount(root, { api, state }) {
  const view = { n: state.get("s_n"), m: state.get("s_m") };
  const bench = place(root, "workbench", el("div", { className: "workbench shapes-bench" }));
  const controls = el("div", { className: "controls" });
  const figure = el("figure", { className: "figure", attrs: { "data-slot": "graph" } });
  bench.append(controls, figure);
  const graph = createShapeGraph(figure);

  const out = document.createElement("p");
  out.className = "readout";
  const name = document.createElement("span");
  name.id = uid("params-label");
  name.textContent = "Parameters";
  const value = document.createElement("output");
  value.className = "value";
  value.setAttribute("aria-labelledby", name.id);
  value.setAttribute("role", "status");
  const sum = document.createElement("span");
  sum.className = "shape-sum";
  out.append(name, ": ", value, " ", sum);
  const drawn = document.createElement("p");
  drawn.className = "shape-note";
  drawn.setAttribute("aria-live", "polite");

  // The count comes from the Python core like every other number on the page.
  const count = coalesced(
    ({ n, m }) => api.shapes.parameters({ features: n, classes: m }),
    (c) => {
      graph.describe(c);
      value.textContent = num(c.parameters);
      sum.textContent = `= ${num(c.features)} × ${num(c.classes)} weights + ${num(c.biases)} bias${c.biases === 1 ? "" : "es"}`;
    },
    (err) => {
      sum.textContent = err.message;
    },
  );

  const shown = (k, letter) => (k <= MAX_DRAWN ? "" : `${letter}1–${letter}${MAX_DRAWN - 2} and ${letter}${num(k)}`);
  const redraw = () => {
    const { n, m } = view;
    graph.update(n, m);
    count({ n, m });
    const parts = [
      n > MAX_DRAWN ? `${shown(n, "x")}, with “⋮” for the other ${num(n - MAX_DRAWN + 1)} inputs` : "",
      m > MAX_DRAWN ? `${shown(m, "y")}, with “⋮” for the other ${num(m - MAX_DRAWN + 1)} classes` : "",
    ].filter(Boolean);
    drawn.textContent = parts.length
      ? `At most ${MAX_DRAWN} inputs and ${MAX_DRAWN} classes can be drawn. The graph shows ${parts.join("; and ")}. The count above includes every one of them.`
      : "";
    state.set({ s_n: n, s_m: m });
  };
  const features = stepper(controls, { label: "Features", value: view.n, ...state.spec("s_n") }, (v) => {
    view.n = v;
    redraw();
  });
  const classes = stepper(controls, { label: "Classes", value: view.m, ...state.spec("s_m") }, (v) => {
    view.m = v;
    redraw();
  });
  controls.append(out, drawn);
  const title = document.createElement("p");
  title.className = "presets-title";
  title.textContent = "Try a shape:";
  controls.append(title);
  const preset = (n, m) => () => {
    features.set(n);
    classes.set(m);
  };
  buttons(controls, [
    { label: "Our houses: 2 × 2", onClick: preset(2, 2) },
    { label: "8×8 digits: 64 × 10", onClick: preset(64, 10) },
    { label: "MNIST: 784 × 10", onClick: preset(784, 10) },
  ]);
  features.set(view.n);
  classes.set(view.m);
  // A notebook widget's Python side can change the shape (w.features = 64).
  state.on?.("s_n", (v) => v !== view.n && features.set(v));
  state.on?.("s_m", (v) => v !== view.m && classes.set(v));
}
