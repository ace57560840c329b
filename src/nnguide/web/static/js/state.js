// View state mirrored in the URL (query string), so a link restores exactly what the learner sees.
// Only view state lives here (slider values, toggles); every number shown comes from the API.

const params = new URLSearchParams(window.location.search);
let timer = null;

/** A number from the URL, or the fallback when absent, not finite, or outside [min, max]. */
export function readNumber(key, fallback, min = -Infinity, max = Infinity) {
  if (!params.has(key)) return fallback;
  const value = Number(params.get(key));
  return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

export function readBool(key, fallback) {
  if (!params.has(key)) return fallback;
  return params.get(key) === "1";
}

export function readString(key, fallback, allowed) {
  const value = params.get(key);
  return value !== null && (!allowed || allowed.includes(value)) ? value : fallback;
}

/** Record values (null removes a key) and update the address bar shortly after. */
export function write(values) {
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) params.delete(key);
    else params.set(key, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  }
  clearTimeout(timer);
  timer = setTimeout(() => {
    const query = params.toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
    window.history.replaceState(null, "", url);
  }, 100);
}
