// Section 9: beyond a straight line. A hidden layer between the ten houses' inputs and the
// softmax: each hidden neuron's own picture, the output's region that bends, training to
// 10 of 10, and then leave-one-out and the hidden list showing what that is worth.
import { createLayerDiagram } from "../charts/layers.js";
import { createLineChart } from "../charts/linechart.js";
import { createHeldOut, decodeLabels, encodeLabels } from "../classify/heldout.js";
import { createRegions } from "../classify/regions.js";
import { createHouseTable } from "../classify/table.js";
import { checkbox, readout } from "../controls.js";
import { el, place } from "../dom.js";
import { t } from "../i18n.js";
import { createAccuracyChart } from "../part2/accuracy.js";
import { createLeaveOneOut } from "../part2/loo.js";
import { createNetworkModel } from "../part2/model.js";
import { activationName, countOf, createPanel, labelName } from "../part2/panel.js";
import { pictureKey, pictureURL } from "../part2/pictures.js";

const KEYS = { hidden: "h_n", activation: "h_act", seed: "h_seed", rate: "h_lr", run: "h_run" };

export async function mount(root, { api, state }) {
  const info = await api.classify.houses();
  const first = info.candidates[0].house;
  const last = info.candidates.at(-1).house;
  const byHouse = new Map(info.candidates.map((c) => [c.house, c]));
  const view = { picked: 0, showHeld: false, line: null, loo: null };
  let latest = null;

  // -- the workbench: controls, the network, its regions, its log -------------------------
  const bench = place(root, "bench", el("div", { className: "workbench p2-bench" }));
  const controls = el("div", { className: "controls" });
  const diagramFig = el("figure", { className: "figure p2-diagram", attrs: { "aria-label": t("hidden.diagram_label") } });
  const regionFig = el("figure", { className: "figure", attrs: { "data-slot": "regions", "aria-label": t("part2.regions_label") } });
  const logFig = el("figure", { className: "figure p2-log", attrs: { "aria-label": t("hidden.log_label") } });
  const tableSlot = el("div", { className: "slot" });
  bench.append(controls, diagramFig, regionFig, logFig, tableSlot);

  let panel = null;
  let heldOut = null;
  let loo = null;
  const model = createNetworkModel({
    api,
    extra: () => ({ house: view.picked, held_out: heldOut?.list() ?? [] }),
    onView: (v) => show(v),
    onRun: (runs) => panel.recorded(runs),
    onPlaying: (on) => panel.playing(on),
    onMessage: (text, isError) => panel.say(text, isError),
    onBusy: (busy) => {
      root.dataset.busy = busy ? "yes" : "no";
    },
    // A new size, activation or seed: the old leave-one-out result is for another network.
    onConfigure: () => {
      view.loo = null;
      loo?.cancel();
    },
  });
  panel = createPanel(controls, { state, keys: KEYS, model });

  const diagram = createLayerDiagram(diagramFig);
  const key = el("figcaption", { className: "legend" });
  diagramFig.append(key);
  const regions = createRegions(regionFig);
  regionFig.append(
    el("figcaption", {
      className: "legend",
      text: t("hidden.regions_legend"),
    }),
  );
  checkbox(regionFig, {
    label: t("hidden.show_hidden_list"),
    checked: view.showHeld,
    onChange: (on) => {
      view.showHeld = on;
      if (latest) show(latest);
    },
  });
  const lossChart = createLineChart(logFig, { yLabel: t("hidden.loss_axis"), height: 170 });
  const accChart = createAccuracyChart(logFig);
  const table = createHouseTable(tableSlot, {
    caption: t("hidden.table_caption"),
    onPick: (house) => {
      view.picked = house;
      model.refresh();
    },
  });

  // -- overfitting: leave-one-out, the hidden list, and what they say together -----------
  const overfit = place(root, "overfit", el("div", { className: "p2-overfit" }));
  const looBox = el("div", { className: "p2-loo" });
  const heldBox = el("div", { className: "p2-held heldout-slot" });
  overfit.append(looBox, heldBox);
  loo = createLeaveOneOut(looBox, {
    api,
    recipe: () => ({ ...model.config, steps: 1000, learning_rate: panel.rate() }),
    onResult: (r) => {
      view.loo = r;
      verdictText();
    },
  });
  heldOut = createHeldOut(heldBox, {
    candidates: info.candidates,
    initial: decodeLabels(state.get("h_held"), first, last),
    rule: { text: info.friend_rule, agrees: info.friend_rule_agrees, differs: info.friend_rule_differs },
    onChange: (list) => {
      state.set({ h_held: encodeLabels(list) });
      // The log's hidden-list counts were for the old list: replay to count the new one.
      model.replay();
      baseline();
    },
  });
  const heldAcc = readout(heldBox, t("hidden.held_accuracy"));
  const heldTable = createHouseTable(heldBox, { caption: t("hidden.held_caption"), showPrice: true });
  const verdict = place(root, "verdict", el("p", { className: "callout p2-verdict", attrs: { "aria-live": "polite" } }));

  // A straight line trained the same way on the same list: what the hidden layer is compared with.
  let lineVersion = 0;
  async function baseline() {
    const list = heldOut.list();
    lineVersion += 1;
    const mine = lineVersion;
    view.line = null;
    if (!list.length) return verdictText();
    try {
      const layers = await api.network.start({ hidden: 0, activation: "tanh", seed: 0 });
      const trained = await api.network.train({ hidden: 0, activation: "tanh", layers, steps: 1000, learning_rate: 1 });
      const v = await api.network.view({ hidden: 0, activation: "tanh", layers: trained.layers, held_out: list });
      if (mine === lineVersion) view.line = { correct: v.correct, held: v.held_out_correct, n: list.length };
    } catch {
      view.line = null;
    }
    verdictText();
  }

  function verdictText() {
    if (!latest) return;
    const k = latest.held_out.length;
    // Whole sentences, each worded on its own, joined by a space.
    const parts = [t("hidden.verdict_training", { correct: latest.correct, steps: model.steps })];
    if (view.loo) parts.push(t("hidden.verdict_loo", { correct: view.loo.correct }));
    if (k) parts.push(t("hidden.verdict_held", { correct: latest.held_out_correct, k }));
    if (view.line && k) parts.push(t("hidden.verdict_line", { correct: view.line.correct, held: view.line.held, k }));
    if (view.loo && view.loo.correct < latest.correct) {
      parts.push(t("hidden.verdict_overfitting"));
    } else if (!view.loo) {
      parts.push(k ? t("hidden.verdict_run_loo") : t("hidden.verdict_run_loo_or_label"));
    }
    verdict.textContent = parts.join(" ");
  }

  function show(v) {
    latest = v;
    panel.update(v);
    const names = v.neurons.map((_, j) => `h${j + 1}`);
    diagram.update({
      sizes: v.sizes,
      titles: [t("part2.title_inputs"), t("part2.title_hidden"), t("part2.title_outputs")],
      nodeLabels: [[t("data.area"), t("data.baths")], names, [labelName("Good"), labelName("Bad")]],
      weights: v.layers.map((l) => l.weights),
      pictures: [null, v.neurons.map((p) => pictureURL(p, v.activation)), null],
      softmax: true,
    });
    diagram.describe(t("hidden.diagram_describe", { n: v.hidden, activation: activationName(v.activation) }));
    key.textContent = t("hidden.picture_key", { key: pictureKey(v.activation) });
    const { areas, bathrooms } = v;
    regions.update(
      { grid: { areas, bathrooms, p_good: v.p_good }, houses: v.houses, held_out: v.held_out, boundary: null },
      { area: [areas[0], areas.at(-1)], bathrooms: [bathrooms[0], bathrooms.at(-1)], showHeld: view.showHeld && v.held_out.length > 0 },
    );
    const log = model.log;
    lossChart.update(log.map((p) => p.loss), log.map((p) => p.step));
    accChart.update(log, { n: v.n, nHeld: v.held_out.length });
    table.pick(view.picked);
    table.update(v.houses);
    const k = v.held_out.length;
    heldAcc.textContent = k ? countOf(v.held_out_correct, k) : t("hidden.no_hidden_list");
    heldTable.update(v.held_out.map((r) => ({ ...r, price: byHouse.get(r.house)?.price })));
    root.dataset.steps = String(model.steps);
    verdictText();
  }

  await panel.start();
  baseline();
}
