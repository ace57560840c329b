// The workbench's figures: the loss curves, decision regions for any number of classes, and
// predicted against actual. Each is drawn at the size its box has on screen.
import * as d3 from "../d3.js";
import { fixed, num, sci } from "../format.js";
import { t } from "../i18n.js";

/** One colour per class, colour-blind safe first (Okabe–Ito), then Tableau's ten. */
export const CLASS_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442", "#000000", ...d3.schemeTableau10, "#8c564b", "#7f7f7f"];
export const classColour = (k) => CLASS_COLOURS[k % CLASS_COLOURS.length];

function sized(container, { min = 260, max = 720, ratio = 0.62, lo = 200, hi = 460 } = {}) {
  const width = Math.max(min, Math.min(max, Math.round(container.clientWidth || 560)));
  return { width, height: Math.round(Math.min(hi, Math.max(lo, width * ratio))) };
}

/** Tick labels in the reader's conventions, with the decimals d3's own labels would have. */
function ticksOf(scale, count) {
  const [lo, hi] = scale.domain();
  const digits = d3.precisionFixed(Math.abs(d3.tickStep(lo, hi, count)) || 1);
  return (v) => fixed(v, digits);
}

function onResize(container, draw) {
  let seen = 0;
  new ResizeObserver(() => {
    const w = container.clientWidth;
    if (Math.abs(w - seen) > 8) {
      seen = w;
      draw();
    }
  }).observe(container);
}

/** Training and test loss against steps; a log scale once the loss spans a wide range. */
export function createLossChart(container) {
  let label = t("workbench.chart_loss");
  const m = { top: 22, right: 16, bottom: 36, left: 60 };
  const svg = d3.select(container).append("svg").attr("class", "wb-loss").attr("role", "img");
  const title = svg.append("title");
  const gx = svg.append("g").attr("class", "axis");
  const gy = svg.append("g").attr("class", "axis");
  const xLabel = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end").text(t("workbench.chart_step"));
  const yLabel = svg.append("text").attr("class", "axis-label").attr("x", 4).attr("y", 14);
  const train = svg.append("path").attr("class", "curve curve-train");
  const test = svg.append("path").attr("class", "curve curve-test");
  let points = [];
  function draw() {
    const { width, height } = sized(container, { ratio: 0.4, lo: 180, hi: 260 });
    svg.attr("viewBox", `0 0 ${width} ${height}`);
    const last = points.length ? points.at(-1).step : 1;
    const x = d3.scaleLinear().domain([0, Math.max(1, last)]).range([m.left, width - m.right]);
    const values = points.flatMap((p) => [p.train_loss, p.test_loss]).filter((v) => v !== null && v > 0);
    const lo = d3.min(values) ?? 0.1;
    const hi = d3.max(values) ?? 1;
    const useLog = lo > 0 && hi / lo > 30;
    const y = (useLog ? d3.scaleLog().domain([lo, hi]) : d3.scaleLinear().domain([0, hi * 1.05 || 1]).nice()).range([height - m.bottom, m.top]);
    gx.attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(width / 90))).tickFormat((v) => (Number.isInteger(v) ? num(v) : "")));
    gy.attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(5, useLog ? "~g" : undefined).tickFormat(useLog ? (v) => (Math.log10(v) % 1 === 0 ? sci(v) : "") : (v) => sci(v)));
    xLabel.attr("x", width - m.right).attr("y", height - 4);
    yLabel.text(useLog ? t("workbench.chart_log_scale", { label }) : label);
    title.text(t("workbench.chart_loss_title", { label }));
    const line = (key) => d3.line().defined((p) => p[key] !== null && p[key] > 0).x((p) => x(p.step)).y((p) => y(p[key]));
    train.attr("d", points.length ? line("train_loss")(points) : null);
    test.attr("d", points.length ? line("test_loss")(points) : null);
  }
  onResize(container, draw);
  return {
    /** points: [{step, train_loss, test_loss | null}]; name: the loss's name. */
    update(next, name = label) {
      points = next;
      label = name;
      draw();
    },
  };
}

/**
 * Two features: the plane coloured by the class the model picks (paler where it is less
 * sure), and the rows on top: filled for training rows, hollow for test rows, outlined in
 * black where the model is wrong.
 */
