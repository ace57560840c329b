// Leave-one-out for a Part 2 network: ten folds, one request each, chained with progress.
// Each fold trains the same recipe from the same seed on nine houses and asks about the tenth.
import { buttons, readout } from "../controls.js";
import { el } from "../dom.js";
import { rate } from "../format.js";
import { t } from "../i18n.js";
import { countOf, labelName } from "./panel.js";

/**
 * recipe(): {hidden, activation, seed, steps, learning_rate}, read when a run starts.
 * onResult({correct, n, folds, recipe}) after the tenth fold; a run is abandoned when
 * cancel() is called (the recipe changed) before it ends.
 */
export function createLeaveOneOut(parent, { api, recipe, onResult = () => {} }) {
  const wrap = el("div", { className: "loo" });
  parent.append(wrap);
  const [run] = buttons(wrap, [{ label: t("part2.loo_run"), onClick: () => start(), primary: true }]);
  const progress = el("progress", { attrs: { max: "10", value: "0", "aria-label": t("part2.loo_progress") } });
  const status = el("p", { className: "figure-note loo-status", attrs: { "aria-live": "polite" } });
  wrap.append(progress, status);
  const result = readout(wrap, t("part2.loo_accuracy"));
  result.textContent = t("part2.loo_not_run");
  const folds = el("ol", { className: "loo-folds", attrs: { "aria-label": t("part2.loo_folds") } });
  wrap.append(folds);
  let version = 0;

  async function start() {
    version += 1;
    const mine = version;
    const r = recipe();
    run.disabled = true;
    progress.value = 0;
    folds.replaceChildren();
    result.textContent = t("part2.loo_running");
    const done = [];
    try {
      for (let house = 0; house < 10; house++) {
        status.textContent = t("part2.loo_fold", { house: house + 1 });
        const fold = await api.network.leaveOneOut({ ...r, house });
        if (mine !== version) return;
        done.push(fold);
        progress.value = house + 1;
        const li = el("li", { className: fold.correct ? "right" : "wrong", attrs: { "data-house": String(house + 1) } });
        li.append(
          el("span", { className: "house", text: t("part2.house_n", { house: house + 1 }) }),
          el("span", { className: "mark", text: fold.correct ? " ✓" : " ✗", attrs: { "aria-hidden": "true" } }),
          el("span", { className: "said", text: ` ${t("part2.loo_said", { label: labelName(fold.label), predicted: labelName(fold.predicted) })}` }),
        );
        folds.append(li);
      }
      const correct = done.filter((f) => f.correct).length;
      result.textContent = countOf(correct, 10);
      status.textContent = t("part2.loo_recipe", { n: r.hidden, activation: r.activation, seed: String(r.seed), steps: r.steps, rate: rate(r.learning_rate) });
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
      result.textContent = t("part2.loo_not_run");
      status.textContent = "";
    },
  };
}
