// The graph stepper's words for step k: the sentence for the live region, the explanation under the drawing, and
// the table of every node. What step k shows is decided by stepper-rules.js; the numbers are the trace's, written
// into number slots (slots.js) keyed by what they are: value-3, grad-3 (node 3), local-2, upstream-2, contribution-2
// (edge 2). Pure: no DOM.

import { esc, fmt, full, num } from "./format.js";
import { BINARY, gradName, isPlainNumber, labelled, nodeName, opSymbol, unwrap } from "./graph-labels.js";
import { slot } from "./slots.js";
import { partialNodes, visibleAt } from "./stepper-rules.js";

/** Every number of a trace by slot key, as numbers (the engine's "Infinity" and "NaN" strings converted). */
export function traceNumbers(trace) {
  const out = {};
  for (const nd of trace.nodes) {
    out[`value-${nd.id}`] = num(nd.value);
    if (nd.grad !== null) out[`grad-${nd.id}`] = num(nd.grad);
  }
  for (const e of trace.edges) {
    out[`local-${e.id}`] = num(e.local);
    if (labelled(e)) {
      out[`upstream-${e.id}`] = num(e.upstream);
      out[`contribution-${e.id}`] = num(e.contribution);
    }
  }
  return out;
}

/** How the forward step computes a node, with its inputs' values: "a*b = 2.0000 × 3.0000 = 6.0000" (markup). */
function forwardMarkup(trace, node, numbers) {
  const parents = trace.edges.filter((e) => e.target === node.id).sort((a, b) => a.slot - b.slot).map((e) => e.source);
  const show = (id) => slot(`value-${id}`, numbers, { cls: "v" });
  let middle;
  if (BINARY.has(node.op) && parents.length === 2) {
    middle = `${show(parents[0])} ${opSymbol(node.op)} ${show(parents[1])}`;
  } else if (node.op === "neg" && parents.length === 1) {
    middle = `−(${show(parents[0])})`;
  } else {
    middle = `${esc(node.op)}(${parents.map(show).join(", ")})`;
  }
  return `${esc(node.label)} = ${middle} = ${show(node.id)}`;
}

/** "2 of 3 contributions": how far a fan-out node's sum has got. */
const progress = (view, id) => `${view.arrived.get(id).length} of ${view.outgoing.get(id)} contributions`;

/** Step text for the live region: "Step 5 of 7: backward through ×, dL/dd = 5.0000". */
export function summary(trace, k) {
  const view = visibleAt(trace, k);
  const head = `Step ${k} of ${view.n}: `;
  const node = view.node === null ? null : trace.nodes[view.node];
  const grads = (ids) => ids.map((id) => `dL/d${gradName(trace.nodes[id])} = ${fmt(trace.nodes[id].grad)}`).join(", ");
  switch (view.phase) {
    case "inputs":
      return head + "the inputs, " + trace.nodes.filter((nd) => nd.kind === "input")
        .map((nd) => `${nd.label} = ${fmt(nd.value)}`).join(", ");
    case "forward":
      return head + `forward through ${opSymbol(node.op)}, ${node.label} = ${fmt(node.value)}`;
    case "seed":
      return head + `seed, dL/d${gradName(node)} = ${fmt(node.grad)}`;
    default: {
      let text = head + `backward through ${opSymbol(node.op)}`;
      if (view.newGrads.length) text += `, ${grads(view.newGrads)}`;
      for (const id of partialNodes(trace, view)) text += `, ${trace.nodes[id].label} has ${progress(view, id)}`;
      return text;
    }
  }
}