export function createClassRegions(container) {
  const m = { top: 14, right: 18, bottom: 44, left: 60 };
  const svg = d3.select(container).append("svg").attr("class", "wb-regions").attr("role", "img");
  const image = svg.append("image").attr("preserveAspectRatio", "none");
  const canvas = document.createElement("canvas");
  const gx = svg.append("g").attr("class", "axis");
  const gy = svg.append("g").attr("class", "axis");
  const xLabel = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end");
  const yLabel = svg.append("text").attr("class", "axis-label").attr("transform", "rotate(-90)").attr("y", 14).attr("text-anchor", "end");
  const dots = svg.append("g").attr("class", "wb-dots");
  let last = null;
  function draw() {
    if (!last) return;
    const { view, classes, names } = last;
    const r = view.regions;
    const { width, height } = sized(container, { ratio: 0.7, hi: 520 });
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("aria-label", t("workbench.regions_label", { x: names[0], y: names[1] }));
    const x = d3.scaleLinear().domain([r.x[0], r.x.at(-1)]).range([m.left, width - m.right]);
    const y = d3.scaleLinear().domain([r.y[0], r.y.at(-1)]).range([height - m.bottom, m.top]);
    canvas.width = r.x.length;
    canvas.height = r.y.length;
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(canvas.width, canvas.height);
    const floor = 1 / classes.length;
    r.winner.forEach((rowWinners, i) => {
      const py = canvas.height - 1 - i; // the second feature grows upwards
      rowWinners.forEach((k, j) => {
        // Paler where the model is less sure: from 1/K (a toss-up) to 1 (certain).
        const sure = Math.max(0, (r.confidence[i][j] - floor) / (1 - floor));
        const c = d3.rgb(d3.interpolateRgb("#ffffff", classColour(k))(0.12 + 0.43 * sure));
        img.data.set([c.r, c.g, c.b, 255], 4 * (py * canvas.width + j));
      });
    });
    ctx.putImageData(img, 0, 0);
    const dx = (x(r.x.at(-1)) - x(r.x[0])) / (r.x.length - 1) / 2;
    const dy = (y(r.y[0]) - y(r.y.at(-1))) / (r.y.length - 1) / 2;
    image.attr("href", canvas.toDataURL()).attr("x", m.left - dx).attr("y", m.top - dy).attr("width", width - m.left - m.right + 2 * dx).attr("height", height - m.top - m.bottom + 2 * dy);
    const nx = Math.max(3, Math.floor(width / 90));
    gx.attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(nx).tickFormat(ticksOf(x, nx)));
    gy.attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(6).tickFormat(ticksOf(y, 6)));
    xLabel.attr("x", width - m.right).attr("y", height - 6).text(names[0]);
    yLabel.attr("x", -m.top).text(names[1]);
    const shape = (p) => d3.symbol(p.test ? d3.symbolDiamond : d3.symbolCircle, p.test ? 70 : 50)();
    dots
      .selectAll("path")
      .data(view.points)
      .join((enter) => enter.append("path").call((s) => s.append("title")))
      .attr("d", shape)
      .attr("transform", (p) => `translate(${x(p.x[0])},${y(p.x[1])})`)
      .attr("class", (p) => `wb-dot${p.test ? " test" : ""}${p.actual !== p.predicted ? " wrong" : ""}`)
      .attr("fill", (p) => (p.test ? "#fff" : classColour(p.actual)))
      .attr("stroke", (p) => (p.actual !== p.predicted ? "#1d1d1f" : p.test ? classColour(p.actual) : "#fff"))
      .select("title")
      .text((p) =>
        t(p.test ? "workbench.regions_tip_test" : "workbench.regions_tip", {
          line: String(p.line),
          x_name: names[0],
          x: num(p.x[0], 3),
          y_name: names[1],
          y: num(p.x[1], 3),
          actual: classes[p.actual],
          predicted: classes[p.predicted],
        }),
      );
  }
  onResize(container, draw);
  return {
    update(view, classes, names) {
      last = { view, classes, names };
      draw();
    },
  };
}

/** Regression: each row's prediction against its actual value; on the diagonal is right. */
export function createPredictedActual(container) {
  const m = { top: 14, right: 18, bottom: 44, left: 66 };
  const svg = d3.select(container).append("svg").attr("class", "wb-scatter").attr("role", "img");
  const diagonal = svg.append("line").attr("class", "wb-diagonal");
  const gx = svg.append("g").attr("class", "axis");
  const gy = svg.append("g").attr("class", "axis");
  const xLabel = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end");
  const yLabel = svg.append("text").attr("class", "axis-label").attr("x", 4).attr("y", 10);
  const dots = svg.append("g");
  let last = null;
  function draw() {
    if (!last) return;
    const { view, target } = last;
    const { width, height } = sized(container, { ratio: 0.7, hi: 480 });
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("aria-label", t("workbench.scatter_label", { target }));
    const extent = d3.extent(view.points.flatMap((p) => [p.actual, p.predicted]));
    const pad = (extent[1] - extent[0]) * 0.04 || 1;
    const domain = [extent[0] - pad, extent[1] + pad];
    const x = d3.scaleLinear().domain(domain).range([m.left, width - m.right]).nice();
    const y = d3.scaleLinear().domain(domain).range([height - m.bottom, m.top]).nice();
    const [d0, d1] = x.domain();
    diagonal.attr("x1", x(d0)).attr("y1", y(d0)).attr("x2", x(d1)).attr("y2", y(d1));
    const nx = Math.max(3, Math.floor(width / 90));
    gx.attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(nx).tickFormat(ticksOf(x, nx)));
    gy.attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(6).tickFormat(ticksOf(y, 6)));
    xLabel.attr("x", width - m.right).attr("y", height - 6).text(t("workbench.scatter_actual", { target }));
    yLabel.text(t("workbench.scatter_predicted", { target }));
    dots
      .selectAll("circle")
      .data(view.points)
      .join((enter) => enter.append("circle").call((c) => c.append("title")))
      .attr("r", (p) => (p.test ? 4.5 : 3.5))
      .attr("cx", (p) => x(p.actual))
      .attr("cy", (p) => y(p.predicted))
      .attr("class", (p) => `wb-point${p.test ? " test" : ""}`)
      .select("title")
      .text((p) =>
        t(p.test ? "workbench.scatter_tip_test" : "workbench.scatter_tip", { line: String(p.line), actual: num(p.actual, 3), predicted: num(p.predicted, 3) }),
      );
  }
  onResize(container, draw);
  return {
    update(view, target) {
      last = { view, target };
      draw();
    },
  };
}
