// View state: one registry declares every key a link can carry, with its type, range and
// default (the idea of TensorFlow Playground's state.ts). Sections read and write state only
// through the object createState() returns; the page backs it with the URL's query string,
// a notebook widget with its traits, a test with memory. The same table validates what a link
// restores: a value it cannot use is set aside and reported, never silently dropped.
//
// Where the API defines a default or a range (a learning rate's default, the loss functions,
// the largest shape), the registry points at that request field instead of repeating the
// number: defaultOf("regression.evaluate:learning_rate_bias") is resolved from api.fields().
// Numbers written here are the page's own choices (where a slider starts and ends).

import { schedulePattern } from "./schedule.js";

const ref = (use) => (pointer) => ({ pointer, use });
/** The API field's default value. */
export const defaultOf = ref("default");
/** The API field's smallest / largest accepted value. */
export const minimumOf = ref("minimum");
export const maximumOf = ref("maximum");
/** The API field's choices (an enum). */
export const choicesOf = ref("enum");

/** The learning rates section 6 offers (its rate menu); the API's default must be one. */
export const CLASSIFY_RATES = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 0.5, 1, 3, 10];

/** The learning rates Part 2's networks offer; the API's default (1) must be one. */
export const NETWORK_RATES = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
/** Hidden layer sizes section 13 offers for the digits; the API's default must be one. */
export const DIGITS_HIDDEN = [16, 32, 64, 128, 256];
/** A network's training as a link holds it: runs of steps, each at its rate ("1000@1,200@0.3"). */
const RUN = /^\d{1,5}@\d+(\.\d+)?(e-?\d+)?(,\d{1,5}@\d+(\.\d+)?(e-?\d+)?)*$/;
/**
 * Hidden layer sizes for the shape explorer as a reader types them: "4", "8,4", "8, 4", "8;4"
 * or "8 4" (a comma is also a decimal mark in many languages). A link holds them as "8,4"
 * (sizesText). Empty: none.
 */
const SIZES = /^\s*\d{1,4}((\s*[,;]\s*|\s+)\d{1,4}){0,5}\s*$/;
/** Sizes typed as SIZES allows, written as a link holds them: " 8; 4 " → "8,4". */
export const sizesText = (text) => text.trim().split(/\s*[,;]\s*|\s+/).filter(Boolean).join(",");

/**
 * key → {section, type, default, min, max | choices | maxLength, pattern}.
 * type: "number" (finite), "int", "bool" ("1"/"0" in a link), "choice" (one of `choices`,
 * compared as written), "text".
 */
