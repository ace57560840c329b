// The shape explorer with hidden layers (section 11, and the notebook's Network widget):
// features, hidden layer sizes ("8,4") and classes in; the network drawn layer by layer and
// its parameters counted by the core. State keys p_n, p_h, p_m; a shape is written to the
// state once the core has counted it, so a link (or a widget's traits) only ever holds a
// shape that exists. A backend that changes under the page (a widget's Python side) moves
// the boxes.
import { coalesced } from "../api.js";
import { createLayerDiagram } from "../charts/layers.js";
import { buttons } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { num } from "../format.js";
import { t } from "../i18n.js";
import { sizesText } from "../state.js";

/** A labelled text box; `check(text)` returns an error message or "" (then onChange runs). */
function textBox(parent, { label, value, help, check, onChange, inputMode = "text" }) {
  const id = uid("box");
  const hintId = uid("hint");
  const wrap = el("div", { className: "control" });
  const input = el("input", { className: "shape-input", attrs: { id, type: "text", inputmode: inputMode, "aria-describedby": hintId, autocomplete: "off" } });
  input.value = value;
  const hint = el("small", { className: "help", text: help, attrs: { id: hintId, "aria-live": "polite" } });
  wrap.append(el("label", { text: label, attrs: { for: id } }), input, hint);
  parent.append(wrap);
  input.addEventListener("input", () => {
    const problem = check(input.value.trim());
    hint.textContent = problem || help;
    hint.classList.toggle("invalid", Boolean(problem));
    if (problem) input.setAttribute("aria-invalid", "true");
    else {
      input.removeAttribute("aria-invalid");
      onChange(input.value.trim());
    }
  });
  return {
    input,
    set(v) {
      input.value = v;
      input.dispatchEvent(new Event("input"));
    },
  };
}

export function mountShapeExplorer(root, { api, state }) {
  const bench = place(root, "shapes", el("div", { className: "workbench p2-bench shapes-bench" }));
  const controls = el("div", { className: "controls" });
  const figure = el("figure", { className: "figure", attrs: { "data-slot": "shape-graph", "aria-label": t("layers.graph_label") } });
  bench.append(controls, figure);
  const view = { n: state.get("p_n"), h: sizesText(state.get("p_h")), m: state.get("p_m") };
  const diagram = createLayerDiagram(figure);
  const note = el("p", { className: "shape-note", attrs: { "aria-live": "polite" } });
  figure.append(note);
  // problem: the key of the sentence asking for a whole number from {min} to {max}.
  const intCheck = (key, problem) => (text) => {
    const { min, max } = state.spec(key);
    return /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? "" : t(problem, { min, max });
  };
  const features = textBox(controls, {
    label: t("layers.features"),
    value: String(view.n),
    help: t("layers.features_help"),
    inputMode: "numeric",
    check: intCheck("p_n", "layers.features_invalid"),
    onChange: (text) => redraw({ n: Number(text) }),
  });
  const hidden = textBox(controls, {
    label: t("layers.hidden_layers"),
    value: view.h,
    help: t("layers.hidden_layers_help"),
    check: (text) => (text === "" || state.spec("p_h").pattern.test(text) ? "" : t("layers.hidden_layers_invalid")),
    // Kept and sent as a link holds it: "8; 4" → "8,4".
    onChange: (text) => redraw({ h: sizesText(text) }),
  });
  const classes = textBox(controls, {
    label: t("layers.classes"),
    value: String(view.m),
    help: t("layers.classes_help"),
    inputMode: "numeric",
    check: intCheck("p_m", "layers.classes_invalid"),
    onChange: (text) => redraw({ m: Number(text) }),
  });
  const out = el("p", { className: "readout" });
  const name = el("span", { text: t("layers.parameters"), attrs: { id: uid("params") } });
  const value = el("output", { className: "value", attrs: { "aria-labelledby": name.id, role: "status" } });
  out.append(name, t("layers.colon"), value);
  const sum = el("span", { className: "shape-sum breakdown" });
  controls.append(out, sum);
  controls.append(el("p", { className: "presets-title", text: t("layers.try_shape") }));
  const preset = (n, h, m) => () => {
    features.set(String(n));
    hidden.set(h);
    classes.set(String(m));
  };
  buttons(controls, [
    { label: t("layers.preset_houses"), onClick: preset(2, "3", 2) },
    { label: t("layers.preset_two_hidden"), onClick: preset(2, "8,4", 2) },
    { label: t("layers.preset_digits"), onClick: preset(64, "32", 10) },
    { label: t("layers.preset_mnist"), onClick: preset(784, "128", 10) },
  ]);

  const count = coalesced(
    (args) => api.shapes.parameters(args),
    (c, asked) => {
      // The shape on screen now (not one typed over while this answer was on its way).
      if (asked.features === view.n && asked.hidden === view.h && asked.classes === view.m) {
        state.set({ p_n: c.features, p_h: c.hidden.join(","), p_m: c.classes });
      }
      value.textContent = num(c.parameters);
      const terms = c.layers.map((l) => `${num(l.inputs)} × ${num(l.outputs)} + ${num(l.outputs)}`).join("  +  ");
      sum.textContent = t("layers.sum", { terms, weights: c.weights, biases: c.biases });
      const last = c.sizes.length - 1;
      const titles = c.sizes.map((s, i) => t(i === 0 ? "layers.title_in" : i === last ? "layers.title_out" : "layers.title_hidden", { n: s }));
      diagram.update({ sizes: c.sizes, titles, softmax: false });
      diagram.describe(t("layers.describe", { layers: c.sizes.length, sizes: c.sizes.map((s) => num(s)).join(" → "), parameters: c.parameters }));
      const big = c.sizes.filter((s) => s > 10).length;
      note.textContent = big ? t("layers.big_layers_note") : "";
    },
    (err) => {
      sum.textContent = err.message;
    },
  );
  function redraw(change) {
    Object.assign(view, change);
    count({ features: view.n, classes: view.m, hidden: view.h });
  }
  redraw({});
  // A notebook widget's Python side can change the shape (w.hidden = [8, 4]).
  state.on?.("p_n", (v) => v !== view.n && features.set(String(v)));
  state.on?.("p_h", (v) => v !== view.h && hidden.set(v));
  state.on?.("p_m", (v) => v !== view.m && classes.set(String(v)));
}

