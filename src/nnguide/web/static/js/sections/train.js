// Section 3: the learner is the optimiser. Weight and Bias sliders, live chart, table and error.
import { coalesced } from "../api.js";
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { createErrorTable } from "../charts/table.js";
import { buttons, message, readout, slider } from "../controls.js";
import { fixed, num } from "../format.js";
import * as state from "../state.js";

const slot = (el, name) => el.querySelector(`[data-slot="${name}"]`);

/** What to say for an error value: encouragement grows as the learner gets close. */
export function feedback(mse, best) {
  if (mse >= 800000) return "That line is nowhere near the houses. Try bringing both sliders back toward the middle.";
  if (mse >= 100000) return "Still very far off: look at how long the yellow sticks are.";
  if (mse < 450) return `Outstanding! You are within a whisker of the best possible error (${num(best, 2)}).`;
  if (mse < 500) return "Excellent: below 500. Very few people get this close by hand.";
  if (mse < 600) return "Great work: below 600. Can you squeeze out a little more?";
  if (mse < 750) return "Nice: below 750 and still falling.";
  if (mse < 799) return "You did it: the error is below 799! Keep going if you like.";
  return "Goal: get the error below 799. Shorter yellow sticks mean a smaller error.";
}

export async function mount(el, api) {
  const data = await api.regression.dataset("houses-3");
  const view = { weight: state.readNumber("w", 0.15, 0, 0.4), bias: state.readNumber("b", 50, 0, 460) };
  const controls = slot(el, "controls");
  const error = readout(controls, "Error");
  const note = message(controls);
  const wSlider = slider(controls, {
    label: "Weight", min: 0, max: 0.4, step: 0.001, value: view.weight,
    format: (v) => fixed(v, 3), onInput: (v) => changed({ weight: v }),
  });
  const bSlider = slider(controls, {
    label: "Bias", min: 0, max: 460, step: 1, value: view.bias, className: "bias",
    format: (v) => num(v, 0), onInput: (v) => changed({ bias: v }),
  });
  const best = data.optimum;
  const reveal = document.createElement("p");
  reveal.className = "notice";
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

  const chart = createScatter(slot(el, "chart"), {
    xDomain: [1400, 2600], yDomain: [0, 600], xLabel: "area (sq ft)", yLabel: "price ($1000s)",
  });
  const table = createErrorTable(slot(el, "table"), { inputLabels: ["area"] });
  const net = createNetwork(slot(el, "diagram"), { inputs: [{ label: "area" }] });

  const evaluate = coalesced(
    (p) => api.regression.evaluate({ dataset: "houses-3", weights: [p.weight], bias: p.bias }),
    (ev, p) => {
      error.textContent = num(ev.mse, 0);
      el.dataset.mse = ev.mse;
      note.textContent = feedback(ev.mse, best.mse);
      table.update(ev);
      chart.update({
        points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
        model: { weight: p.weight, bias: p.bias },
      });
      net.update({ values: ["x"], weights: [fixed(p.weight, 3)], bias: num(p.bias, 0), output: "price" });
      el.dataset.rendered = `${p.weight},${p.bias}`;
    },
    (err) => {
      note.textContent = err.message;
    },
  );

  function changed(patch, remember = true) {
    Object.assign(view, patch);
    if (remember) state.write({ w: view.weight, b: view.bias });
    evaluate({ ...view });
  }
  changed({}, false);
}
