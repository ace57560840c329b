// Section 12: backpropagation, one step. The forward values on every node (for one house),
// every neuron's error signal δ and every parameter's slope from the backward pass, drawn
// on the network and listed beside the same slope measured by nudging that parameter.
import { coalesced } from "../api.js";
import { createLayerDiagram } from "../charts/layers.js";
import { readout } from "../controls.js";
import { el, place, uid } from "../dom.js";
import { fixed, ltrIsland, sci } from "../format.js";
import { t } from "../i18n.js";
import { entry } from "../part2/matrix.js";
import { createNetworkModel } from "../part2/model.js";
import { createPanel, labelName, select } from "../part2/panel.js";

const KEYS = { hidden: "b_n", activation: "b_act", seed: "b_seed", run: "b_run" };
/** The two inputs, named in the reader's language. */
const inputs = () => [t("data.area"), t("data.baths")];
/** The two outputs, named by their class in the reader's language. */
const outputs = () => [labelName("Good"), labelName("Bad")];
const SUB = ["₁", "₂"];
/** Slopes on the diagram's edges only while they can be read: up to this many hidden neurons. */
const LABEL_EDGES_UP_TO = 3;

/** "W₁ area → h2", "b₂ Good": where a parameter sits. */
function paramName(s) {
  const from = s.layer === 1 ? inputs() : null;
  const to = s.layer === 1 ? (j) => `h${j + 1}` : (j) => outputs()[j];
  if (s.kind === "bias") return `b${SUB[s.layer - 1]} ${to(s.target)}`;
  const src = from ? from[s.source] : `h${s.source + 1}`;
  return ltrIsland(`W${SUB[s.layer - 1]} ${src} → ${to(s.target)}`);
}

