// A widget in a notebook: its engine is the kernel's own Python, asked through anywidget's custom messages, and its
// attributes and state are the widget's traits (py/backprop/notebook/). notebook.js loads this module and the element's
// own modules, then calls connect(). The element is the page's, unchanged: it is given a KernelEngine as its
// `transport` (BpWidget.engine in widget-base.js), which has the page client's shape (call, ready, subscribe, failure).
//
// Messages (front end <-> kernel), one shape each:
//   -> {type: "call", id, fn, args}     the kernel answers with backprop.bridge.handle, as the page's worker does
//   <- {type: "answer", id, value}      value: the bridge's JSON text ({ok, result} or {ok: false, error})
//   -> {type: "event", name, detail}    every event the element fires (bp-change, ...), for the kernel's handlers

import { EngineError } from "./runtime.js";
import { isVariableAttribute, variableAttribute } from "./variable-attributes.js";

/** A trait's name: an attribute's hyphens are underscores in Python (no-zero-grad is no_zero_grad). */
export const traitName = (attribute) => attribute.replace(/-/g, "_");

export class KernelEngine {
  /** `model`: anywidget's model; `css`: the text of each stylesheet, by file name (css/NAME). */
  constructor(model, css) {
    this.model = model;
    this.css = css;
    this.state = "live"; // the kernel is there: the widget's model exists because the kernel made it
    this.failure = null;
    this.ready = Promise.resolve(this);
    this.pending = new Map();
    this.prefix = Math.random().toString(36).slice(2); // two views of one widget share its messages
    this.nextId = 1;
    this.settled = () => {};
    this.receive = (message) => {
      const waiter = message && message.type === "answer" && this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      waiter.resolve(message.value);
    };
    model.on("msg:custom", this.receive);
  }

  /** Whether a request is waiting for its answer. */
  get busy() {
    return this.pending.size > 0;
  }

  subscribe() {
    return () => {};
  }

  /** As the page's client: resolves with the function's result, or rejects with the engine's refusal. */
  async call(fn, args = {}) {
    const id = `${this.prefix}:${this.nextId++}`;
    const text = await new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.model.send({ type: "call", id, fn, args });
    });
    setTimeout(this.settled); // after the element has painted the answer
    const answer = JSON.parse(text);
    if (!answer.ok) throw new EngineError(answer.error);
    return answer.result;
  }

  /** The shadow root's stylesheets, inline: the shared one, then the view's own (as stylesheetLinks in format.js). */
  styles(view) {
    return ["widgets.css", ...(view.STYLES || [])].map((name) => `<style>${this.css[name] || ""}</style>`).join("");
  }

  emitted(type, detail) {
    let plain = null;
    try {
      plain = JSON.parse(JSON.stringify(detail ?? null));
    } catch {
      plain = null; // a detail that is not data (none of ours): the event's name still goes
    }
    this.model.send({ type: "event", name: type, detail: plain });
  }

  close() {
    this.model.off("msg:custom", this.receive);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(new EngineError({ type: "EngineUnavailable", message: "the widget was closed" }));
  }
}

/** An attribute's text for a trait's value, or null for no attribute (None, False). */
function attributeText(row, value) {
  if (value === null || value === undefined || value === false) return null;
  if (row.type === "boolean") return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function setAttribute(element, name, text) {
  if (element.getAttribute(name) === text) return;
  if (text === null) element.removeAttribute(name);
  else element.setAttribute(name, text);
}

/** A `tag` element in `el`, driven by the kernel: traits -> attributes, the learner's changes -> traits, its state ->
 * the `state` trait, its events -> the kernel. Returns the cleanup anywidget calls when the view goes. */
export function connect(el, tag, model, css) {
  const element = document.createElement(tag);
  const transport = new KernelEngine(model, css);
  element.transport = transport;
  const table = element.constructor.view.ATTRIBUTES;
  const hasValues = model.get("values") !== undefined;
  const property = (row) => row.name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());

  const fromTraits = () => {
    for (const row of table) setAttribute(element, row.name, attributeText(row, model.get(traitName(row.name))));
    if (hasValues) {
      const values = model.get("values") || {};
      const wanted = new Map(Object.entries(values).map(([name, v]) => [variableAttribute(name), String(v)]));
      for (const { name } of [...element.attributes]) {
        if (isVariableAttribute(name) && !wanted.has(name)) element.removeAttribute(name);
      }
      for (const [name, text] of wanted) if (name) setAttribute(element, name, text);
    }
  };
  fromTraits();
  const onTraits = () => fromTraits();
  for (const row of table) model.on(`change:${traitName(row.name)}`, onTraits);
  if (hasValues) model.on("change:values", onTraits);

  // what the learner changed: the element keeps its attributes in step with its controls
  const observer = new MutationObserver((records) => {
    let changed = false;
    for (const { attributeName: name } of records) {
      const row = table.find((r) => r.name === name);
      if (row) {
        const value = element[property(row)];
        model.set(traitName(name), value === undefined ? null : value);
        changed = true;
      } else if (hasValues && isVariableAttribute(name)) {
        const values = {};
        for (const { name: n, value } of element.attributes) if (isVariableAttribute(n)) values[n] = value;
        model.set("values", values);
        changed = true;
      }
    }
    if (changed) model.save_changes();
  });
  observer.observe(element, { attributes: true });

  let shown = JSON.stringify(null);
  transport.settled = () => {
    const text = JSON.stringify(element.state ?? null);
    if (text === shown) return;
    shown = text;
    model.set("state", element.state ?? null);
    model.save_changes();
  };
  // JupyterLab's keyboard shortcuts would take the keys the slider needs: a key pressed in a shadow root comes from its
  // host, which lumino's command registry then skips (not a variable's name: variable-attributes.js)
  element.setAttribute("data-lm-suppress-shortcuts", "true");
  el.append(element);
  return () => {
    observer.disconnect();
    for (const row of table) model.off(`change:${traitName(row.name)}`, onTraits);
    if (hasValues) model.off("change:values", onTraits);
    transport.close();
    element.remove();
  };
}
