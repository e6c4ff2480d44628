// What step k of a trace shows: the Stepper's rules (py/backprop/trace.py, Stepper.state), computed from the trace's
// `steps` alone, so stepping never asks the engine. tests/test_stepper_rules.py checks these against the Python
// Stepper on the same traces, step by step. Pure: no DOM.
//
//   step 0 ("inputs")  the values of the inputs and constants, nothing else
//   "forward"          that operation's value; its incoming edges are active (values flow in)
//   "seed"             the output's gradient, dL/dL = 1
//   "backward"         that node's incoming edges are active and done: their contributions are shown; a node's
//                      gradient appears once every contribution it sums has arrived (a fan-out is never half-summed)

/** The last step's number, N (steps run 0..N). */
export function stepCount(trace) {
  return trace.steps.length - 1;
}

/** k as a step of this trace: a whole number in 0..N (a step too large to be finite is the last one; NaN is 0). */
export function clampStep(trace, k) {
  const x = Number.isNaN(Number(k)) ? 0 : Math.trunc(Number(k));
  return Math.max(0, Math.min(stepCount(trace), x));
}

function edgeMaps(trace) {
  const outgoing = new Map(); // node -> how many edges leave it
  const into = new Map(); // node -> ids of the edges into it
  const source = new Map(); // edge id -> its source node
  for (const e of trace.edges) {
    outgoing.set(e.source, (outgoing.get(e.source) || 0) + 1);
    if (!into.has(e.target)) into.set(e.target, []);
    into.get(e.target).push(e.id);
    source.set(e.id, e.source);
  }
  return { outgoing, into, source };
}

/** What is visible after step k: `values` and `grads` (node ids, in the order they appeared), `done` edges, the
 * `active` edges of step k; `arrived` (node -> the edges whose contribution reached it, in arrival order) and
 * `outgoing` (node -> its edge count) for "2 of 3 contributions"; and what step k itself revealed (newValues,
 * newGrads), which the drawing marks. */
export function visibleAt(trace, k) {
  const { outgoing, into, source } = edgeMaps(trace);
  const hasGrad = new Set(trace.nodes.filter((nd) => nd.grad !== null).map((nd) => nd.id));
  const values = new Set(trace.nodes.filter((nd) => nd.kind !== "op").map((nd) => nd.id));
  const grads = new Set();
  const done = new Set();
  const arrived = new Map();
  const newValues = new Set();
  const newGrads = [];
  let active = [];
  for (let i = 1; i <= k; i++) {
    const step = trace.steps[i];
    const last = i === k;
    active = [];
    if (step.phase === "forward") {
      values.add(step.node);
      if (last) newValues.add(step.node);
      active = [...(into.get(step.node) || [])];
    } else if (step.phase === "seed") {
      if (hasGrad.has(step.node)) {
        grads.add(step.node);
        if (last) newGrads.push(step.node);
      }
    } else if (step.phase === "backward") {
      active = [...step.edges];
      for (const e of active) {
        done.add(e);
        const src = source.get(e);
        if (!arrived.has(src)) arrived.set(src, []);
        arrived.get(src).push(e);
        if (arrived.get(src).length === outgoing.get(src) && hasGrad.has(src)) {
          grads.add(src);
          if (last) newGrads.push(src);
        }
      }
    }
  }
  const step = trace.steps[k];
  return {
    k, n: stepCount(trace), phase: step.phase, node: step.node ?? null, values, grads, done, arrived, outgoing,
    active, activeSet: new Set(active), newValues, newGrads,
  };
}

/** Nodes a backward step k reached but whose gradient still waits for other contributions (a fan-out part way). */
export function partialNodes(trace, view) {
  return [...new Set(view.active.map((e) => trace.edges[e].source))]
    .filter((id) => !view.grads.has(id) && trace.nodes[id].grad !== null);
}
