// Native, labelled form controls. The visible label is also the accessible name.
import { uid } from "./dom.js";
import { editable, num, parseNumber } from "./format.js";
import { t } from "./i18n.js";

/**
 * A range slider with a label and a live value; returns {input, set(value), wrap}.
 * set(v) with v outside [min, max] (say, after gradient descent diverged) shows the real value,
 * marked "off the scale", while the knob rests at the end of its track; screen readers hear the
 * real value too (aria-valuetext).
 */
export function slider(parent, { label, min, max, step, value, format, onInput, className = "", offScale = t("controls.off_scale"), more = "" }) {
  const id = uid("control");
  const wrap = document.createElement("div");
  wrap.className = `control slider ${className}`;
  wrap.innerHTML = `<div class="label-row"><label for="${id}"></label><output for="${id}"></output></div><input type="range" id="${id}">`;
  wrap.querySelector("label").textContent = label;
  const input = wrap.querySelector("input");
  const output = wrap.querySelector("output");
  if (more) input.setAttribute("aria-label", label + more);
  Object.assign(input, { min, max, step, value });
  const show = (v) => {
    const off = v < min || v > max;
    output.textContent = off ? `${format(v)} (${offScale})` : format(v);
    output.classList.toggle("off-scale", off);
    wrap.classList.toggle("off-scale", off);
    if (off) input.setAttribute("aria-valuetext", output.textContent);
    else input.removeAttribute("aria-valuetext");
  };
  input.addEventListener("input", () => {
    show(Number(input.value));
    onInput(Number(input.value));
  });
  show(Number(value));
  parent.append(wrap);
  return {
    input,
    wrap,
    set(v) {
      input.value = Math.min(max, Math.max(min, v)); // the knob stays on its track
      show(v);
    },
  };
}

/**
 * A labelled number box; onChange gets a finite number within [min, max], else shows why not.
 * It is a text box (inputmode decimal), so a reader types numbers their way: "0,2" in French.
 */
export function numberBox(parent, { label, value, min, max, onChange, help = "", live = false, more = "" }) {
  const id = uid("control");
  const wrap = document.createElement("div");
  wrap.className = "control";
  wrap.innerHTML = `<label for="${id}"></label><input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" id="${id}"><small class="help"></small>`;
  wrap.querySelector("label").textContent = label;
  const input = wrap.querySelector("input");
  if (more) input.setAttribute("aria-label", label + more);
  const hint = wrap.querySelector(".help");
  hint.id = uid("help");
  input.setAttribute("aria-describedby", hint.id);
  hint.textContent = help;
  input.value = editable(value);
  const valid = () => {
    input.removeAttribute("aria-invalid");
    hint.classList.remove("invalid");
    hint.textContent = help;
  };
  input.addEventListener(live ? "input" : "change", () => {
    const v = parseNumber(input.value);
    if (!Number.isFinite(v) || v < min || v > max) {
      hint.textContent = t("controls.number_range", { min: num(min, 12), max: num(max, 12) });
      hint.classList.add("invalid");
      input.setAttribute("aria-invalid", "true");
      return;
    }
    valid();
    onChange(v);
  });
  parent.append(wrap);
  return {
    input,
    wrap,
    /** Show a value the page chose (a reset, a toggle): it is valid, so no error stays. */
    set(v) {
      input.value = editable(v);
      valid();
    },
    help(text) {
      help = text;
      if (!hint.classList.contains("invalid")) hint.textContent = text;
    },
  };
}

export function checkbox(parent, { label, checked, onChange, more = "" }) {
  const id = uid("control");
  const wrap = document.createElement("div");
  wrap.className = "control inline";
  wrap.innerHTML = `<label for="${id}"><input type="checkbox" id="${id}"><span></span></label>`;
  wrap.querySelector("span").textContent = label;
  const input = wrap.querySelector("input");
  if (more) input.setAttribute("aria-label", label + more);
  input.checked = checked;
  input.addEventListener("change", () => onChange(input.checked));
  parent.append(wrap);
  return input;
}

/**
 * A row of buttons. `more` is read after the label by screen readers only ("GD step" +
 * ", two inputs"), so two sections' buttons never share a name. A button that is
 * busy is marked aria-disabled, not disabled, so it keeps the keyboard focus (see busy()).
 */
export function buttons(parent, specs) {
  const row = document.createElement("div");
  row.className = "buttons";
  const made = specs.map(({ label, onClick, primary, more }) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    // The visible words first, so the name still contains them (WCAG 2.5.3).
    if (more) b.setAttribute("aria-label", label + more);
    if (primary) b.className = "primary";
    b.addEventListener("click", (event) => {
      if (b.getAttribute("aria-disabled") === "true") return;
      onClick(event);
    });
    row.append(b);
    return b;
  });
  parent.append(row);
  return made;
}

/** Text for screen readers only. */
export function srOnly(text) {
  const span = document.createElement("span");
  span.className = "sr-only";
  span.textContent = text;
  return span;
}

/**
 * Mark buttons busy (or not) without disabling them: a disabled button drops the keyboard
 * focus to the page, so a second Enter would do nothing. Clicks on a busy button are ignored
 * by buttons() above.
 */
export function busy(list, on) {
  for (const b of list) {
    if (on) b.setAttribute("aria-disabled", "true");
    else b.removeAttribute("aria-disabled");
  }
}

/** "Error: 2,058" readout with aria-label="Error" on the number itself. */
export function readout(parent, label = t("controls.error")) {
  const p = document.createElement("p");
  p.className = "readout";
  p.innerHTML = `<span></span><span class="value" role="status" aria-live="polite"></span>`;
  p.firstChild.textContent = t("controls.readout", { label });
  const value = p.querySelector(".value");
  value.setAttribute("aria-label", label);
  parent.append(p);
  return value;
}

export function message(parent) {
  const p = document.createElement("p");
  p.className = "message";
  p.setAttribute("aria-live", "polite");
  parent.append(p);
  return p;
}
