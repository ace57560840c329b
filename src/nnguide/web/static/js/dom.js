// Small DOM helpers shared by every section: elements, page-unique ids, and placing a part.
import { t } from "./i18n.js";

let counter = 0;

/**
 * A fresh id, unique on the page however often a figure is mounted. Used only to tie a label
 * or a reference to its element (for, aria-labelledby, clip-path, marker); nothing looks an
 * element up by id.
 */
export function uid(hint = "id") {
  counter += 1;
  return `nng-${hint}-${counter}`;
}

/** document.createElement with attributes, a class name and text in one call. */
export function el(tag, { className, text, attrs } = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  return node;
}

/**
 * Put a part a section built where the page wants it. The page may hold an empty placeholder
 * `<div data-place="name">` inside `root` (say, between two paragraphs of prose), which the
 * part replaces; without one (a notebook widget, a test page) the part is appended to `root`.
 * The part carries `data-slot="name"`, so styles and tests can find it.
 */
export function place(root, name, node) {
  node.dataset.slot = name;
  const placeholder = root.querySelector(`[data-place="${name}"]`);
  if (placeholder) placeholder.replaceWith(node);
  else root.append(node);
  return node;
}

/**
 * A box that may scroll sideways (a wide table on a phone): while it does, it is a keyboard
 * stop with a name, so it can be scrolled without a mouse, and `hint` (if given) is shown.
 */
export function scrollable(wrap, label, hint = null) {
  const check = () => {
    const sideways = wrap.scrollWidth > wrap.clientWidth + 1 && wrap.offsetParent !== null;
    const scrolls = sideways || (wrap.scrollHeight > wrap.clientHeight + 1 && wrap.offsetParent !== null);
    if (hint) hint.hidden = !sideways;
    if (scrolls) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", t("dom.scrolls", { label }));
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  };
  new ResizeObserver(check).observe(wrap);
  return check;
}
