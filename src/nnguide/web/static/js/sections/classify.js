// Section 6, part 2: the Good/Bad classifier — train it, see its regions, test it honestly.
import { coalesced } from "../api.js";
import { caption } from "../charts/frame.js";
import { createLineChart } from "../charts/linechart.js";
import { createClassifierDiagram } from "../classify/diagram.js";
import { createHeldOut, decodeLabels, encodeLabels } from "../classify/heldout.js";
import { createRegions, viewFor } from "../classify/regions.js";
import { createHouseTable } from "../classify/table.js";
import { buttons, checkbox, message, readout } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { fixed, num, percent, rate as rateText } from "../format.js";
import { choiceField, createSchedule, flagField, rateField } from "../schedule.js";

/** How the page names each loss function the API offers. */
const LOSS_NAMES = { "cross-entropy": "cross-entropy", mse: "mean squared error (MSE)" };
/** The learning rate the "raw inputs" setups start from. */
const RAW_RATE = 1e-6;
const zeros = () => ({ weights: [[0, 0], [0, 0]], bias: [0, 0] });
/** "7 of 10 (70%)": a count and the API's share. */
const pct = (k, n, share) => `${k} of ${n} (${percent(share)})`;
const MORE = ", classifier";
const LOSS_CODES = { "cross-entropy": "ce", mse: "mse" };

function select(parent, label, options, value, onChange, more = "") {
  const wrap = document.createElement("div");
  wrap.className = "control";
  const id = uid("select");
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const s = document.createElement("select");
  if (more) s.setAttribute("aria-label", label + more);
  s.id = id;
  for (const [v, text] of options) {
    const o = document.createElement("option");
    o.value = String(v);
    o.textContent = text;
    s.append(o);
  }
  s.value = String(value);
  s.addEventListener("change", () => onChange(s.value));
  wrap.append(l, s);
  parent.append(wrap);
  return s;
}