export async function mount(root, { api, state }) {
  const bench = place(root, "bench", el("div", { className: "workbench p2-bench" }));
  const controls = el("div", { className: "controls" });
  const figure = el("figure", { className: "figure", attrs: { "aria-label": t("backprop.figure_label") } });
  const tableSlot = el("div", { className: "slot slopes-box", attrs: { "data-slot": "slopes" } });
  bench.append(controls, figure, tableSlot);
  const view = { house: state.get("b_house") - 1, picked: null };
  let latest = null;
  let grads = null;
  let panel = null;
  const model = createNetworkModel({
    api,
    extra: () => ({ house: view.house }),
    onView: (v) => {
      latest = v;
      panel.update(v);
      root.dataset.steps = String(model.steps);
      slopes({ hidden: v.hidden, activation: v.activation, layers: v.layers, learning_rate: panel.rate() });
    },
    onRun: (runs) => panel.recorded(runs),
    onPlaying: (on) => panel.playing(on),
    onMessage: (text, isError) => panel.say(text, isError),
    onBusy: (busy) => {
      root.dataset.busy = busy ? "yes" : "no";
    },
  });
  panel = createPanel(controls, { state, keys: KEYS, model, defaultRate: state.spec("h_lr").default, show: { rate: false, train: false } });
  select(controls, t("backprop.house_select"), Array.from({ length: 10 }, (_, i) => [i, t("part2.house_n", { house: i + 1 })]), view.house, (v) => {
    view.house = Number(v);
    state.set({ b_house: view.house + 1 });
    model.refresh();
  });
  const lossNow = readout(controls, t("backprop.loss_after"));
  const gap = readout(controls, t("backprop.largest_difference"));
  const gapNote = el("p", { className: "figure-note", text: t("backprop.largest_difference_note") });
  controls.append(gapNote);

  const diagram = createLayerDiagram(figure, { label: t("backprop.figure_label") });
  const caption = el("figcaption", { className: "legend" });
  figure.append(caption);

  const titleId = uid("slopes-title");
  const title = el("p", { className: "table-title", text: t("backprop.table_title"), attrs: { id: titleId } });
  const wrap = el("div", { className: "table-wrap" });
  const table = el("table", { className: "data slopes", attrs: { "aria-labelledby": titleId } });
  const head = el("thead");
  const hr = el("tr");
  const columns = [
    [t("backprop.col_parameter"), "param"],
    [t("backprop.col_value"), "val"],
    [t("backprop.col_backprop"), "bp"],
    [t("backprop.col_measured"), "fd"],
    [t("backprop.col_step"), "step"],
  ];
  for (const [text, cls] of columns) {
    hr.append(el("th", { text, className: cls ?? "", attrs: { scope: "col" } }));
  }
  head.append(hr);
  const body = el("tbody");
  table.append(head, body);
  wrap.append(table);
  tableSlot.append(title, wrap);

  const slopes = coalesced(
    (args) => api.network.backprop(args),
    (bp, args) => {
      if (args.layers !== latest?.layers) return; // the network moved on; its answer is coming
      grads = bp;
      lossNow.textContent = ltrIsland(`${fixed(bp.loss, 4)} → ${fixed(bp.loss_after_step, 4)}`);
      gap.textContent = sci(bp.max_difference);
      gap.dataset.value = String(bp.max_difference);
      draw();
      rows();
    },
    (err) => panel.say(err.message, true),
  );

  function draw() {
    const v = latest;
    const bp = grads;
    const n = v.hidden;
    const f = v.forward;
    // Slope matrices shaped like the weights, for the edges' widths and labels.
    const W = [Array.from({ length: 2 }, () => Array(n).fill(0)), Array.from({ length: n }, () => Array(2).fill(0))];
    for (const s of bp.slopes) if (s.kind === "weight") W[s.layer - 1][s.source][s.target] = s.backprop;
    const labels = n <= LABEL_EDGES_UP_TO ? W.map((m) => m.map((row) => row.map((g) => entry(g)))) : null;
    const pk = view.picked;
    diagram.update({
      sizes: v.sizes,
      titles: [t("part2.title_inputs"), t("part2.title_hidden"), t("part2.title_outputs")],
      nodeLabels: [inputs(), Array.from({ length: n }, (_, j) => `h${j + 1}`), outputs()],
      strength: W,
      edgeLabels: labels,
      nodeValues: [f.inputs.map((x) => `x ${fixed(x, 2)}`), f.a[0].map((a) => `a ${fixed(a, 2)}`), f.a[1].map((p) => `p ${fixed(p, 2)}`)],
      nodeNotes: [null, bp.deltas[0].map((d) => `δ ${entry(d)}`), bp.deltas[1].map((d) => `δ ${entry(d)}`)],
      highlight: pk && pk.kind === "weight" ? { layer: pk.layer - 1, source: pk.source, target: pk.target } : null,
      softmax: false,
    });
    // Whole sentences, each worded on its own, joined by a space.
    caption.textContent = [
      t("backprop.caption_forward", { house: f.house + 1 }),
      t("backprop.caption_backward"),
      labels ? t("backprop.caption_lines_labelled") : t("backprop.caption_lines"),
    ].join(" ");
  }

  function rows() {
    body.replaceChildren();
    for (const s of grads.slopes) {
      const tr = el("tr", { attrs: { "data-layer": String(s.layer), "data-kind": s.kind } });
      const picked = view.picked && ["layer", "kind", "source", "target"].every((k) => view.picked[k] === s[k]);
      if (picked) tr.className = "picked";
      const nameCell = el("td", { className: "param" });
      const b = el("button", { className: "link", text: paramName(s), attrs: { type: "button", "aria-pressed": String(Boolean(picked)) } });
      b.addEventListener("click", () => {
        view.picked = picked ? null : s;
        draw();
        rows();
      });
      nameCell.append(b);
      tr.append(
        nameCell,
        el("td", { className: "val", text: entry(s.value) }),
        el("td", { className: "bp", text: fixed(s.backprop, 8) }),
        el("td", { className: "fd", text: fixed(s.numeric, 8) }),
        el("td", { className: "step", text: entry(s.step) }),
      );
      body.append(tr);
    }
  }

  await panel.start();
}
