// Section 5: two inputs (area and bathrooms), three sliders, gradient descent, the optimum.
// Moving a slider starts a new run from there; a link replays the run (start + steps).
import { coalesced } from "../api.js";
import { caption } from "../charts/frame.js";
import { createLineChart } from "../charts/linechart.js";
import { createNetwork } from "../charts/network.js";
import { createErrorTable } from "../charts/table.js";
import { busy, buttons, checkbox, message, numberBox, readout, slider } from "../controls.js";
import { el, place } from "../dom.js";
import { fixed, num, rate as rateText, sig } from "../format.js";
import { createSchedule, flagField, rateField } from "../schedule.js";

/** The sliders' own ranges: where a learner can set the model by hand. */
const RANGES = { w1: [0, 0.4], w2: [-60, 60], b: [-150, 460] };

export async function mount(root, { api, state, t }) {
  const [data, fields] = await Promise.all([api.regression.dataset({ dataset: "houses-10" }), api.fields()]);
  const spec = { w1: state.spec("w1"), w2: state.spec("w2"), b: state.spec("b2"), lr: state.spec("lr2") };
  const view = {
    w1: state.get("w1"),
    w2: state.get("w2"),
    b: state.get("b2"),
    standardize: state.get("std2"),
    lr: state.get("lr2"),
  };
  let start = { w1: view.w1, w2: view.w2, b: view.b };
  // Raw inputs start from the API's default weight rate, standardized ones from its default rate.
  const rawRate = state.spec("lrw").default;
  const history = createSchedule([rateField("lr"), flagField("std", "s", "r")], { maxSteps: fields["regression.train"].steps.maximum });
  let log = [];
  let working = false;

  const MORE = t("two.more");
  const bench = place(root, "workbench", el("div", { className: "workbench two-bench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const bar = el("div", { className: "bar" });
  controls.append(bar);
  const error = readout(bar, t("controls.error"));
  const s1 = slider(bar, { label: t("two.weight_1"), min: RANGES.w1[0], max: RANGES.w1[1], step: 0.0001, value: view.w1, format: (v) => sig(v, 4), onInput: (v) => moved({ w1: v }), more: t("two.more_area") });
  const s2 = slider(bar, { label: t("two.weight_2"), min: RANGES.w2[0], max: RANGES.w2[1], step: 0.01, value: view.w2, format: (v) => sig(v, 4), onInput: (v) => moved({ w2: v }), more: t("two.more_bathrooms") });
  const s3 = slider(bar, { label: t("two.bias"), min: RANGES.b[0], max: RANGES.b[1], step: 0.1, value: view.b, className: "bias", format: (v) => sig(v, 4), onInput: (v) => moved({ b: v }), more: MORE });
  const stepButtons = buttons(bar, [
    { label: t("gd.steps", { count: 1 }), more: MORE, onClick: () => step(1), primary: true },
    { label: t("gd.steps", { count: 10 }), more: MORE, onClick: () => step(10) },
    { label: t("gd.steps", { count: 100 }), more: MORE, onClick: () => step(100) },
    { label: t("gd.reset"), more: MORE, onClick: () => reset() },
  ]);
  const note = message(controls);
  checkbox(controls, {
    label: t("gd.standardize"),
    more: MORE,
    checked: view.standardize,
    onChange: (on) => {
      view.standardize = on;
      view.lr = on ? spec.lr.default : rawRate;
      rate.set(view.lr);
      rawNote.hidden = on;
      save();
    },
  });
  const rate = numberBox(controls, { label: t("gd.learning_rate"), more: MORE, value: view.lr, min: spec.lr.min, max: spec.lr.max, onChange: (v) => { view.lr = v; save(); } });
  // Why raw inputs need standardizing here (section 4 could give each parameter its own rate).
  const rawNote = el("p", { className: "notice raw-note" });
  rawNote.textContent = t("two.raw_note", { rate: rateText(1e-8) });
  rawNote.hidden = view.standardize;
  controls.append(rawNote);
  const reveal = el("p", { className: "notice best-note" });
  reveal.hidden = true;
  buttons(controls, [{
    label: t("train.show_best"),
    more: MORE,
    onClick: () => {
      const o = data.optimum;
      reveal.textContent = t("two.best", { w1: fixed(o.weights[0], 5), w2: fixed(o.weights[1], 4), bias: fixed(o.bias, 4), error: num(o.mse, 2) });
      setSliders({ w1: o.weights[0], w2: o.weights[1], b: o.bias });
      newRun();
      reveal.hidden = false;
    },
  }]);
  controls.append(reveal);

  const diagram = el("figure", { className: "slot figure", attrs: { "data-slot": "diagram" } });
  const logFigure = el("figure", { className: "figure", attrs: { "data-slot": "log" } });
  const tableSlot = el("div", { className: "slot", attrs: { "data-slot": "table" } });
  bench.append(diagram, logFigure, tableSlot);
  const net = createNetwork(diagram, { inputs: [{ label: t("data.area") }, { label: t("data.bathrooms") }], label: t("two.diagram_label") });
  caption(diagram, t("two.diagram_caption"));
  const chart = createLineChart(logFigure, { label: t("two.log_label") });
  caption(logFigure, t("two.log_caption"));
  const table = createErrorTable(tableSlot, { inputLabels: [t("data.area"), t("data.bathrooms")], caption: t("two.table_caption") });

  function render(ev, p) {
    error.textContent = num(ev.mse, 0);
    root.dataset.mse = ev.mse;
    root.dataset.runSteps = Math.max(0, log.length - 1);
    table.update(ev);
    net.update({ values: ["x₁", "x₂"], weights: [sig(p.w1, 4), sig(p.w2, 4)], bias: sig(p.b, 4), output: t("data.price") });
    chart.update(log.length ? log : [ev.mse]);
  }
  const evaluate = coalesced(
    (p) => api.regression.evaluate({ dataset: "houses-10", weights: [p.w1, p.w2], bias: p.b }),
    (ev, p) => {
      if (log.length <= 1) log = [ev.mse];
      render(ev, p);
    },
    (err) => { note.textContent = err.message; },
  );
  function save() {
    state.set({ w1: start.w1, w2: start.w2, b2: start.b, std2: view.standardize, lr2: view.lr, ts: history.text() });
  }
  function setSliders(p) {
    Object.assign(view, p);
    s1.set(view.w1);
    s2.set(view.w2);
    s3.set(view.b);
  }
  /** The sliders' point becomes the start of a new run: a fresh log, no steps yet. */
  function newRun() {
    start = { w1: view.w1, w2: view.w2, b: view.b };
    history.clear();
    log = [];
    root.dataset.diverged = false;
    save();
    evaluate({ ...view });
  }
  function moved(patch) {
    Object.assign(view, patch);
    reveal.hidden = true;
    newRun();
  }
  const request = (s) => ({ learning_rate_weights: s.lr, learning_rate_bias: s.lr, standardize: s.std });
  /** Take in a /train answer; sliders show where GD went, off their scale if it went far. */
  function absorb(res) {
    const points = res.path.map((p) => p.mse);
    log = log.length ? log.concat(points.slice(1)) : points;
    note.textContent = t(`msg.${res.message_code.code}`, res.message_code.params);
    note.classList.toggle("notice", res.diverged);
    root.dataset.diverged = res.diverged;
    setSliders({ w1: res.weights[0], w2: res.weights[1], b: res.bias });
    render(res, view);
  }

  async function step(n) {
    if (working) return;
    const now = { lr: view.lr, std: view.standardize };
    const room = history.room(now);
    if (room === 0) {
      note.textContent = t("two.history_full", { steps: history.total() });
      return;
    }
    working = true;
    busy(stepButtons, true);
    const k = Math.min(n, room);
    try {
      const res = await api.regression.train({ dataset: "houses-10", weights: [view.w1, view.w2], bias: view.b, steps: k, ...request(now) });
      absorb(res);
      history.add(k, now);
      save();
    } catch (err) {
      note.textContent = err.message;
    } finally {
      working = false;
      busy(stepButtons, false);
    }
  }
  function reset() {
    note.textContent = "";
    note.classList.remove("notice");
    reveal.hidden = true;
    rate.set(view.lr);
    setSliders({ w1: spec.w1.default, w2: spec.w2.default, b: spec.b.default });
    newRun();
  }

  // Restore: the run's start, then its steps replayed in one request.
  const saved = state.get("ts");
  if (saved && history.parse(saved)) {
    const res = await api.regression.train({
      dataset: "houses-10", weights: [start.w1, start.w2], bias: start.b, steps: 1, ...request({ lr: view.lr, std: view.standardize }),
      schedule: history.runs.map((r) => ({ steps: r.steps, ...request(r) })),
    });
    absorb(res);
  } else {
    evaluate({ ...view });
  }
}