export async function mount(root, { api, state }) {
  const info = await api.classify.houses();
  const view = {
    loss: state.get("c_loss"),
    standardize: state.get("c_std"),
    lr: state.get("c_lr"),
    steps: state.get("c_steps"),
    showHeld: state.get("c_onchart"),
    picked: 0,
  };
  const lossNames = Object.fromEntries(state.spec("c_loss").choices.map((c) => [c, LOSS_NAMES[c] ?? c]));
  const rates = state.spec("c_lr").choices;
  const defaultRate = state.spec("c_lr").default;
  const maxSteps = state.spec("c_steps").max;
  const first = info.candidates[0].house;
  const last = info.candidates.at(-1).house;
  let model = zeros();
  let log = [];
  const history = createSchedule([rateField("lr"), flagField("standardize", "s", "r"), choiceField("loss", LOSS_CODES)], { maxSteps });
  let latest = null;
  let queue = Promise.resolve();
  let version = 0; // bumps whenever training or Reset replaces the model; stale answers are dropped

  // -- controls ---------------------------------------------------------------------------
  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const bar = el("div", { className: "bar" });
  controls.append(bar);
  const scores = el("div", { className: "scores" });
  bar.append(scores);
  const accuracy = readout(scores, "Training accuracy");
  const lossOut = readout(scores, "Loss");
  const stepsOut = readout(scores, "Steps");
  buttons(bar, [
    { label: "GD step", more: MORE, onClick: () => train(1), primary: true },
    { label: "10 GD steps", more: MORE, onClick: () => train(10) },
    { label: "100 GD steps", more: MORE, onClick: () => train(100) },
    { label: "Reset", more: MORE, onClick: () => reset() },
  ]);
  const note = message(controls);
  // Changing a setting never resets the model: it applies from the next step (so arrow keys
  // on a closed menu only look at each choice). The setups below do start from zero.
  const lossSel = select(controls, "Loss function", Object.entries(lossNames), view.loss, (v) => settings({ loss: v }));
  const rateSel = select(controls, "Learning rate", rates.map((r) => [r, rateText(r)]), view.lr, (v) => settings({ lr: rates.find((r) => String(r) === v) }), MORE);
  const std = checkbox(controls, { label: "Standardize inputs", more: MORE, checked: view.standardize, onChange: (on) => settings({ standardize: on, lr: on ? defaultRate : RAW_RATE }) });
  const presets = document.createElement("p");
  presets.className = "presets-title";
  presets.textContent = "Try a setup (starts again from zero):";
  controls.append(presets);
  buttons(controls, [
    { label: "MSE on raw inputs", onClick: () => settings({ loss: "mse", standardize: false, lr: RAW_RATE }, true) },
    { label: "Cross-entropy, standardized", onClick: () => settings({ loss: "cross-entropy", standardize: true, lr: defaultRate }, true) },
  ]);

  // -- figures ----------------------------------------------------------------------------
  const regionsFigure = el("figure", { className: "figure", attrs: { "data-slot": "regions" } });
  regionsFigure.innerHTML = `<figcaption class="legend">Shading: <span class="key good">P(Good) high</span>
    <span class="key mid">½</span> <span class="key bad">P(Bad) high</span>.
    Each badge is one house with its number: ● labelled Good, ■ labelled Bad, ringed in
    black when the model gets it wrong; hollow badges are your hidden list. Houses with the
    same number of bathrooms are spread above and below their row, a stem pointing to
    their exact spot. The dashed line is the boundary where both are equally likely.</figcaption>`;
  const verdict = el("p", { className: "callout verdict", text: "…", attrs: { "data-slot": "verdict", "aria-live": "polite" } });
  const diagramSlot = el("figure", { className: "slot figure", attrs: { "data-slot": "diagram" } });
  const logFigure = el("figure", { className: "figure", attrs: { "data-slot": "log" } });
  const tableSlot = el("div", { className: "slot", attrs: { "data-slot": "table" } });
  bench.append(regionsFigure, verdict, diagramSlot, logFigure, tableSlot);
  const regions = createRegions(regionsFigure);
  const limits = { area: info.area_range, bathrooms: info.bathrooms_range };
  const byHouse = new Map([...info.labelled, ...info.candidates].map((c) => [c.house, c]));
  const onChart = checkbox(regionsFigure, {
    label: "Show the hidden list on the chart",
    checked: view.showHeld,
    onChange: (on) => {
      view.showHeld = on;
      state.set({ c_onchart: on });
      evaluate();
    },
  });
  const diagram = createClassifierDiagram(diagramSlot);
  const diagramNote = el("figcaption", { className: "figure-note caption" });
  diagramSlot.append(diagramNote);
  const lossLog = createLineChart(logFigure, { yLabel: "loss", height: 180, label: "Loss log: the loss after each step", empty: "Press a GD button to start the log." });
  caption(logFigure, "The loss after each step since the loss function was last chosen.");
  const table = createHouseTable(tableSlot, {
    caption: "The ten labelled houses: what the model says",
    onPick: (house) => {
      view.picked = house;
      if (latest) show(latest);
    },
  });
  const gap = place(root, "gap", el("p", { className: "callout gap", text: "…", attrs: { "aria-live": "polite" } }));

  const heldSlot = place(root, "heldout", el("div", { className: "slot heldout-slot" }));
  const heldOut = createHeldOut(heldSlot, {
    candidates: info.candidates,
    initial: decodeLabels(state.get("c_held"), first, last),
    rule: { text: info.friend_rule, agrees: info.friend_rule_agrees, differs: info.friend_rule_differs },
    onChange: (list) => {
      state.set({ c_held: encodeLabels(list) });
      evaluate();
    },
  });
  const heldAcc = readout(heldSlot, "Held-out accuracy");
  const heldNote = el("p", { className: "figure-note" });
  heldSlot.append(heldNote);
  const heldTable = createHouseTable(heldSlot, { caption: "Your hidden list: what the model says", showPrice: true });
  const looOut = place(root, "loo", el("strong", { text: "…", attrs: { "aria-live": "polite" } }));
  // The three scores side by side, each with the question it answers.
  const board = place(root, "scoreboard", el("div", { className: "slot scoreboard" }));
  board.innerHTML = `<table class="data scores-table"><caption class="sr-only">Three ways to score the classifier</caption>
    <thead><tr><th scope="col">score</th><th scope="col">houses</th><th scope="col">who labelled them</th><th scope="col">right</th></tr></thead>
    <tbody><tr><th scope="row">training accuracy</th><td>the ten it trained on</td><td>your friend</td><td data-role="train">…</td></tr>
    <tr><th scope="row">hidden list</th><td>the ones you labelled, never trained on</td><td>you (or the made-up rule)</td><td data-role="held">…</td></tr>
    <tr><th scope="row">leave-one-out</th><td>each of the ten, left out in turn</td><td>your friend</td><td data-role="loo">…</td></tr></tbody></table>`;
  const boardCell = (role) => board.querySelector(`[data-role=${role}]`);

  // -- talking to the API -----------------------------------------------------------------
  // The chart shows the ten houses and the labelled hidden ones, and nothing much beyond them.
  const shown = () => {
    const held = view.showHeld ? heldOut.list().map((r) => byHouse.get(r.house)) : [];
    return viewFor([...info.labelled, ...held], limits);
  };
  const common = () => {
    const rect = shown();
    return { loss: view.loss, held_out: heldOut.list(), area_range: rect.area, bathrooms_range: rect.bathrooms };
  };
  const fail = (err) => {
    note.textContent = err.message;
    note.classList.add("error-text");
  };

  function show(res) {
    latest = res;
    model = { weights: res.weights, bias: res.bias };
    accuracy.textContent = pct(res.correct, res.houses.length, res.accuracy);
    lossOut.textContent = fixed(res.loss, 4);
    stepsOut.textContent = num(view.steps);
    const { areas, bathrooms } = res.grid; // the grid spans exactly the rectangle asked for
    regions.update(res, { area: [areas[0], areas.at(-1)], bathrooms: [bathrooms[0], bathrooms.at(-1)], showHeld: view.showHeld });
    const house = res.houses[view.picked] ?? res.houses[0];
    diagram.update(res.weights, res.bias, house);
    diagramNote.textContent = `Values shown for house ${house.house + 1} (pick another in the table).`;
    table.update(res.houses);
    lossLog.update(log.length ? log : [res.loss]);
    const nBad = res.predicted_counts[res.classes.indexOf("Bad")];
    const n = res.houses.length;
    const score = pct(res.correct, n, res.accuracy);
    verdict.textContent = res.ties === n
      ? `Right now the model can't decide: every house gets P(Good) = P(Bad) = ${fixed(res.houses[0].probabilities[0], 1)}, a 50/50 toss-up. The score still reads ${score}, because a tie is counted as Good and ${res.correct} of the ten are labelled Good; nothing has been learned yet. Train it to see it choose.`
      : res.single_class
      ? `Right now the model says ${res.single_class} for every one of the ten houses. That scores ${score} only because ${res.correct} of the ten are labelled ${res.single_class}; it has not learned which houses are bad.`
      : `Right now the model calls ${nBad} of the ten houses Bad and gets ${score} right.`;
    gap.textContent = `Training accuracy now: ${res.correct} of 10. The best any straight line can do on these ten houses: ${res.best_linear_correct} of 10.`;
    const k = res.held_out.length;
    heldAcc.textContent = k ? pct(res.held_out_correct, k, res.held_out_accuracy) : "";
    boardCell("train").textContent = pct(res.correct, n, res.accuracy);
    boardCell("held").textContent = k ? pct(res.held_out_correct, k, res.held_out_accuracy) : "no list yet";
    heldAcc.parentElement.hidden = k === 0;
    onChart.closest(".control").hidden = k === 0;
    heldNote.textContent = k
      ? `Computed only on the ${k} house${k === 1 ? "" : "s"} on the hidden list; none of them was used in training. ${view.showHeld ? " They also appear on the chart above, as hollow badges." : ""}`
      : "No hidden list yet: press the button, or label houses one by one, to test the model on houses it has never seen.";
    heldTable.update(res.held_out);
  }

  const evaluateNow = coalesced(
    (args) => api.classify.evaluate(args.body),
    (res, args) => {
      if (args.version === version) show(res);
    },
    fail,
  );
  const evaluate = () => evaluateNow({ version, body: { ...common(), ...model } });
  const leaveOneOut = coalesced(
    () => api.classify.leaveOneOut({ loss: view.loss, learning_rate: view.lr, standardize: view.standardize, steps: 1000 }),
    (res) => {
      looOut.textContent = pct(res.correct, res.n, res.accuracy);
      boardCell("loo").textContent = looOut.textContent;
    },
    (err) => {
      looOut.textContent = err.message;
    },
  );

  const now = () => ({ lr: view.lr, standardize: view.standardize, loss: view.loss });
  /** One run's settings as the API's schedule segment. */
  const segment = (r) => ({ steps: r.steps, learning_rate: r.lr, standardize: r.standardize, loss: r.loss });
  /** A link holds the steps as c_steps while every step had today's settings, else c_sched. */
  function saveRun() {
    const single = history.runs.length <= 1 && (!history.runs.length || (history.runs[0].lr === view.lr && history.runs[0].standardize === view.standardize && history.runs[0].loss === view.loss));
    state.set({ c_steps: single ? view.steps : null, c_sched: single ? null : history.text() });
  }

  function train(steps) {
    queue = queue.then(async () => {
      // A link replays every step since the reset in one request, so stop at what one may take.
      const n = Math.min(steps, history.room(now()));
      if (n <= 0) {
        note.textContent = `That is as much history as a link can replay (${num(history.total())} steps); press Reset to start again.`;
        return;
      }
      try {
        version += 1;
        const res = await api.classify.train({ ...common(), ...model, learning_rate: view.lr, standardize: view.standardize, steps: n });
        log = log.length ? log.concat(res.path.slice(1).map((p) => p.loss)) : res.path.map((p) => p.loss);
        view.steps += n;
        history.add(n, now());
        note.classList.remove("error-text");
        note.textContent = res.message;
        saveRun();
        show(res);
      } catch (err) {
        fail(err);
      }
    });
    return queue;
  }

  function reset(text = "Back to all-zero weights and biases: every house gets P(Good) = 0.5.") {
    queue = queue.then(() => {
      version += 1;
      model = zeros();
      log = [];
      view.steps = 0;
      history.clear();
      state.set({ c_steps: null, c_sched: null });
      note.classList.remove("error-text");
      note.textContent = text;
      evaluate();
    });
  }

  function settings(change, restart = false) {
    const lossChanged = change.loss !== undefined && change.loss !== view.loss;
    Object.assign(view, change);
    lossSel.value = view.loss;
    rateSel.value = String(view.lr);
    std.checked = view.standardize;
    state.set({ c_loss: view.loss, c_std: view.standardize, c_lr: view.lr });
    const words = `${lossNames[view.loss]}, ${view.standardize ? "standardized" : "raw"} inputs, learning rate ${rateText(view.lr)}`;
    if (restart) reset(`Set up: ${words}. Weights reset to zero.`);
    else {
      queue = queue.then(() => {
        note.classList.remove("error-text");
        note.textContent = `Now ${words}: this applies from the next step. Reset starts again from zero.`;
        saveRun();
        // A new loss is a new measure: the log starts again from the model as it is.
        if (lossChanged) log = [];
        evaluate();
      });
    }
    leaveOneOut();
  }

  // Restore: replay the saved steps from zero in one request, which reproduces the exact model.
  const schedule = state.get("c_sched");
  const saved = view.steps;
  view.steps = 0;
  if (schedule && history.parse(schedule)) {
    queue = queue.then(async () => {
      try {
        version += 1;
        const res = await api.classify.train({ ...common(), ...zeros(), learning_rate: view.lr, standardize: view.standardize, steps: 1, schedule: history.runs.map(segment) });
        view.steps = history.total();
        // The log shows the steps since the loss function was last chosen.
        let from = view.steps;
        for (let i = history.runs.length - 1; i >= 0 && history.runs[i].loss === view.loss; i--) from -= history.runs[i].steps;
        log = res.path.slice(from).map((p) => p.loss);
        note.textContent = "Restored from the link: the same steps with the same settings.";
        show(res);
      } catch (err) {
        fail(err);
      }
    });
  } else if (saved > 0) train(saved);
  else evaluate();
  leaveOneOut();
}
