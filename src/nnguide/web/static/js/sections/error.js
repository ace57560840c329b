// Section 2: the error table at w = 0.180, b = 0, errors drawn on the chart, the case for a bias.
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { createErrorTable } from "../charts/table.js";
import { fixed, num } from "../format.js";

const slot = (el, name) => el.querySelector(`[data-slot="${name}"]`);

export async function mount(el, api) {
  const [data, ev] = await Promise.all([
    api.regression.dataset("houses-3"),
    api.regression.evaluate({ dataset: "houses-3", weights: [0.18], bias: 0 }),
  ]);
  createErrorTable(slot(el, "table"), { inputLabels: ["area"] }).update(ev);
  createScatter(slot(el, "chart"), {
    xDomain: [1400, 2600],
    yDomain: [250, 460],
    xLabel: "area (sq ft)",
    yLabel: "price ($1000s)",
    height: 300,
  }).update({
    points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
    model: { weight: 0.18, bias: 0 },
  });
  const nb = data.no_bias_optimum;
  slot(el, "nobias").textContent = `a weight of ${fixed(nb.weights[0], 5)}, with an error of ${num(nb.mse, 1)} (against ${num(ev.mse, 0)} for 0.180)`;
  const net = createNetwork(slot(el, "diagram"), { inputs: [{ label: "area" }], withBias: true });
  net.update({ values: ["x"], weights: ["w"], bias: "b", output: "y" });
}
