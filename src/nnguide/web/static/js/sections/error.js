// Section 2: the error table at w = 0.180, b = 0, errors drawn on the chart, the case for a bias.
import { caption } from "../charts/frame.js";
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
  createErrorTable(place(root, "table", el("div", { className: "slot" })), { inputLabels: ["area"], caption: `Errors of the model price = ${fixed(w, 3)} × area` }).update(ev);
  const figure = place(root, "chart", el("figure", { className: "figure" }));
  createScatter(figure, {
    xDomain: X_DOMAIN,
    yDomain: [250, 460],
    xLabel: "area (sq ft)",
    yLabel: "price ($1000s)",
    height: 300,
    label: "Each house's error drawn as a yellow stick between its price and the line",
  }).update({
    points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
    line: ev.line,
  });
  caption(figure, "Blue dots: real prices. Hollow green dots on the line: the model's prices. Yellow sticks: the errors.");
  const nb = data.no_bias_optimum;
  const text = `a weight of ${fixed(nb.weights[0], 5)}, with an error of ${num(nb.mse, 1)} (against ${num(ev.mse, 0)} for ${fixed(w, 3)})`;
  place(root, "nobias", el("strong", { text }));
  const diagram = place(root, "diagram", el("figure", { className: "slot figure" }));
  const net = createNetwork(diagram, { inputs: [{ label: "area" }], withBias: true, label: "A neuron with a bias: area times weight, plus bias, gives the price" });
  net.update({ values: ["x"], weights: ["w"], bias: "b", output: "y" });
  caption(diagram, "The neuron with a bias: y = w × x + b.");
}
