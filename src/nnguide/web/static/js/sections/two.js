// Section 5: two inputs (area and bathrooms), three sliders, gradient descent, the optimum.
import { coalesced } from "../api.js";
import { createLineChart } from "../charts/linechart.js";
import { createNetwork } from "../charts/network.js";
import { createErrorTable } from "../charts/table.js";
import { buttons, checkbox, message, numberBox, readout, slider } from "../controls.js";
import { el, place } from "../dom.js";
import { fixed, num } from "../format.js";

// Keeping a slider's knob inside its track is drawing, not model arithmetic.
const clamp = (v, { min, max }) => Math.min(max, Math.max(min, v));

export async function mount(root, { api, state }) {
  const data = await api.regression.dataset({ dataset: "houses-10" });
  const spec = { w1: state.spec("w1"), w2: state.spec("w2"), b: state.spec("b2"), lr: state.spec("lr2") };
  const view = {
    w1: state.get("w1"),
    w2: state.get("w2"),
    b: state.get("b2"),
    standardize: state.get("std2"),
    lr: state.get("lr2"),
  };
  // Raw inputs start from the API's default weight rate, standardized ones from its default rate.
  const rawRate = state.spec("lrw").default;
  let log = [];
  let busy = false;

  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const error = readout(controls, "Error");
  const note = message(controls);
  const range = (s) => ({ min: s.min, max: s.max });
  const s1 = slider(controls, { label: "Weight 1", ...range(spec.w1), step: 0.0001, value: view.w1, format: (v) => fixed(v, 4), onInput: (v) => changed({ w1: v }) });
  const s2 = slider(controls, { label: "Weight 2", ...range(spec.w2), step: 0.01, value: view.w2, format: (v) => fixed(v, 2), onInput: (v) => changed({ w2: v }) });
  const s3 = slider(controls, { label: "Bias", ...range(spec.b), step: 0.1, value: view.b, className: "bias", format: (v) => fixed(v, 1), onInput: (v) => changed({ b: v }) });
  const stepButtons = buttons(controls, [
    { label: "GD step", onClick: () => step(1), primary: true },
    { label: "10 GD steps", onClick: () => step(10) },
    { label: "100 GD steps", onClick: () => step(100) },
    { label: "Reset", onClick: () => reset() },
  ]);
  checkbox(controls, { label: "Standardize inputs", checked: view.standardize, onChange: (on) => { view.standardize = on; view.lr = on ? spec.lr.default : rawRate; rate.set(view.lr); save(); } });
  const rate = numberBox(controls, { label: "Learning rate", value: view.lr, ...range(spec.lr), onChange: (v) => { view.lr = v; save(); } });
  const reveal = el("p", { className: "notice" });
  reveal.hidden = true;
  buttons(controls, [{
    label: "Show the best possible",
    onClick: () => {
      const o = data.optimum;
      reveal.hidden = false;
      reveal.textContent = `Best possible: weight 1 = ${fixed(o.weights[0], 5)}, weight 2 = ${fixed(o.weights[1], 4)}, bias = ${fixed(o.bias, 4)}, error ${num(o.mse, 2)}.`;
      setSliders({ w1: o.weights[0], w2: o.weights[1], b: o.bias });
    },
  }]);
  controls.append(reveal);

  const diagram = el("div", { className: "slot", attrs: { "data-slot": "diagram" } });
  const logFigure = el("figure", { className: "figure", attrs: { "data-slot": "log", "aria-label": "Error log for the two-input model" } });
  const tableSlot = el("div", { className: "slot", attrs: { "data-slot": "table" } });
  bench.append(diagram, logFigure, tableSlot);
  const net = createNetwork(diagram, { inputs: [{ label: "area" }, { label: "bathrooms" }] });
  const chart = createLineChart(logFigure);
  const table = createErrorTable(tableSlot, { inputLabels: ["area", "bathrooms"] });

  function render(ev, p) {
    error.textContent = num(ev.mse, 0);
    root.dataset.mse = ev.mse;
    table.update(ev);
    net.update({ values: ["x₁", "x₂"], weights: [fixed(p.w1, 4), fixed(p.w2, 2)], bias: fixed(p.b, 1), output: "price" });
    chart.update(log.length ? log : [ev.mse]);
  }
  const evaluate = coalesced(
    (p) => api.regression.evaluate({ dataset: "houses-10", weights: [p.w1, p.w2], bias: p.b }),
    (ev, p) => render(ev, p),
    (err) => { note.textContent = err.message; },
  );
  function save() {
    state.set({ w1: view.w1, w2: view.w2, b2: view.b, std2: view.standardize, lr2: view.lr });
  }
  function changed(patch, remember = true) {
    Object.assign(view, patch);
    if (remember) save();
    evaluate({ ...view });
  }
  function setSliders(p) {
    s1.set(p.w1);
    s2.set(p.w2);
    s3.set(p.b);
    changed(p);
  }

  async function step(n) {
    if (busy) return;
    busy = true;
    stepButtons.forEach((b) => (b.disabled = true));
    try {
      const res = await api.regression.train({
        dataset: "houses-10", weights: [view.w1, view.w2], bias: view.b, steps: n,
        learning_rate_weights: view.lr, learning_rate_bias: view.lr, standardize: view.standardize,
      });
      if (log.length === 0) log = [res.path[0].mse];
      log = log.concat(res.path.slice(1).map((p) => p.mse));
      note.textContent = res.message;
      root.dataset.diverged = res.diverged;
      // Sliders show where GD went (clamped to their range); the numbers come from the server.
      Object.assign(view, { w1: res.weights[0], w2: res.weights[1], b: res.bias });
      s1.set(clamp(view.w1, spec.w1));
      s2.set(clamp(view.w2, spec.w2));
      s3.set(clamp(view.b, spec.b));
      save();
      render(res, view);
    } catch (err) {
      note.textContent = err.message;
    } finally {
      busy = false;
      stepButtons.forEach((b) => (b.disabled = false));
    }
  }
  function reset() {
    log = [];
    note.textContent = "";
    setSliders({ w1: spec.w1.default, w2: spec.w2.default, b: spec.b.default });
  }
  changed({}, false);
}
