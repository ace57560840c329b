// Section 6, part 2: the Good/Bad classifier — train it, see its regions, test it honestly.
import { coalesced } from "../api.js";
import { createLineChart } from "../charts/linechart.js";
import { createClassifierDiagram } from "../classify/diagram.js";
import { createHeldOut, decodeLabels, encodeLabels } from "../classify/heldout.js";
import { createRegions, viewFor } from "../classify/regions.js";
import { createHouseTable } from "../classify/table.js";
import { buttons, checkbox, message, readout } from "../controls.js";
import { fixed, num } from "../format.js";
import * as state from "../state.js";

const RATES = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 0.5, 1, 3, 10];
const LOSSES = { "cross-entropy": "cross-entropy", mse: "mean squared error (MSE)" };
const MAX_STEPS = 10_000;
const zeros = () => ({ weights: [[0, 0], [0, 0]], bias: [0, 0] });
const slot = (el, name) => el.querySelector(`[data-slot="${name}"]`);
const nearestRate = (v) => RATES.reduce((a, b) => (Math.abs(Math.log(b / v)) < Math.abs(Math.log(a / v)) ? b : a));
const pct = (k, n) => `${k} of ${n} (${Math.round((100 * k) / n)}%)`;

function select(parent, label, options, value, onChange) {
  const wrap = document.createElement("div");
  wrap.className = "control";
  const id = `clf-${label.toLowerCase().replace(/\W+/g, "-")}`;
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const s = document.createElement("select");
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

export async function mount(el, api) {
  api.register("classify", {
    houses: () => api.get("/api/classify/houses"),
    evaluate: (body) => api.post("/api/classify/evaluate", body),
    train: (body) => api.post("/api/classify/train", body),
    leaveOneOut: (body) => api.post("/api/classify/leave-one-out", body),
  });
  const info = await api.classify.houses();
  const view = {
    loss: state.readString("c_loss", "cross-entropy", Object.keys(LOSSES)),
    standardize: state.readBool("c_std", true),
    lr: nearestRate(state.readNumber("c_lr", 0.5, 1e-8, 10)),
    steps: Math.round(state.readNumber("c_steps", 0, 0, MAX_STEPS)),
    showHeld: state.readBool("c_onchart", true),
    picked: 0,
  };
  const first = info.candidates[0].house;
  const last = info.candidates.at(-1).house;
  let model = zeros();
  let log = [];
  let latest = null;
  let queue = Promise.resolve();
  let version = 0; // bumps whenever training or Reset replaces the model; stale answers are dropped

  // -- controls ---------------------------------------------------------------------------
  const controls = slot(el, "controls");
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
  const lossSel = select(controls, "Loss function", Object.entries(LOSSES), view.loss, (v) => settings({ loss: v }));
  const rateSel = select(controls, "Learning rate", RATES.map((r) => [r, String(r)]), view.lr, (v) => settings({ lr: Number(v) }, false));
  const std = checkbox(controls, { label: "Standardize inputs", checked: view.standardize, onChange: (on) => settings({ standardize: on, lr: on ? 0.5 : 1e-6 }) });
  const presets = document.createElement("p");
  presets.className = "presets-title";
  presets.textContent = "Try a setup:";
  controls.append(presets);
  buttons(controls, [
    { label: "The notebook's (MSE, raw inputs)", onClick: () => settings({ loss: "mse", standardize: false, lr: 1e-6 }) },
    { label: "Cross-entropy, standardized", onClick: () => settings({ loss: "cross-entropy", standardize: true, lr: 0.5 }) },
  ]);

  // -- figures ----------------------------------------------------------------------------
  const regions = createRegions(slot(el, "regions"));
  const limits = { area: info.area_range, bathrooms: info.bathrooms_range };
  const byHouse = new Map([...info.labelled, ...info.candidates].map((c) => [c.house, c]));
  const onChart = checkbox(slot(el, "regions"), {
    label: "Show the hidden list on the chart",
    checked: view.showHeld,
    onChange: (on) => {
      view.showHeld = on;
      state.write({ c_onchart: on ? null : false });
      evaluate();
    },
  });
  const diagram = createClassifierDiagram(slot(el, "diagram"));
  const diagramNote = document.createElement("p");
  diagramNote.className = "figure-note";
  slot(el, "diagram").append(diagramNote);
  const lossLog = createLineChart(slot(el, "log"), { yLabel: "loss", height: 180 });
  const table = createHouseTable(slot(el, "table"), {
    caption: "The ten labelled houses: what the model says",
    onPick: (house) => {
      view.picked = house;
      if (latest) show(latest);
    },
  });
  const verdict = slot(el, "verdict");
  const gap = slot(el, "gap");
  const looOut = slot(el, "loo");

  const heldSlot = slot(el, "heldout");
  const heldOut = createHeldOut(heldSlot, {
    candidates: info.candidates,
    initial: decodeLabels(state.readString("c_held", ""), first, last),
    rule: { text: info.friend_rule, agrees: info.friend_rule_agrees, differs: info.friend_rule_differs },
    onChange: (list) => {
      state.write({ c_held: encodeLabels(list) });
      evaluate();
    },
  });
  const heldAcc = readout(heldSlot, "Held-out accuracy");
  const heldNote = document.createElement("p");
  heldNote.className = "figure-note";
  heldSlot.append(heldNote);
  const heldTable = createHouseTable(heldSlot, { caption: "Your hidden list: what the model says", showPrice: true });

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
    accuracy.textContent = pct(res.correct, res.houses.length);
    lossOut.textContent = fixed(res.loss, 4);
    stepsOut.textContent = num(view.steps);
    const { areas, bathrooms } = res.grid; // the grid spans exactly the rectangle asked for
    regions.update(res, { area: [areas[0], areas.at(-1)], bathrooms: [bathrooms[0], bathrooms.at(-1)], showHeld: view.showHeld });
    const house = res.houses[view.picked] ?? res.houses[0];
    diagram.update(res.weights, res.bias, house);
    diagramNote.textContent = `Values shown for house ${house.house + 1} (pick another in the table).`;
    table.update(res.houses);
    lossLog.update(log);
    const nBad = res.houses.filter((h) => h.predicted === "Bad").length;
    const n = res.houses.length;
    verdict.textContent = res.ties === n
      ? `Right now the model can't decide: every house gets P(Good) = P(Bad) = 0.5, a 50/50 toss-up. The score still reads ${pct(res.correct, n)}, because a tie is counted as Good and ${res.correct} of the ten are labelled Good; nothing has been learned yet. Train it to see it choose.`
      : res.single_class
      ? `Right now the model says ${res.single_class} for every one of the ten houses. That scores ${pct(res.correct, res.houses.length)} only because ${res.correct} of the ten are labelled ${res.single_class}; it has not learned which houses are bad.`
      : `Right now the model calls ${nBad} of the ten houses Bad and gets ${pct(res.correct, res.houses.length)} right.`;
    gap.textContent = `Training accuracy now: ${res.correct} of 10. The best any straight line can do on these ten houses: ${res.best_linear_correct} of 10.`;
    const k = res.held_out.length;
    heldAcc.textContent = k ? pct(res.held_out_correct, k) : "";
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
      looOut.textContent = `${pct(res.correct, res.n)}`;
    },
    (err) => {
      looOut.textContent = err.message;
    },
  );

  function train(steps) {
    queue = queue.then(async () => {
      const n = Math.min(steps, MAX_STEPS - view.steps);
      if (n <= 0) {
        note.textContent = `That is ${num(MAX_STEPS)} steps; press Reset to start again.`;
        return;
      }
      try {
        version += 1;
        const res = await api.classify.train({ ...common(), ...model, learning_rate: view.lr, standardize: view.standardize, steps: n });
        log = log.length ? log.concat(res.path.slice(1).map((p) => p.loss)) : res.path.map((p) => p.loss);
        view.steps += res.steps_taken;
        note.classList.remove("error-text");
        note.textContent = res.message;
        state.write({ c_steps: view.steps || null });
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
      state.write({ c_steps: null });
      note.classList.remove("error-text");
      note.textContent = text;
      evaluate();
    });
  }

  function settings(change, restart = true) {
    Object.assign(view, change);
    lossSel.value = view.loss;
    rateSel.value = String(view.lr);
    std.checked = view.standardize;
    state.write({ c_loss: view.loss === "cross-entropy" ? null : view.loss, c_std: view.standardize ? null : false, c_lr: view.lr === 0.5 ? null : view.lr });
    if (restart) reset(`Settings changed: ${LOSSES[view.loss]}, ${view.standardize ? "standardized" : "raw"} inputs, learning rate ${view.lr}. Weights reset to zero.`);
    leaveOneOut();
  }

  // Restore: replay the saved number of steps from zero, which reproduces the exact model.
  const saved = view.steps;
  view.steps = 0;
  if (saved > 0) train(saved);
  else evaluate();
  leaveOneOut();
}
