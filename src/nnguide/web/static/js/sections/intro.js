// Section 1: three houses, the average price per square foot, and the line it draws.
import { caption } from "../charts/frame.js";
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { numberBox } from "../controls.js";
import { el, place } from "../dom.js";
import { dollars, fixed, num } from "../format.js";

const X_DOMAIN = [0, 3000];

/** A price for the diagram's small output node: "$360k", or "$180" below $1,000. */
const short = (thousands) => (Math.abs(thousands) < 1 ? dollars(thousands) : `$${num(thousands)}k`);

export async function mount(root, { api }) {
  const data = await api.regression.dataset({ dataset: "houses-3" });
  const w = data.rounded_price_per_area; // 0.180 in $1000s per sq ft: $180.01 called $180

  const houses = place(root, "houses", el("div", { className: "slot" }));
  const rows = data.inputs.map((x, i) => `<tr><td>${num(x[0])}</td><td class="actual">${dollars(data.actual[i])}</td></tr>`);
  houses.innerHTML = `<table class="data"><caption class="sr-only">Three houses that sold recently</caption><thead><tr><th scope="col">area (sq ft)</th><th scope="col">price</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  place(root, "rate", el("p", { className: "callout", text: `${dollars(data.price_per_area, 2)} per square foot — call it ${dollars(w)}.` }));

  const calc = place(root, "calculator", el("div", { className: "slot" }));
  const result = el("p", { className: "callout", attrs: { "aria-live": "polite" } });
  const diagramSlot = place(root, "diagram", el("figure", { className: "slot figure" }));
  const net = createNetwork(diagramSlot, { inputs: [{ label: "area" }], withBias: false, label: "The first model as a network: area times one weight gives the price" });
  caption(diagramSlot, "One input, one weight, one output: the area times the weight is the price.");
  async function price(area) {
    const { predictions } = await api.regression.predict({ weights: [w], bias: 0, inputs: [[area]] });
    result.textContent = `${num(area, 2)} sq ft × ${dollars(w)} = ${dollars(predictions[0])}`;
    net.update({ values: [num(area, 2)], weights: [fixed(w, 3)], output: short(predictions[0]) });
  }
  // An area is a positive number: anything else is answered, not ignored with the old result.
  const box = numberBox(calc, { label: "Area (sq ft)", value: 2000, min: 1, max: 100000, onChange: price, live: true });
  box.input.addEventListener("input", () => {
    if (box.input.getAttribute("aria-invalid") === "true") {
      result.textContent = "Enter an area of at least 1 sq ft to see its price.";
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
    xLabel: "area (sq ft)",
    yLabel: "price ($1000s)",
    height: 300,
    label: "The three houses and the price-per-square-foot line through the origin",
  }).update({
    points: data.inputs.map((x, i) => ({ x: x[0], actual: data.actual[i], prediction: 0 })),
    line: line.line,
    showErrors: false,
  });
  caption(figure, `Blue dots: the three houses. Green line: the model, price = ${fixed(w, 3)} × area.`);
  // The story's payoff: her house, priced by the model (the API's number).
  const { predictions } = await api.regression.predict({ weights: [w], bias: 0, inputs: [[2000]] });
  place(root, "payoff", el("strong", { text: dollars(predictions[0]) }));
}
