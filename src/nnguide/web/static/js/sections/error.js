// Section 2: the error table at w = 0.180, b = 0, errors drawn on the chart, the case for a bias.
import { caption } from "../charts/frame.js";
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { createErrorTable } from "../charts/table.js";
import { el, place } from "../dom.js";
import { fixed, num } from "../format.js";

const X_DOMAIN = [1400, 2600];

export async function mount(root, { api, t }) {
  const data = await api.regression.dataset({ dataset: "houses-3" });
  const w = data.rounded_price_per_area; // section 1's 0.180
  const ev = await api.regression.evaluate({ dataset: "houses-3", weights: [w], bias: 0, line_x: X_DOMAIN });
  createErrorTable(place(root, "table", el("div", { className: "slot" })), { inputLabels: [t("data.area")], caption: t("error.table_caption", { weight: fixed(w, 3) }) }).update(ev);
  const figure = place(root, "chart", el("figure", { className: "figure" }));
  createScatter(figure, {
    xDomain: X_DOMAIN,
    yDomain: [250, 460],
    xLabel: t("intro.axis_area"),
    yLabel: t("intro.axis_price"),
    height: 300,
    label: t("error.chart_label"),
  }).update({
    points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
    line: ev.line,
  });
  caption(figure, t("error.chart_caption"));
  const nb = data.no_bias_optimum;
  const text = t("error.no_bias_best", { weight: fixed(nb.weights[0], 5), error: num(nb.mse, 1), rounded_error: num(ev.mse, 0), rounded: fixed(w, 3) });
  place(root, "nobias", el("strong", { text }));
  const diagram = place(root, "diagram", el("figure", { className: "slot figure" }));
  const net = createNetwork(diagram, { inputs: [{ label: t("data.area") }], withBias: true, label: t("error.diagram_label") });
  net.update({ values: ["x"], weights: ["w"], bias: "b", output: "y" });
  caption(diagram, t("error.diagram_caption"));
}
