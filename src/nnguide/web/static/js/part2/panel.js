// The controls every Part 2 network has: its size and activation, GD steps, a Train button
// that keeps stepping until paused, a seeded new start, and the readouts that follow it.
import { buttons, message, readout, slider } from "../controls.js";
import { el, uid } from "../dom.js";
import { fixed, num, rate } from "../format.js";
import { t } from "../i18n.js";
import { encodeRun, parseRun } from "./model.js";

/** How the page names an activation the API offers (sigmoid, tanh and ReLU are names in every language). */
export function activationName(activation) {
  const names = { identity: t("part2.act_identity"), sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU" };
  return names[activation] ?? activation;
}

/** A house's label ("Good", "Bad" from the API) in the reader's language. */
export function labelName(label) {
  const names = { Good: t("part2.label_good"), Bad: t("part2.label_bad") };
  return names[label] ?? label;
}

/** "7 of 10": a count of houses out of a total. */
export const countOf = (k, n) => t("part2.count_of", { k, n });

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
  const accuracy = readout(parent, t("part2.training_accuracy"));
  const lossOut = readout(parent, t("part2.loss"));
  const stepsOut = readout(parent, t("part2.steps"));
  const note = message(parent);
  const say = (text, isError = false) => {
    note.textContent = text;
    note.classList.toggle("error-text", isError);
  };

  const [one] = buttons(parent, [
    { label: t("part2.gd_steps", { n: 1 }), onClick: () => step(1), primary: true },
    { label: t("part2.gd_steps", { n: 10 }), onClick: () => step(10) },
    { label: t("part2.gd_steps", { n: 100 }), onClick: () => step(100) },
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
  const fresh = el("button", { text: t("part2.new_random_start"), attrs: { type: "button" } });
  fresh.addEventListener("click", () => {
    view.seed = newSeed(view.seed);
    state.set({ [keys.seed]: view.seed });
    say(t("part2.new_start_said", { seed: String(view.seed) }));
    model.configure(config());
  });
  row.append(fresh);
  const seedOut = readout(parent, t("part2.seed"));
  seedOut.parentElement.classList.add("seed-readout");

  const config = () => ({ hidden: view.hidden, activation: view.activation, seed: view.seed });
  if (offer.hidden) {
    const spec = state.spec(keys.hidden);
    slider(parent, {
      label: t("part2.hidden_neurons"),
      min: spec.min,
      max: spec.max,
      step: 1,
      value: view.hidden,
      format: (v) => num(v),
      onInput: (v) => {
        view.hidden = v;
        state.set({ [keys.hidden]: v });
        say(t("part2.hidden_changed", { n: v, seed: String(view.seed) }));
        model.configure(config());
      },
    });
  }
  if (offer.activation) {
    const choices = state.spec(keys.activation).choices;
    select(parent, t("part2.activation"), choices.map((c) => [c, activationName(c)]), view.activation, (v) => {
      view.activation = v;
      state.set({ [keys.activation]: v });
      say(t("part2.activation_changed", { name: activationName(v) }));
      model.configure(config());
    });
  }
  if (offer.rate && keys.rate) {
    const choices = state.spec(keys.rate).choices;
    select(parent, t("part2.learning_rate"), choices.map((r) => [r, rate(r)]), view.rate, (v) => {
      view.rate = choices.find((r) => String(r) === v);
      state.set({ [keys.rate]: view.rate });
      say(t("part2.rate_changed", { rate: rate(view.rate) }));
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
    playButton.replaceChildren(el("span", { text: on ? "❚❚ " : "▶ ", attrs: { "aria-hidden": "true" } }), on ? t("part2.pause") : t("part2.train"));
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
        const offered = rates.map(rate).join(t("part2.list_separator"));
        say(t("part2.link_bad_rate", { key: keys.run, rate: rate(runs[usable].rate), rates: offered }), true);
      }
      return model.restore(config(), usable >= 0 ? runs.slice(0, usable) : runs);
    },
    /** The recorded runs changed: the link follows. */
    recorded(runs) {
      state.set({ [keys.run]: encodeRun(runs) });
    },
    update(v) {
      accuracy.textContent = countOf(v.correct, v.n);
      lossOut.textContent = fixed(v.loss, 4);
      stepsOut.textContent = num(model.steps);
      seedOut.textContent = String(view.seed);
    },
  };
}
