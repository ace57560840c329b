// Section 2: the error table at w = 0.180, b = 0, errors drawn on the chart, the case for a bias.
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { createErrorTable } from "../charts/table.js";
import { el, place } from "../dom.js";
import { fixed, num } from "../format.js";

const X_DOMAIN = [1400, 2600];

export async function mount(root, { api }) {
  const data = await api.regression.dataset({ dataset: "houses-3" });
  const w = data.rounded_price_per_area; // section 1's 0.180
  const ev = await api.regression.evaluate({ dataset: "houses-3", weights: [w], bias: 0, line_x: X_DOMAIN });
  createErrorTable(place(root, "table", el("div", { className: "slot" })), { inputLabels: ["area"] }).update(ev);
  const figure = place(root, "chart", el("figure", { className: "figure", attrs: { "aria-label": "Errors drawn as vertical sticks" } }));
  createScatter(figure, {
    xDomain: X_DOMAIN,
    yDomain: [250, 460],
    xLabel: "area (sq ft)",
    yLabel: "price ($1000s)",
    height: 300,
  }).update({
    points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
    line: ev.line,
  });
  const nb = data.no_bias_optimum;
  const text = `a weight of ${fixed(nb.weights[0], 5)}, with an error of ${num(nb.mse, 1)} (against ${num(ev.mse, 0)} for ${fixed(w, 3)})`;
  place(root, "nobias", el("strong", { text }));
  const net = createNetwork(place(root, "diagram", el("div", { className: "slot" })), { inputs: [{ label: "area" }], withBias: true });
  net.update({ values: ["x"], weights: ["w"], bias: "b", output: "y" });
}
