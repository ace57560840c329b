// Section 8: train softmax regression on handwritten digits, look inside, then draw one.
// The page keeps only the weights the server last sent and the history to plot; every number
// comes from the Python core through the api object.
import { coalesced } from "../api.js";
import { busy as markBusy } from "../controls.js";
import { place } from "../dom.js";
import { fixed, num, percent } from "../format.js";
import { t } from "../i18n.js";
import { createCurveLegend, createCurves } from "../digits/charts.js";
import { createConfusion } from "../digits/confusion.js";
import { createDigitsDiagram } from "../digits/diagram.js";
import { createWeightGrid, grey, paint, pixelCanvas } from "../digits/images.js";
import { createPad } from "../digits/pad.js";

const CHUNK = 25; // steps per request: small enough that the charts move while training runs

/** Every percentage in the section has one decimal: 0.9733 → "97.3%". */
const pct = (p) => percent(p, 1);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(parent, label, onClick, className = "", more = "") {
  const b = el("button", className, label);
  b.type = "button";
  if (more) b.setAttribute("aria-label", label + more);
  // While training runs the buttons are aria-disabled, not disabled, so the focus stays put.
  b.addEventListener("click", () => b.getAttribute("aria-disabled") !== "true" && onClick());
  parent.append(b);
  return b;
}

/** Ten labelled bars; the value of each is also kept unrounded in data-p for scripts. */
export function createProbabilities(container, label, n) {
  const list = el("ol", "digit-probs");
  list.setAttribute("aria-label", label);
  const rows = Array.from({ length: n }, (_, d) => {
    const li = el("li");
    const bar = el("span", "bar");
    const value = el("span", "p", "—");
    li.append(el("span", "digit", String(d)), el("span", "track"), value);
    li.children[1].append(bar);
    list.append(li);
    return { li, bar, value };
  });
  container.append(list);
  return {
    /** probs: ten probabilities; best: the API's answer, or null when it is only a tie-break. */
    update(probs, best) {
      probs.forEach((p, d) => {
        rows[d].bar.style.width = `${(100 * p).toFixed(1)}%`;
        rows[d].value.textContent = pct(p);
        rows[d].li.dataset.p = String(p);
        rows[d].li.classList.toggle("best", d === best);
      });
    },
  };
}

/** The section's parts, placed once; build() fills them for the chosen data set. */
function parts(root) {
  const bench = el("div", "digits-bench");
  const controls = el("div", "controls");
  const charts = el("div", "digits-charts");
  const figure = (slot, label) => {
    const f = el("figure", "figure");
    f.dataset.slot = slot;
    f.setAttribute("aria-label", label);
    return f;
  };
  const accuracy = figure("accuracy", t("digits.accuracy_figure"));
  const loss = figure("loss", t("digits.loss_figure"));
  charts.append(accuracy, loss);
  bench.append(controls, charts);
  return {
    diagram: place(root, "diagram", el("div", "slot")),
    bench: place(root, "bench", bench),
    controls,
    accuracy,
    loss,
    weights: place(root, "weights", figure("weights", t("digits.weights_figure"))),
    confusion: place(root, "confusion", el("div", "slot")),
    mistakes: place(root, "mistakes", el("div", "slot")),
    pad: place(root, "pad", el("div", "slot")),
  };
}

export async function mount(root, { api }) {
  const slots = parts(root);
  const first = await api.digits.info({ dataset: "digits" });
  // Full MNIST only where the server has its files; the 8×8 set always works.
  const choice = first.mnist_available ? el("select", "dataset-choice") : null;
  if (choice) {
    choice.setAttribute("aria-label", t("digits.dataset"));
    choice.append(new Option(t("digits.option_digits", { n: 1797 }), "digits"), new Option(t("digits.option_mnist", { n: 70000 }), "mnist"));
    choice.addEventListener("change", async () => {
      choice.disabled = true;
      try {
        build(slots, api, await api.digits.info({ dataset: choice.value }), choice);
      } finally {
        choice.disabled = false;
      }
    });
  }
  build(slots, api, first, choice);
}

