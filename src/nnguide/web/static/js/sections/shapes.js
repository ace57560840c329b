// Section 7: choose the numbers of features and classes; the graph and the parameter count follow.
// Any size up to MAX is counted; the graph draws at most MAX_DRAWN of each and says so.
import { coalesced } from "../api.js";
import { MAX_DRAWN, createShapeGraph } from "../classify/graph.js";
import { buttons } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { num } from "../format.js";
import { t } from "../i18n.js";

/** A number box with − and + buttons for a whole number in [min, max] (the API's range). */
function stepper(parent, { label, fewer, more, value, min: MIN, max: MAX }, onChange) {
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
  minus.setAttribute("aria-label", fewer);
  plus.setAttribute("aria-label", more);
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
      hint.textContent = t("shapes.hint_enter", { min: MIN, max: MAX, current });
      input.setAttribute("aria-invalid", "true");
    }
  });
  input.addEventListener("change", () => {
    if (!input.getAttribute("aria-invalid")) return;
    const typed = input.value.trim() || t("shapes.nothing");
    input.value = current;
    input.removeAttribute("aria-invalid");
    hint.textContent = t("shapes.hint_kept", { typed, min: MIN, max: MAX, current });
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
  // "Parameters: " as every readout writes it (controls.readout: the colon the language uses).
  const name = document.createElement("span");
  name.textContent = t("controls.readout", { label: t("shapes.parameters") });
  const value = document.createElement("output");
  value.className = "value";
  value.setAttribute("aria-label", t("shapes.parameters"));
  value.setAttribute("role", "status");
  const sum = document.createElement("span");
  sum.className = "shape-sum";
  out.append(name, value, " ", sum);
  const drawn = document.createElement("p");
  drawn.className = "shape-note";
  drawn.setAttribute("aria-live", "polite");

  // The count comes from the Python core like every other number on the page.
  const count = coalesced(
    ({ n, m }) => api.shapes.parameters({ features: n, classes: m }),
    (c) => {
      graph.describe(c);
      value.textContent = num(c.parameters);
      sum.textContent = t("shapes.sum", { features: c.features, classes: c.classes, biases: c.biases });
    },
    (err) => {
      sum.textContent = err.message;
    },
  );

  /** What the graph shows of k inputs (letter x) or classes (y): "x1", "x8", "x784" and the 775 in "⋮". */
  const shown = (k, letter) => ({
    [`${letter}_first`]: `${letter}1`,
    [`${letter}_last`]: `${letter}${MAX_DRAWN - 2}`,
    [`${letter}_final`]: `${letter}${num(k)}`,
    [`${letter}_hidden`]: k - MAX_DRAWN + 1,
  });
  const drawnKeys = { x: "shapes.drawn_inputs", y: "shapes.drawn_classes", xy: "shapes.drawn_both" };
  const redraw = () => {
    const { n, m } = view;
    graph.update(n, m);
    count({ n, m });
    const which = `${n > MAX_DRAWN ? "x" : ""}${m > MAX_DRAWN ? "y" : ""}`;
    drawn.textContent = which
      ? t(drawnKeys[which], { max: MAX_DRAWN, ...shown(n, "x"), ...shown(m, "y") })
      : "";
    state.set({ s_n: n, s_m: m });
  };
  const features = stepper(controls, { label: t("shapes.features"), fewer: t("shapes.fewer_features"), more: t("shapes.more_features"), value: view.n, ...state.spec("s_n") }, (v) => {
    view.n = v;
    redraw();
  });
  const classes = stepper(controls, { label: t("shapes.classes"), fewer: t("shapes.fewer_classes"), more: t("shapes.more_classes"), value: view.m, ...state.spec("s_m") }, (v) => {
    view.m = v;
    redraw();
  });
  controls.append(out, drawn);
  const title = document.createElement("p");
  title.className = "presets-title";
  title.textContent = t("shapes.presets_title");
  controls.append(title);
  const preset = (n, m) => () => {
    features.set(n);
    classes.set(m);
  };
  buttons(controls, [
    { label: t("shapes.preset_houses"), onClick: preset(2, 2) },
    { label: t("shapes.preset_digits"), onClick: preset(64, 10) },
    { label: t("shapes.preset_mnist"), onClick: preset(784, 10) },
  ]);
  features.set(view.n);
  classes.set(view.m);
  // A notebook widget's Python side can change the shape (w.features = 64).
  state.on?.("s_n", (v) => v !== view.n && features.set(v));
  state.on?.("s_m", (v) => v !== view.m && classes.set(v));
}
