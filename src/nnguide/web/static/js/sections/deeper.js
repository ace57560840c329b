// Section 13: digits, deeper. The 8×8 digits through one hidden layer: train in chained
// requests with progress, accuracy and loss curves as in section 8, what the hidden neurons
// respond to, the confusion matrix, and the drawing pad read by section 8's model and the
// hidden-layer model side by side. Mini-batches come from the seed, so a link's seed and
// step count replay the same network.
import * as d3 from "../d3.js";
import { coalesced } from "../api.js";
import { createCurveLegend, createCurves } from "../digits/charts.js";
import { createConfusion } from "../digits/confusion.js";
import { grey, paint, pixelCanvas } from "../digits/images.js";
import { createPad } from "../digits/pad.js";
import { buttons, message } from "../controls.js";
import { el, place } from "../dom.js";
import { num, percent, rate } from "../format.js";
import { t } from "../i18n.js";
import { activationName, select } from "../part2/panel.js";

/** Every percentage in the section has one decimal, as in section 8. */
const pct = (p) => percent(p, 1);
/** How many hidden neurons' pictures are drawn. */
const SHOWN = 32;

/** Ten labelled bars: the probability of each digit. */
function probabilities(parent, label) {
  const list = el("ol", { className: "digit-probs", attrs: { "aria-label": label } });
  const rows = Array.from({ length: 10 }, (_, d) => {
    const li = el("li");
    const bar = el("span", { className: "bar" });
    const track = el("span", { className: "track" });
    track.append(bar);
    const value = el("span", { className: "p", text: "—" });
    li.append(el("span", { className: "digit", text: String(d) }), track, value);
    list.append(li);
    return { li, bar, value };
  });
  parent.append(list);
  return {
    /** Nothing drawn: no probabilities to show. */
    clear() {
      for (const r of rows) {
        r.bar.style.width = "0%";
        r.value.textContent = "—";
        r.li.classList.remove("best");
      }
    },
    update(probs, best) {
      probs.forEach((p, d) => {
        rows[d].bar.style.width = `${(100 * p).toFixed(1)}%`;
        rows[d].value.textContent = pct(p);
        rows[d].li.classList.toggle("best", d === best);
      });
    },
  };
}