export const REGISTRY = {
  // The page's language (a catalog's code, static/i18n/<code>.json); empty: the browser's.
  lang: { section: "page", type: "text", default: "", maxLength: 12, pattern: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, example: "fr" },
  // Section 3: the learner is the optimiser. The sliders cover the error map of section 4.
  w: { section: "train", type: "number", default: 0.15, min: defaultOf("regression.landscape:weight_min"), max: defaultOf("regression.landscape:weight_max") },
  b: { section: "train", type: "number", default: 50, min: defaultOf("regression.landscape:bias_min"), max: defaultOf("regression.landscape:bias_max") },
  // Section 4: gradient descent from a point, raw or standardized inputs.
  std: { section: "gd", type: "bool", default: defaultOf("regression.evaluate:standardize") },
  lrw: { section: "gd", type: "number", default: defaultOf("regression.evaluate:learning_rate_weights"), min: 1e-12, max: 1 },
  lrb: { section: "gd", type: "number", default: defaultOf("regression.evaluate:learning_rate_bias"), min: 1e-6, max: 100 },
  lr: { section: "gd", type: "number", default: defaultOf("regression.compare:standardized_learning_rate"), min: 1e-6, max: 100 },
  // Where gradient descent starts (the start sliders, or a good point it went back to), and
  // every step since as runs with one set of rates: replayed from the start, they restore the
  // path, the log and the end point exactly.
  gw: { section: "gd", type: "number", default: 0, min: -1e6, max: 1e6 },
  gb: { section: "gd", type: "number", default: 0, min: -1e9, max: 1e9 },
  gs: { section: "gd", type: "text", default: "", maxLength: 1200, pattern: schedulePattern(3), example: "10*1e-8*0.5*r" },
  // Section 5: two inputs.
  // Section 5: two inputs. w1, w2, b2 are where the current run started (the sliders, when
  // they were last moved); ts holds the steps since, replayed like section 4's.
  w1: { section: "two", type: "number", default: 0.1, min: -1e6, max: 1e6 },
  w2: { section: "two", type: "number", default: 0, min: -1e9, max: 1e9 },
  b2: { section: "two", type: "number", default: 50, min: -1e9, max: 1e9 },
  std2: { section: "two", type: "bool", default: true },
  lr2: { section: "two", type: "number", default: defaultOf("regression.compare:standardized_learning_rate"), min: 1e-12, max: 100 },
  ts: { section: "two", type: "text", default: "", maxLength: 1200, pattern: schedulePattern(2), example: "10*0.1*s" },
  // Section 6: the softmax calculator and the Good/Bad classifier.
  sm: { section: "softmax", type: "text", default: "2, 4", maxLength: 400 },
  c_loss: { section: "classify", type: "choice", default: defaultOf("classify.train:loss"), choices: choicesOf("classify.train:loss") },
  c_std: { section: "classify", type: "bool", default: defaultOf("classify.train:standardize") },
  c_lr: { section: "classify", type: "choice", default: defaultOf("classify.train:learning_rate"), choices: CLASSIFY_RATES },
  // Steps since the last reset, replayed in one request: at most what one request may take.
  c_steps: { section: "classify", type: "int", default: 0, min: 0, max: maximumOf("classify.train:steps") },
  // A history in which the settings changed: runs replayed from zero (c_steps is then unused).
  c_sched: { section: "classify", type: "text", default: "", maxLength: 1200, pattern: schedulePattern(3), example: "100*0.5*s*ce_10*10*s*ce" },
  c_onchart: { section: "classify", type: "bool", default: true },
  c_held: { section: "classify", type: "text", default: "", maxLength: 300, pattern: /^\d{1,2}[GB](,\d{1,2}[GB])*$/, example: "12G,15B" },
  // Section 7: the shape explorer.
  s_n: { section: "shapes", type: "int", default: 2, min: minimumOf("shapes.parameters:features"), max: maximumOf("shapes.parameters:features") },
  s_m: { section: "shapes", type: "int", default: 2, min: minimumOf("shapes.parameters:classes"), max: maximumOf("shapes.parameters:classes") },
  // Part 2. Each network is restored exactly from its link: the seed's start, then every
  // recorded run of full-batch GD steps at its rate, replayed (GD is deterministic).
  // Section 9: a hidden layer on the ten houses, and the hidden list that exposes overfitting.
  h_n: { section: "hidden", type: "int", default: defaultOf("network.start:hidden"), min: 1, max: maximumOf("network.start:hidden") },
  h_act: { section: "hidden", type: "choice", default: defaultOf("network.start:activation"), choices: choicesOf("network.start:activation") },
  h_seed: { section: "hidden", type: "int", default: defaultOf("network.start:seed"), min: minimumOf("network.start:seed"), max: maximumOf("network.start:seed") },
  h_lr: { section: "hidden", type: "choice", default: defaultOf("network.train:learning_rate"), choices: NETWORK_RATES },
  h_run: { section: "hidden", type: "text", default: "", maxLength: 200, pattern: RUN, example: "1000@1,200@0.3" },
  h_held: { section: "hidden", type: "text", default: "", maxLength: 300, pattern: /^\d{1,2}[GB](,\d{1,2}[GB])*$/, example: "12G,15B" },
  // Section 10: why activation functions; it starts with none (identity) to show the collapse.
  a_n: { section: "activation", type: "int", default: defaultOf("network.start:hidden"), min: 1, max: maximumOf("network.start:hidden") },
  a_act: { section: "activation", type: "choice", default: "identity", choices: choicesOf("network.start:activation") },
  a_seed: { section: "activation", type: "int", default: defaultOf("network.start:seed"), min: minimumOf("network.start:seed"), max: maximumOf("network.start:seed") },
  a_run: { section: "activation", type: "text", default: "", maxLength: 200, pattern: RUN, example: "1000@1,200@0.3" },
  // Section 11: layers as matrix products, for one house of a trained network; the shape explorer.
  m_n: { section: "layers", type: "int", default: defaultOf("network.start:hidden"), min: 1, max: maximumOf("network.start:hidden") },
  m_act: { section: "layers", type: "choice", default: defaultOf("network.start:activation"), choices: choicesOf("network.start:activation") },
  m_seed: { section: "layers", type: "int", default: defaultOf("network.start:seed"), min: minimumOf("network.start:seed"), max: maximumOf("network.start:seed") },
  m_run: { section: "layers", type: "text", default: "1000@1", maxLength: 200, pattern: RUN, example: "1000@1,200@0.3" },
  m_house: { section: "layers", type: "int", default: 1, min: 1, max: 10 },
  p_n: { section: "layers", type: "int", default: 2, min: minimumOf("shapes.parameters:features"), max: maximumOf("shapes.parameters:features") },
  p_h: { section: "layers", type: "text", default: "3", maxLength: 40, pattern: SIZES, example: "8,4" },
  p_m: { section: "layers", type: "int", default: 2, min: minimumOf("shapes.parameters:classes"), max: maximumOf("shapes.parameters:classes") },
  // Section 12: one step of backpropagation on a network from its seed.
  b_n: { section: "backprop", type: "int", default: defaultOf("network.start:hidden"), min: 1, max: maximumOf("network.start:hidden") },
  b_act: { section: "backprop", type: "choice", default: defaultOf("network.start:activation"), choices: choicesOf("network.start:activation") },
  b_seed: { section: "backprop", type: "int", default: defaultOf("network.start:seed"), min: minimumOf("network.start:seed"), max: maximumOf("network.start:seed") },
  b_run: { section: "backprop", type: "text", default: "", maxLength: 200, pattern: RUN, example: "1000@1,200@0.3" },
  b_house: { section: "backprop", type: "int", default: 1, min: 1, max: 10 },
  // Section 13: digits with a hidden layer. Mini-batches are drawn from the seed, so the
  // seed and the steps taken replay the same network.
  d_n: { section: "deeper", type: "choice", default: defaultOf("digits.start:hidden"), choices: DIGITS_HIDDEN },
  d_seed: { section: "deeper", type: "int", default: defaultOf("digits.start:seed"), min: minimumOf("digits.start:seed"), max: maximumOf("digits.start:seed") },
  d_steps: { section: "deeper", type: "int", default: 0, min: 0, max: 10000 },
  // Your own data (y_): which data (a dataset's name, file:NAME or paste; empty: the first
  // offered), what to learn, the network, and the training taken as runs of steps@rate.
  y_data: { section: "workbench", type: "text", default: "", maxLength: 220 },
  y_target: { section: "workbench", type: "text", default: "", maxLength: 200 },
  y_features: { section: "workbench", type: "text", default: "", maxLength: 2000 },
  y_task: { section: "workbench", type: "choice", default: "auto", choices: ["auto", "regression", "classification"] },
  y_std: { section: "workbench", type: "bool", default: defaultOf("data.start:standardize") },
  y_hidden: { section: "workbench", type: "text", default: "", maxLength: 8, pattern: /^\d{1,2}(,\d{1,2}){0,2}$/, example: "8,4" },
  y_act: { section: "workbench", type: "choice", default: defaultOf("data.start:activation"), choices: choicesOf("data.start:activation") },
  y_test: { section: "workbench", type: "choice", default: defaultOf("data.start:test_size"), choices: [0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5] },
  y_seed: { section: "workbench", type: "int", default: defaultOf("data.start:seed"), min: minimumOf("data.start:seed"), max: maximumOf("data.start:seed") },
  y_lr: { section: "workbench", type: "number", default: defaultOf("data.train:learning_rate"), min: 1e-6, max: 100 },
  y_runs: { section: "workbench", type: "text", default: "", maxLength: 400, pattern: /^\d{1,7}@[\d.e+-]{1,24}(,\d{1,7}@[\d.e+-]{1,24}){0,23}$/, example: "100@0.1,50@0.5" },
};

