// Your own data: load a table, choose what to learn, train a network on it, take it away.
// The page holds the table (in memory and in this tab's sessionStorage) and the network's
// weights; every request carries what it needs, and every number shown comes from the API.
import { coalesced } from "../api.js";
import { buttons, message, numberBox, readout } from "../controls.js";
import { el, place } from "../dom.js";
import { num, percent, sci } from "../format.js";
import { t } from "../i18n.js";
import { classColour, createClassRegions, createLossChart, createPredictedActual } from "../workbench/charts.js";
import { TASK_AUTO, createChoice, parseHidden } from "../workbench/choose.js";
import { cliHint, createPicker, readFile } from "../workbench/picker.js";
import { createStore } from "../workbench/store.js";
import { columnsTable, confusionTable, previewTable, residualsTable, weightsTable } from "../workbench/tables.js";
import { createTakeaway } from "../workbench/takeaway.js";

/** "Train": this many more steps, in as many requests as the server's limit needs. */
const TRAIN_STEPS = 1000;
/** At most this many steps per request, so the curves move while training runs. */
const CHUNK = 250;
/** A link replays its training as runs (steps at one learning rate); at most this many. */
const MAX_RUNS = 24;

const own = (source) => source.startsWith("file:") || source === "paste";
const nameOf = (source) => (source.startsWith("file:") ? source.slice(5) : source === "paste" ? t("workbench.pasted_data") : source);
const frame = (win) => new Promise((resolve) => win.requestAnimationFrame(() => resolve()));

/** "100@0.1,50@0.5" ↔ [{steps, lr}] */
function decodeRuns(text) {
  return text ? text.split(",").map((r) => ({ steps: Number(r.split("@")[0]), lr: Number(r.split("@")[1]) })) : [];
}
const encodeRuns = (runs) => runs.map((r) => `${r.steps}@${r.lr}`).join(",");
/** A training answer's message in the reader's language (its English if it has no code). */
const said = (res) => (res.message_code ? t(`msg.${res.message_code.code}`, res.message_code.params) : res.message);

