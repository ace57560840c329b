// Native, labelled form controls. The visible label is also the accessible name.
import { uid } from "./dom.js";
import { num } from "./format.js";

/** A range slider with a label and a live value; returns {input, set(value)}. */
export function slider(parent, { label, min, max, step, value, format, onInput, className = "" }) {
  const id = uid("control");
  const wrap = document.createElement("div");
  wrap.className = `control ${className}`;
  wrap.innerHTML = `<div class="label-row"><label for="${id}"></label><output for="${id}"></output></div><input type="range" id="${id}">`;
  wrap.querySelector("label").textContent = label;
  const input = wrap.querySelector("input");
  const output = wrap.querySelector("output");
  Object.assign(input, { min, max, step, value });
  const show = () => {
    output.textContent = format(Number(input.value));
  };
  input.addEventListener("input", () => {
    show();
    onInput(Number(input.value));
  });
  show();
  parent.append(wrap);
  return {
    input,
    set(v) {
      input.value = v;
      show();
    },
  };
}

/** A labelled number box; onChange gets a finite number within [min, max], else shows why not. */
export function numberBox(parent, { label, value, min, max, onChange, help = "", live = false }) {
  const id = uid("control");
  const wrap = document.createElement("div");
  wrap.className = "control";
  wrap.innerHTML = `<label for="${id}"></label><input type="number" step="any" id="${id}"><small class="help"></small>`;
  wrap.querySelector("label").textContent = label;
  const input = wrap.querySelector("input");
  const hint = wrap.querySelector(".help");
  hint.textContent = help;
  Object.assign(input, { value, min, max });
  input.addEventListener(live ? "input" : "change", () => {
    const v = Number(input.value);
    if (input.value.trim() === "" || !Number.isFinite(v) || v < min || v > max) {
      hint.textContent = `Enter a number from ${num(min, 12)} to ${num(max, 12)}.`;
      hint.classList.add("invalid");
      input.setAttribute("aria-invalid", "true");
      return;
    }
    input.removeAttribute("aria-invalid");
    hint.classList.remove("invalid");
    hint.textContent = help;
    onChange(v);
  });
  parent.append(wrap);
  return {
    input,
    wrap,
    set(v) {
      input.value = v;
    },
    help(text) {
      help = text;
      if (!hint.classList.contains("invalid")) hint.textContent = text;
    },
  };
}

export function checkbox(parent, { label, checked, onChange }) {
  const id = uid("control");
  const wrap = document.createElement("div");
  wrap.className = "control inline";
  wrap.innerHTML = `<label for="${id}"><input type="checkbox" id="${id}"><span></span></label>`;
  wrap.querySelector("span").textContent = label;
  const input = wrap.querySelector("input");
  input.checked = checked;
  input.addEventListener("change", () => onChange(input.checked));
  parent.append(wrap);
  return input;
}

export function buttons(parent, specs) {
  const row = document.createElement("div");
  row.className = "buttons";
  const made = specs.map(({ label, onClick, primary }) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (primary) b.className = "primary";
    b.addEventListener("click", onClick);
    row.append(b);
    return b;
  });
  parent.append(row);
  return made;
}

/** "Error: 2,058" readout with aria-label="Error" on the number itself. */
export function readout(parent, label = "Error") {
  const p = document.createElement("p");
  p.className = "readout";
  p.innerHTML = `<span></span>: <span class="value" role="status" aria-live="polite"></span>`;
  p.firstChild.textContent = label;
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
