// Section 4: gradient descent — step buttons, learning rates, the error map with GD's path.
import { createHeatmap } from "../charts/heatmap.js";
import { createLineChart } from "../charts/linechart.js";
import { createScatter } from "../charts/scatter.js";
import { buttons, checkbox, message, numberBox, readout } from "../controls.js";
import { el, place } from "../dom.js";
import { fixed, num, sci } from "../format.js";

const START = { weight: 0, bias: 0 };
const X_DOMAIN = [1400, 2600];

export async function mount(root, { api, state }) {
  // The map covers the API's default range, which is also section 3's slider range.
  const [data, grid, fields] = await Promise.all([
    api.regression.dataset({ dataset: "houses-3" }),
    api.regression.landscape({ dataset: "houses-3", resolution: 61 }),
    api.fields(),
  ]);
  const best = { weight: data.optimum.weights[0], bias: data.optimum.bias };
  const view = {
    standardize: state.get("std"),
    lrw: state.get("lrw"),
    lrb: state.get("lrb"),
    lr: state.get("lr"),
  };
  const spec = { lrw: state.spec("lrw"), lrb: state.spec("lrb"), lr: state.spec("lr") };
  let path = []; // [{weight, bias, mse}] since the last reset: view state drawn from API answers
  let goalStep = null; // the first step of the path below the goal, as the API reported it
  let busy = false;

  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const error = readout(controls, "Error");
  const note = message(controls);
  const [b1, b10, b100] = buttons(controls, [
    { label: "GD step", onClick: () => step(1), primary: true },
    { label: "10 GD steps", onClick: () => step(10) },
    { label: "100 GD steps", onClick: () => step(100) },
    { label: "Reset", onClick: () => reset() },
  ]);
  const std = checkbox(controls, {
    label: "Standardize inputs",
    checked: view.standardize,
    onChange: (on) => {
      view.standardize = on;
      showRates();
      saveView();
      reset();
    },
  });
  const rate = numberBox(controls, {
    label: "Learning rate", value: view.standardize ? view.lr : view.lrb, min: spec.lrb.min, max: spec.lrb.max,
    onChange: (v) => {
      if (view.standardize) view.lr = v;
      else view.lrb = v;
      saveView();
      refreshGradient();
    },
  });
  const wrate = numberBox(controls, {
    label: "Weight learning rate", value: view.lrw, min: spec.lrw.min, max: spec.lrw.max,
    help: "The weight needs a far smaller step: areas are in the thousands.",
    onChange: (v) => {
      view.lrw = v;
      saveView();
      refreshGradient();
    },
  });
  const stepsNote = message(controls);

  function showRates() {
    rate.set(view.standardize ? view.lr : view.lrb);
    rate.help(view.standardize ? "One rate for both weight and bias." : "For the bias; the weight has its own rate below.");
    wrate.wrap.hidden = view.standardize;
  }
  function rates() {
    return view.standardize
      ? { learning_rate_weights: view.lr, learning_rate_bias: view.lr, standardize: true }
      : { learning_rate_weights: view.lrw, learning_rate_bias: view.lrb, standardize: false };
  }
  function saveView() {
    state.set({ std: view.standardize, lr: view.lr, lrw: view.lrw, lrb: view.lrb });
  }

  const gradientBox = el("div", { className: "slot", attrs: { "data-slot": "gradient" } });
  const figure = (slot, label) => el("figure", { className: "figure", attrs: { "data-slot": slot, "aria-label": label } });
  const mapFigure = figure("map", "Error map over weight and bias with the path of gradient descent");
  const logFigure = figure("log", "Error log: error after each step");
  const chartFigure = figure("chart", "The current line through the houses");
  bench.append(gradientBox, mapFigure, logFigure, chartFigure);
  const map = createHeatmap(mapFigure);
  map.setGrid(grid);
  const log = createLineChart(logFigure);
  const chart = createScatter(chartFigure, {
    xDomain: X_DOMAIN, yDomain: [0, 600], xLabel: "area (sq ft)", yLabel: "price ($1000s)", height: 260,
  });

  function draw(ev) {
    const here = path[path.length - 1];
    error.textContent = num(here.mse, 0);
    root.dataset.mse = here.mse;
    root.dataset.steps = path.length - 1;
    map.update({ path, best });
    log.update(path.map((p) => p.mse));
    chart.update({
      points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
      line: ev.line,
    });
    const arrow = (d) => (d > 0 ? "↑" : d < 0 ? "↓" : "·");
    gradientBox.innerHTML = `<h3>The gradient here</h3><ul class="gradient-list">
      <li><span class="c-weight">weight</span> ${fixed(here.weight, 5)}: slope of the error ${sci(ev.gradient.weights[0])} → next step <span class="arrow"></span> <span data-role="dw"></span></li>
      <li><span class="c-bias">bias</span> ${num(here.bias, 2)}: slope of the error ${sci(ev.gradient.bias)} → next step <span class="arrow"></span> <span data-role="db"></span></li></ul>
      <p class="help">${view.standardize
        ? "Each parameter moves against its slope. With standardized inputs the step is taken on the rescaled area (slope there × learning rate) and then translated back to square feet, so it is not simply the slope above times the rate."
        : "Each parameter moves against its slope: where the error falls as the weight grows, the weight goes up. The step is minus the slope times that parameter's learning rate."}</p>`;
    const [aw, ab] = gradientBox.querySelectorAll(".arrow");
    aw.textContent = arrow(ev.next_step.weights[0]);
    ab.textContent = arrow(ev.next_step.bias);
    gradientBox.querySelector("[data-role=dw]").textContent = sci(ev.next_step.weights[0]);
    gradientBox.querySelector("[data-role=db]").textContent = sci(ev.next_step.bias);
    stepsNote.textContent = goalStep === null ? "" : `Below ${num(ev.goal)} after ${goalStep} step${goalStep === 1 ? "" : "s"}.`;
  }

  async function refreshGradient() {
    const here = path[path.length - 1];
    try {
      draw(await api.regression.evaluate({ dataset: "houses-3", weights: [here.weight], bias: here.bias, line_x: X_DOMAIN, ...rates() }));
    } catch (err) {
      note.textContent = err.message;
    }
  }

  async function step(n) {
    if (busy) return;
    busy = true;
    [b1, b10, b100].forEach((b) => (b.disabled = true));
    const here = path[path.length - 1];
    try {
      const res = await api.regression.train({ dataset: "houses-3", weights: [here.weight], bias: here.bias, steps: n, line_x: X_DOMAIN, ...rates() });
      // This answer's path starts where ours ends: its step k is our step (our length − 1) + k.
      if (goalStep === null && res.first_below_goal !== null) goalStep = path.length - 1 + res.first_below_goal;
      path = path.concat(res.path.slice(1).map((p) => ({ weight: p.weights[0], bias: p.bias, mse: p.mse })));
      note.textContent = res.message;
      note.classList.toggle("notice", res.diverged);
      root.dataset.diverged = res.diverged;
      draw(res);
      state.set({ gw: path[path.length - 1].weight, gb: path[path.length - 1].bias });
    } catch (err) {
      note.textContent = err.message;
    } finally {
      busy = false;
      [b1, b10, b100].forEach((b) => (b.disabled = false));
    }
  }

  /** Start a fresh path at `point`: the origin on Reset, or a point restored from the URL. */
  async function startAt(point, message) {
    path = [{ ...point, mse: NaN }];
    goalStep = null;
    note.textContent = message;
    note.classList.remove("notice");
    root.dataset.diverged = false;
    const ev = await api.regression.evaluate({ dataset: "houses-3", weights: [point.weight], bias: point.bias, line_x: X_DOMAIN, ...rates() });
    path[0].mse = ev.mse;
    if (ev.mse < ev.goal) goalStep = 0;
    draw(ev);
  }

  function reset() {
    state.set({ gw: null, gb: null });
    return startAt(START, "Back at the start: weight 0, bias 0.");
  }

  // Restore a shared point, if the URL has one; otherwise start at the origin.
  const gw = state.get("gw");
  const gb = state.get("gb");
  showRates();
  if (gw !== null && gb !== null) await startAt({ weight: gw, bias: gb }, "Restored from the link.");
  else await reset();

  // The race runs at the API's default rates; the table names them as the API states them.
  const compare = await api.regression.compare({ dataset: "houses-3", weights: [START.weight], bias: START.bias });
  const rateOf = (field) => String(fields["regression.compare"][field].default);
  const cell = (s) => (s === null ? "not reached" : num(s));
  place(root, "compare", el("div", { className: "slot" })).innerHTML = `<div class="table-wrap"><table class="data"><caption>Steps from weight 0, bias 0 until the error is below…</caption>
    <thead><tr><th scope="col">inputs</th>${compare.targets.map((t) => `<th scope="col">${num(t)}</th>`).join("")}</tr></thead>
    <tbody><tr><th scope="row">raw (rates ${rateOf("raw_learning_rate_weights")} and ${rateOf("raw_learning_rate_bias")})</th>${compare.raw.steps_to_target.map((s) => `<td>${cell(s)}</td>`).join("")}</tr>
    <tr><th scope="row">standardized (rate ${rateOf("standardized_learning_rate")})</th>${compare.standardized.steps_to_target.map((s) => `<td>${cell(s)}</td>`).join("")}</tr></tbody></table></div>
    <p>With raw inputs the bias races ahead and the error drops below ${num(compare.targets[0])} almost at once, but then the
    weight crawls along the narrow valley: it takes ${cell(compare.raw.steps_to_target.at(-1))} steps to get below ${num(compare.targets.at(-1))}.
    Standardized, the same descent takes ${cell(compare.standardized.steps_to_target.at(-1))}.</p>`;
}
