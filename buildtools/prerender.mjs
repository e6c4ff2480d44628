// Build-time only (not copied to dist/): renders each widget's first frame with the widget's own view module, and
// formats the prose's numbers with the widgets' own formatter, so the prerendered page prints exactly what the live
// page would. stdin: {widgets: [{tag, attrs, state, base}], numbers: [raw]};
// stdout: {widgets: [html], numbers: [text]}.
// prerender.py supplies the states and numbers, computed by the engine in CPython.

import { readFileSync } from "node:fs";
import { esc, fmt, stylesheetLinks } from "../web/js/format.js";
import { viewModule } from "../web/js/registry.js";

// the registry names each element's view relative to web/js/, where it lives
const JS = new URL("../web/js/", import.meta.url);
const viewOf = (tag) => import(new URL(viewModule(tag), JS).href);

const NON_FINITE = ["Infinity", "-Infinity", "NaN"]; // how the engine's JSON spells those floats
const { widgets, numbers } = JSON.parse(readFileSync(0, "utf8"));
const out = {
  widgets: await Promise.all(
    widgets.map(async ({ tag, attrs, state, base }) => {
      const view = await viewOf(tag);
      return (
        `<template shadowrootmode="open">${stylesheetLinks(`${base}css/`, view)}` +
        `${view.render(state, view.config(attrs))}</template>`
      );
    }),
  ),
  // a float as the widgets print it; a whole number the engine counted, or a label, as its text
  numbers: numbers.map((value) => {
    if (typeof value === "string" && !NON_FINITE.includes(value)) return esc(value);
    return typeof value === "number" || typeof value === "string" ? fmt(value) : String(value);
  }),
};
process.stdout.write(JSON.stringify(out));