/** The registry with every pointer replaced by the API's value; throws if one is missing. */
export function resolveRegistry(registry, fields) {
  const out = {};
  for (const [key, entry] of Object.entries(registry)) {
    const spec = { key };
    for (const [prop, value] of Object.entries(entry)) {
      spec[prop] = value && value.pointer ? lookup(fields, key, value) : value;
    }
    out[key] = spec;
    const problem = check(spec, spec.default);
    if (spec.default !== null && problem) throw new Error(`state key ${key}: its default ${spec.default} does not fit ${JSON.stringify(problem)}`);
  }
  return out;
}

function lookup(fields, key, { pointer, use }) {
  const [endpoint, field] = pointer.split(":");
  const schema = fields?.[endpoint]?.[field];
  const value = schema?.[use] ?? (use === "minimum" ? schema?.exclusiveMinimum : undefined);
  if (value === undefined) throw new Error(`state key ${key}: the API gives no ${use} for ${pointer}`);
  return value;
}

/** Why `value` does not fit `spec` (a phrase for "… is not <phrase>"), or "" when it fits. */
function check(spec, value) {
  switch (spec.type) {
    case "number":
    case "int": {
      const whole = spec.type === "int";
      const fits = typeof value === "number" && Number.isFinite(value) && (!whole || Number.isInteger(value));
      return fits && value >= spec.min && value <= spec.max ? "" : { kind: whole ? "int" : "number", min: spec.min, max: spec.max };
    }
    case "bool":
      return typeof value === "boolean" ? "" : { kind: "bool" };
    case "choice":
      return spec.choices.includes(value) ? "" : { kind: "choice", choices: spec.choices };
    case "text": {
      const fits = typeof value === "string" && value.length <= spec.maxLength && (!spec.pattern || value === "" || spec.pattern.test(value));
      return fits ? "" : { kind: spec.pattern ? "pattern" : "text", max: spec.maxLength, example: spec.example };
    }
    default:
      throw new Error(`state key ${spec.key}: unknown type ${spec.type}`);
  }
}

