// Section 11: layers are matrix multiplications. One house's numbers through a trained
// network, written as the matrix products they are, with every shape; and the shape
// explorer extended to hidden layers (the count comes from the core).
import { coalesced } from "../api.js";
import { createLayerDiagram } from "../charts/layers.js";
import { createHouseTable } from "../classify/table.js";
import { buttons } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { fixed, num } from "../format.js";
import { t } from "../i18n.js";
import { equation, matrix } from "../part2/matrix.js";
import { createNetworkModel } from "../part2/model.js";
import { activationName, createPanel, labelName } from "../part2/panel.js";
import { sizesText } from "../state.js";

const KEYS = { hidden: "m_n", activation: "m_act", seed: "m_seed", run: "m_run" };
/** A network's activation written as a function name in the equations. */
const FN = { identity: "identity", sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };

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

function forwardFigure(box, v, house) {
  const f = v.forward;
  const n = v.hidden;
  const [L1, L2] = v.layers;
  const fn = FN[v.activation] ?? v.activation;
  const [zh, zo] = f.z;
  const [ah, p] = f.a;
  const summary = el("p", { className: "eq-summary" });
  summary.append(el("code", { text: `x (1 × 2) · W₁ (2 × ${n}) + b₁ → ${fn} → · W₂ (${n} × 2) + b₂ → softmax → P (1 × 2)` }));
  box.replaceChildren(
    summary,
    el("p", {
      className: "eq-lead",
      text: t("layers.house_lead", { house: house.house + 1, area: num(house.area, 3), bathrooms: house.bathrooms, label: labelName(house.label) }),
    }),
    el("h3", { text: t("layers.step_standardize") }),
    equation([
      matrix([t("data.area"), t("data.baths")].join(t("widget.list_separator")), [f.raw], { kind: "input", shape: "1 × 2", format: (x) => num(x, 3) }),
      "→",
      matrix("x", [f.inputs], { kind: "input", shape: "1 × 2" }),
    ], { label: t("layers.equation_inputs") }),
    el("h3", { text: t("layers.step_first") }),
    equation([
      matrix("x", [f.inputs], { kind: "input", shape: "1 × 2" }),
      "·",
      matrix("W₁", L1.weights, { kind: "weight", shape: `2 × ${n}` }),
      "+",
      matrix("b₁", [L1.bias], { kind: "bias", shape: `1 × ${n}` }),
      "=",
      matrix("z₁", [zh], { shape: `1 × ${n}` }),
    ], { label: t("layers.equation_first") }),
    el("h3", { text: t("layers.step_activation", { name: activationName(v.activation) }) }),
    equation([`${fn}(`, matrix("z₁", [zh], { shape: `1 × ${n}` }), ")", "=", matrix("a₁", [ah], { shape: `1 × ${n}` })], {
      label: t("layers.equation_activation"),
    }),
    el("h3", { text: t("layers.step_second") }),
    equation([
      matrix("a₁", [ah], { shape: `1 × ${n}` }),
      "·",
      matrix("W₂", L2.weights, { kind: "weight", shape: `${n} × 2` }),
      "+",
      matrix("b₂", [L2.bias], { kind: "bias", shape: "1 × 2" }),
      "=",
      matrix("z₂", [zo], { shape: "1 × 2" }),
    ], { label: t("layers.equation_second") }),
    el("h3", { text: t("layers.step_softmax") }),
    equation(["softmax(", matrix("z₂", [zo], { shape: "1 × 2" }), ")", "=", matrix(t("layers.probabilities_name"), [p], { kind: "prob", shape: "1 × 2", format: (x) => fixed(x, 4) })], {
      label: "softmax",
    }),
  );
  box.dataset.house = String(house.house + 1);
}

function shapeExplorer(root, { api, state }) {
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
    (c) => {
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
    state.set({ p_n: view.n, p_h: view.h, p_m: view.m });
    count({ features: view.n, classes: view.m, hidden: view.h });
  }
  redraw({});
}

export async function mount(root, { api, state }) {
  const bench = place(root, "bench", el("div", { className: "workbench p2-bench" }));
  const controls = el("div", { className: "controls" });
  const fwd = el("div", { className: "slot forward-steps", attrs: { "data-slot": "forward", "aria-live": "polite" } });
  const tableSlot = el("div", { className: "slot" });
  bench.append(controls, tableSlot, fwd);
  const view = { picked: state.get("m_house") - 1 };
  let panel = null;
  const model = createNetworkModel({
    api,
    extra: () => ({ house: view.picked }),
    onView: (v) => show(v),
    onRun: (runs) => panel.recorded(runs),
    onPlaying: (on) => panel.playing(on),
    onMessage: (text, isError) => panel.say(text, isError),
    onBusy: (busy) => {
      root.dataset.busy = busy ? "yes" : "no";
    },
  });
  panel = createPanel(controls, { state, keys: KEYS, model, defaultRate: state.spec("h_lr").default, show: { rate: false } });
  const table = createHouseTable(tableSlot, {
    caption: t("layers.table_caption"),
    onPick: (house) => {
      view.picked = house;
      state.set({ m_house: house + 1 });
      model.refresh();
    },
  });
  table.pick(view.picked);

  function show(v) {
    panel.update(v);
    table.pick(view.picked);
    table.update(v.houses);
    forwardFigure(fwd, v, v.houses[v.forward.house]);
    root.dataset.steps = String(model.steps);
  }

  shapeExplorer(root, { api, state });
  await panel.start();
}
