// Section 10: why activation functions. With the identity the two layers collapse into one
// (the page prints W₁W₂ and b₁W₂ + b₂ and how close the one layer comes to the network), and
// the network is stuck at a straight line's accuracy; the plots show each function and slope.
import * as d3 from "../d3.js";
import { createRegions } from "../classify/regions.js";
import { el, place } from "../dom.js";
import { sci } from "../format.js";
import { equation, matrix } from "../part2/matrix.js";
import { createNetworkModel } from "../part2/model.js";
import { ACTIVATION_NAMES, createPanel } from "../part2/panel.js";

const KEYS = { hidden: "a_n", activation: "a_act", seed: "a_seed", run: "a_run" };

/** One small plot: the function (solid) and its slope (dashed) over the API's z values. */
function activationPlot(parent, curve) {
  const fig = el("figure", { className: "act-plot", attrs: { "data-activation": curve.name } });
  fig.append(el("figcaption", { text: ACTIVATION_NAMES[curve.name] ?? curve.name }));
  parent.append(fig);
  const width = 200;
  const height = 150;
  const m = { top: 8, right: 8, bottom: 22, left: 28 };
  const svg = d3.select(fig).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", `${curve.name}: the function and its slope for sums from ${curve.z[0]} to ${curve.z.at(-1)}`);
  const x = d3.scaleLinear().domain(d3.extent(curve.z)).range([m.left, width - m.right]);
  const [lo, hi] = d3.extent([...curve.value, ...curve.slope]);
  const y = d3.scaleLinear().domain([Math.min(lo, 0), Math.max(hi, 1)]).nice().range([height - m.bottom, m.top]);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${y(0)})`).call(d3.axisBottom(x).ticks(4).tickSize(3));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${x(0)},0)`).call(d3.axisLeft(y).ticks(4).tickSize(3));
  const line = (values) => d3.line().x((_, i) => x(curve.z[i])).y((v) => y(v))(values);
  svg.append("path").attr("class", "act-value").attr("d", line(curve.value));
  svg.append("path").attr("class", "act-slope").attr("d", line(curve.slope));
  return fig;
}

export async function mount(root, { api, state }) {
  const info = await api.classify.houses();
  const bench = place(root, "bench", el("div", { className: "workbench p2-bench" }));
  const controls = el("div", { className: "controls" });
  const regionFig = el("figure", { className: "figure", attrs: { "data-slot": "regions", "aria-label": "The output's regions over area and bathrooms" } });
  const collapseBox = el("div", { className: "slot collapse", attrs: { "data-slot": "collapse", "aria-live": "polite" } });
  bench.append(controls, regionFig, collapseBox);
  let panel = null;
  const model = createNetworkModel({
    api,
    onView: (v) => show(v),
    onRun: (runs) => panel.recorded(runs),
    onPlaying: (on) => panel.playing(on),
    onMessage: (text, isError) => panel.say(text, isError),
    onBusy: (busy) => {
      root.dataset.busy = busy ? "yes" : "no";
    },
  });
  panel = createPanel(controls, { state, keys: KEYS, model, defaultRate: state.spec("h_lr").default, show: { rate: false } });
  const regions = createRegions(regionFig);
  regionFig.append(el("figcaption", { className: "legend", text: "The output's regions: green Good, red Bad. With the identity the boundary between them is a straight line, however the network trains." }));

  // The activation plots, one per function the API offers.
  const curvesSlot = place(root, "curves", el("div", { className: "slot" }));
  const plots = el("div", { className: "act-plots" });
  const key = el("p", { className: "act-key" });
  key.append(el("span", { className: "value-key", text: "——" }), " the function   ", el("span", { className: "slope-key", text: "– –" }), " its slope, both against the neuron's sum z");
  curvesSlot.append(plots, key);
  const figures = (await api.network.activations()).map((c) => activationPlot(plots, c));

  function show(v) {
    panel.update(v);
    const { areas, bathrooms } = v;
    regions.update(
      { grid: { areas, bathrooms, p_good: v.p_good }, houses: v.houses, held_out: [], boundary: null },
      { area: [areas[0], areas.at(-1)], bathrooms: [bathrooms[0], bathrooms.at(-1)], showHeld: false },
    );
    for (const f of figures) f.classList.toggle("picked", f.dataset.activation === v.activation);
    root.dataset.steps = String(model.steps);
    collapseBox.replaceChildren();
    const name = ACTIVATION_NAMES[v.activation] ?? v.activation;
    const c = v.collapsed;
    if (!c) {
      collapseBox.append(
        el("h3", { text: `With ${name}: no single layer` }),
        el("p", {
          text: `${name} bends each hidden sum before W₂ sees it, so x · W₁ + b₁ cannot be multiplied into W₂: there is no one matrix to print. This network gets ${v.correct} of 10 right; the best straight line gets ${info.best_linear_correct} of 10.`,
        }),
      );
      return;
    }
    const [L1, L2] = v.layers;
    const n = v.hidden;
    collapseBox.append(
      el("h3", { text: "With the identity, the two layers are one" }),
      equation([
        matrix("W₁", L1.weights, { kind: "weight", shape: `2 × ${n}` }),
        "·",
        matrix("W₂", L2.weights, { kind: "weight", shape: `${n} × 2` }),
        "=",
        matrix("W₁W₂", c.weights, { kind: "weight", shape: "2 × 2", label: "W₁W₂, the single layer's weights" }),
      ], { label: "W₁ times W₂" }),
      equation([
        matrix("b₁", [L1.bias], { kind: "bias", shape: `1 × ${n}` }),
        "·",
        matrix("W₂", L2.weights, { kind: "weight", shape: `${n} × 2` }),
        "+",
        matrix("b₂", [L2.bias], { kind: "bias", shape: "1 × 2" }),
        "=",
        matrix("b₁W₂ + b₂", [c.bias], { kind: "bias", shape: "1 × 2", label: "b₁W₂ + b₂, the single layer's biases" }),
      ], { label: "b₁ times W₂ plus b₂" }),
    );
    const same = el("p", { className: "collapse-check" });
    same.append(
      el("span", { className: "equal-mark", text: "Equal. " }),
      `For all ten houses, x · (W₁W₂) + (b₁W₂ + b₂) gives the network's own two scores: the largest difference is ${sci(c.max_difference)}, a rounding error in the 16th digit. `,
      `Training accuracy ${v.correct} of 10; the best any straight line can do is ${c.best_linear_correct} of 10.`,
    );
    same.dataset.maxDifference = String(c.max_difference);
    collapseBox.append(same);
  }

  await panel.start();
}
