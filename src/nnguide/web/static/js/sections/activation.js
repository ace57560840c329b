// Section 10: why activation functions. With the identity the two layers collapse into one
// (the page prints W₁W₂ and b₁W₂ + b₂ and how close the one layer comes to the network), and
// the network is stuck at a straight line's accuracy; the plots show each function and slope.
import * as d3 from "../d3.js";
import { createRegions } from "../classify/regions.js";
import { el, place } from "../dom.js";
import { fixed, num, sci } from "../format.js";
import { t } from "../i18n.js";
import { equation, matrix } from "../part2/matrix.js";
import { createNetworkModel } from "../part2/model.js";
import { activationName, createPanel } from "../part2/panel.js";

const KEYS = { hidden: "a_n", activation: "a_act", seed: "a_seed", run: "a_run" };

/** d3's default tick labels (decimals from the tick step), written in the reader's locale. */
function localTicks(axis, scale, count) {
  const [a, b] = scale.domain();
  const digits = d3.precisionFixed(d3.tickStep(a, b, count));
  return axis.ticks(count).tickFormat((v) => fixed(v, digits));
}

/** A function's name as code writes it; only the identity is a word to translate. */
const fnName = (name) => (name === "identity" ? t("activation.fn_identity") : name);

/** One small plot: the function (solid) and its slope (dashed) over the API's z values. */
function activationPlot(parent, curve) {
  const fig = el("figure", { className: "act-plot", attrs: { "data-activation": curve.name } });
  fig.append(el("figcaption", { text: activationName(curve.name) }));
  parent.append(fig);
  const width = 200;
  const height = 150;
  const m = { top: 8, right: 8, bottom: 22, left: 28 };
  const svg = d3.select(fig).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", t("activation.plot_label", { name: fnName(curve.name), from: num(curve.z[0], 12), to: num(curve.z.at(-1), 12) }));
  const x = d3.scaleLinear().domain(d3.extent(curve.z)).range([m.left, width - m.right]);
  const [lo, hi] = d3.extent([...curve.value, ...curve.slope]);
  const y = d3.scaleLinear().domain([Math.min(lo, 0), Math.max(hi, 1)]).nice().range([height - m.bottom, m.top]);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${y(0)})`).call(localTicks(d3.axisBottom(x), x, 4).tickSize(3));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${x(0)},0)`).call(localTicks(d3.axisLeft(y), y, 4).tickSize(3));
  const line = (values) => d3.line().x((_, i) => x(curve.z[i])).y((v) => y(v))(values);
  svg.append("path").attr("class", "act-value").attr("d", line(curve.value));
  svg.append("path").attr("class", "act-slope").attr("d", line(curve.slope));
  return fig;
}

export async function mount(root, { api, state }) {
  const info = await api.classify.houses();
  const bench = place(root, "bench", el("div", { className: "workbench p2-bench" }));
  const controls = el("div", { className: "controls" });
  const regionFig = el("figure", { className: "figure", attrs: { "data-slot": "regions", "aria-label": t("part2.regions_label") } });
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
  regionFig.append(el("figcaption", { className: "legend", text: t("activation.regions_legend") }));

  // The activation plots, one per function the API offers.
  const curvesSlot = place(root, "curves", el("div", { className: "slot" }));
  const plots = el("div", { className: "act-plots" });
  const key = el("p", { className: "act-key" });
  key.append(
    el("span", { className: "value-key", text: "——" }),
    ` ${t("activation.key_function")}   `,
    el("span", { className: "slope-key", text: "– –" }),
    ` ${t("activation.key_slope")}`,
  );
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
    const name = activationName(v.activation);
    const c = v.collapsed;
    if (!c) {
      collapseBox.append(
        el("h3", { text: t("activation.no_single_title", { name }) }),
        el("p", { text: t("activation.no_single_text", { name, correct: v.correct, best: info.best_linear_correct }) }),
      );
      return;
    }
    const [L1, L2] = v.layers;
    const n = v.hidden;
    collapseBox.append(
      el("h3", { text: t("activation.one_layer_title") }),
      equation([
        matrix("W₁", L1.weights, { kind: "weight", shape: `2 × ${n}` }),
        "·",
        matrix("W₂", L2.weights, { kind: "weight", shape: `${n} × 2` }),
        "=",
        matrix("W₁W₂", c.weights, { kind: "weight", shape: "2 × 2", label: t("activation.product_label") }),
      ], { label: t("activation.product_equation") }),
      equation([
        matrix("b₁", [L1.bias], { kind: "bias", shape: `1 × ${n}` }),
        "·",
        matrix("W₂", L2.weights, { kind: "weight", shape: `${n} × 2` }),
        "+",
        matrix("b₂", [L2.bias], { kind: "bias", shape: "1 × 2" }),
        "=",
        matrix("b₁W₂ + b₂", [c.bias], { kind: "bias", shape: "1 × 2", label: t("activation.bias_label") }),
      ], { label: t("activation.bias_equation") }),
    );
    const same = el("p", { className: "collapse-check" });
    same.append(
      el("span", { className: "equal-mark", text: `${t("activation.equal")} ` }),
      t("activation.equal_text", { difference: sci(c.max_difference), correct: v.correct, best: c.best_linear_correct }),
    );
    same.dataset.maxDifference = String(c.max_difference);
    collapseBox.append(same);
  }

  await panel.start();
}