function build(slots, api, info, choice) {
  const slot = (name) => slots[name];
  for (const name of ["diagram", "controls", "accuracy", "loss", "weights", "confusion", "mistakes", "pad"]) slot(name).replaceChildren();
  const dataset = info.dataset;
  const side = info.side;
  const blank = () => new Array(info.n_features).fill(0);
  slots.weights.setAttribute("aria-label", t("digits.weights_figure_side", { side }));
  createDigitsDiagram(slot("diagram"), info);

  // --- controls -------------------------------------------------------------------------
  const controls = slot("controls");
  const buttons = el("div", "buttons");
  const readout = el("div", "digits-readout");
  const status = el("p", "message");
  status.setAttribute("role", "status");
  const progress = el("progress", "digits-progress");
  progress.max = 1;
  progress.value = 0;
  progress.hidden = true;
  progress.setAttribute("aria-label", t("digits.progress"));
  const error = el("p", "notice error");
  error.hidden = true;
  if (choice) controls.append(choice);
  const help = t("digits.help", { batch: info.batch_size, rate: num(info.learning_rate, 3), spread: fixed(info.pixel_spread, 1) });
  controls.append(el("p", "control-help", help), buttons, progress, readout, status, error);

  createCurveLegend(slot("accuracy"));
  const accuracy = createCurves(slot("accuracy"), { label: t("digits.accuracy_axis"), percent: true });
  const loss = createCurves(slot("loss"), { label: t("digits.loss_axis") });
  const weightGrid = createWeightGrid(slot("weights"), side);
  const confusion = createConfusion(slot("confusion"));
  const untrainedNote = el(
    "p",
    "figure-note",
    t("digits.untrained_note", { percent: pct(info.start.test_accuracy) }),
  );
  slot("confusion").append(untrainedNote);
  const mistakes = el("div", "mistakes");
  slot("mistakes").append(mistakes);

  let model = { weights: null, bias: null, step: 0 };
  let history = [info.start];
  let busy = false;

  function showScores() {
    const last = history[history.length - 1];
    readout.replaceChildren(
      el("div", "", t("digits.step_epoch", { step: model.step, epoch: num(last.epoch, 2) })),
      el("div", "score", t("digits.train_accuracy", { percent: pct(last.train_accuracy) })),
      el("div", "score test", t("digits.test_accuracy", { percent: pct(last.test_accuracy) })),
    );
    readout.querySelector(".test").dataset.testid = "test-accuracy";
    accuracy.update(history.map((p) => ({ epoch: p.epoch, train: p.train_accuracy, test: p.test_accuracy })));
    loss.update(history.map((p) => ({ epoch: p.epoch, train: p.train_loss, test: p.test_loss })));
  }

  function showModel(result) {
    weightGrid.update(result.weights);
    confusion.update(result.confusion);
    untrainedNote.hidden = true;
    mistakes.replaceChildren(
      ...result.misclassified.slice(0, 6).map((m) => {
        const fig = el("figure", "mistake");
        fig.append(
          pixelCanvas(m.image, side, grey(info.pixel_max), { size: 64, label: t("digits.mistake_label", { label: m.label, predicted: m.predicted }) }),
          el("figcaption", "", t("digits.mistake_caption", { label: m.label, predicted: m.predicted })),
          el("small", "", m.top_guesses.map((d) => t("digits.top_guess", { digit: d, percent: pct(m.probabilities[d]) })).join(" · ")),
        );
        return fig;
      }),
    );
    if (!result.misclassified.length) mistakes.append(el("p", "", t("digits.no_mistakes")));
  }

  async function train(total) {
    if (busy) return;
    busy = true;
    error.hidden = true;
    markBusy(buttons.querySelectorAll("button"), true);
    progress.hidden = total <= CHUNK;
    progress.value = 0;
    let done = 0;
    try {
      while (done < total) {
        const steps = Math.min(CHUNK, total - done);
        const result = await api.digits.train({ dataset, weights: model.weights, bias: model.bias, step: model.step, steps });
        model = { weights: result.weights, bias: result.bias, step: result.step };
        history = history.concat(result.history);
        done += steps;
        progress.value = done / total;
        status.textContent = result.diverged
          ? t(`msg.${result.message_code.code}`, result.message_code.params)
          : t("digits.steps_done", { done, total });
        showScores();
        showModel(result);
        // Let the browser paint between chunks, so the page never freezes.
        await new Promise((resolve) => requestAnimationFrame(() => resolve()));
        if (result.diverged) break;
      }
      redraw();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      busy = false;
      progress.hidden = true;
      markBusy(buttons.querySelectorAll("button"), false);
    }
  }

  function reset() {
    if (busy) return;
    model = { weights: null, bias: null, step: 0 };
    history = [info.start];
    status.textContent = t("digits.reset_note");
    weightGrid.update(Array.from({ length: info.n_features }, () => new Array(info.n_classes).fill(0)));
    // The untrained model's real matrix, so it agrees with the accuracy shown beside it.
    confusion.update(info.start_confusion);
    untrainedNote.hidden = false;
    mistakes.replaceChildren(el("p", "", t("digits.untrained_mistakes")));
    showScores();
    redraw();
  }

  button(buttons, t("digits.steps", { n: 1 }), () => train(1));
  button(buttons, t("digits.steps", { n: 10 }), () => train(10));
  button(buttons, t("digits.steps", { n: 100 }), () => train(100));
  button(buttons, t("digits.train_epoch"), () => train(info.steps_per_epoch), "primary");
  button(buttons, t("digits.reset"), reset, "", t("digits.more"));

  // --- the drawing pad --------------------------------------------------------------------
  const padArea = el("div", "pad-area");
  slot("pad").append(padArea);
  const padBox = el("div", "pad-box");
  const seen = el("figure", "pad-seen");
  const seenCanvas = pixelCanvas(blank(), side, grey(info.pixel_max), { size: 112, label: t("digits.seen_label") });
  seen.append(seenCanvas, el("figcaption", "", t("digits.seen_caption", { side })));
  const probsBox = el("div", "pad-probs");
  const guess = el("p", "pad-guess", t("digits.draw_prompt"));
  guess.setAttribute("aria-live", "polite");
  probsBox.append(guess);
  const probs = createProbabilities(probsBox, t("digits.probs_label"), info.n_classes);
  padArea.append(padBox, seen, probsBox);

  const predict = coalesced(
    (ink) => api.digits.predict({ dataset, weights: model.weights, bias: model.bias, ink }),
    (result) => {
      if (!pad.inked) return; // cleared while the answer was on its way
      paint(seenCanvas, result.image, grey(info.pixel_max));
      probs.update(result.probabilities, result.tie ? null : result.predicted);
      const p = result.probabilities[result.predicted];
      guess.textContent = model.step === 0
        ? t("digits.guess_untrained", { percent: percent(info.start_probabilities[0]) })
        : result.tie
          ? t("digits.guess_tie")
          : t("digits.guess", { digit: result.predicted, percent: pct(p) });
    },
    (err) => {
      guess.textContent = err.message;
    },
  );
  let frame = 0;
  function redraw() {
    if (!pad.inked || frame) return;
    // At most one reading per animation frame; coalesced() keeps one request in flight.
    frame = requestAnimationFrame(() => {
      frame = 0;
      predict(pad.ink());
    });
  }
  const pad = createPad(padBox, {
    onChange: redraw,
    onClear: () => {
      paint(seenCanvas, blank(), grey(info.pixel_max));
      probs.update(info.start_probabilities, info.start_tie ? null : info.start_predicted);
      guess.textContent = t("digits.draw_prompt");
    },
  });
  probs.update(info.start_probabilities, info.start_tie ? null : info.start_predicted);
  reset();
  status.textContent = t("digits.untrained_status");
}
