// Section 6, part 2: the Good/Bad classifier — train it, see its regions, test it honestly.
import { coalesced } from "../api.js";
import { caption } from "../charts/frame.js";
import { createLineChart } from "../charts/linechart.js";
import { createClassifierDiagram } from "../classify/diagram.js";
import { createHeldOut, decodeLabels, encodeLabels } from "../classify/heldout.js";
import { createRegions, viewFor } from "../classify/regions.js";
import { createHouseTable } from "../classify/table.js";
import { buttons, checkbox, message, readout } from "../controls.js";
import { el, place, scrollable, uid } from "../dom.js";
import { fixed, num, percent, rate as rateText } from "../format.js";
import { t } from "../i18n.js";
import { choiceField, createSchedule, flagField, rateField } from "../schedule.js";

/** The key of the page's name for each loss function the API offers. */
const LOSS_NAMES = { "cross-entropy": "classify.loss_ce", mse: "classify.loss_mse" };
/** The learning rate the "raw inputs" setups start from. */
const RAW_RATE = 1e-6;
const zeros = () => ({ weights: [[0, 0], [0, 0]], bias: [0, 0] });
/** "7 of 10 (70%)": a count and the API's share. */
const pct = (k, n, share) => t("classify.count_of", { k, n, percent: percent(share) });
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
  const lossNames = Object.fromEntries(state.spec("c_loss").choices.map((c) => [c, LOSS_NAMES[c] ? t(LOSS_NAMES[c]) : c]));
  const MORE = t("classify.more");
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
  const accuracy = readout(scores, t("classify.training_accuracy"));
  const lossOut = readout(scores, t("classify.loss"));
  const stepsOut = readout(scores, t("classify.steps"));
  buttons(bar, [
    { label: t("classify.gd_steps", { n: 1 }), more: MORE, onClick: () => train(1), primary: true },
    { label: t("classify.gd_steps", { n: 10 }), more: MORE, onClick: () => train(10) },
    { label: t("classify.gd_steps", { n: 100 }), more: MORE, onClick: () => train(100) },
    { label: t("classify.reset"), more: MORE, onClick: () => reset() },
  ]);
  const note = message(controls);
  // Changing a setting never resets the model: it applies from the next step (so arrow keys
  // on a closed menu only look at each choice). The setups below do start from zero.
  const lossSel = select(controls, t("classify.loss_function"), Object.entries(lossNames), view.loss, (v) => settings({ loss: v }));
  const rateSel = select(controls, t("classify.learning_rate"), rates.map((r) => [r, rateText(r)]), view.lr, (v) => settings({ lr: rates.find((r) => String(r) === v) }), MORE);
  const std = checkbox(controls, { label: t("classify.standardize"), more: MORE, checked: view.standardize, onChange: (on) => settings({ standardize: on, lr: on ? defaultRate : RAW_RATE }) });
  const presets = document.createElement("p");
  presets.className = "presets-title";
  presets.textContent = t("classify.presets_title");
  controls.append(presets);
  buttons(controls, [
    { label: t("classify.preset_mse_raw"), onClick: () => settings({ loss: "mse", standardize: false, lr: RAW_RATE }, true) },
    { label: t("classify.preset_ce_std"), onClick: () => settings({ loss: "cross-entropy", standardize: true, lr: defaultRate }, true) },
  ]);

  // -- figures ----------------------------------------------------------------------------
  const regionsFigure = el("figure", { className: "figure", attrs: { "data-slot": "regions" } });
  regionsFigure.innerHTML = `<figcaption class="legend">${t("classify.regions_legend_html")}</figcaption>`;
  const verdict = el("p", { className: "callout verdict", text: "…", attrs: { "data-slot": "verdict", "aria-live": "polite" } });
  const diagramSlot = el("figure", { className: "slot figure", attrs: { "data-slot": "diagram" } });
  const logFigure = el("figure", { className: "figure", attrs: { "data-slot": "log" } });
  const tableSlot = el("div", { className: "slot", attrs: { "data-slot": "table" } });
  bench.append(regionsFigure, verdict, diagramSlot, logFigure, tableSlot);
  const regions = createRegions(regionsFigure);
  const limits = { area: info.area_range, bathrooms: info.bathrooms_range };
  const byHouse = new Map([...info.labelled, ...info.candidates].map((c) => [c.house, c]));
  const onChart = checkbox(regionsFigure, {
    label: t("classify.show_held_on_chart"),
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
  const lossLog = createLineChart(logFigure, { yLabel: t("classify.log_y_label"), height: 180, label: t("classify.log_label"), empty: t("classify.log_empty") });
  caption(logFigure, t("classify.log_caption"));
  const table = createHouseTable(tableSlot, {
    caption: t("classify.table_caption"),
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
  const heldAcc = readout(heldSlot, t("classify.heldout_accuracy"));
  const heldNote = el("p", { className: "figure-note" });
  heldSlot.append(heldNote);
  const heldTable = createHouseTable(heldSlot, { caption: t("classify.held_table_caption"), showPrice: true });
  const looOut = place(root, "loo", el("strong", { text: "…", attrs: { "aria-live": "polite" } }));
  // The three scores side by side, each with the question it answers.
  const board = place(root, "scoreboard", el("div", { className: "slot scoreboard" }));
  // In a box that scrolls sideways when a language's words make it wider than a phone.
  board.innerHTML = `<div class="table-wrap"><table class="data scores-table"><caption class="sr-only"></caption>
    <thead><tr><th scope="col"></th><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr></thead>
    <tbody><tr><th scope="row"></th><td></td><td></td><td data-role="train">…</td></tr>
    <tr><th scope="row"></th><td></td><td></td><td data-role="held">…</td></tr>
    <tr><th scope="row"></th><td></td><td></td><td data-role="loo">…</td></tr></tbody></table></div>`;
  scrollable(board.querySelector(".table-wrap"), t("classify.scores_caption"));
  // The words go in as text, row by row; the cells with a data-role hold the scores.
  board.querySelector("caption").textContent = t("classify.scores_caption");
  const words = [
    [t("classify.scores_col_score"), t("classify.scores_col_houses"), t("classify.scores_col_who"), t("classify.scores_col_right")],
    [t("classify.scores_train"), t("classify.scores_train_houses"), t("classify.scores_friend")],
    [t("classify.scores_held"), t("classify.scores_held_houses"), t("classify.scores_held_who")],
    [t("classify.scores_loo"), t("classify.scores_loo_houses"), t("classify.scores_friend")],
  ];
  board.querySelectorAll("tr").forEach((tr, i) => words[i].forEach((text, j) => {
    tr.children[j].textContent = text;
  }));
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
    diagramNote.textContent = t("classify.diagram_note", { house: house.house + 1 });
    table.update(res.houses);
    lossLog.update(log.length ? log : [res.loss]);
    const nBad = res.predicted_counts[res.classes.indexOf("Bad")];
    const n = res.houses.length;
    const score = pct(res.correct, n, res.accuracy);
    // The model says one class for all ten houses: a sentence for each class.
    const single = { Good: "classify.verdict_all_good", Bad: "classify.verdict_all_bad" }[res.single_class];
    verdict.textContent = res.ties === n
      ? t("classify.verdict_tie", { p: fixed(res.houses[0].probabilities[0], 1), score, correct: res.correct })
      : res.single_class
      ? t(single, { score, correct: res.correct })
      : t("classify.verdict", { bad: nBad, score });
    gap.textContent = t("classify.gap", { correct: res.correct, best: res.best_linear_correct });
    const k = res.held_out.length;
    heldAcc.textContent = k ? pct(res.held_out_correct, k, res.held_out_accuracy) : "";
    boardCell("train").textContent = pct(res.correct, n, res.accuracy);
    boardCell("held").textContent = k ? pct(res.held_out_correct, k, res.held_out_accuracy) : t("classify.no_list_yet");
    heldAcc.parentElement.hidden = k === 0;
    onChart.closest(".control").hidden = k === 0;
    heldNote.textContent = k
      ? t(view.showHeld ? "classify.held_note_on_chart" : "classify.held_note", { k })
      : t("classify.held_none");
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
        note.textContent = t("classify.history_full", { steps: history.total() });
        return;
      }
      try {
        version += 1;
        const res = await api.classify.train({ ...common(), ...model, learning_rate: view.lr, standardize: view.standardize, steps: n });
        log = log.length ? log.concat(res.path.slice(1).map((p) => p.loss)) : res.path.map((p) => p.loss);
        view.steps += n;
        history.add(n, now());
        note.classList.remove("error-text");
        note.textContent = res.message_code ? t(`msg.${res.message_code.code}`, res.message_code.params) : res.message;
        saveRun();
        show(res);
      } catch (err) {
        fail(err);
      }
    });
    return queue;
  }

  function reset(text = t("classify.reset_note")) {
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
    const setup = t(view.standardize ? "classify.setup_standardized" : "classify.setup_raw", { loss: lossNames[view.loss], rate: rateText(view.lr) });
    if (restart) reset(t("classify.set_up", { setup }));
    else {
      queue = queue.then(() => {
        note.classList.remove("error-text");
        note.textContent = t("classify.now_applies", { setup });
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
        note.textContent = t("classify.restored");
        show(res);
      } catch (err) {
        fail(err);
      }
    });
  } else if (saved > 0) train(saved);
  else evaluate();
  leaveOneOut();
}
