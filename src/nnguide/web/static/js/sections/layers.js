// Section 11: layers are matrix multiplications. One house's numbers through a trained
// network, written as the matrix products they are, with every shape; and the shape
// explorer extended to hidden layers (the count comes from the core).
import { createHouseTable } from "../classify/table.js";
import { el, place } from "../dom.js";
import { fixed, num } from "../format.js";
import { t } from "../i18n.js";
import { mountShapeExplorer } from "../part2/explorer.js";
import { equation, matrix } from "../part2/matrix.js";
import { createNetworkModel } from "../part2/model.js";
import { activationName, createPanel, labelName } from "../part2/panel.js";

const KEYS = { hidden: "m_n", activation: "m_act", seed: "m_seed", run: "m_run" };
/** A network's activation written as a function name in the equations. */
const FN = { identity: "identity", sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };

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

  mountShapeExplorer(root, { api, state });
  await panel.start();
}
