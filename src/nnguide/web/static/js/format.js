// Number formatting shared by every figure: thousands separators, sensible precision.
// The only arithmetic the page does on a model's numbers is here, and it is display only:
// shown in $ rather than $1000s, as a percentage rather than a share.

const SUPER = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** 1.19e11 → "1.19 × 10¹¹" */
function power(value) {
  const [mantissa, exp] = value.toExponential(2).split("e");
  return `${mantissa.replace("-", "−")} × 10${[...exp].map((c) => SUPER[c]).join("")}`;
}

const cache = new Map();
function formatter(digits) {
  if (!cache.has(digits)) {
    cache.set(
      digits,
      new Intl.NumberFormat("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
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
  return /^-[0.,]*$/.test(text) ? text.slice(1) : text.replace("-", "−");
}

/** Fixed decimals with separators, e.g. fixed(0.18, 3) → "0.180". */
export function fixed(value, digits) {
  if (!Number.isFinite(value)) return "—";
  const text = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return minus(text);
}

/** Dollars from $1000s: dollars(360) → "$360,000"; dollars(0.18001, 2) → "$180.01". */
export function dollars(thousands, digits = 0) {
  return `$${num(thousands * 1000, digits)}`;
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

/** A share as a percentage with fixed decimals: percent(0.9733, 1) → "97.3%". */
export function percent(share, digits = 0) {
  if (!Number.isFinite(share)) return "—";
  return new Intl.NumberFormat("en-US", {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}
