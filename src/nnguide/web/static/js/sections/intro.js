// Section 1: three houses, the average price per square foot, and the line it draws.
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { fixed, num } from "../format.js";
import { numberBox } from "../controls.js";

const slot = (el, name) => el.querySelector(`[data-slot="${name}"]`);

export async function mount(el, api) {
  const data = await api.regression.dataset("houses-3");
  const w = Math.round(data.price_per_area * 1000) / 1000; // 0.180 in $1000s per sq ft

  const rows = data.inputs.map((x, i) => `<tr><td>${num(x[0])}</td><td class="actual">$${num(data.actual[i] * 1000)}</td></tr>`);
  slot(el, "houses").innerHTML = `<table class="data"><thead><tr><th scope="col">area (sq ft)</th><th scope="col">price</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  slot(el, "rate").textContent = `$${num(data.price_per_area * 1000, 2)} per square foot — call it $${num(w * 1000)}.`;
  slot(el, "weight-k").textContent = fixed(w, 3);

  const calc = slot(el, "calculator");
  const result = document.createElement("p");
  result.className = "callout";
  result.setAttribute("aria-live", "polite");
  const net = createNetwork(slot(el, "diagram"), { inputs: [{ label: "area" }], withBias: false });
  async function price(area) {
    const { predictions } = await api.regression.predict({ weights: [w], bias: 0, inputs: [[area]] });
    result.textContent = `${num(area, 2)} sq ft × $${num(w * 1000)} = $${num(predictions[0] * 1000)}`;
    net.update({ values: [num(area, 2)], weights: [fixed(w, 3)], output: `$${num(predictions[0])}k` });
  }
  numberBox(calc, { label: "Area (sq ft)", value: 2000, min: 1, max: 100000, onChange: price, live: true });
  calc.append(result);
  await price(2000);

  const chart = createScatter(slot(el, "chart"), {
    xDomain: [0, 3000],
    yDomain: [0, 600],
    xLabel: "area (sq ft)",
    yLabel: "price ($1000s)",
    height: 300,
  });
  chart.update({
    points: data.inputs.map((x, i) => ({ x: x[0], actual: data.actual[i], prediction: 0 })),
    model: { weight: w, bias: 0 },
    showErrors: false,
  });
}
