// Section 3: the learner is the optimiser. Weight and Bias sliders, live chart, table and error.
import { coalesced } from "../api.js";
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { createErrorTable } from "../charts/table.js";
import { buttons, message, readout, slider } from "../controls.js";
import { el, place } from "../dom.js";
import { fixed, num } from "../format.js";

const X_DOMAIN = [1400, 2600];

/**
 * What to say for the API's verdict on an error: a code, the threshold it refers to, and the
 * best possible error. Encouragement grows as the learner gets close.
 */
export function feedback(code, threshold, best) {
  const words = {
    nowhere: "That line is nowhere near the houses. Try bringing both sliders back toward the middle.",
    far_off: "Still very far off: look at how long the yellow sticks are.",
    outstanding: `Outstanding! You are within a whisker of the best possible error (${num(best, 2)}).`,
    excellent: `Excellent: below ${num(threshold)}. Very few people get this close by hand.`,
    great: `Great work: below ${num(threshold)}. Can you squeeze out a little more?`,
    nice: `Nice: below ${num(threshold)} and still falling.`,
    goal_reached: `You did it: the error is below ${num(threshold)}! Keep going if you like.`,
    goal: `Goal: get the error below ${num(threshold)}. Shorter yellow sticks mean a smaller error.`,
  };
  return words[code] ?? "";
}

export async function mount(root, { api, state }) {
  const data = await api.regression.dataset({ dataset: "houses-3" });
  const view = { weight: state.get("w"), bias: state.get("b") };
  const ws = state.spec("w");
  const bs = state.spec("b");
  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const error = readout(controls, "Error");
  const note = message(controls);
  const wSlider = slider(controls, {
    label: "Weight", min: ws.min, max: ws.max, step: 0.001, value: view.weight,
    format: (v) => fixed(v, 3), onInput: (v) => changed({ weight: v }),
  });
  const bSlider = slider(controls, {
    label: "Bias", min: bs.min, max: bs.max, step: 1, value: view.bias, className: "bias",
    format: (v) => num(v, 0), onInput: (v) => changed({ bias: v }),
  });
  const best = data.optimum;
  const reveal = el("p", { className: "notice" });
  reveal.hidden = true;
  buttons(controls, [
    {
      label: "Show the best possible",
      onClick: () => {
        reveal.hidden = false;
        reveal.textContent = `The best possible line has weight ${fixed(best.weights[0], 6)} and bias ${num(best.bias, 3)}, with an error of ${num(best.mse, 2)}. No other line does better on these three houses.`;
        changed({ weight: best.weights[0], bias: best.bias });
        wSlider.set(best.weights[0]);
        bSlider.set(best.bias);
      },
    },
  ]);
  controls.append(reveal);

  const figure = el("figure", { className: "figure", attrs: { "aria-label": "Your line through the houses", "data-slot": "chart" } });
  const diagram = el("div", { className: "slot", attrs: { "data-slot": "diagram" } });
  const tableSlot = el("div", { className: "slot", attrs: { "data-slot": "table" } });
  bench.append(figure, diagram, tableSlot);
  const chart = createScatter(figure, {
    xDomain: X_DOMAIN, yDomain: [0, 600], xLabel: "area (sq ft)", yLabel: "price ($1000s)",
  });
  const table = createErrorTable(tableSlot, { inputLabels: ["area"] });
  const net = createNetwork(diagram, { inputs: [{ label: "area" }] });

  const evaluate = coalesced(
    (p) => api.regression.evaluate({ dataset: "houses-3", weights: [p.weight], bias: p.bias, line_x: X_DOMAIN }),
    (ev, p) => {
      error.textContent = num(ev.mse, 0);
      root.dataset.mse = ev.mse;
      note.textContent = feedback(ev.feedback, ev.feedback_threshold, best.mse);
      table.update(ev);
      chart.update({
        points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
        line: ev.line,
      });
      net.update({ values: ["x"], weights: [fixed(p.weight, 3)], bias: num(p.bias, 0), output: "price" });
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
