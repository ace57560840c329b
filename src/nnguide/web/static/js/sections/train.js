// Section 3: the learner is the optimiser. Weight and Bias sliders, live chart, table and error.
import { coalesced } from "../api.js";
import { caption } from "../charts/frame.js";
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { createErrorTable } from "../charts/table.js";
import { buttons, message, readout, slider } from "../controls.js";
import { el, place } from "../dom.js";
import { fixed, num, numNear } from "../format.js";

const X_DOMAIN = [1400, 2600];

/**
 * What to say for the API's verdict on an error: a code, the threshold it refers to, and the
 * best possible error, in the words of `t`. Encouragement grows as the learner gets close.
 */
export function feedback(code, threshold, best, t) {
  const keys = {
    nowhere: "train.feedback_nowhere",
    far_off: "train.feedback_far_off",
    outstanding: "train.feedback_outstanding",
    excellent: "train.feedback_excellent",
    great: "train.feedback_great",
    nice: "train.feedback_nice",
    goal_reached: "train.feedback_goal_reached",
    goal: "train.feedback_goal",
  };
  return keys[code] ? t(keys[code], { threshold: num(threshold), best: num(best, 2) }) : "";
}

export async function mount(root, { api, state, t }) {
  const data = await api.regression.dataset({ dataset: "houses-3" });
  const view = { weight: state.get("w"), bias: state.get("b") };
  const ws = state.spec("w");
  const bs = state.spec("b");
  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  // The bar: what the figures need in view (it stays on screen while they are).
  const bar = el("div", { className: "bar" });
  controls.append(bar);
  const error = readout(bar, t("controls.error"));
  const wSlider = slider(bar, {
    label: t("train.weight"), min: ws.min, max: ws.max, step: 0.001, value: view.weight,
    format: (v) => fixed(v, 3), onInput: (v) => changed({ weight: v }),
  });
  const bSlider = slider(bar, {
    label: t("train.bias"), min: bs.min, max: bs.max, step: 1, value: view.bias, className: "bias",
    format: (v) => num(v, 0), onInput: (v) => changed({ bias: v }),
  });
  const note = message(controls);
  const best = data.optimum;
  const reveal = el("p", { className: "notice" });
  reveal.hidden = true;
  buttons(controls, [
    {
      label: t("train.show_best"),
      more: t("train.more"),
      onClick: () => {
        reveal.hidden = false;
        reveal.textContent = t("train.best_line", { weight: fixed(best.weights[0], 6), bias: num(best.bias, 3), error: num(best.mse, 2) });
        changed({ weight: best.weights[0], bias: best.bias });
        wSlider.set(best.weights[0]);
        bSlider.set(best.bias);
      },
    },
  ]);
  controls.append(reveal);

  const figure = el("figure", { className: "figure", attrs: { "data-slot": "chart" } });
  const diagram = el("figure", { className: "slot figure", attrs: { "data-slot": "diagram" } });
  const tableSlot = el("div", { className: "slot", attrs: { "data-slot": "table" } });
  bench.append(figure, diagram, tableSlot);
  // Zoomed to the houses, so the error sticks are long enough to see shrink.
  const chart = createScatter(figure, {
    xDomain: X_DOMAIN, yDomain: [200, 500], xLabel: t("intro.axis_area"), yLabel: t("intro.axis_price"),
    label: t("train.chart_label"),
  });
  caption(figure, t("train.chart_caption"));
  const table = createErrorTable(tableSlot, { inputLabels: [t("data.area")], caption: t("train.table_caption") });
  const net = createNetwork(diagram, { inputs: [{ label: t("data.area") }], label: t("train.diagram_label") });
  caption(diagram, t("train.diagram_caption"));

  const evaluate = coalesced(
    (p) => api.regression.evaluate({ dataset: "houses-3", weights: [p.weight], bias: p.bias, line_x: X_DOMAIN }),
    (ev, p) => {
      // Enough digits that the number agrees with the verdict: 798.6 is below 799, 799.1 is not.
      error.textContent = numNear(ev.mse, [ev.feedback_threshold, ev.goal]);
      root.dataset.mse = ev.mse;
      note.textContent = feedback(ev.feedback, ev.feedback_threshold, best.mse, t);
      table.update(ev);
      chart.update({
        points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
        line: ev.line,
      });
      net.update({ values: ["x"], weights: [fixed(p.weight, 3)], bias: num(p.bias, 0), output: t("data.price") });
      root.dataset.rendered = `${p.weight},${p.bias}`;
    },
    (err) => {
      note.textContent = err.message;
    },
  );

  function changed(patch, remember = true) {
    Object.assign(view, patch);
    if (remember) state.set({ w: view.weight, b: view.bias });
    evaluate({ ...view });
  }
  changed({}, false);
}
