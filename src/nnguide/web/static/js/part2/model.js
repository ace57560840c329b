// A Part 2 network as a section holds it: its size, activation and seed, and the runs of
// gradient-descent steps taken since its seeded start. The parameters themselves travel only
// in the API's answers. A link holds the recipe, and replaying it (the seed's start, then
// each run at its rate) gives back exactly the same network, because full-batch gradient
// descent is deterministic and every number survives JSON unchanged.
import { t } from "../i18n.js";

/** How many steps a link may replay (it takes one request per 1,000). */
export const MAX_TOTAL_STEPS = 20000;

/** "1000@1,200@0.3" → [{steps: 1000, rate: 1}, {steps: 200, rate: 0.3}]; "" → []. */
export function parseRun(text) {
  if (!text) return [];
  return text.split(",").map((part) => {
    const [steps, rate] = part.split("@");
    return { steps: Number(steps), rate: Number(rate) };
  });
}

/** The inverse of parseRun. */
export const encodeRun = (runs) => runs.map((r) => `${r.steps}@${r.rate}`).join(",");

/** Steps per request while "Train" plays: small at first, so the early changes can be seen. */
const chunkAt = (steps) => (steps < 100 ? 5 : steps < 600 ? 20 : 50);

/**
 * The network and the one queue of requests that changes it. Every change waits its turn,
 * so answers always arrive in the order the learner asked.
 *
 * api: the page's api. extra(): {house, held_out} for the next view (held_out also goes to
 * train, which then counts that list along its path). Callbacks: onView(view) after every
 * new picture of the network; onRun(runs) when the recorded runs change (for the link);
 * onPlaying(bool); onMessage(text, isError); onConfigure() when a new network is asked for;
 * onBusy(bool) when requests start waiting and when the last one is answered.
 */
export function createNetworkModel({ api, extra = () => ({}), onView, onRun = () => {}, onPlaying = () => {}, onMessage = () => {}, onConfigure = () => {}, onBusy = () => {} }) {
  let cfg = null; // {hidden, activation, seed}
  let layers = null;
  let runs = [];
  let steps = 0;
  let log = []; // [{step, loss, correct, held_out_correct}] since the seeded start
  let playing = false;
  let queue = Promise.resolve();
  let perRequest = 1000;
  let latest = null;
  api.fields().then((f) => {
    perRequest = f["network.train"]?.steps?.maximum ?? perRequest;
  });

  const fail = (err) => {
    pause();
    onMessage(err.message, true);
  };
  let jobs = 0;
  const enqueue = (job) => {
    jobs += 1;
    onBusy(true);
    queue = queue
      .then(job)
      .catch(fail)
      .finally(() => {
        jobs -= 1;
        if (jobs === 0) onBusy(false);
      });
    return queue;
  };
  const shape = () => ({ hidden: cfg.hidden, activation: cfg.activation });

  async function view() {
    latest = await api.network.view({ ...shape(), layers, ...extra() });
    onView(latest);
    return latest;
  }

  /** Train `n` steps at `rate` in requests of at most perRequest; false if it diverged. */
  async function trainSteps(n, rate) {
    let left = n;
    while (left > 0) {
      const k = Math.min(left, perRequest);
      const { held_out } = extra();
      const res = await api.network.train({ ...shape(), layers, steps: k, learning_rate: rate, held_out: held_out ?? [] });
      layers = res.layers;
      const points = res.path.map((p) => ({ ...p, step: steps + p.step }));
      log = log.length ? log.concat(points.slice(1)) : points;
      steps += res.steps_taken;
      const last = runs.at(-1);
      if (res.steps_taken > 0) {
        if (last && last.rate === rate) last.steps += res.steps_taken;
        else runs.push({ steps: res.steps_taken, rate });
      }
      left -= k;
      if (res.diverged) {
        onMessage(t(`msg.${res.message_code.code}`, res.message_code.params), true);
        return false;
      }
    }
    return true;
  }

  async function fromSeed(next) {
    cfg = { ...next };
    layers = await api.network.start({ ...shape(), seed: cfg.seed });
    runs = [];
    steps = 0;
    log = [];
  }

  /** Start from the seed and replay `recorded` runs; the view follows. */
  function restore(next, recorded = []) {
    pause();
    return enqueue(async () => {
      await fromSeed(next);
      let budget = MAX_TOTAL_STEPS;
      for (const r of recorded) {
        const n = Math.min(r.steps, budget);
        if (n <= 0) break;
        if (!(await trainSteps(n, r.rate))) break;
        budget -= n;
      }
      if (recorded.reduce((s, r) => s + r.steps, 0) > MAX_TOTAL_STEPS) {
        onMessage(t("part2.link_stopped", { max: MAX_TOTAL_STEPS }), true);
      }
      onRun(runs);
      await view();
    });
  }

  let pending = null;
  /** A new network of this shape from this seed; calls while one is waiting keep only the last. */
  function configure(next) {
    pause();
    onConfigure();
    const waiting = pending !== null;
    pending = next;
    if (waiting) return queue;
    return enqueue(async () => {
      const target = pending;
      pending = null;
      await fromSeed(target);
      onRun(runs);
      await view();
    });
  }

  /** `n` GD steps at `rate`. */
  function train(n, rate) {
    pause();
    return enqueue(async () => {
      const room = MAX_TOTAL_STEPS - steps;
      if (room <= 0) {
        onMessage(t("part2.link_full", { max: MAX_TOTAL_STEPS }), true);
        return;
      }
      await trainSteps(Math.min(n, room), rate);
      onRun(runs);
      await view();
    });
  }

  /** Keep stepping until paused (or the link's limit); `rate()` is read before each request. */
  function play(rate) {
    if (playing) return queue;
    playing = true;
    onPlaying(true);
    return enqueue(async () => {
      while (playing) {
        const room = MAX_TOTAL_STEPS - steps;
        if (room <= 0) {
          onMessage(t("part2.link_paused", { max: MAX_TOTAL_STEPS }), false);
          break;
        }
        const ok = await trainSteps(Math.min(chunkAt(steps), room), rate());
        onRun(runs);
        await view();
        if (!ok) break;
      }
      pause();
    });
  }

  function pause() {
    if (!playing) return;
    playing = false;
    onPlaying(false);
  }

  let refreshing = false;
  /** Draw the same network again (another house picked, the hidden list changed). */
  function refresh() {
    if (refreshing || playing) return queue; // the waiting (or playing) job reads the newest extra()
    refreshing = true;
    return enqueue(async () => {
      refreshing = false;
      if (layers) await view();
    });
  }

  return {
    restore,
    configure,
    train,
    play,
    pause,
    refresh,
    /** Replay the same recipe from the seed (for a new hidden list: its counts along the path). */
    replay: () => restore(cfg, runs.map((r) => ({ ...r }))),
    get playing() {
      return playing;
    },
    get steps() {
      return steps;
    },
    get log() {
      return log;
    },
    get config() {
      return cfg;
    },
    get layers() {
      return layers;
    },
    get latest() {
      return latest;
    },
    /** Resolves when every request asked for so far has been answered. */
    idle: () => queue,
  };
}
