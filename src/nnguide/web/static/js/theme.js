// Light or dark: the page follows the system (prefers-color-scheme) unless the reader picks
// a theme here; the choice is kept in this browser only. The styles do the rest (guide.css).
import { uid } from "./dom.js";
import { t } from "./i18n.js";

const KEY = "nnguide-theme";
const CHOICES = [["auto", "theme.auto"], ["light", "theme.light"], ["dark", "theme.dark"]];

function stored(win) {
  try {
    return win.localStorage.getItem(KEY) || "auto";
  } catch {
    return "auto"; // storage can be blocked; the system's choice still applies
  }
}

/** Apply the stored theme to `root` and, if `slot` is given, put a chooser in it. */
export function themeChooser(root, slot, win = window) {
  const apply = (value) => {
    if (value === "auto") delete root.dataset.theme;
    else root.dataset.theme = value;
  };
  apply(stored(win));
  if (!slot) return;
  const id = uid("theme");
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = t("theme.label");
  const select = document.createElement("select");
  select.id = id;
  for (const [value, key] of CHOICES) select.append(new Option(t(key), value));
  select.value = stored(win);
  select.addEventListener("change", () => {
    apply(select.value);
    try {
      win.localStorage.setItem(KEY, select.value);
    } catch {
      /* not kept: fine */
    }
  });
  slot.replaceChildren(label, select);
}
