// Choosing what to learn: the target, the features, the task and the network. Every change
// starts training again from the start (the learning rate alone does not: see the section).
import { el, uid } from "../dom.js";
import { percent } from "../format.js";
import { t } from "../i18n.js";

export const TASK_AUTO = "auto";
/**
 * "8", "8,4", "8, 4", "8;4" or "8 4": neurons per hidden layer; empty for none. (A comma is
 * also a decimal mark in many languages, so a semicolon or a space separates sizes too.)
 */
export const HIDDEN_PATTERN = /^\s*(\d{1,2}((\s*[,;]\s*|\s+)\d{1,2}){0,2})?\s*$/;

export function parseHidden(text, max) {
  if (!HIDDEN_PATTERN.test(text)) return null;
  const trimmed = text.trim();
  const sizes = trimmed ? trimmed.split(/\s*[,;]\s*|\s+/).map(Number) : [];
  return sizes.every((n) => n >= 1 && n <= max) ? sizes : null;
}

function field(parent, label, control, help = "") {
  const id = uid("wb");
  const wrap = el("div", { className: "control" });
  control.id = id;
  wrap.append(el("label", { text: label, attrs: { for: id } }), control);
  if (help) wrap.append(el("small", { className: "help", text: help }));
  parent.append(wrap);
  return wrap;
}

function selectOf(options, value) {
  const s = el("select");
  for (const [v, text] of options) s.append(new Option(text, String(v)));
  s.value = String(value);
  return s;
}

/**
 * Controls for `inspection` starting from `choice` ({target, features, task, standardize,
 * hidden, activation, test_size, seed}); `limits`: {maxNeurons, maxLayers, activations,
 * splits, maxSeed}. onChange(choice) after each valid change. Returns {detected(task)}.
 */
export function createChoice(container, { inspection, choice, limits, suggest, onChange }) {
  const box = el("div", { className: "wb-choice" });
  container.replaceChildren(box);
  let current = { ...choice, features: [...choice.features] };
  const kinds = Object.fromEntries(inspection.columns.map((c) => [c.name, c.kind]));
  const names = inspection.columns.map((c) => c.name);
  const emit = () => onChange({ ...current, features: [...current.features] });

  const target = selectOf(names.map((n) => [n, n]), current.target);
  field(box, t("workbench.target"), target, t("workbench.target_help"));
  const task = selectOf(
    [
      [TASK_AUTO, t("workbench.task_detected")],
      ["regression", t("workbench.task_regression_option")],
      ["classification", t("workbench.task_classification_option")],
    ],
    current.task ?? TASK_AUTO,
  );
  const taskWrap = field(box, t("workbench.task"), task);
  const detectedNote = el("small", { className: "help wb-detected" });
  taskWrap.append(detectedNote);

  const fieldset = el("fieldset", { className: "wb-features" });
  fieldset.append(el("legend", { text: t("workbench.features") }));
  const list = el("div", { className: "wb-feature-list" });
  fieldset.append(list);
  box.append(fieldset);
  function drawFeatures() {
    list.replaceChildren();
    for (const name of names) {
      if (name === current.target) continue;
      const id = uid("feature");
      const item = el("div", { className: "wb-feature" });
      const input = el("input", { attrs: { type: "checkbox", id } });
      input.checked = current.features.includes(name);
      input.dataset.feature = name;
      const label = el("label", { attrs: { for: id } });
      label.append(input, ` ${name}`);
      if (kinds[name] !== "number") label.append(el("small", { className: "wb-kind", text: ` ${kinds[name] === "text" ? t("workbench.feature_text") : t("workbench.feature_gaps")}` }));
      item.append(label);
      list.append(item);
      input.addEventListener("change", () => {
        const on = new Set([...list.querySelectorAll("input:checked")].map((i) => i.dataset.feature));
        current.features = names.filter((n) => on.has(n)); // table order
        emit();
      });
    }
  }
  drawFeatures();

  const stdWrap = el("div", { className: "control inline" });
  const stdId = uid("std");
  const std = el("input", { attrs: { type: "checkbox", id: stdId } });
  std.checked = current.standardize;
  const stdLabel = el("label", { attrs: { for: stdId } });
  stdLabel.append(std, ` ${t("workbench.standardize")}`);
  stdWrap.append(stdLabel);
  box.append(stdWrap);

  const hidden = el("input", { attrs: { type: "text", inputmode: "numeric", autocomplete: "off", size: "8" } });
  hidden.value = current.hidden.join(",");
  const hiddenWrap = field(box, t("workbench.hidden_layers"), hidden, t("workbench.hidden_layers_help", { layers: limits.maxLayers, neurons: limits.maxNeurons }));
  const hiddenHelp = hiddenWrap.querySelector(".help");
  const helpText = hiddenHelp.textContent;
  const activation = selectOf(limits.activations.map((a) => [a, a]), current.activation);
  const actWrap = field(box, t("workbench.activation"), activation, t("workbench.activation_help"));
  actWrap.hidden = current.hidden.length === 0;

  const split = selectOf(limits.splits.map((s) => [s, percent(s)]), current.test_size);
  field(box, t("workbench.test_split"), split, t("workbench.test_split_help"));
  const seed = el("input", { attrs: { type: "number", min: "0", max: String(limits.maxSeed), step: "1" } });
  seed.value = String(current.seed);
  field(box, t("workbench.seed"), seed, t("workbench.seed_help"));

  target.addEventListener("change", () => {
    current = { ...current, target: target.value, features: suggest(target.value) };
    drawFeatures();
    emit();
  });
  task.addEventListener("change", () => {
    current.task = task.value === TASK_AUTO ? null : task.value;
    emit();
  });
  std.addEventListener("change", () => {
    current.standardize = std.checked;
    emit();
  });
  hidden.addEventListener("change", () => {
    const sizes = parseHidden(hidden.value, limits.maxNeurons);
    if (sizes === null) {
      hiddenHelp.textContent = t("workbench.hidden_layers_invalid", { layers: limits.maxLayers, neurons: limits.maxNeurons });
      hiddenHelp.classList.add("invalid");
      hidden.setAttribute("aria-invalid", "true");
      return;
    }
    hiddenHelp.textContent = helpText;
    hiddenHelp.classList.remove("invalid");
    hidden.removeAttribute("aria-invalid");
    current.hidden = sizes;
    actWrap.hidden = sizes.length === 0;
    emit();
  });
  activation.addEventListener("change", () => {
    current.activation = activation.value;
    emit();
  });
  split.addEventListener("change", () => {
    current.test_size = limits.splits.find((s) => String(s) === split.value);
    emit();
  });
  seed.addEventListener("change", () => {
    const v = Number(seed.value);
    if (!Number.isInteger(v) || v < 0 || v > limits.maxSeed) return;
    current.seed = v;
    emit();
  });

  return {
    /** The task the API detected from the target (null: it could not tell). */
    detected(taskName) {
      const words = { regression: "workbench.detected_regression", classification: "workbench.detected_classification" };
      detectedNote.textContent = !taskName
        ? t("workbench.detected_none")
        : words[taskName]
          ? t(words[taskName])
          : t("workbench.detected_other", { task: taskName });
    },
  };
}
