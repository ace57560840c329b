// Widget view (Neuron): section 3 for the notebook's own data. Weight and bias sliders, the
// line through the points, the error table and the error; every number from the kernel.
import { coalesced } from "../api.js";
import { createNetwork } from "../charts/network.js";
import { createScatter } from "../charts/scatter.js";
import { createErrorTable } from "../charts/table.js";
import { buttons, message, readout, slider } from "../controls.js";
import { el, place } from "../dom.js";
import { sci } from "../format.js";
import { t } from "../i18n.js";

/** Decimals that show a value of this size with about four significant figures. */
/** A slider step of a thousandth of the range, rounded to a power of ten (so 0 is a stop). */
const stepFor = ({ min, max }) => 10 ** (Math.floor(Math.log10(max - min)) - 3);

export const decimalsFor = (size) => Math.max(0, Math.min(8, 3 - Math.floor(Math.log10(Math.abs(size) || 1))));

export async function mount(root, { api, state }) {
  const data = await api.regression.dataset({});
  const [xName] = data.features;
  const yName = data.target;
  const ws = state.spec("weight");
  const bs = state.spec("bias");
  const view = { weight: state.get("weight"), bias: state.get("bias") };
  const digits = decimalsFor(Math.max(...data.actual.map(Math.abs)));

  const bench = place(root, "workbench", el("div", { className: "workbench" }));
  const controls = el("div", { className: "controls" });
  bench.append(controls);
  const error = readout(controls, t("widget.error"));
  const note = message(controls);
  const wSlider = slider(controls, {
    label: t("widget.weight"), min: ws.min, max: ws.max, step: stepFor(ws), value: view.weight,
    format: sci, onInput: (v) => changed({ weight: v }),
  });
  const bSlider = slider(controls, {
    label: t("widget.bias"), min: bs.min, max: bs.max, step: stepFor(bs), value: view.bias, className: "bias",
    format: sci, onInput: (v) => changed({ bias: v }),
  });
  const best = data.optimum;
  buttons(controls, [
    {
      label: t("widget.show_best_line"),
      onClick: () => {
        note.textContent = t("widget.best_line", { weight: sci(best.weights[0]), bias: sci(best.bias), error: sci(best.mse) });
        moved({ weight: best.weights[0], bias: best.bias });
      },
    },
  ]);

  const figure = el("figure", { className: "figure", attrs: { "aria-label": t("widget.your_line", { x: xName, y: yName }), "data-slot": "chart" } });
  const diagram = el("div", { className: "slot", attrs: { "data-slot": "diagram" } });
  const tableSlot = el("div", { className: "slot", attrs: { "data-slot": "table" } });
  bench.append(figure, diagram, tableSlot);
  const chart = createScatter(figure, {
    xDomain: data.x_domain, yDomain: data.y_domain, xLabel: xName, yLabel: yName,
    describe: (d) => `${xName} ${sci(d.x)}: ${yName} ${sci(d.actual)}`,
  });
  const table = createErrorTable(tableSlot, { inputLabels: [xName], digits });
  const net = createNetwork(diagram, { inputs: [{ label: xName }], outputLabel: yName });

  const evaluate = coalesced(
    (p) => api.regression.evaluate({ weights: [p.weight], bias: p.bias, line_x: data.x_domain }),
    (ev, p) => {
      error.textContent = sci(ev.mse);
      root.dataset.mse = ev.mse;
      table.update(ev);
      chart.update({
        points: ev.rows.map((r) => ({ x: r.inputs[0], actual: r.actual, prediction: r.prediction })),
        line: ev.line,
      });
      net.update({ values: ["x"], weights: [sci(p.weight)], bias: sci(p.bias), output: "ŷ" });
      root.dataset.rendered = `${p.weight},${p.bias}`;
    },
    (err) => {
      note.textContent = err.message;
    },
  );

  function changed(patch, remember = true) {
    Object.assign(view, patch);
    if (remember) state.set({ weight: view.weight, bias: view.bias });
    evaluate({ ...view });
  }
  /** A value set from elsewhere (a button, the notebook's Python side): move the sliders too. */
  function moved(patch, remember = true) {
    if ("weight" in patch) wSlider.set(patch.weight);
    if ("bias" in patch) bSlider.set(patch.bias);
    changed(patch, remember);
  }
  state.on("weight", (v) => moved({ weight: v }, false));
  state.on("bias", (v) => moved({ bias: v }, false));
  changed({}, false);
}
