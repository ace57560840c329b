// Your own data: load a table, choose what to learn, train a network on it, take it away.
// The page holds the table (in memory and in this tab's sessionStorage) and the network's
// weights; every request carries what it needs, and every number shown comes from the API.
import { coalesced } from "../api.js";
import { buttons, message, numberBox, readout } from "../controls.js";
import { el, place } from "../dom.js";
import { num, percent, sci } from "../format.js";
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
const nameOf = (source) => (source.startsWith("file:") ? source.slice(5) : source === "paste" ? "pasted data" : source);
const frame = (win) => new Promise((resolve) => win.requestAnimationFrame(() => resolve()));

/** "100@0.1,50@0.5" ↔ [{steps, lr}] */
function decodeRuns(text) {
  return text ? text.split(",").map((r) => ({ steps: Number(r.split("@")[0]), lr: Number(r.split("@")[1]) })) : [];
}
const encodeRuns = (runs) => runs.map((r) => `${r.steps}@${r.lr}`).join(",");

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
    label: "Learning rate",
    value: state.get("y_lr"),
    min: state.spec("y_lr").min,
    max: state.spec("y_lr").max,
    help: "the size of each step; changing it keeps the weights",
    onChange: (v) => {
      lr = v;
      state.set({ y_lr: v });
    },
  });
  const [stepB, step10B, step100B, trainB, resetB] = buttons(trainBox, [
    { label: "GD step", onClick: () => train(1), primary: true },
    { label: "10 GD steps", onClick: () => train(10) },
    { label: "100 GD steps", onClick: () => train(100) },
    { label: "Train", onClick: () => (busy ? (stop = true) : train(TRAIN_STEPS)) },
    { label: "Reset", onClick: () => restart() },
  ]);
  const progress = el("progress", { className: "wb-progress", attrs: { max: "1", value: "0", "aria-label": "training progress" } });
  progress.hidden = true;
  trainBox.append(progress);
  const status = message(trainBox);

  const readouts = el("div", { className: "wb-readouts" });
  side.append(readouts);
  const stepsOut = readout(readouts, "Steps");
  const lossOut = readout(readouts, "Training loss");
  const testLossOut = readout(readouts, "Test loss");
  const accuracyOut = readout(readouts, "Test accuracy");
  const errorOut = readout(readouts, "Test error");
  const errorNote = el("p", { className: "figure-note wb-error-note" });
  readouts.append(errorNote);
  const curveFigure = el("figure", { className: "figure wb-curves" });
  const legend = el("p", { className: "curve-legend" });
  legend.innerHTML = '<span><svg width="26" height="10" aria-hidden="true"><line class="curve curve-train" x1="1" x2="25" y1="5" y2="5"></line></svg>training rows</span><span><svg width="26" height="10" aria-hidden="true"><line class="curve curve-test" x1="1" x2="25" y1="5" y2="5"></line></svg>test rows</span>';
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
    const name = data ? data.inspection.name : "the data";
    const text = err.status === 413 ? `${name}: too much to send to the server at once (the limit is 1 MB); ${cliHint(name)}` : err.message;
    picker.problem(text);
    status.textContent = text;
  }

  function setButtons() {
    for (const b of [stepB, step10B, step100B, resetB]) b.disabled = busy || !model;
    trainB.disabled = !model;
    trainB.textContent = busy ? "Stop" : "Train";
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
      picker.problem(err.status === 413 ? `${file.name}: too large to send to the server (the limit is 1 MB); ${cliHint(file.name)}` : err.message);
    }
  }

  async function loadText(text) {
    picker.problem(null);
    try {
      useData("paste", await api.data.inspect({ text, name: "pasted data" }), relinking());
    } catch (err) {
      picker.problem(err.status === 413 ? `pasted data: too large to send to the server (the limit is 1 MB); ${cliHint("pasted data")}` : err.message);
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
    status.textContent = "Starting…";
    try {
      const started = await api.data.start(body());
      if (v !== version) return;
      model = { setup: started.setup, layers: started.layers, step: 0 };
      history = [started.start];
      detected(started.setup.detected_task);
      status.textContent = started.setup.task === "classification"
        ? `Classification into ${started.setup.classes.length} classes, ${num(started.setup.n_train)} training rows and ${num(started.setup.n_test)} test rows. Press a button to train.`
        : `Regression of ${started.setup.target}, ${num(started.setup.n_train)} training rows and ${num(started.setup.n_test)} test rows. Press a button to train.`;
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
        if (!(await train(run.steps, "Replaying the link's training"))) break;
      }
      lr = state.get("y_lr");
      lrBox.set(lr);
    }
  }

  /** Take `total` steps in requests of at most the server's limit; false if interrupted. */
  async function train(total, what = "Training") {
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
          status.textContent = `Stopped after ${num(done)} of ${num(total)} steps.`;
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
        status.textContent = total > steps && !res.diverged ? `${what}: ${num(done)} of ${num(total)} steps.` : res.message;
        drawTraining();
        askView({ v, step: model.step, req: { ...body(), layers: model.layers } });
        if (res.diverged) {
          status.textContent = res.message;
          finished = false;
          break;
        }
        await frame(win);
      }
      if (finished && total > CHUNK) status.textContent = `${num(total)} steps taken.`;
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
    testLossOut.textContent = last.test_loss === null ? "— (no test rows)" : sci(last.test_loss);
    lossChart.update(history, model.setup.loss === "mse" ? "mean squared error" : "cross-entropy");
  }

  /** `step`: the step the weights of this view were taken at (kept on the readouts). */
  function drawView(view, step) {
    const s = view.scores;
    const setup = view.setup;
    accuracyOut.dataset.step = errorOut.dataset.step = String(step);
    if (setup.task === "classification") {
      accuracyOut.textContent = s.test_accuracy === null ? "— (no test rows)" : percent(s.test_accuracy, 1);
      accuracyOut.dataset.value = String(s.test_accuracy);
      tableBox.replaceChildren(confusionTable(setup.classes, view.confusion, view.confusion_rows));
      if (figure && figureKind === "regions") figure.update(view, setup.classes, setup.features);
      tableBox.prepend(classKey(setup.classes));
    } else {
      errorOut.textContent = s.test_error === null ? "— (no test rows)" : sci(s.test_error);
      errorOut.dataset.value = String(s.test_error);
      errorNote.textContent = s.test_error === null
        ? `Mean squared error on the training rows: ${sci(s.train_error)}.`
        : `The mean squared error on the ${num(setup.n_test)} test rows, in ${setup.target}²; its square root, ${sci(s.test_rmse)}, is a typical error in ${setup.target}.`;
      if (figure && figureKind === "scatter") figure.update(view, setup.target);
      tableBox.replaceChildren(residualsTable(view, setup.target, data.inspection.table.from_file));
    }
    if (view.n_points_left_out) {
      tableBox.append(el("p", { className: "figure-note", text: `The chart shows ${num(view.points.length)} of the rows (every test row first); ${num(view.n_points_left_out)} more are left out.` }));
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
      relink.textContent = `This link was made with your own data, ${nameOf(source)}. Load it again (CSV file, drop or paste) to continue: its settings are kept, and its training is replayed.`;
      picker.current(nameOf(source), null);
      status.textContent = "Load the data to start.";
    }
  } else if (datasets.some((d) => d.name === source)) {
    await loadDataset(source, true);
  } else {
    picker.problem(`This link names a dataset this server does not offer (${source}); here is ${firstSource} instead.`);
    await loadDataset(firstSource);
  }
}
