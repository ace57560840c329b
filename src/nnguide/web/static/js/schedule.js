// A learner's training history as runs of steps with one set of settings ("schedule"): what a
// link stores so the API can replay it exactly (100 steps at 0.5, then 10 at 10 is not 110 at
// 10). Clicks with the same settings add to the last run; a change of settings starts a new one.
//
// In a link each run is "steps*field*field…", runs joined by "_": "100*0.5*s*ce_10*10*s*ce".

/**
 * A schedule over `fields`: [{key, encode(value) → text, decode(text) → value | undefined}].
 * Returns {runs, add(steps, settings), total(), clear(), text(), parse(text)}.
 */
export function createSchedule(fields, { maxRuns = 40, maxSteps = 10_000 } = {}) {
  let runs = [];
  const same = (a, b) => fields.every((f) => a[f.key] === b[f.key]);
  const total = () => runs.reduce((n, r) => n + r.steps, 0);
  return {
    get runs() {
      return runs;
    },
    total,
    /** How many more steps with `settings` fit into one replayable link (0: none). */
    room(settings) {
      const newRun = !runs.length || !same(runs.at(-1), settings);
      return newRun && runs.length >= maxRuns ? 0 : Math.max(0, maxSteps - total());
    },
    add(steps, settings) {
      const lastRun = runs.at(-1);
      if (lastRun && same(lastRun, settings)) lastRun.steps += steps;
      else runs.push({ steps, ...Object.fromEntries(fields.map((f) => [f.key, settings[f.key]])) });
    },
    clear() {
      runs = [];
    },
    text() {
      return runs.map((r) => [r.steps, ...fields.map((f) => f.encode(r[f.key]))].join("*")).join("_") || null;
    },
    /** Read a link's text; false (and nothing changed) if any part of it is unusable. */
    parse(text) {
      const out = [];
      for (const part of (text || "").split("_")) {
        const [steps, ...rest] = part.split("*");
        if (!/^\d+$/.test(steps) || Number(steps) < 1 || rest.length !== fields.length) return false;
        const run = { steps: Number(steps) };
        for (const [i, f] of fields.entries()) {
          const v = f.decode(rest[i]);
          if (v === undefined) return false;
          run[f.key] = v;
        }
        out.push(run);
      }
      if (out.length > maxRuns || out.reduce((n, r) => n + r.steps, 0) > maxSteps) return false;
      runs = out;
      return true;
    },
  };
}

/** A positive finite number in a link ("1e-8", "0.5"), or undefined. */
export const rateField = (key) => ({
  key,
  encode: (v) => String(v),
  decode: (t) => (/^[\d.e+-]+$/.test(t) && Number(t) > 0 && Number.isFinite(Number(t)) ? Number(t) : undefined),
});

/** A yes/no setting written as one letter each way, e.g. standardized "s" / raw "r". */
export const flagField = (key, yes, no) => ({
  key,
  encode: (v) => (v ? yes : no),
  decode: (t) => (t === yes ? true : t === no ? false : undefined),
});

/** One of a few names, each written as a short code. */
export const choiceField = (key, codes) => ({
  key,
  encode: (v) => codes[v],
  decode: (t) => Object.keys(codes).find((k) => codes[k] === t),
});

/** The pattern a state key for a schedule of `n` fields accepts (checked before parse()). */
export const schedulePattern = (n) => new RegExp(`^\\d{1,5}(\\*[\\w.+-]+){${n}}(_\\d{1,5}(\\*[\\w.+-]+){${n}})*$`);
