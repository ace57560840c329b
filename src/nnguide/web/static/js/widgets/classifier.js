// Widget view (Classifier): section 6's classifier for the notebook's own two-feature data
// with any number of classes. GD buttons, loss and learning rate, the decision regions and
// the loss log; the kernel trains, and keeps the model for Python (w.model).
import { coalesced } from "../api.js";
import { createLineChart } from "../charts/linechart.js";
import { createClassRegions } from "../charts/regions.js";
import { buttons, checkbox, message, readout } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { fixed, num, percent } from "../format.js";

const LOSS_NAMES = { "cross-entropy": "cross-entropy", mse: "mean squared error (MSE)" };

function select(parent, label, options, value, onChange) {
  const wrap = el("div", { className: "control" });
  const id = uid("select");
  const l = el("label", { text: label, attrs: { for: id } });
  const s = el("select", { attrs: { id } });
  for (const [v, text] of options) s.append(new Option(text, String(v)));
  s.value = String(value);
  s.addEventListener("change", () => onChange(s.value));
  wrap.append(l, s);
  parent.append(wrap);
  return s;
}

export async function mount(root, { api, state }) {
  const info = await api.regions.describe({});
  const k = info.classes.length;
  const view = { loss: state.get("loss"), lr: state.get("lr"), standardize: state.get("std"), steps: 0 };
  const rates = state.spec("lr").choices;
  const start = await api.regions.start({});
  let model = { weights: start.weights, bias: start.bias };
  let log = [];
  let queue = Promise.resolve();
  let version = 0; // bumps whenever training or Reset replaces the model; stale answers are dropped

  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const accuracy = readout(controls, "Training accuracy");
  const lossOut = readout(controls, "Loss");
  const stepsOut = readout(controls, "Steps");
  const note = message(controls);
  buttons(controls, [
    { label: "GD step", onClick: () => train(1), primary: true },
    { label: "10 GD steps", onClick: () => train(10) },
    { label: "100 GD steps", onClick: () => train(100) },
    { label: "Reset", onClick: () => reset() },
  ]);
  const lossSel = select(controls, "Loss function", state.spec("loss").choices.map((c) => [c, LOSS_NAMES[c] ?? c]), view.loss, (v) => settings({ loss: v }));
  const rateSel = select(controls, "Learning rate", rates.map((r) => [r, String(r)]), view.lr, (v) => settings({ lr: rates.find((r) => String(r) === v) }, false));
  const std = checkbox(controls, { label: "Standardize inputs", checked: view.standardize, onChange: (on) => settings({ standardize: on }) });

  const regionsFigure = el("figure", { className: "figure", attrs: { "data-slot": "regions", "aria-label": "Decision regions" } });
  const logFigure = el("figure", { className: "figure", attrs: { "data-slot": "log", "aria-label": "Loss log: loss after each step" } });
  const counts = el("p", { className: "figure-note", attrs: { "data-slot": "counts", "aria-live": "polite" } });
  bench.append(regionsFigure, counts, logFigure);
  const regions = createClassRegions(regionsFigure, { features: info.features, classes: info.classes });
  const lossLog = createLineChart(logFigure, { yLabel: "loss", height: 180 });
  const common = () => ({ loss: view.loss, x_range: info.rect[0], y_range: info.rect[1] });
  const fail = (err) => {
    note.textContent = err.message;
    note.classList.add("error-text");
  };

  function show(res) {
    model = { weights: res.weights, bias: res.bias };
    accuracy.textContent = `${res.correct} of ${info.points.length} (${percent(res.accuracy)})`;
    lossOut.textContent = fixed(res.loss, 4);
    stepsOut.textContent = num(view.steps);
    root.dataset.steps = view.steps;
    root.dataset.correct = res.correct;
    regions.update(res, { points: info.points, labels: info.labels, rect: info.rect });
    lossLog.update(log);
    counts.textContent = `The model predicts ${res.predicted_counts.map((n, c) => `${info.classes[c]} for ${num(n)}`).join(", ")} of the ${num(info.points.length)} points; the data has ${info.counts.map((n, c) => `${num(n)} ${info.classes[c]}`).join(", ")}.`;
  }

  const evaluateNow = coalesced(
    (args) => api.regions.evaluate(args.body),
    (res, args) => {
      if (args.version === version) show(res);
    },
    fail,
  );
  const evaluate = () => evaluateNow({ version, body: { ...common(), ...model } });

  function train(steps) {
    queue = queue.then(async () => {
      try {
        version += 1;
        const res = await api.regions.train({ ...common(), ...model, learning_rate: view.lr, standardize: view.standardize, steps });
        log = log.length ? log.concat(res.path.slice(1).map((p) => p.loss)) : res.path.map((p) => p.loss);
        view.steps += res.steps_taken;
        note.classList.remove("error-text");
        note.textContent = res.message;
        state.set({ steps: view.steps });
        show(res);
      } catch (err) {
        fail(err);
      }
    });
    return queue;
  }

  function reset(text = `Back to all-zero weights and biases: every class gets probability 1/${k}.`) {
    queue = queue.then(() => {
      version += 1;
      model = { weights: info.features.map(() => info.classes.map(() => 0)), bias: info.classes.map(() => 0) };
      log = [];
      view.steps = 0;
      state.set({ steps: null });
      note.classList.remove("error-text");
      note.textContent = text;
      evaluate();
    });
  }

  function settings(change, restart = true, remember = true) {
    Object.assign(view, change);
    lossSel.value = view.loss;
    rateSel.value = String(view.lr);
    std.checked = view.standardize;
    if (remember) state.set({ loss: view.loss, std: view.standardize, lr: view.lr });
    if (restart) reset(`Settings changed: ${LOSS_NAMES[view.loss] ?? view.loss}, ${view.standardize ? "standardized" : "raw"} inputs. Weights reset to zero.`);
  }
  state.on("loss", (v) => settings({ loss: v }, true, false));
  state.on("std", (v) => settings({ standardize: v }, true, false));
  state.on("lr", (v) => settings({ lr: v }, false, false));

  note.textContent = start.fitted ? "Starting from the model you passed in." : "Untrained: all weights are zero. Press GD step.";
  evaluate();
}
