// Section 4: gradient descent — a start point, step buttons and Train, learning rates, the
// error map with GD's path, the error log and the line. A link replays the whole history.
import { caption } from "../charts/frame.js";
import { createHeatmap } from "../charts/heatmap.js";
import { createLineChart } from "../charts/linechart.js";
import { createScatter } from "../charts/scatter.js";
import { busy, buttons, checkbox, message, numberBox, readout, slider } from "../controls.js";
import { el, place } from "../dom.js";
import { fixed, num, numNear, rate as rateText, sci } from "../format.js";
import { duration } from "../motion.js";
import { createSchedule, flagField, rateField } from "../schedule.js";

const X_DOMAIN = [1400, 2600];
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Text for innerHTML. */
const esc = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

export async function mount(root, { api, state, t }) {
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
  const maxSteps = fields["regression.train"].steps.maximum;
  const history = createSchedule([rateField("lrw"), rateField("lrb"), flagField("std", "s", "r")], { maxSteps });
  let start = { weight: state.get("gw"), bias: state.get("gb") };
  let path = []; // [{weight, bias, mse}] since the start: view state drawn from API answers
  let goalStep = null; // the first step of the path below the goal, as the API reported it
  let goodPoint = null; // where to go back to after the error blew up: {step, point}
  let working = false;
  let playing = false;

  const MORE = t("gd.more");
  const bench = place(root, "workbench", el("div", { className: "workbench gd-bench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const bar = el("div", { className: "bar" });
  controls.append(bar);
  const error = readout(bar, t("controls.error"));
  const [b1, b10, b100, trainButton, resetButton] = buttons(bar, [
    { label: t("gd.steps", { count: 1 }), more: MORE, onClick: () => step(1), primary: true },
    { label: t("gd.steps", { count: 10 }), more: MORE, onClick: () => step(10) },
    { label: t("gd.steps", { count: 100 }), more: MORE, onClick: () => step(100) },
    { label: t("gd.train"), more: MORE, onClick: () => (playing ? stop() : play()) },
    { label: t("gd.reset"), more: MORE, onClick: () => reset() },
  ]);
  const stepButtons = [b1, b10, b100, resetButton];
  // Nothing to step from until the start point's first answer is in.
  busy([...stepButtons, trainButton], true);
  // The start point: in the bar, so it stays in view with the map it marks.
  const startBox = el("div", { className: "start-box" });
  bar.append(startBox);
  const ws = state.spec("w");
  const bs = state.spec("b");
  const wStart = slider(startBox, {
    label: t("gd.start_weight"), min: ws.min, max: ws.max, step: 0.001, value: start.weight,
    format: (v) => fixed(v, 3), onInput: (v) => moveStart({ weight: v }),
  });
  const bStart = slider(startBox, {
    label: t("gd.start_bias"), min: bs.min, max: bs.max, step: 1, value: start.bias, className: "bias",
    format: (v) => num(v, 0), onInput: (v) => moveStart({ bias: v }),
  });
  trainButton.classList.add("play");
  const trainLabel = (text) => {
    trainButton.textContent = text;
    trainButton.setAttribute("aria-label", text + MORE);
  };
  const note = message(controls);
  const [restartButton] = buttons(controls, [{ label: t("gd.restart"), more: MORE, onClick: () => restart() }]);
  restartButton.hidden = true;
  const stepsNote = message(controls);
  stepsNote.classList.add("goal-note");

  checkbox(controls, {
    label: t("gd.standardize"),
    more: MORE,
    checked: view.standardize,
    onChange: (on) => {
      view.standardize = on;
      showRates();
      saveView();
      refreshGradient();
    },
  });
  const rate = numberBox(controls, {
    label: t("gd.learning_rate"), more: MORE, value: view.standardize ? view.lr : view.lrb, min: spec.lrb.min, max: spec.lrb.max,
    onChange: (v) => {
      if (view.standardize) view.lr = v;
      else view.lrb = v;
      saveView();
      refreshGradient();
    },
  });
  const wrate = numberBox(controls, {
    label: t("gd.weight_rate"), value: view.lrw, min: spec.lrw.min, max: spec.lrw.max,
    help: t("gd.weight_rate_help"),
    onChange: (v) => {
      view.lrw = v;
      saveView();
      refreshGradient();
    },
  });

  function showRates() {
    rate.set(view.standardize ? view.lr : view.lrb);
    rate.help(view.standardize ? t("gd.rate_help_standardized") : t("gd.rate_help_raw"));
    wrate.set(view.lrw);
    wrate.wrap.hidden = view.standardize;
  }
  const settings = () => (view.standardize ? { lrw: view.lr, lrb: view.lr, std: true } : { lrw: view.lrw, lrb: view.lrb, std: false });
  const asRequest = (s) => ({ learning_rate_weights: s.lrw, learning_rate_bias: s.lrb, standardize: s.std });
  function saveView() {
    state.set({ std: view.standardize, lr: view.lr, lrw: view.lrw, lrb: view.lrb });
  }
  function saveRun() {
    state.set({ gw: start.weight, gb: start.bias, gs: history.text() });
  }

  const gradientBox = el("div", { className: "slot gradient", attrs: { "data-slot": "gradient" } });
  const figure = (slot) => el("figure", { className: "figure", attrs: { "data-slot": slot } });
  const mapFigure = figure("map");
  const logFigure = figure("log");
  const chartFigure = figure("chart");
  bench.append(mapFigure, gradientBox, logFigure, chartFigure);
  const map = createHeatmap(mapFigure);
  map.setGrid(grid);
  const key = el("p", { className: "map-legend" });
  key.innerHTML = `<span class="key-item"><svg width="14" height="14" aria-hidden="true"><rect class="start-mark" x="2" y="2" width="10" height="10"/></svg> ${esc(t("gd.key_start"))}</span>
    <span class="key-item"><svg width="22" height="14" aria-hidden="true"><path class="path-line" d="M1,7 H21"/></svg> ${esc(t("gd.key_path"))}</span>
    <span class="key-item"><svg width="16" height="16" aria-hidden="true"><circle class="current-dot" cx="8" cy="8" r="5"/></svg> ${esc(t("gd.key_now"))}</span>
    <span class="key-item"><svg width="18" height="18" aria-hidden="true"><circle class="optimum-mark" cx="9" cy="9" r="7"/></svg> ${esc(t("gd.key_best"))}</span>`;
  mapFigure.append(key);
  caption(mapFigure, t("gd.map_caption"));
  const log = createLineChart(logFigure, { label: t("gd.log_label") });
  caption(logFigure, t("gd.log_caption"));
  const chart = createScatter(chartFigure, {
    xDomain: X_DOMAIN, yDomain: [0, 500], xLabel: t("intro.axis_area"), yLabel: t("intro.axis_price"), height: 260,
    label: t("gd.chart_label"),
  });
  caption(chartFigure, t("gd.chart_caption"));

  function draw(ev, { animate = false } = {}) {
    const here = path[path.length - 1];
    error.textContent = numNear(here.mse, [ev.goal]);
    root.dataset.mse = here.mse;
    root.dataset.steps = path.length - 1;
    map.update({ path, best }, { animate });
    log.update(path.map((p) => p.mse));
    chart.update({
      points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
      line: ev.line,
    }, { animate });
    const arrow = (d) => (d > 0 ? "↑" : d < 0 ? "↓" : "·");
    gradientBox.innerHTML = `<h3>${esc(t("gd.gradient_title"))}</h3><ul class="gradient-list">
      <li>${t("gd.gradient_weight_html", { value: sci(here.weight), slope: sci(ev.gradient.weights[0]) })}</li>
      <li>${t("gd.gradient_bias_html", { value: sci(here.bias), slope: sci(ev.gradient.bias) })}</li></ul>
      <p class="help">${esc(view.standardize ? t("gd.gradient_help_standardized") : t("gd.gradient_help_raw"))}</p>`;
    const [aw, ab] = gradientBox.querySelectorAll(".arrow");
    aw.textContent = arrow(ev.next_step.weights[0]);
    ab.textContent = arrow(ev.next_step.bias);
    gradientBox.querySelector("[data-role=dw]").textContent = sci(ev.next_step.weights[0]);
    gradientBox.querySelector("[data-role=db]").textContent = sci(ev.next_step.bias);
    stepsNote.textContent = goalStep === null ? "" : t("gd.below_goal_after", { goal: num(ev.goal), steps: goalStep });
    restartButton.hidden = goodPoint === null;
    if (goodPoint) restartButton.title = t("gd.restart_title", { step: num(goodPoint.step), error: num(goodPoint.point.mse) });
  }

  async function refreshGradient() {
    const here = path[path.length - 1];
    try {
      draw(await api.regression.evaluate({ dataset: "houses-3", weights: [here.weight], bias: here.bias, line_x: X_DOMAIN, ...asRequest(settings()) }));
    } catch (err) {
      note.textContent = err.message;
    }
  }

  /** Take in a /train answer whose path starts at our step `offset`. */
  function absorb(res, offset) {
    if (goalStep === null && res.first_below_goal !== null) goalStep = offset + res.first_below_goal;
    const points = res.path.map((p) => ({ weight: p.weights[0], bias: p.bias, mse: p.mse }));
    path = offset === 0 ? points : path.concat(points.slice(1));
    // The first time the error blows up or climbs, remember the best point before it.
    const blewUp = res.diverged || res.message_code.code === "error_went_up" || res.message_code.code === "bouncing";
    if (blewUp && goodPoint === null) goodPoint = { step: offset + res.lowest_step, point: points[res.lowest_step] };
    root.dataset.diverged = res.diverged;
    note.classList.toggle("notice", blewUp);
    // After a blow-up, lowering the rate alone does not help (the weight is already far off):
    // the way back is a restart from the last good point, or Reset.
    const { code, params } = res.message_code;
    const said = t(`msg.${code}`, params);
    const what = code === "diverged" ? t("gd.diverged", params) : said;
    note.textContent = blewUp && goodPoint
      ? t("gd.blew_up", { what, step: num(goodPoint.step), error: num(goodPoint.point.mse) })
      : said;
  }

  async function step(n) {
    if (working) return false;
    const now = settings();
    const room = history.room(now);
    if (room === 0) {
      note.textContent = t("gd.history_full", { steps: history.total() });
      return false;
    }
    working = true;
    busy(stepButtons, true);
    const here = path[path.length - 1];
    const k = Math.min(n, room);
    let ok = false;
    try {
      const res = await api.regression.train({ dataset: "houses-3", weights: [here.weight], bias: here.bias, steps: k, line_x: X_DOMAIN, ...asRequest(now) });
      absorb(res, path.length - 1);
      history.add(k, now);
      saveRun();
      draw(res, { animate: true });
      ok = !res.diverged && k === n;
    } catch (err) {
      note.textContent = err.message;
    } finally {
      working = false;
      busy(stepButtons, playing);
    }
    return ok;
  }

  // Train: keep stepping until paused (or until the error blows up), like TensorFlow
  // Playground's play button; each step's move is animated unless motion is reduced.
  async function play() {
    playing = true;
    trainLabel(t("gd.pause"));
    busy(stepButtons, true);
    while (playing) {
      const done = path.length - 1;
      const chunk = done < 20 ? 1 : done < 200 ? 5 : 25;
      if (!(await step(chunk))) break;
      await pause(Math.max(60, duration(220)));
    }
    stop();
  }
  function stop() {
    playing = false;
    trainLabel(t("gd.train"));
    busy(stepButtons, working);
  }

  /** Start a fresh path at `point`, or replay `runs` from it (a link's history). */
  async function startAt(point, text, runs = null) {
    start = { weight: point.weight, bias: point.bias };
    wStart.set(start.weight);
    bStart.set(start.bias);
    goalStep = null;
    goodPoint = null;
    note.textContent = text;
    note.classList.remove("notice");
    if (runs && runs.length) {
      const res = await api.regression.train({
        dataset: "houses-3", weights: [start.weight], bias: start.bias, steps: 1, line_x: X_DOMAIN, ...asRequest(settings()),
        schedule: runs.map((r) => ({ steps: r.steps, ...asRequest(r) })),
      });
      absorb(res, 0);
      if (goodPoint === null) note.textContent = text;
      draw(res);
      return;
    }
    history.clear();
    const ev = await api.regression.evaluate({ dataset: "houses-3", weights: [start.weight], bias: start.bias, line_x: X_DOMAIN, ...asRequest(settings()) });
    path = [{ weight: start.weight, bias: start.bias, mse: ev.mse }];
    if (ev.mse < ev.goal) goalStep = 0;
    root.dataset.diverged = false; // set once the new start is drawn, so a reader can wait for it
    draw(ev);
  }

  function reset() {
    stop();
    showRates(); // the rates in use, shown as valid (an old typing error does not stay)
    startAt(start, t("gd.back_at_start", { weight: fixed(start.weight, 3), bias: num(start.bias) })).then(saveRun);
  }
  function restart() {
    if (!goodPoint) return;
    stop();
    const { step: k, point } = goodPoint;
    startAt(point, t("gd.restarted", { step: num(k), error: num(point.mse) })).then(saveRun);
  }
  let moving = null;
  function moveStart(patch) {
    stop();
    start = { ...start, ...patch };
    // Coalesce a drag: the last position wins once the previous answer is in.
    const target = { ...start };
    moving = (moving ?? Promise.resolve()).then(() => (target.weight === start.weight && target.bias === start.bias
      ? startAt(target, t("gd.start_here")).then(saveRun)
      : null));
  }

  showRates();
  root.dataset.diverged = false;
  const saved = state.get("gs");
  if (saved && history.parse(saved)) {
    await startAt(start, t("gd.restored_steps"), history.runs);
  } else {
    const restored = state.get("gw") !== 0 || state.get("gb") !== 0;
    await startAt(start, restored ? t("gd.restored") : t("gd.initial"));
  }
  busy([...stepButtons, trainButton], false);

  // The race runs at the API's default rates; the table names them as the API states them.
  const compare = await api.regression.compare({ dataset: "houses-3", weights: [0], bias: 0 });
  const rateOf = (field) => rateText(fields["regression.compare"][field].default);
  const cell = (s) => (s === null ? t("gd.not_reached") : num(s));
  const rawRates = { weight: rateOf("raw_learning_rate_weights"), bias: rateOf("raw_learning_rate_bias") };
  place(root, "compare", el("div", { className: "slot" })).innerHTML = `<div class="table-wrap"><table class="data"><caption>${esc(t("gd.compare_caption"))}</caption>
    <thead><tr><th scope="col">${esc(t("gd.compare_inputs"))}</th>${compare.targets.map((v) => `<th scope="col">${num(v)}</th>`).join("")}</tr></thead>
    <tbody><tr><th scope="row">${esc(t("gd.compare_raw", rawRates))}</th>${compare.raw.steps_to_target.map((s) => `<td>${esc(cell(s))}</td>`).join("")}</tr>
    <tr><th scope="row">${esc(t("gd.compare_standardized", { rate: rateOf("standardized_learning_rate") }))}</th>${compare.standardized.steps_to_target.map((s) => `<td>${esc(cell(s))}</td>`).join("")}</tr></tbody></table></div>
    <p>${esc(t("gd.compare_text", {
      first: num(compare.targets[0]),
      raw: cell(compare.raw.steps_to_target.at(-1)),
      last: num(compare.targets.at(-1)),
      standardized: cell(compare.standardized.steps_to_target.at(-1)),
    }))}</p>`;
}
