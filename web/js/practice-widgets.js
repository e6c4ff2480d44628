// Practice mode, per widget: the attribute rows every practising widget shares, and for each widget what practice.js
// needs to know about it - which engine questions it asks (py/backprop/practice.py), where the panel goes, what
// identifies a run (the configuration its questions are about) and which number slots stay hidden until a question
// is answered. Pure: no DOM, so the views (run by the build under Node too) can read the attribute rows.

/** The attribute rows of practice mode, added to each practising widget's ATTRIBUTES table. */
export const PRACTICE_ATTRIBUTES = [
  { name: "practice", type: "boolean",
    doc: "Practice mode: the widget asks for the numbers (gradients, local derivatives, the update) before it shows " +
      "them, grades the answer in the engine, and fires bp-answer and bp-complete with xAPI-shaped statements." },
  { name: "remember", type: "boolean",
    doc: "With practice: keep the learner's progress in this page's localStorage (per page, widget and build), with " +
      "a Start over button that clears it. Without it nothing is stored." },
];

const range = (n) => Array.from({ length: n }, (_, i) => i);

// the chain rule: each question reveals its local derivative (value, formula, its factor in the product) and the
// gradient it completes; dL/dx reveals the result
const CHAIN_SLOTS = {
  "dL/dv": ["local2", "formula2", "factor0", "grad2"],
  "dv/du": ["local1", "formula1", "factor1", "grad1"],
  "du/dx": ["local0", "formula0", "factor2"],
  "dL/dx": ["result", "grad0"],
};

export const PRACTICE_WIDGETS = {
  "bp-chain-rule": {
    widget: "chain-rule",
    after: ".product",
    key: (state) => ({ x: state.x }),
    hidden: (state, done) => Object.entries(CHAIN_SLOTS).filter(([id]) => !done.has(id)).flatMap(([, keys]) => keys),
  },
  "bp-graph-stepper": {
    widget: "graph",
    after: "#gs-keys",
    gated: true, // nothing is hidden: the stepper stops before the step that would show a gradient not yet answered
    focusAfter: '[data-act="next"]',
    key: (state) => ({ expr: state.expression, ...state.variables }),
    hidden: () => [],
  },
  "bp-neuron-trainer": {
    widget: "neuron",
    after: ".actions",
    key: (s) => ({ x: s.x.join(","), w: s.w.join(","), b: s.b, y: s.y, lr: s.lr, steps: s.steps ?? 0,
      "zero-grads": s.zero_grads ?? true, "requires-grad": (s.requires_grad || []).join(",") }),
    // delta shows in dL/db and b's .grad too; one weight's gradient shows in every dL/dw_i = delta * x_i; its update
    // beside every other one
    hidden: (s, done) => {
      const n = s.w.length;
      const ids = [...done];
      return [
        ...(done.has("delta") ? [] : ["dL_dz", "dL_db", "grad_b"]),
        ...(ids.some((id) => id.startsWith("dL/dw")) ? [] : range(n).flatMap((i) => [`dL_dw${i}`, `grad_w${i}`])),
        ...(ids.some((id) => id.endsWith("_new")) ? [] : [...range(n).map((i) => `w_new${i}`), "b_new"]),
      ];
    },
  },
};
