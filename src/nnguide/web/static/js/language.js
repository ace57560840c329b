// Which language the page speaks: ?lang= in the address (kept in links), else the one the
// reader last chose in this browser, else the first of the browser's preferred languages the
// guide has a catalog for, else English. The menu names every language in itself.
import { uid } from "./dom.js";
import { t } from "./i18n.js";

const KEY = "nnguide-lang";

function stored(win) {
  try {
    return win.localStorage.getItem(KEY) || "";
  } catch {
    return ""; // storage can be blocked: the browser's preference still applies
  }
}

/** The code of the language to show, from `codes` (the catalogs the server has). */
export function chooseLanguage(codes, { asked = "", win = window, fallback = "en" } = {}) {
  const match = (tag) => {
    const lower = String(tag).toLowerCase();
    return codes.find((c) => c.toLowerCase() === lower) ?? codes.find((c) => c.toLowerCase() === lower.split("-")[0]);
  };
  for (const tag of [asked, stored(win), ...(win.navigator.languages ?? [win.navigator.language])]) {
    if (tag && match(tag)) return match(tag);
  }
  return fallback;
}

/** Point the document at the language: <html lang dir>. */
export function applyLanguage(doc, { lang, dir }) {
  doc.documentElement.lang = lang;
  doc.documentElement.dir = dir;
}

/**
 * A "Language" menu in `slot`: [{code, name}], the current code, and what to do when the
 * reader picks another (the page reloads in it, with the same state in its address).
 */
export function languageMenu(slot, languages, current, onChoose, win = window) {
  const id = uid("lang");
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = t("page.language");
  const select = document.createElement("select");
  select.id = id;
  for (const { code, name } of languages) {
    const option = new Option(name, code);
    option.lang = code; // each name is read in its own language
    select.append(option);
  }
  select.value = current;
  select.addEventListener("change", () => {
    try {
      win.localStorage.setItem(KEY, select.value);
    } catch {
      /* not kept: the address still carries it */
    }
    onChoose(select.value);
  });
  slot.replaceChildren(label, select);
  return select;
}
