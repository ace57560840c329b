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
import { createAccuracyChart } from "../part2/accuracy.js";
import { createLeaveOneOut } from "../part2/loo.js";
import { createNetworkModel } from "../part2/model.js";
import { ACTIVATION_NAMES, createPanel } from "../part2/panel.js";
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
  const diagramFig = el("figure", { className: "figure p2-diagram", attrs: { "aria-label": "The network: inputs, hidden neurons with their pictures, outputs" } });
  const regionFig = el("figure", { className: "figure", attrs: { "data-slot": "regions", "aria-label": "The output's regions over area and bathrooms" } });
  const logFig = el("figure", { className: "figure p2-log", attrs: { "aria-label": "Loss and accuracy after each step" } });
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
      text: "The output: green where the network says Good, red where it says Bad, white where it cannot decide. ● labelled Good, ■ labelled Bad; ringed in black when the network gets it wrong.",
    }),
  );
  checkbox(regionFig, {
    label: "Show the hidden list on the chart",
    checked: view.showHeld,
    onChange: (on) => {
      view.showHeld = on;
      if (latest) show(latest);
    },
  });
  const lossChart = createLineChart(logFig, { yLabel: "loss", height: 170 });
  const accChart = createAccuracyChart(logFig);
  const table = createHouseTable(tableSlot, {
    caption: "The ten labelled houses: what the network says",
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
  const heldAcc = readout(heldBox, "Hidden-list accuracy");
  const heldTable = createHouseTable(heldBox, { caption: "Your hidden list: what the network says", showPrice: true });
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
    const parts = [`Training: ${latest.correct} of 10 after ${model.steps.toLocaleString("en-US")} steps.`];
    if (view.loo) parts.push(`Leave-one-out (each house asked about by a network that never saw it): ${view.loo.correct} of 10.`);
    if (k) parts.push(`Your hidden list: ${latest.held_out_correct} of ${k}.`);
    if (view.line && k) parts.push(`A straight line trained the same way gets ${view.line.correct} of 10 in training and ${view.line.held} of ${k} on the same list.`);
    if (view.loo && view.loo.correct < latest.correct) {
      parts.push("The network does far better on the houses it trained on than on houses it has not seen: it has learned these ten houses, quirks and all, more than the taste behind the labels. That gap is overfitting.");
    } else if (!view.loo) {
      parts.push(k ? "Run leave-one-out to compare with houses the network never saw." : "Run leave-one-out, or label a hidden list below, to see how it does on houses it never saw.");
    }
    verdict.textContent = parts.join(" ");
  }

  function show(v) {
    latest = v;
    panel.update(v);
    const names = v.neurons.map((_, j) => `h${j + 1}`);
    diagram.update({
      sizes: v.sizes,
      titles: ["inputs", "hidden layer", "outputs"],
      nodeLabels: [["area", "baths"], names, ["Good", "Bad"]],
      weights: v.layers.map((l) => l.weights),
      pictures: [null, v.neurons.map((p) => pictureURL(p, v.activation)), null],
      softmax: true,
    });
    diagram.describe(`The network: 2 inputs, ${v.hidden} hidden ${ACTIVATION_NAMES[v.activation] ?? v.activation} neurons shown as pictures, 2 outputs and softmax`);
    key.textContent = `${pictureKey(v.activation)} Each picture covers the same map as the chart below (area across, bathrooms up). A line's width shows its weight's size; dashed lines are negative weights.`;
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
    heldAcc.textContent = k ? `${v.held_out_correct} of ${k}` : "no hidden list yet";
    heldTable.update(v.held_out.map((r) => ({ ...r, price: byHouse.get(r.house)?.price })));
    root.dataset.steps = String(model.steps);
    verdictText();
  }

  await panel.start();
  baseline();
}