/** A link's text → the value it stands for (still to be checked against the range). */
function parse(spec, text) {
  switch (spec.type) {
    case "number":
    case "int":
      return text.trim() === "" ? NaN : Number(text);
    case "bool":
      return text === "1" ? true : text === "0" ? false : text;
    case "choice": {
      const asNumber = Number(text);
      return spec.choices.find((c) => String(c) === text || (typeof c === "number" && c === asNumber)) ?? text;
    }
    default:
      return text;
  }
}

function serialise(value) {
  return typeof value === "boolean" ? (value ? "1" : "0") : String(value);
}

/**
 * The state object sections receive.
 *   get(key)            the value: restored, set since, or the default
 *   set({key: value})   remember values (null or the default: forget the key)
 *   spec(key)           {type, default, min, max, choices, …} with the API's numbers filled in
 *   rejected(section?)  what a link held that could not be used: [{key, text, expected}]
 *   on(key, fn)         call fn(value) when the backend changes the key from outside (a
 *                       notebook's Python side moving a slider); returns a function to stop
 * `backend` reads [[key, text], …] once and writes {key: text | null} patches (with the values
 * themselves, defaults filled in, as a second argument). A backend that can change under the
 * page may offer subscribe((key, text) => …); such a change is checked like a link's value.
 */
export function createState({ registry = REGISTRY, fields, backend }) {
  const specs = resolveRegistry(registry, fields);
  const values = new Map();
  const rejected = [];
  for (const [key, text] of backend.read()) {
    const spec = specs[key];
    if (!spec) continue; // not ours (another tool's parameter): left alone
    const value = parse(spec, text);
    const problem = check(spec, value);
    if (problem) rejected.push({ key, section: spec.section, text, expected: problem });
    else values.set(key, value);
  }
  const listeners = new Map(); // key → Set of fn(value)
  backend.subscribe?.((key, text) => {
    const spec = specs[key];
    if (!spec) return;
    const value = text === null ? spec.default : parse(spec, text);
    if (text !== null && check(spec, value)) return; // a value the registry cannot use: ignored
    if (text === null || value === spec.default) values.delete(key);
    else values.set(key, value);
    for (const fn of listeners.get(key) ?? []) fn(value);
  });
  const known = (key) => {
    if (!specs[key]) throw new Error(`unknown state key ${key}: declare it in state.js's REGISTRY`);
    return specs[key];
  };
  return {
    get(key) {
      return values.has(key) ? values.get(key) : known(key).default;
    },
    set(patch) {
      const out = {};
      const resolved = {};
      for (const [key, value] of Object.entries(patch)) {
        const spec = known(key);
        if (value === null || value === undefined || value === spec.default) {
          values.delete(key);
          out[key] = null;
          resolved[key] = spec.default;
        } else {
          values.set(key, value);
          out[key] = serialise(value);
          resolved[key] = value;
        }
      }
      backend.write(out, resolved);
    },
    on(key, fn) {
      known(key);
      if (!listeners.has(key)) listeners.set(key, new Set());
      listeners.get(key).add(fn);
      return () => listeners.get(key).delete(fn);
    },
    spec: (key) => ({ ...known(key) }),
    rejected: (section) => rejected.filter((r) => section === undefined || r.section === section),
  };
}

/** State in the page's address: read once when created, written shortly after each change. */
export function urlBackend(win = window) {
  let pending = {};
  let timer = null;
  const flush = () => {
    win.clearTimeout(timer);
    const params = new URLSearchParams(win.location.search);
    for (const [key, text] of Object.entries(pending)) {
      if (text === null) params.delete(key);
      else params.set(key, text);
    }
    pending = {};
    const query = params.toString();
    win.history.replaceState(null, "", `${win.location.pathname}${query ? `?${query}` : ""}${win.location.hash}`);
  };
  return {
    read: () => [...new URLSearchParams(win.location.search)],
    write(patch) {
      Object.assign(pending, patch);
      win.clearTimeout(timer);
      timer = win.setTimeout(flush, 100);
    },
    /** Write what is waiting now (before the page leaves, say for another language). */
    flush,
    /** Open the page again at its address, with everything written (another language). */
    reload() {
      flush();
      win.location.reload();
    },
  };
}

/** State kept in memory, e.g. for a figure mounted twice on one page, or a test. */
export function memoryBackend(initial = {}) {
  const store = new Map(Object.entries(initial).map(([k, v]) => [k, String(v)]));
  return {
    read: () => [...store],
    write(patch) {
      for (const [key, text] of Object.entries(patch)) {
        if (text === null) store.delete(key);
        else store.set(key, text);
      }
    },
    entries: () => Object.fromEntries(store),
  };
}