/** A backward step's explanation: each active edge's local × upstream = contribution, then what it completed. */
function backwardMarkup(trace, view, numbers) {
  const node = trace.nodes[view.node];
  const g = (key) => slot(key, numbers, { cls: "g" });
  const parts = [`<p class="phase"><strong>Backward through ${esc(opSymbol(node.op))} at ${esc(nodeName(node))}:</strong>
      each input receives local derivative × upstream gradient.</p>`];
  const items = view.active.map((id) => {
    const e = trace.edges[id];
    const from = esc(nodeName(trace.nodes[e.source]));
    const to = esc(nodeName(trace.nodes[e.target]));
    if (!labelled(e)) return `<li><span class="who">${from} → ${to}</span>: ${from} is a constant; no gradient flows to it.</li>`;
    const formula = unwrap(e.local_formula);
    const localNumber = slot(`local-${id}`, numbers, { cls: "l" });
    const local = isPlainNumber(formula) ? localNumber : `${esc(formula)} = ${localNumber}`;
    return `<li><span class="who">${from} → ${to}</span>: <span class="loc">local = ${local}</span> ×
        <span class="up">upstream ${g(`upstream-${id}`)}</span> = <strong>${g(`contribution-${id}`)}</strong></li>`;
  });
  parts.push(`<ul class="contributions">${items.join("")}</ul>`);
  const complete = view.newGrads.map((id) => {
    const list = view.arrived.get(id) || [];
    const sum = list.length >= 2 ? ` = ${list.map((e) => g(`contribution-${e}`)).join(" + ")}` : "";
    return `dL/d${esc(gradName(trace.nodes[id]))}${sum} = ${g(`grad-${id}`)}`;
  });
  if (complete.length) parts.push(`<p class="complete">Complete: ${complete.join("; ")}.</p>`);
  const partial = partialNodes(trace, view);
  if (partial.length) {
    parts.push(`<p class="partial">${partial.map((id) => `${esc(nodeName(trace.nodes[id]))} has ${progress(view, id)
    }; its gradient is their sum, shown once all have arrived.`).join(" ")}</p>`);
  }
  return parts.join("");
}

/** The explanation under the graph for step k (markup). No trace yet: what to wait for. */
export function explainMarkup(trace, k) {
  if (!trace) return `<p class="phase">Step through once Python has started.</p>`;
  const view = visibleAt(trace, k);
  const numbers = traceNumbers(trace);
  const node = view.node === null ? null : trace.nodes[view.node];
  if (view.phase === "inputs") {
    const inputs = trace.nodes.filter((nd) => nd.kind === "input");
    const consts = trace.nodes.filter((nd) => nd.kind === "const");
    return `<p class="phase"><strong>The inputs.</strong> ${inputs
      .map((nd) => `${esc(nd.label)} = ${slot(`value-${nd.id}`, numbers, { cls: "v" })}`).join(", ")}${consts.length
      ? `; constants ${consts.map((nd) => esc(nd.text)).join(", ")}` : ""}. Nothing is computed yet: <em>Next</em> runs
      the forward pass, one operation per step.</p>`;
  }
  if (view.phase === "forward") {
    return `<p class="phase"><strong>Forward through ${esc(opSymbol(node.op))}:</strong>
      ${forwardMarkup(trace, node, numbers)}.</p>`;
  }
  if (view.phase === "seed") {
    return `<p class="phase"><strong>Seed.</strong> The forward pass is done. The backward pass starts at the
      output with dL/d${esc(gradName(node))} = ${slot(`grad-${node.id}`, numbers, { cls: "g" })}: a change in L moves L one for one.</p>`;
  }
  return backwardMarkup(trace, view, numbers);
}

/** Every node after step k, at full precision, as a table (for screen readers, and for anyone who wants the
 * digits). No trace yet: nothing. */
export function tableMarkup(trace, k) {
  if (!trace) return "";
  const view = visibleAt(trace, k);
  const rows = trace.nodes.map((nd) => {
    const kind = nd.kind === "op" ? `${opSymbol(nd.op)} (${nd.text})` : nd.kind === "input" ? "input" : "constant";
    const value = view.values.has(nd.id) ? full(nd.value) : "not yet";
    const grad = nd.grad === null ? "none (constant)" : view.grads.has(nd.id) ? full(nd.grad) : "not yet";
    return `<tr><th scope="row">${esc(nd.kind === "const" ? nd.text : nd.label)}</th><td>${esc(kind)}</td>` +
      `<td>${esc(value)}</td><td>${esc(grad)}</td></tr>`;
  });
  return `<table><caption class="visually-hidden">Every node after step ${view.k} of ${view.n}</caption>` +
    `<thead><tr><th scope="col">node</th><th scope="col">what it is</th><th scope="col">value</th>` +
    `<th scope="col">gradient dL/d(node)</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
