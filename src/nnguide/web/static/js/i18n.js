// t(key, params): every message the contract itself shows, in the reader's language.
// A catalog is a flat JSON object of key → text with {name} placeholders (static/i18n/en.json).

/** A t() over one catalog; a missing key shows as the key itself, so it is easy to spot. */
export function createT(catalog, locale = "en") {
  const t = (key, params = {}) => {
    const text = catalog[key];
    if (text === undefined) return key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  };
  t.locale = locale;
  return t;
}
