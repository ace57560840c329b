// Section 5: two inputs (area and bathrooms), three sliders, gradient descent, the optimum.
import { coalesced } from "../api.js";
import { createLineChart } from "../charts/linechart.js";
import { createNetwork } from "../charts/network.js";
import { createErrorTable } from "../charts/table.js";
import { buttons, checkbox, message, numberBox, readout, slider } from "../controls.js";
import { fixed, num } from "../format.js";
import * as state from "../state.js";

const slot = (el, name) => el.querySelector(`[data-slot="${name}"]`);
const LIMITS = { w1: [0, 0.4], w2: [-60, 60], b: [-150, 460] };
const clamp = (v, [lo, hi]) => Math.min(hi, Math.max(lo, v));

export async function mount(el, api) {
  const data = await api.regression.dataset("houses-10");
  const view = {
    w1: state.readNumber("w1", 0.1, ...LIMITS.w1),
    w2: state.readNumber("w2", 0, ...LIMITS.w2),
    b: state.readNumber("b2", 50, ...LIMITS.b),
    standardize: state.readBool("std2", true),
    lr: state.readNumber("lr2", 0.1, 1e-6, 100),
  };
  let log = [];
  let busy = false;

  const controls = slot(el, "controls");
  const error = readout(controls, "Error");
  const note = message(controls);
  const s1 = slider(controls, { label: "Weight 1", min: 0, max: 0.4, step: 0.0001, value: view.w1, format: (v) => fixed(v, 4), onInput: (v) => changed({ w1: v }) });
  const s2 = slider(controls, { label: "Weight 2", min: -60, max: 60, step: 0.01, value: view.w2, format: (v) => fixed(v, 2), onInput: (v) => changed({ w2: v }) });
  const s3 = slider(controls, { label: "Bias", min: -150, max: 460, step: 0.1, value: view.b, className: "bias", format: (v) => fixed(v, 1), onInput: (v) => changed({ b: v }) });
  const stepButtons = buttons(controls, [
    { label: "GD step", onClick: () => step(1), primary: true },
    { label: "10 GD steps", onClick: () => step(10) },
    { label: "100 GD steps", onClick: () => step(100) },
    { label: "Reset", onClick: () => reset() },
  ]);
  checkbox(controls, { label: "Standardize inputs", checked: view.standardize, onChange: (on) => { view.standardize = on; view.lr = on ? 0.1 : 1e-8; rate.set(view.lr); save(); } });
  const rate = numberBox(controls, { label: "Learning rate", value: view.lr, min: 1e-12, max: 100, onChange: (v) => { view.lr = v; save(); } });
  const reveal = document.createElement("p");
  reveal.className = "notice";
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

  const net = createNetwork(slot(el, "diagram"), { inputs: [{ label: "area" }, { label: "bathrooms" }] });
  const chart = createLineChart(slot(el, "log"));
  const table = createErrorTable(slot(el, "table"), { inputLabels: ["area", "bathrooms"] });

  function render(ev, p) {
    error.textContent = num(ev.mse, 0);
    el.dataset.mse = ev.mse;
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
    state.write({ w1: view.w1, w2: view.w2, b2: view.b, std2: view.standardize, lr2: view.lr });
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
      el.dataset.diverged = res.diverged;
      // Sliders show where GD went (clamped to their range); the numbers come from the server.
      Object.assign(view, { w1: res.weights[0], w2: res.weights[1], b: res.bias });
      s1.set(clamp(view.w1, LIMITS.w1));
      s2.set(clamp(view.w2, LIMITS.w2));
      s3.set(clamp(view.b, LIMITS.b));
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
    setSliders({ w1: 0.1, w2: 0, b: 50 });
  }
  changed({}, false);
}
