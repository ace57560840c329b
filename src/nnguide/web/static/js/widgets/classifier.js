// Widget view (Classifier): section 6's classifier for the notebook's own two-feature data
// with any number of classes. GD buttons, loss and learning rate, the decision regions and
// the loss log; the kernel trains, and keeps the model for Python (w.model).
import { coalesced } from "../api.js";
import { createLineChart } from "../charts/linechart.js";
import { createClassRegions } from "../charts/regions.js";
import { buttons, checkbox, message, readout } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { fixed, num, percent, rate } from "../format.js";
import { t } from "../i18n.js";

const LOSS_NAMES = { "cross-entropy": "widget.loss_cross_entropy", mse: "widget.loss_mse" };
const lossName = (loss) => (LOSS_NAMES[loss] ? t(LOSS_NAMES[loss]) : loss);

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
  const accuracy = readout(controls, t("widget.training_accuracy"));
  const lossOut = readout(controls, t("widget.loss"));
  const stepsOut = readout(controls, t("widget.steps"));
  const note = message(controls);
  buttons(controls, [
    { label: t("widget.gd_step"), onClick: () => train(1), primary: true },
    { label: t("widget.gd_steps", { n: 10 }), onClick: () => train(10) },
    { label: t("widget.gd_steps", { n: 100 }), onClick: () => train(100) },
    { label: t("widget.reset"), onClick: () => reset() },
  ]);
  const lossSel = select(controls, t("widget.loss_function"), state.spec("loss").choices.map((c) => [c, lossName(c)]), view.loss, (v) => settings({ loss: v }));
  const rateSel = select(controls, t("widget.learning_rate"), rates.map((r) => [r, rate(r)]), view.lr, (v) => settings({ lr: rates.find((r) => String(r) === v) }, false));
  const std = checkbox(controls, { label: t("widget.standardize"), checked: view.standardize, onChange: (on) => settings({ standardize: on }) });

  const regionsFigure = el("figure", { className: "figure", attrs: { "data-slot": "regions", "aria-label": t("widget.decision_regions") } });
  const logFigure = el("figure", { className: "figure", attrs: { "data-slot": "log", "aria-label": t("widget.loss_log") } });
  const counts = el("p", { className: "figure-note", attrs: { "data-slot": "counts", "aria-live": "polite" } });
  bench.append(regionsFigure, counts, logFigure);
  const regions = createClassRegions(regionsFigure, { features: info.features, classes: info.classes });
  const lossLog = createLineChart(logFigure, { yLabel: t("widget.loss_axis"), height: 180 });
  const common = () => ({ loss: view.loss, x_range: info.rect[0], y_range: info.rect[1] });
  const fail = (err) => {
    note.textContent = err.message;
    note.classList.add("error-text");
  };

  function show(res) {
    model = { weights: res.weights, bias: res.bias };
    accuracy.textContent = t("widget.accuracy_value", { correct: res.correct, n: info.points.length, share: percent(res.accuracy) });
    lossOut.textContent = fixed(res.loss, 4);
    stepsOut.textContent = num(view.steps);
    root.dataset.steps = view.steps;
    root.dataset.correct = res.correct;
    regions.update(res, { points: info.points, labels: info.labels, rect: info.rect });
    lossLog.update(log);
    const predicted = res.predicted_counts.map((n, c) => t("widget.predicted_count", { name: info.classes[c], n })).join(t("widget.list_separator"));
    const actual = info.counts.map((n, c) => t("widget.class_count", { name: info.classes[c], n })).join(t("widget.list_separator"));
    counts.textContent = t("widget.counts", { predicted, n: info.points.length, actual });
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
        note.textContent = res.message_code ? t(`msg.${res.message_code.code}`, res.message_code.params) : res.message;
        state.set({ steps: view.steps });
        show(res);
      } catch (err) {
        fail(err);
      }
    });
    return queue;
  }

  function reset(text = t("widget.back_to_zero", { k: String(k) })) {
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
    if (restart) reset(t(view.standardize ? "widget.settings_changed_standardized" : "widget.settings_changed_raw", { loss: lossName(view.loss) }));
  }
  state.on("loss", (v) => settings({ loss: v }, true, false));
  state.on("std", (v) => settings({ standardize: v }, true, false));
  state.on("lr", (v) => settings({ lr: v }, false, false));

  note.textContent = start.fitted ? t("widget.start_fitted") : t("widget.start_untrained");
  evaluate();
}
