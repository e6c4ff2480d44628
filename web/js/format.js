// Numbers and text for display. Pure functions: the widgets use them in the page, the build uses them under Node to
// prerender, so a prerendered frame and a live frame print the same characters.

// The engine sends non-finite numbers as these strings, because JSON has no inf or NaN.
const NON_FINITE = { Infinity: Infinity, "-Infinity": -Infinity, NaN: NaN };

/** A number from the engine's JSON: a JS number, or one of "Infinity", "-Infinity", "NaN". */
export function num(value) {
  if (typeof value === "number") return value;
  if (value in NON_FINITE) return NON_FINITE[value];
  return NaN;
}

const MINUS = "\u2212"; // a real minus sign: wider than a hyphen, so a sign is hard to miss

// A plain decimal number, as Python's float() reads it too: no hex (0x10), no "Infinity", no empty text.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number from what an author or a learner typed: decimal notation only, spaces around it and a typed or pasted
 * real minus sign allowed; NaN when it is not a decimal number, +-Infinity when it is one too large for a float. */
export function readDecimal(text) {
  const t = String(text ?? "").trim().replace(/\u2212/g, "-");
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** Rounded for display: 4 decimals by default; inf and NaN spelled out. */
export function fmt(value, digits = 4) {
  const x = num(value);
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return `${MINUS}inf`;
  const abs = Math.abs(x);
  let text = abs !== 0 && (abs >= 1e9 || abs < 10 ** -digits / 2) ? abs.toExponential(digits - 1) : abs.toFixed(digits);
  // -0.00001 rounds to 0.0000: print it without a sign rather than as "-0.0000"
  const rounded = Number(text);
  return x < 0 && rounded !== 0 ? MINUS + text : text;
}

/** Full precision, for hover titles and the table view: the shortest text that round-trips the float. */
export function full(value) {
  const x = num(value);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe to put inside markup: whatever an author or a learner types is shown as text, never as HTML. */
export function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The stylesheets a widget's shadow root links: the shared one, then the view's own (`view.STYLES`, file names in
 * css/). `base` is css/'s URL: absolute in the page, relative to the page when the build prerenders. */
export function stylesheetLinks(base, view) {
  return ["widgets.css", ...(view.STYLES || [])].map((name) => `<link rel="stylesheet" href="${esc(base + name)}">`).join("");
}
