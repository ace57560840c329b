// Number formatting shared by every figure: thousands separators, sensible precision, in the
// reader's conventions (setNumberLocale: "2,058.5" in English, "2 058,5" in French).
// The only arithmetic the page does on a model's numbers is here, and it is display only:
// shown in $ rather than $1000s, as a percentage rather than a share.

let LOCALE = "en-US";
let MONEY = "${amount}";
let RTL = false;

/**
 * Write every number for `locale` (an Intl locale, e.g. "fr-FR" or "ar-u-nu-latn"); `money`
 * places an amount of dollars in a sentence ("{amount} $" in French).
 */
export function setNumberLocale(locale, { money = "${amount}", dir = "ltr" } = {}) {
  LOCALE = locale;
  RTL = dir === "rtl";
  MONEY = money.includes("{amount}") ? money : "${amount}";
  cache.clear();
}

/** The locale numbers are written in. */
export const numberLocale = () => LOCALE;

const SUPER = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** 1.19e11 → "1.19 × 10¹¹" */
function power(value, digits = 2) {
  const [mantissa, exp] = value.toExponential(digits).split("e");
  return ltrIsland(`${fixed(Number(mantissa), digits)} × 10${[...exp].map((c) => SUPER[c]).join("")}`);
}

/**
 * Text that reads left to right whatever surrounds it ("1.19 × 10¹¹", "W₁ area → h1"): on a
 * right-to-left page it is wrapped in isolate marks (LRI … PDI); elsewhere it is left as is.
 */
export function ltrIsland(text) {
  return RTL ? `\u2066${text}\u2069` : text;
}

const cache = new Map();
function formatter(digits) {
  if (!cache.has(digits)) {
    cache.set(
      digits,
      new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
    );
  }
  return cache.get(digits);
}

/** 2,057.73 → "2,058" with digits = 0; keeps the sign as a true minus. */
export function num(value, digits = 0) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (Math.abs(value) >= 1e9) return power(value);
  return minus(formatter(digits).format(value));
}

/** A true minus sign, and no "−0" when a tiny negative rounds to zero. */
function minus(text) {
  return /[1-9]/.test(text) ? text.replace("-", "−") : text.replace(/[-\u2212]/, "");
}

/** Fixed decimals with separators, e.g. fixed(0.18, 3) → "0.180". */
export function fixed(value, digits) {
  if (!Number.isFinite(value)) return "—";
  const text = new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return minus(text);
}

/** Dollars from $1000s: dollars(360) → "$360,000"; dollars(0.18001, 2) → "$180.01". */
export function dollars(thousands, digits = 0) {
  return MONEY.replace("{amount}", num(thousands * 1000, digits));
}

/** A compact form for tiny or huge numbers (learning rates, gradients). */

export function sci(value) {
  if (!Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e9) return num(value, a < 1 ? 4 : 2);
  return power(value);
}

/** A limit as a reader takes it in: 1e12 → "10¹²" (a power of ten), else as num(). */
export function limit(value) {
  const exp = Math.log10(Math.abs(value));
  if (Number.isInteger(exp) && exp >= 4) return `${value < 0 ? "−" : ""}10${[...String(exp)].map((c) => SUPER[c]).join("")}`;
  return num(value, 12);
}

/**
 * A share as a percentage with fixed decimals: percent(0.9733, 1) → "97.3%". A share short of
 * 1 never reads "100.0%", nor a share above 0 "0.0%": they read ">99.9%" and "<0.1%".
 */
export function percent(share, digits = 0) {
  if (!Number.isFinite(share)) return "—";
  const f = new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
  const text = f.format(share);
  const unit = 10 ** -(digits + 2); // the smallest step shown, as a share
  if (share < 1 && text === f.format(1)) return `>${f.format(1 - unit)}`;
  if (share > 0 && text === f.format(0)) return `<${f.format(unit)}`;
  return text;
}

/**
 * A number shown with as many decimals as it takes to sit on the same side of every
 * threshold as the number itself: 798.57 → "798.6" and 799.11 → "799.1" next to a goal of
 * 799, where whole numbers would both read "799" and contradict the verdict beside them.
 */
export function numNear(value, thresholds, digits = 0) {
  if (!Number.isFinite(value)) return num(value, digits);
  for (let d = digits; d < digits + 6; d++) {
    const shown = Number(value.toFixed(d));
    const agrees = thresholds.every((t) => !Number.isFinite(t) || Math.sign(shown - t) === Math.sign(value - t));
    if (agrees) return num(value, d);
  }
  return num(value, digits + 6);
}

/** Significant digits: sig(-0.00101432, 4) → "−0.001014"; big or tiny ones as a power of ten. */
export function sig(value, digits = 4) {
  if (!Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e6 || a < 1e-4) return power(value, digits - 1);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
  return num(value, decimals);
}

/**
 * A learning rate in one notation for a whole list: powers of ten below 0.01 as "1e-6",
 * others as plain decimals ("0.5", "10"), never "0.000001" beside "1e-7".
 */
export function rate(value) {
  if (!Number.isFinite(value)) return "—";
  if (value !== 0 && Math.abs(value) < 0.01) {
    const [mantissa, exp] = value.toExponential().split("e");
    return `${num(Number(mantissa), 12)}e${exp.replace("+", "")}`;
  }
  return num(value, 12);
}

/** A number as a box shows it for editing: no group separators, "1e-8" for tiny rates. */
export function editable(value) {
  if (!Number.isFinite(value)) return "";
  if (value !== 0 && Math.abs(value) < 0.01) return rate(value);
  return minus(new Intl.NumberFormat(LOCALE, { useGrouping: false, maximumFractionDigits: 12 }).format(value)).replace("−", "-");
}

/**
 * A number a reader typed, in their conventions or in code's: "0,2" and "0.2" are both 0.2 in
 * French; "1e-8" works everywhere; group separators are ignored ("2 000", "2,000" in English).
 * Returns NaN for anything else.
 */
export function parseNumber(text) {
  const parts = new Intl.NumberFormat(LOCALE).formatToParts(12345.6);
  const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const group = parts.find((p) => p.type === "group")?.value ?? ",";
  let s = String(text).trim().replace(/[\u2212\u2012\u2013]/g, "-").replace(/[\u00a0\u202f ]/g, "");
  s = s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x6f0));
  // Where the decimal mark is a comma, a point is read as one too (a rate copied from code);
  // only space-like group separators are ignored there, so "0.2" never becomes 2.
  if (decimal === "," || decimal === "\u066b") s = s.replace(/[,\u066b]/g, ".");
  else s = s.split(group).join("");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}
