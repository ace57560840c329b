// t(key, params): every word the page shows, in the reader's language.
//
// A catalog is one flat JSON object per language (static/i18n/<lang>.json): key → text, with
// placeholders in a small subset of ICU MessageFormat —
//   {name}                                   the parameter as given (numbers in the locale)
//   {n, plural, one {# step} other {# steps}} a branch chosen by Intl.PluralRules ("=0 {…}"
//                                            matches exactly; "#" is n in the locale)
// Keys ending in "_html" hold short HTML fragments (prose with <strong>, <code>, …); every
// other value is plain text. A key missing from a catalog falls back to English, then to the
// key itself, so a gap is visible but never blank (tests/web/test_i18n_catalogs.py keeps the
// catalogs complete).
//
// The page has one language at a time: main.js (or a notebook widget's host) calls
// setLanguage() once, before mounting anything; modules then call the exported t(). A section
// also gets the same function as `t` in mount(root, {api, state, t}).
import * as d3 from "./d3.js";
import { setNumberLocale } from "./format.js";

/** A t() over one catalog (with English as the fallback) for language `lang`. */
export function createT(catalog, lang = "en", fallback = {}) {
  const locale = catalog["lang.locale"] ?? fallback["lang.locale"] ?? lang;
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 12 });
  /** A number parameter as the reader writes numbers; anything else as text. */
  const shown = (value) => {
    if (typeof value !== "number") return String(value);
    return Number.isFinite(value) ? numbers.format(value).replace("-", "\u2212") : "—";
  };
  const t = (key, params = {}) => {
    const text = catalog[key] ?? fallback[key];
    if (text === undefined) return key;
    return render(text, params, { plurals, shown });
  };
  t.lang = lang;
  t.locale = locale;
  t.dir = catalog["lang.dir"] === "rtl" ? "rtl" : "ltr";
  t.has = (key) => key in catalog || key in fallback;
  return t;
}

function render(text, params, how) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    if (open < 0) break;
    const close = matching(text, open);
    if (close < 0) break;
    out += text.slice(i, open);
    out += placeholder(text.slice(open + 1, close), params, how, text.slice(open, close + 1));
    i = close + 1;
  }
  return out + text.slice(i);
}

function matching(text, open) {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "{") depth += 1;
    else if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

function placeholder(body, params, how, whole) {
  const comma = body.indexOf(",");
  const name = (comma < 0 ? body : body.slice(0, comma)).trim();
  if (!(name in params)) return whole;
  if (comma < 0) return how.shown(params[name]);
  const rest = body.slice(comma + 1);
  const kind = rest.slice(0, rest.indexOf(",")).trim();
  if (kind !== "plural") return whole;
  const value = Number(params[name]);
  const branches = branchesOf(rest.slice(rest.indexOf(",") + 1));
  const chosen = branches[`=${value}`] ?? branches[how.plurals.select(value)] ?? branches.other ?? "";
  return render(chosen, params, how).replaceAll("#", how.shown(value));
}

/** " one {# step} other {# steps}" → {one: "# step", other: "# steps"} */
function branchesOf(text) {
  const out = {};
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    if (open < 0) break;
    const close = matching(text, open);
    if (close < 0) break;
    out[text.slice(i, open).trim()] = text.slice(open + 1, close);
    i = close + 1;
  }
  return out;
}

let active = createT({}, "en");

/** The page's t(): the language setLanguage() chose (English until then). */
export function t(key, params) {
  return active(key, params);
}

/** The page's language, its Intl locale and its direction. */
export const language = () => ({ lang: active.lang, locale: active.locale, dir: active.dir });

/**
 * Make `catalog` (English as the fallback) the page's language: t() speaks it and every
 * number format.js writes follows its locale. Returns the t().
 */
export function setLanguage(catalog, lang, fallback = {}) {
  active = createT(catalog, lang, fallback);
  setNumberLocale(active.locale, { money: active("format.money", { amount: "{amount}" }), dir: active.dir });
  d3.formatDefaultLocale(d3Locale(active.locale));
  return active;
}

/** d3-format's locale definition for an Intl locale: axes d3 labels itself read the same way. */
function d3Locale(locale) {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const part = (type, fallback) => parts.find((p) => p.type === type)?.value ?? fallback;
  const percent = new Intl.NumberFormat(locale, { style: "percent" }).formatToParts(0.5);
  const sign = percent.find((p) => p.type === "percentSign")?.value ?? "%";
  const spaced = percent.some((p) => p.type === "literal" && /\s/.test(p.value));
  return {
    decimal: part("decimal", "."),
    thousands: part("group", ","),
    grouping: [3],
    currency: ["$", ""],
    minus: "\u2212",
    percent: spaced ? `\u202f${sign}` : sign,
  };
}

/**
 * Fill a document's static words: [data-i18n="key"] gets the key's text (its HTML when the key
 * ends in "_html"), and [data-i18n-attr="attr:key attr:key"] the named attributes.
 */
export function translateDocument(root, tr = t) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    const key = node.dataset.i18n;
    if (key.endsWith("_html")) node.innerHTML = tr(key);
    else node.textContent = tr(key);
  }
  for (const node of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of node.dataset.i18nAttr.trim().split(/\s+/)) {
      const [attr, key] = pair.split(":");
      node.setAttribute(attr, tr(key));
    }
  }
}
