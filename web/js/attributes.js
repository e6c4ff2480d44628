// Attribute tables: each widget declares its attributes once, as rows, and everything else is read from them: the
// element's observedAttributes and properties (widget-base.js), parsing with clear messages (here), and the
// attribute documentation on the authors' page (attributeDocs, rendered at build time). Pure: no DOM.
//
// A row: {name, type, default, doc, ...}. Types and what they take:
//   number    a decimal number (readDecimal: no hex, no "Infinity"); optional min / max (inclusive)
//   integer   a whole number; optional min / max (inclusive)
//   choice    one of `choices` (an array of strings)
//   text      any text, at most `maxLength` characters (default 2000; null: no limit here, as for an expression,
//             whose length the engine checks and explains)
//   boolean   present or absent; "false" and "off" also mean off
// A row may have `default: undefined`, with `defaultDoc` saying whose default applies (e.g. the engine's): the value
// is then left out of the parsed result when the attribute is absent.

import { esc, readDecimal } from "./format.js";

const TEXT_LIMIT = 2000;

const shown = (raw) => `"${String(raw).trim().slice(0, 40)}"`;

/** What a row takes, in words, for messages and docs. */
export function describe(row) {
  const range = (low, high) =>
    low !== undefined && high !== undefined ? ` from ${low} to ${high}` :
      low !== undefined ? ` of at least ${low}` : high !== undefined ? ` of at most ${high}` : "";
  switch (row.type) {
    case "number": return `a number${range(row.min, row.max)}`;
    case "integer": return `a whole number${range(row.min, row.max)}`;
    case "choice": return `one of ${row.choices.map((c) => `"${c}"`).join(", ")}`;
    case "boolean": return "present or absent (\"false\" or \"off\" turn it off)";
    default: return row.maxLength === null ? "text" : `text of at most ${row.maxLength ?? TEXT_LIMIT} characters`;
  }
}

/** One attribute's text -> {value} or {problem}. `raw` is never undefined here. */
export function parseValue(row, raw) {
  const text = String(raw);
  switch (row.type) {
    case "boolean":
      return { value: !["false", "off"].includes(text.trim().toLowerCase()) };
    case "choice":
      return row.choices.includes(text.trim()) ? { value: text.trim() } : { problem: "not one of the choices" };
    case "text": {
      const limit = row.maxLength === undefined ? TEXT_LIMIT : row.maxLength;
      return limit === null || text.length <= limit ? { value: text } : { problem: `${text.length} characters long` };
    }
    case "number":
    case "integer": {
      const value = readDecimal(text);
      if (!Number.isFinite(value)) return { problem: "not a finite number" };
      if (row.type === "integer" && !Number.isInteger(value)) return { problem: "not a whole number" };
      if ((row.min !== undefined && value < row.min) || (row.max !== undefined && value > row.max)) {
        return { problem: "out of range" };
      }
      return { value };
    }
    default:
      throw new Error(`attribute ${row.name}: unknown type ${row.type}`);
  }
}

/** Attributes (strings, by name) -> {values, problems}. A bad value falls back to the default, with a sentence saying
 * what was wrong, what the attribute takes, and what is used instead. */
export function readAttributes(table, attributes) {
  const values = {};
  const problems = [];
  for (const row of table) {
    const raw = attributes[row.name];
    if (raw === undefined || raw === null) {
      if (row.type === "boolean") values[row.name] = false;
      else if (row.default !== undefined) values[row.name] = row.default;
      continue;
    }
    const { value, problem } = parseValue(row, raw);
    if (problem === undefined) {
      values[row.name] = value;
      continue;
    }
    const fallback = row.default === undefined ? (row.defaultDoc ?? "the default") : String(row.default);
    problems.push(`${row.name}=${shown(raw)} is ${problem}: it takes ${describe(row)}; using ${fallback}.`);
    if (row.default !== undefined) values[row.name] = row.default;
  }
  return { values, problems };
}

/** The names a table observes. */
export const names = (table) => table.map((row) => row.name);

/** The table as documentation: one row per attribute, for the authors' page. */
export function attributeDocs(table) {
  const rows = table.map((row) => {
    const fallback = row.type === "boolean" ? "absent" : row.default === undefined ? row.defaultDoc ?? "none" : row.default;
    return `<tr><th scope="row"><code>${esc(row.name)}</code></th><td>${esc(describe(row))}</td>` +
      `<td><code>${esc(fallback)}</code></td><td>${esc(row.doc)}</td></tr>`;
  });
  return `<table class="compare attribute-docs"><thead><tr><th scope="col">attribute</th><th scope="col">takes</th>` +
    `<th scope="col">default</th><th scope="col">what it does</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
