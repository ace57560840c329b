// Section 11: layers are matrix multiplications. One house's numbers through a trained
// network, written as the matrix products they are, with every shape; and the shape
// explorer extended to hidden layers (the count comes from the core).
import { coalesced } from "../api.js";
import { createLayerDiagram } from "../charts/layers.js";
import { createHouseTable } from "../classify/table.js";
import { buttons } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { num } from "../format.js";
import { equation, matrix } from "../part2/matrix.js";
import { createNetworkModel } from "../part2/model.js";
import { ACTIVATION_NAMES, createPanel } from "../part2/panel.js";

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
    el("p", { className: "eq-lead", text: `House ${house.house + 1}: ${house.area.toLocaleString("en-US")} sq ft, ${house.bathrooms} bathrooms, labelled ${house.label}.` }),
    el("h3", { text: "1. Standardize the two inputs (section 4)" }),
    equation([
      matrix("area, baths", [f.raw], { kind: "input", shape: "1 × 2", format: (x) => x.toLocaleString("en-US") }),
      "→",
      matrix("x", [f.inputs], { kind: "input", shape: "1 × 2" }),
    ], { label: "the house's inputs, standardized" }),
    el("h3", { text: "2. First layer: multiply by W₁, add b₁" }),
    equation([
      matrix("x", [f.inputs], { kind: "input", shape: "1 × 2" }),
      "·",
      matrix("W₁", L1.weights, { kind: "weight", shape: `2 × ${n}` }),
      "+",
      matrix("b₁", [L1.bias], { kind: "bias", shape: `1 × ${n}` }),
      "=",
      matrix("z₁", [zh], { shape: `1 × ${n}` }),
    ], { label: "first layer" }),
    el("h3", { text: `3. The activation, ${ACTIVATION_NAMES[v.activation] ?? v.activation}, on each hidden sum` }),
    equation([`${fn}(`, matrix("z₁", [zh], { shape: `1 × ${n}` }), ")", "=", matrix("a₁", [ah], { shape: `1 × ${n}` })], { label: "activation" }),
    el("h3", { text: "4. Second layer: multiply by W₂, add b₂" }),
    equation([
      matrix("a₁", [ah], { shape: `1 × ${n}` }),
      "·",
      matrix("W₂", L2.weights, { kind: "weight", shape: `${n} × 2` }),
      "+",
      matrix("b₂", [L2.bias], { kind: "bias", shape: "1 × 2" }),
      "=",
      matrix("z₂", [zo], { shape: "1 × 2" }),
    ], { label: "second layer" }),
    el("h3", { text: "5. Softmax turns the two scores into probabilities" }),
    equation(["softmax(", matrix("z₂", [zo], { shape: "1 × 2" }), ")", "=", matrix("P(Good), P(Bad)", [p], { kind: "prob", shape: "1 × 2", format: (x) => x.toFixed(4) })], {
      label: "softmax",
    }),
  );
  box.dataset.house = String(house.house + 1);
}

function shapeExplorer(root, { api, state }) {
  const bench = place(root, "shapes", el("div", { className: "workbench p2-bench shapes-bench" }));
  const controls = el("div", { className: "controls" });
  const figure = el("figure", { className: "figure", attrs: { "data-slot": "shape-graph", "aria-label": "The network's layers" } });
  bench.append(controls, figure);
  const view = { n: state.get("p_n"), h: state.get("p_h"), m: state.get("p_m") };
  const diagram = createLayerDiagram(figure);
  const note = el("p", { className: "shape-note", attrs: { "aria-live": "polite" } });
  figure.append(note);
  const intCheck = (key, what) => (text) => {
    const { min, max } = state.spec(key);
    return /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? "" : `Enter ${what}: a whole number from ${min} to ${num(max)}.`;
  };
  const features = textBox(controls, {
    label: "Features",
    value: String(view.n),
    help: "inputs per example",
    inputMode: "numeric",
    check: intCheck("p_n", "the number of features"),
    onChange: (t) => redraw({ n: Number(t) }),
  });
  const hidden = textBox(controls, {
    label: "Hidden layers",
    value: view.h,
    help: "sizes separated by commas, e.g. 4 or 8,4; empty for none",
    check: (t) => (t === "" || state.spec("p_h").pattern.test(t) ? "" : "Write sizes separated by commas, e.g. 4 or 8,4."),
    onChange: (t) => redraw({ h: t }),
  });
  const classes = textBox(controls, {
    label: "Classes",
    value: String(view.m),
    help: "outputs, one per class",
    inputMode: "numeric",
    check: intCheck("p_m", "the number of classes"),
    onChange: (t) => redraw({ m: Number(t) }),
  });
  const out = el("p", { className: "readout" });
  const name = el("span", { text: "Parameters", attrs: { id: uid("params") } });
  const value = el("output", { className: "value", attrs: { "aria-labelledby": name.id, role: "status" } });
  out.append(name, ": ", value);
  const sum = el("span", { className: "shape-sum breakdown" });
  controls.append(out, sum);
  controls.append(el("p", { className: "presets-title", text: "Try a shape:" }));
  const preset = (n, h, m) => () => {
    features.set(String(n));
    hidden.set(h);
    classes.set(String(m));
  };
  buttons(controls, [
    { label: "Our houses: 2 → 3 → 2", onClick: preset(2, "3", 2) },
    { label: "Two hidden layers: 2 → 8 → 4 → 2", onClick: preset(2, "8,4", 2) },
    { label: "8×8 digits: 64 → 32 → 10", onClick: preset(64, "32", 10) },
    { label: "MNIST: 784 → 128 → 10", onClick: preset(784, "128", 10) },
  ]);

  const count = coalesced(
    (args) => api.shapes.parameters(args),
    (c) => {
      value.textContent = num(c.parameters);
      sum.textContent = c.layers.map((l) => `${num(l.inputs)} × ${num(l.outputs)} + ${num(l.outputs)}`).join("  +  ") + ` = ${num(c.weights)} weights + ${num(c.biases)} biases`;
      const titles = c.sizes.map((s, i) => (i === 0 ? `${num(s)} in` : i === c.sizes.length - 1 ? `${num(s)} out` : `${num(s)} hidden`));
      diagram.update({ sizes: c.sizes, titles, softmax: false });
      diagram.describe(`A network of ${c.sizes.length} layers: ${c.sizes.map((s) => num(s)).join(" → ")}, ${num(c.parameters)} parameters`);
      const big = c.sizes.filter((s) => s > 10).length;
      note.textContent = big ? "Layers of more than 10 neurons are drawn with their first 8, a “⋮” for the rest, and their last; the count includes every one." : "";
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
    caption: "Pick a house to follow through the network",
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
