// Section 1: three houses, the average price per square foot, and the line it draws.
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { numberBox } from "../controls.js";
import { el, place } from "../dom.js";
import { dollars, fixed, num } from "../format.js";

const X_DOMAIN = [0, 3000];

export async function mount(root, { api }) {
  const data = await api.regression.dataset({ dataset: "houses-3" });
  const w = data.rounded_price_per_area; // 0.180 in $1000s per sq ft: $180.01 called $180

  const houses = place(root, "houses", el("div", { className: "slot" }));
  const rows = data.inputs.map((x, i) => `<tr><td>${num(x[0])}</td><td class="actual">${dollars(data.actual[i])}</td></tr>`);
  houses.innerHTML = `<table class="data"><thead><tr><th scope="col">area (sq ft)</th><th scope="col">price</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  place(root, "rate", el("p", { className: "callout", text: `${dollars(data.price_per_area, 2)} per square foot — call it ${dollars(w)}.` }));

  const calc = place(root, "calculator", el("div", { className: "slot" }));
  const result = el("p", { className: "callout", attrs: { "aria-live": "polite" } });
  const net = createNetwork(place(root, "diagram", el("div", { className: "slot" })), { inputs: [{ label: "area" }], withBias: false });
  async function price(area) {
    const { predictions } = await api.regression.predict({ weights: [w], bias: 0, inputs: [[area]] });
    result.textContent = `${num(area, 2)} sq ft × ${dollars(w)} = ${dollars(predictions[0])}`;
    net.update({ values: [num(area, 2)], weights: [fixed(w, 3)], output: `$${num(predictions[0])}k` });
  }
  numberBox(calc, { label: "Area (sq ft)", value: 2000, min: 1, max: 100000, onChange: price, live: true });
  calc.append(result);
  place(root, "weight-k", el("strong", { text: fixed(w, 3) }));
  const figure = place(root, "chart", el("figure", { className: "figure", attrs: { "aria-label": "Houses and the price-per-square-foot line" } }));
  const [, line] = await Promise.all([
    price(2000),
    api.regression.evaluate({ dataset: "houses-3", weights: [w], bias: 0, line_x: X_DOMAIN }),
  ]);
  createScatter(figure, {
    xDomain: X_DOMAIN,
    yDomain: [0, 600],
    xLabel: "area (sq ft)",
    yLabel: "price ($1000s)",
    height: 300,
  }).update({
    points: data.inputs.map((x, i) => ({ x: x[0], actual: data.actual[i], prediction: 0 })),
    line: line.line,
    showErrors: false,
  });
}
