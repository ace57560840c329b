// The learner's own table survives a reload in the tab's sessionStorage: the server keeps
// nothing, and the address keeps only the settings (a whole table would not fit in a link).
const KEY = "nnguide.workbench.data";

/** {load() → {source, inspection} | null, save(entry) → stored?, clear()}, over `win`'s
 * sessionStorage; every call is safe where storage is blocked or full. */
export function createStore(win) {
  let storage = null;
  try {
    storage = win?.sessionStorage ?? null;
  } catch {
    storage = null; // a sandboxed frame: no storage, the table lasts until the page closes
  }
  return {
    load() {
      try {
        const text = storage?.getItem(KEY);
        return text ? JSON.parse(text) : null;
      } catch {
        return null;
      }
    },
    save(entry) {
      try {
        storage?.setItem(KEY, JSON.stringify(entry));
        return Boolean(storage);
      } catch {
        return false; // over the quota (a few MB): the table is kept in memory only
      }
    },
    clear() {
      try {
        storage?.removeItem(KEY);
      } catch {
        /* nothing stored */
      }
    },
  };
}
