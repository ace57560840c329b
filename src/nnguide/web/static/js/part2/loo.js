// Leave-one-out for a Part 2 network: ten folds, one request each, chained with progress.
// Each fold trains the same recipe from the same seed on nine houses and asks about the tenth.
import { buttons, readout } from "../controls.js";
import { el } from "../dom.js";
import { num } from "../format.js";

/**
 * recipe(): {hidden, activation, seed, steps, learning_rate}, read when a run starts.
 * onResult({correct, n, folds, recipe}) after the tenth fold; a run is abandoned when
 * cancel() is called (the recipe changed) before it ends.
 */
export function createLeaveOneOut(parent, { api, recipe, onResult = () => {} }) {
  const wrap = el("div", { className: "loo" });
  parent.append(wrap);
  const [run] = buttons(wrap, [{ label: "Run leave-one-out", onClick: () => start(), primary: true }]);
  const progress = el("progress", { attrs: { max: "10", value: "0", "aria-label": "Leave-one-out folds done" } });
  const status = el("p", { className: "figure-note loo-status", attrs: { "aria-live": "polite" } });
  wrap.append(progress, status);
  const result = readout(wrap, "Leave-one-out accuracy");
  result.textContent = "not run yet";
  const folds = el("ol", { className: "loo-folds", attrs: { "aria-label": "Each house when it was left out" } });
  wrap.append(folds);
  let version = 0;

  async function start() {
    version += 1;
    const mine = version;
    const r = recipe();
    run.disabled = true;
    progress.value = 0;
    folds.replaceChildren();
    result.textContent = "running…";
    const done = [];
    try {
      for (let house = 0; house < 10; house++) {
        status.textContent = `Fold ${house + 1} of 10: training on the nine other houses, then asking about house ${house + 1}…`;
        const fold = await api.network.leaveOneOut({ ...r, house });
        if (mine !== version) return;
        done.push(fold);
        progress.value = house + 1;
        const li = el("li", { className: fold.correct ? "right" : "wrong", attrs: { "data-house": String(house + 1) } });
        li.append(
          el("span", { className: "house", text: `house ${house + 1}` }),
          el("span", { className: "mark", text: fold.correct ? " ✓" : " ✗", attrs: { "aria-hidden": "true" } }),
          el("span", { className: "said", text: ` labelled ${fold.label}, predicted ${fold.predicted}` }),
        );
        folds.append(li);
      }
      const correct = done.filter((f) => f.correct).length;
      result.textContent = `${correct} of 10`;
      status.textContent = `Each fold: ${r.hidden} ${r.activation} neuron${r.hidden === 1 ? "" : "s"} from seed ${r.seed}, ${num(r.steps)} steps at rate ${r.learning_rate}, trained without the house it is then asked about.`;
      onResult({ correct, n: 10, folds: done, recipe: r });
    } catch (err) {
      if (mine === version) {
        result.textContent = "—";
        status.textContent = err.message;
      }
    } finally {
      if (mine === version) run.disabled = false;
    }
  }

  return {
    start,
    /** The network changed: a result for the old one no longer applies. */
    cancel() {
      version += 1;
      run.disabled = false;
      progress.value = 0;
      folds.replaceChildren();
      result.textContent = "not run yet";
      status.textContent = "";
    },
  };
}