export async function mount(root, { api, state }) {
  const info = await api.digits.info({ dataset: "digits" });
  const deep = info.deep;
  const side = info.side;
  const total = deep.epochs * deep.steps_per_epoch; // the preset's full run, in steps
  const chunk = deep.max_steps_per_request;
  const view = { hidden: state.get("d_n"), seed: state.get("d_seed") };
  let model = { layers: null, step: 0 };
  let history = [];
  let playing = false;
  let queue = Promise.resolve();
  let linear = null; // section 8's model, trained its full run, for the pad

  // -- controls and curves ------------------------------------------------------------------
  const bench = place(root, "bench", el("div", { className: "digits-bench" }));
  const controls = el("div", { className: "controls" });
  const charts = el("div", { className: "digits-charts" });
  bench.append(controls, charts);
  controls.append(
    el("p", {
      className: "control-help",
      text: t("deeper.recipe", {
        activation: activationName(deep.activation),
        batch: deep.batch_size,
        rate: rate(deep.learning_rate),
        epochs: deep.epochs,
        steps: deep.steps_per_epoch,
      }),
    }),
  );
  const sizes = info.deep.hidden_sizes.filter((n) => state.spec("d_n").choices.includes(n));
  const sizeSel = select(controls, t("part2.hidden_neurons"), sizes.map((n) => [n, num(n)]), view.hidden, (v) => {
    view.hidden = Number(v);
    state.set({ d_n: view.hidden });
    restart(t("deeper.size_changed", { n: view.hidden, seed: String(view.seed) }));
  });
  const [playButton] = buttons(controls, [
    { label: t("part2.train"), onClick: () => (playing ? pause() : play()), primary: true },
    { label: t("deeper.one_epoch"), onClick: () => train(deep.steps_per_epoch) },
    {
      label: t("part2.new_random_start"),
      onClick: () => {
        let seed = view.seed;
        while (seed === view.seed) seed = Math.floor(Math.random() * 10000);
        view.seed = seed;
        state.set({ d_seed: seed });
        restart(t("deeper.new_start_said", { seed: String(seed) }));
      },
    },
  ]);
  playButton.setAttribute("aria-pressed", "false");
  const progress = el("progress", { className: "digits-progress", attrs: { max: String(total), value: "0", "aria-label": t("deeper.progress_label") } });
  const readout = el("div", { className: "digits-readout", attrs: { "aria-live": "polite" } });
  controls.append(progress, readout);
  const note = message(controls);
  const say = (text, isError = false) => {
    note.textContent = text;
    note.classList.toggle("error-text", isError);
  };
  const accFig = el("figure", { className: "figure", attrs: { "aria-label": t("deeper.accuracy_chart") } });
  const lossFig = el("figure", { className: "figure", attrs: { "aria-label": t("deeper.loss_chart") } });
  charts.append(accFig, lossFig);
  createCurveLegend(accFig);
  const accuracy = createCurves(accFig, { label: t("deeper.accuracy_axis"), percent: true });
  const loss = createCurves(lossFig, { label: t("deeper.loss_axis") });

  // -- hidden neurons, confusion, pad ----------------------------------------------------------
  const neuronsFig = place(root, "neurons", el("figure", { className: "figure deep-neurons", attrs: { "aria-label": t("deeper.neurons_label") } }));
  const neuronGrid = el("div", { className: "neuron-grid" });
  const neuronNote = el("figcaption", { className: "legend" });
  neuronsFig.append(neuronGrid, neuronNote);
  const confusionSlot = place(root, "confusion", el("div", { className: "slot" }));
  const confusion = createConfusion(confusionSlot);
  const padSlot = place(root, "pad", el("div", { className: "slot" }));
  const padArea = el("div", { className: "pad-area deep-pad" });
  padSlot.append(padArea);
  const padBox = el("div", { className: "pad-box" });
  const seen = el("figure", { className: "pad-seen" });
  const blank = () => new Array(info.n_features).fill(0);
  const seenCanvas = pixelCanvas(blank(), side, grey(info.pixel_max), { size: 112, label: t("deeper.seen_label") });
  seen.append(seenCanvas, el("figcaption", { text: t("deeper.seen_caption", { side }) }));
  const twoProbs = el("div", { className: "deep-probs" });
  const linBox = el("div", { className: "pad-probs", attrs: { "data-model": "linear" } });
  const deepBox = el("div", { className: "pad-probs", attrs: { "data-model": "hidden" } });
  const linGuess = el("p", { className: "pad-guess", text: t("deeper.linear_title"), attrs: { "aria-live": "polite" } });
  const deepGuess = el("p", { className: "pad-guess", text: t("deeper.deep_title"), attrs: { "aria-live": "polite" } });
  linBox.append(linGuess);
  deepBox.append(deepGuess);
  const linProbs = probabilities(linBox, t("deeper.linear_probs"));
  const deepProbs = probabilities(deepBox, t("deeper.deep_probs"));
  twoProbs.append(linBox, deepBox);
  padArea.append(padBox, seen, twoProbs);

  function showScores() {
    const last = history.at(-1);
    progress.value = Math.min(model.step, total);
    root.dataset.steps = String(model.step);
    if (!last) {
      readout.replaceChildren(el("div", { text: t("deeper.untrained") }));
      accuracy.update([]);
      loss.update([]);
      return;
    }
    readout.replaceChildren(
      el("div", { text: t("deeper.step_epoch", { step: model.step, epoch: num(last.epoch, 2) }) }),
      el("div", { className: "score", text: t("deeper.training_accuracy", { accuracy: pct(last.train_accuracy) }) }),
      el("div", { className: "score test", text: t("deeper.test_accuracy", { accuracy: pct(last.test_accuracy) }), attrs: { "data-testid": "deep-test-accuracy" } }),
    );
    accuracy.update(history.map((p) => ({ epoch: p.epoch, train: p.train_accuracy, test: p.test_accuracy })));
    loss.update(history.map((p) => ({ epoch: p.epoch, train: p.train_loss, test: p.test_loss })));
  }

  function showNeurons() {
    const W = model.layers[0].weights; // 64 pixels × n neurons: neuron j's picture is column j
    const n = W[0].length;
    const shown = Math.min(n, SHOWN);
    neuronGrid.replaceChildren();
    for (let j = 0; j < shown; j++) {
      const column = W.map((r) => r[j]);
      const top = d3.max(column, Math.abs) || 1;
      // Purple where ink raises the neuron's sum, green where it lowers it (section 8's colours).
      neuronGrid.append(pixelCanvas(column, side, (v) => d3.interpolatePRGn(0.5 - v / (2 * top)), { size: 48, label: t("deeper.neuron_weights", { n: j + 1 }) }));
    }
    neuronNote.textContent = n > shown ? t("deeper.neurons_note_first", { shown, n }) : t("deeper.neurons_note");
  }

  let jobs = 0;
  const enqueue = (job) => {
    jobs += 1;
    root.dataset.busy = "yes";
    queue = queue
      .then(job)
      .catch((err) => {
        pause();
        say(err.message, true);
      })
      .finally(() => {
        jobs -= 1;
        if (jobs === 0) root.dataset.busy = "no";
      });
    return queue;
  };
  const modelArgs = () => ({ dataset: "digits", hidden: view.hidden, activation: deep.activation, layers: model.layers });

  async function fromSeed() {
    model = { layers: await api.digits.start({ dataset: "digits", hidden: view.hidden, activation: deep.activation, seed: view.seed }), step: 0 };
    history = [];
  }

  /** What a run says as it goes, by its kind. */
  const PROGRESS = { epoch: "deeper.progress_epoch", training: "deeper.progress_training", restoring: "deeper.progress_restoring" };

  /** Train `n` steps in requests of at most `chunk`, saying progress for `kind`; false when it diverged. */
  async function steps(n, kind) {
    let done = 0;
    while (done < n) {
      const k = Math.min(chunk, n - done);
      const res = await api.digits.train({ ...modelArgs(), step: model.step, steps: k, seed: view.seed });
      model = { layers: res.layers, step: res.step };
      history = history.concat(res.history); // scores after each stretch of steps
      done += res.steps_taken;
      showScores();
      showNeurons();
      confusion.update(res.confusion);
      if (kind) say(t(PROGRESS[kind], { done, n }));
      state.set({ d_steps: model.step });
      if (res.diverged) {
        say(t(`msg.${res.message_code.code}`, res.message_code.params), true);
        return false;
      }
      if (!playing && kind === "training") break; // paused mid-run: stop after this request
    }
    return true;
  }

  function restart(text) {
    pause();
    say(text);
    return enqueue(async () => {
      await fromSeed();
      showScores();
      showNeurons();
      confusion.update(Array.from({ length: 10 }, () => Array(10).fill(0)));
      state.set({ d_steps: 0 });
      predictBoth();
    });
  }

  function train(n) {
    pause();
    return enqueue(async () => {
      const room = state.spec("d_steps").max - model.step;
      if (room <= 0) return say(t("deeper.link_full", { max: state.spec("d_steps").max }), true);
      await steps(Math.min(n, room), "epoch");
      predictBoth();
    });
  }

  function play() {
    playing = true;
    playButton.textContent = t("part2.pause");
    playButton.setAttribute("aria-pressed", "true");
    enqueue(async () => {
      const target = model.step < total ? total : Math.min(model.step + total, state.spec("d_steps").max);
      const ok = await steps(target - model.step, "training");
      if (ok && model.step >= target) say(t("deeper.epochs_done", { epochs: Math.round(model.step / deep.steps_per_epoch), accuracy: pct(history.at(-1).test_accuracy) }));
      pause();
      predictBoth();
    });
  }

  function pause() {
    playing = false;
    playButton.textContent = t("part2.train");
    playButton.setAttribute("aria-pressed", "false");
  }

  // -- the pad: both models read the same drawing -------------------------------------------------
  const readBoth = coalesced(
    async (ink) => {
      const [lin, hid] = await Promise.all([
        linear ? api.digits.predict({ dataset: "digits", weights: linear.weights, bias: linear.bias, ink }) : null,
        api.digits.predict({ ...modelArgs(), ink }),
      ]);
      return { lin, hid };
    },
    ({ lin, hid }) => {
      if (!pad.inked) return;
      paint(seenCanvas, hid.image, grey(info.pixel_max));
      deepProbs.update(hid.probabilities, hid.predicted);
      deepGuess.textContent = t("deeper.deep_guess", { digit: hid.predicted, sure: pct(hid.probabilities[hid.predicted]) });
      if (lin) {
        linProbs.update(lin.probabilities, lin.predicted);
        linGuess.textContent = t("deeper.linear_guess", { digit: lin.predicted, sure: pct(lin.probabilities[lin.predicted]) });
      }
    },
    (err) => say(err.message, true),
  );
  let frame = 0;
  function predictBoth() {
    if (!pad.inked || frame || !model.layers) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      readBoth(pad.ink());
    });
  }
  const pad = createPad(padBox, {
    onChange: predictBoth,
    onClear: () => {
      paint(seenCanvas, blank(), grey(info.pixel_max));
      linProbs.clear();
      deepProbs.clear();
      linGuess.textContent = t("deeper.linear_title");
      deepGuess.textContent = t("deeper.deep_title");
    },
  });
  linProbs.clear();
  deepProbs.clear();
  // Its own name, so it is not mistaken for section 8's pad by a screen reader (or a test).
  pad.canvas.setAttribute("aria-label", t("deeper.pad_label"));

  // Section 8's model, trained its full run once, reads the pad beside the deeper one.
  api.digits
    .train({ dataset: "digits", steps: info.epochs * info.steps_per_epoch, seed: info.seed })
    .then((res) => {
      linear = { weights: res.weights, bias: res.bias, test: res.history.at(-1).test_accuracy };
      linBox.dataset.test = String(linear.test);
      if (!pad.inked) linGuess.textContent = t("deeper.linear_title_test", { accuracy: pct(linear.test) });
      predictBoth();
    })
    .catch((err) => say(err.message, true));

  // Restore: the seed's start, then the link's steps replayed.
  const saved = state.get("d_steps");
  sizeSel.value = String(view.hidden);
  await restart(saved ? t("deeper.restoring", { steps: saved, seed: String(view.seed) }) : t("deeper.untrained_note"));
  if (saved) {
    enqueue(async () => {
      await steps(saved, "restoring");
      say(t("deeper.restored", { steps: model.step, seed: String(view.seed) }));
    });
  }
}
