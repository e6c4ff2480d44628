// Small traces written by hand, in the engine's format (py/backprop/trace.py), for the graph modules' tests. Every
// value and gradient is worked out here by hand, not asked of the engine.

const node = (id, label, kind, value, grad, op = "", text = label) => ({ id, label, op, kind, value, grad, text, finite: true });
const edge = (id, source, target, slot, local, formula, upstream, contribution) =>
  ({ id, source, target, slot, local, local_formula: formula, upstream, contribution });

/** The lesson's graph (section 2 of the lesson page): L = (a*b + c)*d at a=2, b=3, c=-1, d=4.
 * a*b = 6, a*b + c = 5, L = 20; dL/dd = 5, dL/d(a*b + c) = 4, dL/dc = 4, dL/d(a*b) = 4, dL/da = 4b = 12,
 * dL/db = 4a = 8. */
export function lesson() {
  return {
    expression: "(a*b + c)*d",
    nodes: [
      node(0, "a", "input", 2, 12), node(1, "b", "input", 3, 8), node(2, "c", "input", -1, 4), node(3, "d", "input", 4, 5),
      node(4, "a*b", "op", 6, 4, "*"), node(5, "a*b + c", "op", 5, 4, "+"), node(6, "L", "op", 20, 1, "*", "(a*b + c)*d"),
    ],
    edges: [
      edge(0, 0, 4, 0, 3, "b", 4, 12), edge(1, 1, 4, 1, 2, "a", 4, 8),
      edge(2, 4, 5, 0, 1, "1", 4, 4), edge(3, 2, 5, 1, 1, "1", 4, 4),
      edge(4, 5, 6, 0, 4, "d", 1, 4), edge(5, 3, 6, 1, 5, "(a*b + c)", 1, 5),
    ],
    output: 6,
    forward_order: [4, 5, 6],
    backward_order: [6, 5, 4],
    steps: [
      { phase: "inputs" }, { phase: "forward", node: 4 }, { phase: "forward", node: 5 }, { phase: "forward", node: 6 },
      { phase: "seed", node: 6 }, { phase: "backward", node: 6, edges: [4, 5] },
      { phase: "backward", node: 5, edges: [2, 3] }, { phase: "backward", node: 4, edges: [0, 1] },
    ],
    n_steps: 7,
    nonfinite: false,
  };
}

/** A fan-out: L = (a*b + a)*d at a=2, b=3, d=4. a*b = 6, a*b + a = 8, L = 32; dL/dd = 8, dL/d(a*b + a) = 4,
 * dL/d(a*b) = 4, dL/db = 4a = 8, and a's two contributions 4b = 12 (through a*b) and 4 (directly): dL/da = 16. */
export function fanOut() {
  return {
    expression: "(a*b + a)*d",
    nodes: [
      node(0, "a", "input", 2, 16), node(1, "b", "input", 3, 8), node(2, "d", "input", 4, 8),
      node(3, "a*b", "op", 6, 4, "*"), node(4, "a*b + a", "op", 8, 4, "+"), node(5, "L", "op", 32, 1, "*", "(a*b + a)*d"),
    ],
    edges: [
      edge(0, 0, 3, 0, 3, "b", 4, 12), edge(1, 1, 3, 1, 2, "a", 4, 8),
      edge(2, 3, 4, 0, 1, "1", 4, 4), edge(3, 0, 4, 1, 1, "1", 4, 4),
      edge(4, 4, 5, 0, 4, "d", 1, 4), edge(5, 2, 5, 1, 8, "(a*b + a)", 1, 8),
    ],
    output: 5,
    forward_order: [3, 4, 5],
    backward_order: [5, 4, 3],
    steps: [
      { phase: "inputs" }, { phase: "forward", node: 3 }, { phase: "forward", node: 4 }, { phase: "forward", node: 5 },
      { phase: "seed", node: 5 }, { phase: "backward", node: 5, edges: [4, 5] },
      { phase: "backward", node: 4, edges: [2, 3] }, { phase: "backward", node: 3, edges: [0, 1] },
    ],
    n_steps: 7,
    nonfinite: false,
  };
}

/** A constant: L = x*2 at x=3. L = 6, dL/dx = 2; the constant 2 gets no gradient, so its edge has no contribution. */
export function withConstant() {
  return {
    expression: "x*2",
    nodes: [node(0, "x", "input", 3, 2), node(1, "2", "const", 2, null), node(2, "L", "op", 6, 1, "*", "x*2")],
    edges: [edge(0, 0, 2, 0, 2, "2", 1, 2), edge(1, 1, 2, 1, 3, "x", 1, null)],
    output: 2,
    forward_order: [2],
    backward_order: [2],
    steps: [{ phase: "inputs" }, { phase: "forward", node: 2 }, { phase: "seed", node: 2 }, { phase: "backward", node: 2, edges: [0, 1] }],
    n_steps: 3,
    nonfinite: false,
  };
}
