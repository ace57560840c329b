// Widget view (GradientDescent): section 4 for the notebook's own data. GD step buttons,
// learning rates, the error map with the path taken, the error log and the current line.
import { createHeatmap } from "../charts/heatmap.js";
import { createLineChart } from "../charts/linechart.js";
import { createScatter } from "../charts/scatter.js";
import { buttons, checkbox, message, numberBox, readout } from "../controls.js";
import { el, place } from "../dom.js";
import { num, sci } from "../format.js";
import { t } from "../i18n.js";

export async function mount(root, { api, state }) {
  const data = await api.regression.dataset({});
  const [xName] = data.features;
  const yName = data.target;
  const [weightMin, weightMax] = data.weight_range;
  const [biasMin, biasMax] = data.bias_range;
  const grid = await api.regression.landscape({ weight_min: weightMin, weight_max: weightMax, bias_min: biasMin, bias_max: biasMax, resolution: 61 });
  const best = { weight: data.optimum.weights[0], bias: data.optimum.bias };
  const view = { standardize: state.get("std"), lr: state.get("lr"), lrw: state.get("lrw"), lrb: state.get("lrb") };
  const spec = { lr: state.spec("lr"), lrw: state.spec("lrw"), lrb: state.spec("lrb") };
  let path = []; // [{weight, bias, mse}] since the last reset, as the kernel answered
  let busy = false;

  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const error = readout(controls, t("widget.error"));
  const stepsOut = readout(controls, t("widget.steps"));
  const note = message(controls);
  const stepButtons = buttons(controls, [
    // Named as on the page's section 4 (its buttons' names say which section they are in).
    { label: t("widget.gd_step"), more: t("widget.one_input_more"), onClick: () => step(1), primary: true },
    { label: t("widget.gd_steps", { n: 10 }), more: t("widget.one_input_more"), onClick: () => step(10) },
    { label: t("widget.gd_steps", { n: 100 }), more: t("widget.one_input_more"), onClick: () => step(100) },
    { label: t("widget.reset"), onClick: () => reset() },
  ]);
  const std = checkbox(controls, {
    label: t("widget.standardize"),
    checked: view.standardize,
    onChange: (on) => {
      view.standardize = on;
      showRates();
      state.set({ std: on });
      reset();
    },
  });
  const rate = numberBox(controls, {
    label: t("widget.learning_rate"), value: view.standardize ? view.lr : view.lrb, min: spec.lrb.min, max: spec.lrb.max,
    onChange: (v) => {
      if (view.standardize) view.lr = v;
      else view.lrb = v;
      state.set(view.standardize ? { lr: v } : { lrb: v });
    },
  });
  const wrate = numberBox(controls, {
    label: t("widget.weight_learning_rate"), value: view.lrw, min: spec.lrw.min, max: spec.lrw.max,
    help: t("widget.weight_rate_help"),
    onChange: (v) => {
      view.lrw = v;
      state.set({ lrw: v });
    },
  });
  function showRates() {
    rate.set(view.standardize ? view.lr : view.lrb);
    rate.help(view.standardize ? t("widget.one_rate_help") : t("widget.bias_rate_help"));
    wrate.set(view.lrw);
    wrate.wrap.hidden = view.standardize;
    std.checked = view.standardize;
  }
  const rates = () =>
    view.standardize
      ? { learning_rate_weights: view.lr, learning_rate_bias: view.lr, standardize: true }
      : { learning_rate_weights: view.lrw, learning_rate_bias: view.lrb, standardize: false };

  const figure = (slot, label) => el("figure", { className: "figure", attrs: { "data-slot": slot, "aria-label": label } });
  const mapFigure = figure("map", t("widget.error_map"));
  const logFigure = figure("log", t("widget.error_log"));
  const chartFigure = figure("chart", t("widget.current_line"));
  bench.append(mapFigure, logFigure, chartFigure);
  const map = createHeatmap(mapFigure);
  map.setGrid(grid);
  const log = createLineChart(logFigure);
  const chart = createScatter(chartFigure, {
    xDomain: data.x_domain, yDomain: data.y_domain, xLabel: xName, yLabel: yName, height: 260,
    describe: (d) => `${xName} ${sci(d.x)}: ${yName} ${sci(d.actual)}`,
  });

  function draw(ev) {
    const here = path[path.length - 1];
    error.textContent = sci(here.mse);
    stepsOut.textContent = num(path.length - 1);
    root.dataset.mse = here.mse;
    root.dataset.steps = path.length - 1;
    map.update({ path, best });
    log.update(path.map((p) => p.mse));
    chart.update({
      points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
      line: ev.line,
    });
  }

  async function step(n) {
    if (busy) return;
    busy = true;
    stepButtons.forEach((b) => (b.disabled = true));
    const here = path[path.length - 1];
    try {
      const res = await api.regression.train({ weights: [here.weight], bias: here.bias, steps: n, line_x: data.x_domain, ...rates() });
      path = path.concat(res.path.slice(1).map((p) => ({ weight: p.weights[0], bias: p.bias, mse: p.mse })));
      note.textContent = res.message_code ? t(`msg.${res.message_code.code}`, res.message_code.params) : res.message;
      note.classList.toggle("notice", res.diverged);
      root.dataset.diverged = res.diverged;
      draw(res);
      const end = path[path.length - 1];
      state.set({ weight: end.weight, bias: end.bias, steps: path.length - 1 });
    } catch (err) {
      note.textContent = err.message;
    } finally {
      busy = false;
      stepButtons.forEach((b) => (b.disabled = false));
    }
  }

  /** A fresh path from `point`: the start on Reset, or a point the notebook set. */
  async function startAt(point, text) {
    path = [{ ...point, mse: NaN }];
    note.textContent = text;
    note.classList.remove("notice");
    root.dataset.diverged = false;
    try {
      const ev = await api.regression.evaluate({ weights: [point.weight], bias: point.bias, line_x: data.x_domain, ...rates() });
      path[0].mse = ev.mse;
      draw(ev);
    } catch (err) {
      note.textContent = err.message;
    }
  }

  function reset() {
    state.set({ weight: null, bias: null, steps: null });
    return startAt({ weight: state.get("weight"), bias: state.get("bias") }, t("widget.back_at_start"));
  }

  // The notebook's Python side can move the point or change the settings.
  const outside = { weight: null, bias: null };
  const restart = () => {
    Object.assign(outside, { weight: state.get("weight"), bias: state.get("bias") });
    state.set({ steps: null });
    startAt({ ...outside }, t("widget.moved_from_notebook"));
  };
  state.on("weight", restart);
  state.on("bias", restart);
  for (const key of ["lr", "lrw", "lrb"]) {
    state.on(key, (v) => {
      view[key] = v;
      showRates();
    });
  }
  state.on("std", (on) => {
    view.standardize = on;
    showRates();
  });

  showRates();
  await startAt({ weight: state.get("weight"), bias: state.get("bias") }, t("widget.press_gd_step"));
}
