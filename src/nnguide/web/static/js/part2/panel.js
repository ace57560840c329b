// The controls every Part 2 network has: its size and activation, GD steps, a Train button
// that keeps stepping until paused, a seeded new start, and the readouts that follow it.
import { buttons, message, readout, slider } from "../controls.js";
import { el, uid } from "../dom.js";
import { fixed, num } from "../format.js";
import { encodeRun, parseRun } from "./model.js";

/** How the page names each activation the API offers. */
export const ACTIVATION_NAMES = { identity: "identity (none)", sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };

/** A labelled <select>; options are [value, text] pairs. */
export function select(parent, label, options, value, onChange) {
  const wrap = el("div", { className: "control" });
  const id = uid("select");
  const l = el("label", { text: label, attrs: { for: id } });
  const s = el("select", { attrs: { id } });
  for (const [v, text] of options) s.append(el("option", { text, attrs: { value: String(v) } }));
  s.value = String(value);
  s.addEventListener("change", () => onChange(s.value));
  wrap.append(l, s);
  parent.append(wrap);
  return s;
}

/** A new seed for "New random start": any other whole number, small enough to read in a link. */
const newSeed = (old) => {
  let seed = old;
  while (seed === old) seed = Math.floor(Math.random() * 10000);
  return seed;
};

/**
 * Build the controls into `parent` and wire them to `model` (model.js).
 * keys: the section's state keys {hidden, activation, seed, run, rate?}; a section without
 * a rate key trains at the API's default rate (`defaultRate`).
 * show: which controls to offer: {rate, train, hidden, activation} (all true by default).
 * Returns {start(), update(view), rate()} — start() restores the network from the link.
 */
export function createPanel(parent, { state, keys, model, defaultRate, show = {} }) {
  const offer = { rate: true, train: true, hidden: true, activation: true, ...show };
  const view = {
    hidden: state.get(keys.hidden),
    activation: state.get(keys.activation),
    seed: state.get(keys.seed),
    rate: keys.rate ? state.get(keys.rate) : defaultRate,
  };
  const accuracy = readout(parent, "Training accuracy");
  const lossOut = readout(parent, "Loss");
  const stepsOut = readout(parent, "Steps");
  const note = message(parent);
  const say = (text, isError = false) => {
    note.textContent = text;
    note.classList.toggle("error-text", isError);
  };

  const [one] = buttons(parent, [
    { label: "GD step", onClick: () => step(1), primary: true },
    { label: "10 GD steps", onClick: () => step(10) },
    { label: "100 GD steps", onClick: () => step(100) },
  ]);
  one.dataset.role = "step";
  const row = el("div", { className: "buttons" });
  parent.append(row);
  let playButton = null;
  if (offer.train) {
    // One button, play and pause: its name says what pressing it will do.
    playButton = el("button", { className: "play", attrs: { type: "button", "aria-pressed": "false" } });
    playButton.addEventListener("click", () => (model.playing ? model.pause() : play()));
    row.append(playButton);
  }
  const fresh = el("button", { text: "New random start", attrs: { type: "button" } });
  fresh.addEventListener("click", () => {
    view.seed = newSeed(view.seed);
    state.set({ [keys.seed]: view.seed });
    say(`A new random start from seed ${view.seed}: the same size and activation, new starting weights.`);
    model.configure(config());
  });
  row.append(fresh);
  const seedOut = readout(parent, "Seed");
  seedOut.parentElement.classList.add("seed-readout");

  const config = () => ({ hidden: view.hidden, activation: view.activation, seed: view.seed });
  if (offer.hidden) {
    const spec = state.spec(keys.hidden);
    slider(parent, {
      label: "Hidden neurons",
      min: spec.min,
      max: spec.max,
      step: 1,
      value: view.hidden,
      format: (v) => String(v),
      onInput: (v) => {
        view.hidden = v;
        state.set({ [keys.hidden]: v });
        say(`${v} hidden neuron${v === 1 ? "" : "s"}, from seed ${view.seed}: training starts again.`);
        model.configure(config());
      },
    });
  }
  if (offer.activation) {
    const choices = state.spec(keys.activation).choices;
    select(parent, "Activation", choices.map((c) => [c, ACTIVATION_NAMES[c] ?? c]), view.activation, (v) => {
      view.activation = v;
      state.set({ [keys.activation]: v });
      say(`Activation: ${ACTIVATION_NAMES[v] ?? v}. Same seed, training starts again.`);
      model.configure(config());
    });
  }
  if (offer.rate && keys.rate) {
    const choices = state.spec(keys.rate).choices;
    select(parent, "Learning rate", choices.map((r) => [r, String(r)]), view.rate, (v) => {
      view.rate = choices.find((r) => String(r) === v);
      state.set({ [keys.rate]: view.rate });
      say(`Learning rate ${view.rate} from the next step on; the steps so far stay as they were.`);
    });
  }

  function step(n) {
    say("");
    model.train(n, view.rate);
  }
  function play() {
    say("");
    model.play(() => view.rate);
  }
  function playing(on) {
    if (!playButton) return;
    playButton.replaceChildren(el("span", { text: on ? "❚❚ " : "▶ ", attrs: { "aria-hidden": "true" } }), on ? "Pause" : "Train");
    playButton.setAttribute("aria-pressed", String(on));
    playButton.classList.toggle("primary", on);
  }
  playing(false);

  return {
    rate: () => view.rate,
    playing,
    say,
    /** Restore the network the link describes (or the defaults). */
    start() {
      // A run at a rate the page does not offer cannot have come from this page: the link is
      // replayed only as far as its runs are ones the page could have recorded.
      const rates = state.spec(keys.rate ?? "h_lr").choices;
      const runs = parseRun(state.get(keys.run)).filter((r) => r.steps > 0);
      const usable = runs.findIndex((r) => !rates.includes(r.rate));
      if (usable >= 0) {
        say(`This link's training record (${keys.run}) has a learning rate of ${runs[usable].rate}, which the page does not offer (${rates.join(", ")}); only the steps before it are replayed.`, true);
      }
      return model.restore(config(), usable >= 0 ? runs.slice(0, usable) : runs);
    },
    /** The recorded runs changed: the link follows. */
    recorded(runs) {
      state.set({ [keys.run]: encodeRun(runs) });
    },
    update(v) {
      accuracy.textContent = `${v.correct} of ${v.n}`;
      lossOut.textContent = fixed(v.loss, 4);
      stepsOut.textContent = num(model.steps);
      seedOut.textContent = String(view.seed);
    },
  };
}
