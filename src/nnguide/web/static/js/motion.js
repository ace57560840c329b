// Motion: short transitions that show a change happening (a GD step moving the point on the
// map), or none at all for readers who ask their system for reduced motion.

const query = typeof matchMedia === "function" ? matchMedia("(prefers-reduced-motion: reduce)") : null;

/** True when the reader has asked for reduced motion. */
export const reduced = () => Boolean(query?.matches);

/** A transition's length in ms: `ms`, or 0 under reduced motion. */
export const duration = (ms = 250) => (reduced() ? 0 : ms);

/** d3: `selection.transition()` of the given length, or the selection itself when it is 0. */
export function moving(selection, ms = 250) {
  const d = duration(ms);
  return d ? selection.transition().duration(d) : selection;
}