export async function mount(root, { api, state }) {
  const win = root.ownerDocument.defaultView;
  const store = createStore(win);
  const fields = await api.fields();
  const limits = {
    maxNeurons: fields["data.start"].hidden.items?.maximum ?? 32,
    maxLayers: fields["data.start"].hidden.maxItems ?? 3,
    activations: state.spec("y_act").choices,
    splits: state.spec("y_test").choices,
    maxSeed: state.spec("y_seed").max,
  };
  const datasets = await api.data.datasets();
  const server = datasets.find((d) => d.kind === "server");
  const firstSource = server ? server.name : "iris";

  // -- the parts ------------------------------------------------------------------------------
  const loadSlot = place(root, "load", el("div", { className: "slot wb-load" }));
  const relink = el("div", { className: "notice wb-relink", attrs: { role: "status" } });
  relink.hidden = true;
  const picker = createPicker(loadSlot, {
    datasets,
    onDataset: (name) => loadDataset(name),
    onFile: (file) => loadFile(file),
    onPaste: (text) => loadText(text),
  });
  loadSlot.prepend(relink);
  const inspectSlot = place(root, "inspect", el("div", { className: "slot wb-inspect" }));

  const bench = place(root, "bench", el("div", { className: "wb-bench" }));
  const controls = el("div", { className: "controls wb-controls" });
  const chooseBox = el("div");
  const trainBox = el("div", { className: "wb-train" });
  controls.append(chooseBox, trainBox);
  const side = el("div", { className: "wb-side" });
  bench.append(controls, side);
  const lrBox = numberBox(trainBox, {
    label: t("workbench.learning_rate"),
    value: state.get("y_lr"),
    min: state.spec("y_lr").min,
    max: state.spec("y_lr").max,
    help: t("workbench.learning_rate_help"),
    onChange: (v) => {
      lr = v;
      state.set({ y_lr: v });
    },
  });
  const [stepB, step10B, step100B, trainB, resetB] = buttons(trainBox, [
    { label: t("workbench.gd_step"), onClick: () => train(1), primary: true },
    { label: t("workbench.gd_steps", { n: 10 }), onClick: () => train(10) },
    { label: t("workbench.gd_steps", { n: 100 }), onClick: () => train(100) },
    { label: t("workbench.train"), onClick: () => (busy ? (stop = true) : train(TRAIN_STEPS)) },
    { label: t("workbench.reset"), onClick: () => restart() },
  ]);
  const progress = el("progress", { className: "wb-progress", attrs: { max: "1", value: "0", "aria-label": t("workbench.training_progress") } });
  progress.hidden = true;
  trainBox.append(progress);
  const status = message(trainBox);

  const readouts = el("div", { className: "wb-readouts" });
  side.append(readouts);
  const stepsOut = readout(readouts, t("workbench.steps"));
  const lossOut = readout(readouts, t("workbench.training_loss"));
  const testLossOut = readout(readouts, t("workbench.test_loss"));
  const accuracyOut = readout(readouts, t("workbench.test_accuracy"));
  const errorOut = readout(readouts, t("workbench.test_error"));
  const errorNote = el("p", { className: "figure-note wb-error-note" });
  readouts.append(errorNote);
  const curveFigure = el("figure", { className: "figure wb-curves" });
  const legend = el("p", { className: "curve-legend" });
  legend.innerHTML = '<span><svg width="26" height="10" aria-hidden="true"><line class="curve curve-train" x1="1" x2="25" y1="5" y2="5"></line></svg></span><span><svg width="26" height="10" aria-hidden="true"><line class="curve curve-test" x1="1" x2="25" y1="5" y2="5"></line></svg></span>';
  legend.children[0].append(t("workbench.legend_training_rows"));
  legend.children[1].append(t("workbench.legend_test_rows"));
  curveFigure.append(legend);
  side.append(curveFigure);
  let lossChart = null;

  const results = place(root, "results", el("div", { className: "wb-results" }));
  const figureBox = el("figure", { className: "figure wb-figure" });
  const tableBox = el("div", { className: "wb-tables" });
  const weightsBox = el("div", { className: "wb-weights-box" });
  results.append(figureBox, tableBox, weightsBox);
  const takeawaySlot = place(root, "takeaway", el("div", { className: "slot" }));
  const takeaway = createTakeaway(takeawaySlot, { getExport: () => api.data.export({ ...body(), layers: model.layers }) });

  // -- what the page holds --------------------------------------------------------------------
  let data = null; // {source, inspection}
  let choice = null;
  let sent = null; // the columns requests carry
  let model = null; // {setup, layers, step}
  let history = [];
  let runs = [];
  let lr = state.get("y_lr");
  let busy = false;
  let stop = false;
  let version = 0; // bumped whenever the model is replaced: older answers are dropped
  let figureKind = null;
  let figure = null;

  function body() {
    return {
      table: sent,
      target: choice.target,
      features: choice.features,
      task: choice.task,
      standardize: choice.standardize,
      hidden: choice.hidden,
      activation: choice.activation,
      test_size: choice.test_size,
      seed: choice.seed,
    };
  }

  /** The table's columns a request needs: the target and features (all, if one is unknown). */
  function columnsFor(table) {
    const wanted = [choice.target, ...choice.features];
    const names = new Set(table.columns.map((c) => c.name));
    const columns = wanted.every((n) => names.has(n))
      ? table.columns.filter((c) => wanted.includes(c.name))
      : table.columns.slice(0, 51);
    return { name: table.name, columns, lines: table.lines, from_file: table.from_file };
  }

  const suggest = (target) =>
    data.inspection.columns.filter((c) => c.name !== target && c.kind !== "text").map((c) => c.name).slice(0, 50);

  function linkChoice(inspection) {
    const target = state.get("y_target") || inspection.target;
    const features = state.get("y_features");
    return {
      target,
      features: features ? features.split(",") : target === inspection.target ? inspection.features : suggest(target),
      task: state.get("y_task") === TASK_AUTO ? null : state.get("y_task"),
      standardize: state.get("y_std"),
      hidden: parseHidden(state.get("y_hidden"), limits.maxNeurons) ?? [],
      activation: state.get("y_act"),
      test_size: state.get("y_test"),
      seed: state.get("y_seed"),
    };
  }

  function remember() {
    const suggested = choice.target === data.inspection.target ? data.inspection.features : suggest(choice.target);
    state.set({
      y_target: choice.target === data.inspection.target ? null : choice.target,
      y_features: choice.features.join(",") === suggested.join(",") ? null : choice.features.join(","),
      y_task: choice.task ?? TASK_AUTO,
      y_std: choice.standardize,
      y_hidden: choice.hidden.join(","),
      y_act: choice.activation,
      y_test: choice.test_size,
      y_seed: choice.seed,
    });
  }

  function rememberRuns() {
    state.set({ y_runs: runs.length && runs.length <= MAX_RUNS ? encodeRuns(runs) : null });
  }

  function problem(err) {
    const name = data ? data.inspection.name : t("workbench.the_data");
    const text = err.status === 413 ? t("workbench.too_much_to_send", { name, hint: cliHint(name) }) : err.message;
    picker.problem(text);
    status.textContent = text;
  }

  function setButtons() {
    for (const b of [stepB, step10B, step100B, resetB]) b.disabled = busy || !model;
    trainB.disabled = !model;
    trainB.textContent = busy ? t("workbench.stop") : t("workbench.train");
    takeaway.enable(Boolean(model) && !busy);
  }

  // -- loading --------------------------------------------------------------------------------
  async function loadDataset(name, restore = false) {
    picker.problem(null);
    try {
      useData(name, await api.data.dataset({ name }), restore);
    } catch (err) {
      picker.problem(err.message);
    }
  }

  async function loadFile(file) {
    picker.problem(null);
    try {
      const payload = await readFile(file);
      useData(`file:${file.name}`, await api.data.inspect({ ...payload, name: file.name }), relinking());
    } catch (err) {
      picker.problem(err.status === 413 ? t("workbench.too_large_to_send", { name: file.name, hint: cliHint(file.name) }) : err.message);
    }
  }

  async function loadText(text) {
    picker.problem(null);
    try {
      useData("paste", await api.data.inspect({ text, name: t("workbench.pasted_data") }), relinking());
    } catch (err) {
      const name = t("workbench.pasted_data");
      picker.problem(err.status === 413 ? t("workbench.too_large_to_send", { name, hint: cliHint(name) }) : err.message);
    }
  }

  /** A link to one's own data waits for the file; the first table loaded then takes its settings. */
  function relinking() {
    const waiting = !relink.hidden;
    relink.hidden = true;
    return waiting;
  }

  function useData(source, inspection, restore) {
    data = { source, inspection };
    if (own(source)) store.save({ source, inspection });
    state.set({ y_data: source === firstSource ? null : source });
    picker.current(inspection.name, datasets.find((d) => d.name === source));
    inspectSlot.replaceChildren(previewTable(inspection), columnsTable(inspection));
    if (restore) {
      choice = linkChoice(inspection);
    } else {
      const keep = choice ?? linkChoice(inspection);
      choice = { ...keep, target: inspection.target, features: inspection.features, task: null };
    }
    const chooser = createChoice(chooseBox, {
      inspection,
      choice,
      limits,
      suggest,
      onChange: (next) => {
        choice = next;
        remember();
        restart();
      },
    });
    detected = chooser.detected;
    remember();
    restart(restore ? decodeRuns(state.get("y_runs")) : []);
  }
  let detected = () => {};

  // -- training -------------------------------------------------------------------------------
  async function restart(replay = []) {
    version += 1;
    const v = version;
    stop = true;
    busy = false;
    model = null;
    runs = [];
    history = [];
    if (replay.length === 0) rememberRuns();
    setButtons();
    sent = columnsFor(data.inspection.table);
    picker.problem(null);
    status.textContent = t("workbench.starting");
    try {
      const started = await api.data.start(body());
      if (v !== version) return;
      model = { setup: started.setup, layers: started.layers, step: 0 };
      history = [started.start];
      detected(started.setup.detected_task);
      const counts = { train: started.setup.n_train, test: started.setup.n_test };
      status.textContent = started.setup.task === "classification"
        ? t("workbench.ready_classification", { classes: started.setup.classes.length, ...counts })
        : t("workbench.ready_regression", { target: started.setup.target, ...counts });
      buildFigures(started.setup);
      drawTraining();
      askView({ v, step: 0, req: { ...body(), layers: model.layers } });
    } catch (err) {
      if (v !== version) return;
      clearResults();
      problem(err);
    } finally {
      setButtons();
    }
    if (model && replay.length) {
      for (const run of replay) {
        lr = run.lr;
        if (!(await train(run.steps, true))) break;
      }
      lr = state.get("y_lr");
      lrBox.set(lr);
    }
  }

  /**
   * Take `total` steps in requests of at most the server's limit; false if interrupted.
   * `replaying`: the steps replay a link's training (the status says so).
   */
  async function train(total, replaying = false) {
    if (busy || !model) return false;
    busy = true;
    stop = false;
    const v = version;
    setButtons();
    progress.hidden = total <= CHUNK;
    progress.value = 0;
    let done = 0;
    let finished = true;
    try {
      while (done < total) {
        if (stop) {
          finished = false;
          status.textContent = t("workbench.stopped", { done, total });
          break;
        }
        const steps = Math.min(total - done, model.setup.max_steps_per_request, CHUNK);
        const res = await api.data.train({ ...body(), layers: model.layers, step: model.step, steps, learning_rate: lr });
        if (v !== version) return false;
        model.layers = res.layers;
        model.step = res.step;
        history = history.concat(res.points);
        if (res.steps_taken) {
          const last = runs.at(-1);
          if (last && last.lr === lr) last.steps += res.steps_taken;
          else runs.push({ steps: res.steps_taken, lr });
          rememberRuns();
        }
        done += steps;
        progress.value = done / total;
        status.textContent = total > steps && !res.diverged
          ? t(replaying ? "workbench.replaying_progress" : "workbench.training_status", { done, total })
          : said(res);
        drawTraining();
        askView({ v, step: model.step, req: { ...body(), layers: model.layers } });
        if (res.diverged) {
          status.textContent = said(res);
          finished = false;
          break;
        }
        await frame(win);
      }
      if (finished && total > CHUNK) status.textContent = t("msg.steps_taken", { steps: total });
    } catch (err) {
      if (v === version) problem(err);
      finished = false;
    } finally {
      if (v === version) {
        busy = false;
        progress.hidden = true;
        setButtons();
      }
    }
    return finished;
  }

  // -- drawing --------------------------------------------------------------------------------
  function buildFigures(setup) {
    const classification = setup.task === "classification";
    accuracyOut.parentElement.hidden = !classification;
    errorOut.parentElement.hidden = classification;
    errorNote.hidden = classification;
    if (!lossChart) lossChart = createLossChart(curveFigure);
    const kind = classification ? (setup.features.length === 2 ? "regions" : "none") : "scatter";
    if (kind !== figureKind) {
      figureBox.replaceChildren();
      figure = kind === "regions" ? createClassRegions(figureBox) : kind === "scatter" ? createPredictedActual(figureBox) : null;
      figureKind = kind;
    }
    figureBox.hidden = kind === "none";
  }

  function clearResults() {
    figureBox.hidden = true;
    tableBox.replaceChildren();
    weightsBox.replaceChildren();
    for (const out of [stepsOut, lossOut, testLossOut, accuracyOut, errorOut]) out.textContent = "—";
    errorNote.textContent = "";
    lossChart?.update([]);
  }

  function drawTraining() {
    const last = history.at(-1);
    stepsOut.textContent = num(model.step);
    lossOut.textContent = sci(last.train_loss);
    lossOut.dataset.value = String(last.train_loss);
    testLossOut.textContent = last.test_loss === null ? t("workbench.no_test_rows_value") : sci(last.test_loss);
    lossChart.update(history, model.setup.loss === "mse" ? t("workbench.loss_mse") : t("workbench.loss_cross_entropy"));
  }

  /** `step`: the step the weights of this view were taken at (kept on the readouts). */
  function drawView(view, step) {
    const s = view.scores;
    const setup = view.setup;
    accuracyOut.dataset.step = errorOut.dataset.step = String(step);
    if (setup.task === "classification") {
      accuracyOut.textContent = s.test_accuracy === null ? t("workbench.no_test_rows_value") : percent(s.test_accuracy, 1);
      accuracyOut.dataset.value = String(s.test_accuracy);
      tableBox.replaceChildren(confusionTable(setup.classes, view.confusion, view.confusion_rows));
      if (figure && figureKind === "regions") figure.update(view, setup.classes, setup.features);
      tableBox.prepend(classKey(setup.classes));
    } else {
      errorOut.textContent = s.test_error === null ? t("workbench.no_test_rows_value") : sci(s.test_error);
      errorOut.dataset.value = String(s.test_error);
      errorNote.textContent = s.test_error === null
        ? t("workbench.error_note_training", { error: sci(s.train_error) })
        : t("workbench.error_note_test", { n: setup.n_test, target: setup.target, rmse: sci(s.test_rmse) });
      if (figure && figureKind === "scatter") figure.update(view, setup.target);
      tableBox.replaceChildren(residualsTable(view, setup.target, data.inspection.table.from_file));
    }
    if (view.n_points_left_out) {
      tableBox.append(el("p", { className: "figure-note", text: t("workbench.points_left_out", { shown: view.points.length, left: view.n_points_left_out }) }));
    }
    weightsBox.replaceChildren(weightsTable(view.weights));
  }

  function classKey(classes) {
    const key = el("p", { className: "wb-class-key" });
    classes.forEach((c, k) => {
      const item = el("span");
      const swatch = el("span", { className: "wb-swatch" });
      swatch.style.background = classColour(k);
      item.append(swatch, c);
      key.append(item);
    });
    return key;
  }

  const askView = coalesced(
    ({ v, step, req }) => api.data.view(req).then((res) => ({ v, step, res })),
    ({ v, step, res }) => {
      if (v === version) drawView(res, step);
    },
    (err) => problem(err),
  );

  // -- drop a file anywhere on the section ------------------------------------------------------
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes("Files");
  root.addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    root.classList.add("wb-dragging");
  });
  root.addEventListener("dragleave", (e) => {
    if (e.target === root) root.classList.remove("wb-dragging");
  });
  root.addEventListener("drop", (e) => {
    const file = e.dataTransfer?.files?.[0];
    root.classList.remove("wb-dragging");
    if (!file) return;
    e.preventDefault();
    loadFile(file);
  });

  // -- start: the link's data, the tab's stored table, or the first dataset ---------------------
  setButtons();
  const source = state.get("y_data") || firstSource;
  if (own(source)) {
    const stored = store.load();
    if (stored && stored.source === source) {
      useData(source, stored.inspection, true);
    } else {
      relink.hidden = false;
      relink.textContent = t("workbench.relink", { name: nameOf(source) });
      picker.current(nameOf(source), null);
      status.textContent = t("workbench.load_to_start");
    }
  } else if (datasets.some((d) => d.name === source)) {
    await loadDataset(source, true);
  } else {
    picker.problem(t("workbench.unknown_dataset", { name: source, instead: firstSource }));
    await loadDataset(firstSource);
  }
}
