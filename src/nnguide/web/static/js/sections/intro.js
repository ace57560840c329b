// Section 1: three houses, the average price per square foot, and the line it draws.
import { caption } from "../charts/frame.js";
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { numberBox } from "../controls.js";
import { el, place } from "../dom.js";
import { dollars, fixed, num } from "../format.js";

const X_DOMAIN = [0, 3000];

export async function mount(root, { api, t }) {
  /** A price for the diagram's small output node: "$360k", or "$180" below $1,000. */
  const short = (thousands) => (Math.abs(thousands) < 1 ? dollars(thousands) : t("intro.price_thousands", { amount: num(thousands) }));
  const data = await api.regression.dataset({ dataset: "houses-3" });
  const w = data.rounded_price_per_area; // 0.180 in $1000s per sq ft: $180.01 called $180

  const houses = place(root, "houses", el("div", { className: "slot" }));
  const rows = data.inputs.map((x, i) => `<tr><td>${num(x[0])}</td><td class="actual">${dollars(data.actual[i])}</td></tr>`);
  houses.innerHTML = `<table class="data"><caption class="sr-only"></caption><thead><tr><th scope="col"></th><th scope="col"></th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  houses.querySelector("caption").textContent = t("intro.houses_caption");
  const [areaHead, priceHead] = houses.querySelectorAll("th");
  areaHead.textContent = t("intro.houses_area");
  priceHead.textContent = t("intro.houses_price");
  place(root, "rate", el("p", { className: "callout", text: t("intro.rate", { exact: dollars(data.price_per_area, 2), rounded: dollars(w) }) }));

  const calc = place(root, "calculator", el("div", { className: "slot" }));
  const result = el("p", { className: "callout", attrs: { "aria-live": "polite" } });
  const diagramSlot = place(root, "diagram", el("figure", { className: "slot figure" }));
  const net = createNetwork(diagramSlot, { inputs: [{ label: t("data.area") }], withBias: false, label: t("intro.diagram_label") });
  caption(diagramSlot, t("intro.diagram_caption"));
  async function price(area) {
    const { predictions } = await api.regression.predict({ weights: [w], bias: 0, inputs: [[area]] });
    result.textContent = t("intro.price_sum", { area: num(area, 2), weight: dollars(w), price: dollars(predictions[0]) });
    net.update({ values: [num(area, 2)], weights: [fixed(w, 3)], output: short(predictions[0]) });
  }
  // An area is a positive number: anything else is answered, not ignored with the old result.
  const box = numberBox(calc, { label: t("intro.area_box"), value: 2000, min: 1, max: 100000, onChange: price, live: true });
  box.input.addEventListener("input", () => {
    if (box.input.getAttribute("aria-invalid") === "true") {
      result.textContent = t("intro.area_invalid");
      net.update({ values: ["?"], weights: [fixed(w, 3)], output: "?" });
    }
  });
  calc.append(result);
  place(root, "weight-k", el("strong", { text: fixed(w, 3) }));
  const figure = place(root, "chart", el("figure", { className: "figure" }));
  const [, line] = await Promise.all([
    price(2000),
    api.regression.evaluate({ dataset: "houses-3", weights: [w], bias: 0, line_x: X_DOMAIN }),
  ]);
  createScatter(figure, {
    xDomain: X_DOMAIN,
    yDomain: [0, 600],
    xLabel: t("intro.axis_area"),
    yLabel: t("intro.axis_price"),
    height: 300,
    label: t("intro.chart_label"),
  }).update({
    points: data.inputs.map((x, i) => ({ x: x[0], actual: data.actual[i], prediction: 0 })),
    line: line.line,
    showErrors: false,
  });
  caption(figure, t("intro.chart_caption", { weight: fixed(w, 3) }));
  // The story's payoff: her house, priced by the model (the API's number).
  const { predictions } = await api.regression.predict({ weights: [w], bias: 0, inputs: [[2000]] });
  place(root, "payoff", el("strong", { text: dollars(predictions[0]) }));
}
