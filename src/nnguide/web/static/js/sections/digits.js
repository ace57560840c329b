// Section 8: train softmax regression on handwritten digits, look inside, then draw one.
// The page keeps only the weights the server last sent and the history to plot; every number
// comes from the Python core through the api object.
import { coalesced } from "../api.js";
import { busy as markBusy } from "../controls.js";
import { place } from "../dom.js";
import { fixed, num, percent } from "../format.js";
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
  const accuracy = figure("accuracy", "Train and test accuracy as training goes on");
  const loss = figure("loss", "Train and test loss as training goes on");
  charts.append(accuracy, loss);
  bench.append(controls, charts);
  return {
    diagram: place(root, "diagram", el("div", "slot")),
    bench: place(root, "bench", bench),
    controls,
    accuracy,
    loss,
    weights: place(root, "weights", figure("weights", "The learned weights of each digit as small images")),
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
    choice.setAttribute("aria-label", "Data set");
    choice.append(new Option("8 × 8 digits (1,797)", "digits"), new Option("MNIST 28 × 28 (70,000)", "mnist"));
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
  slots.weights.setAttribute("aria-label", `The learned weights of each digit as ${side} by ${side} images`);
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
  progress.setAttribute("aria-label", "training progress");
  const error = el("p", "notice error");
  error.hidden = true;
  if (choice) controls.append(choice);
  const help = `Mini-batches of ${info.batch_size}, learning rate ${num(info.learning_rate, 3)}. `
    + `Each pixel, less its average, is divided by ${fixed(info.pixel_spread, 1)}, one spread shared by all pixels.`;
  controls.append(el("p", "control-help", help), buttons, progress, readout, status, error);

  createCurveLegend(slot("accuracy"));
  const accuracy = createCurves(slot("accuracy"), { label: "accuracy (%)", percent: true });
  const loss = createCurves(slot("loss"), { label: "loss (cross-entropy)" });
  const weightGrid = createWeightGrid(slot("weights"), side);
  const confusion = createConfusion(slot("confusion"));
  const untrainedNote = el(
    "p",
    "figure-note",
    `Untrained, all ten scores are equal and the tie goes to the first digit, so every picture is read as a 0: `
      + `the ${pct(info.start.test_accuracy)} right are the test set's real 0s.`,
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
      el("div", "", `step ${num(model.step)} · epoch ${num(last.epoch, 2)}`),
      el("div", "score", `training accuracy ${pct(last.train_accuracy)}`),
      el("div", "score test", `test accuracy ${pct(last.test_accuracy)}`),
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
          pixelCanvas(m.image, side, grey(info.pixel_max), { size: 64, label: `a ${m.label} read as ${m.predicted}` }),
          el("figcaption", "", `is ${m.label}, read as ${m.predicted}`),
          el("small", "", m.top_guesses.map((d) => `${d}: ${pct(m.probabilities[d])}`).join(" · ")),
        );
        return fig;
      }),
    );
    if (!result.misclassified.length) mistakes.append(el("p", "", "No mistakes on the test set."));
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
        status.textContent = result.diverged ? result.message : `${num(done)} of ${num(total)} steps done.`;
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
    status.textContent = "Back to all-zero weights: every digit is equally likely.";
    weightGrid.update(Array.from({ length: info.n_features }, () => new Array(info.n_classes).fill(0)));
    // The untrained model's real matrix, so it agrees with the accuracy shown beside it.
    confusion.update(info.start_confusion);
    untrainedNote.hidden = false;
    mistakes.replaceChildren(el("p", "", "Untrained, it reads every picture as a 0. Train it to see the mistakes that are left."));
    showScores();
    redraw();
  }

  button(buttons, "1 step", () => train(1));
  button(buttons, "10 steps", () => train(10));
  button(buttons, "100 steps", () => train(100));
  button(buttons, "Train 1 epoch", () => train(info.steps_per_epoch), "primary");
  button(buttons, "Reset", reset, "", ", digits model");

  // --- the drawing pad --------------------------------------------------------------------
  const padArea = el("div", "pad-area");
  slot("pad").append(padArea);
  const padBox = el("div", "pad-box");
  const seen = el("figure", "pad-seen");
  const seenCanvas = pixelCanvas(blank(), side, grey(info.pixel_max), { size: 112, label: "your drawing as the network sees it" });
  seen.append(seenCanvas, el("figcaption", "", `what the network sees (${side} × ${side})`));
  const probsBox = el("div", "pad-probs");
  const guess = el("p", "pad-guess", "Draw a digit to see what the network thinks.");
  guess.setAttribute("aria-live", "polite");
  probsBox.append(guess);
  const probs = createProbabilities(probsBox, "probability of each digit for your drawing", info.n_classes);
  padArea.append(padBox, seen, probsBox);

  const predict = coalesced(
    (ink) => api.digits.predict({ dataset, weights: model.weights, bias: model.bias, ink }),
    (result) => {
      if (!pad.inked) return; // cleared while the answer was on its way
      paint(seenCanvas, result.image, grey(info.pixel_max));
      probs.update(result.probabilities, result.tie ? null : result.predicted);
      const p = result.probabilities[result.predicted];
      guess.textContent = model.step === 0
        ? `The network is untrained, so every digit gets ${percent(info.start_probabilities[0])}. Train it first!`
        : result.tie
          ? "No digit stands out: the network cannot decide."
          : `Looks like a ${result.predicted} (${pct(p)} sure).`;
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
      guess.textContent = "Draw a digit to see what the network thinks.";
    },
  });
  probs.update(info.start_probabilities, info.start_tie ? null : info.start_predicted);
  reset();
  status.textContent = "Untrained: all weights are zero. Press a button to train.";
}
