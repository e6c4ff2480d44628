// The one list of widgets. Everything that needs to know which widgets exist reads it: widgets.js (the build writes
// one import per row into it), embed.html (which names ?widget= takes), the authors' page (what each preview starts
// with, and each widget's attribute table), and the build (which engine function prerenders each element's first
// frame; tests/test_registry.py checks those names against the engine).
//
// A row: tag, the engine function (py/backprop/widgets.py) that computes the element's state from its attributes, a
// one-line title, and the attributes its preview on the authors' page starts with (the lesson's own examples).
// By convention <bp-NAME> is defined in bp-NAME.js and drawn by NAME-view.js, which names its own stylesheets.
// Adding a widget: its element file, its view, its CSS, and one row here.

export const WIDGETS = [
  {
    tag: "bp-chain-rule",
    fn: "chain_rule",
    title: "The chain rule on one composition, with a slider",
    preview: { x: "0.4" },
  },
  {
    tag: "bp-graph-stepper",
    fn: "graph",
    title: "A computation graph, stepped forward and backward",
    preview: { expr: "(a*b + c)*d", a: "2", b: "3", c: "-1", d: "4" },
  },
  {
    tag: "bp-neuron-trainer",
    fn: "neuron",
    title: "One sigmoid neuron, trained one step at a time",
    preview: { x: "0.8, -0.4, 1.2", w: "0.2, -0.1, 0.3", b: "0.1", y: "1", lr: "0.5" },
  },
  {
    tag: "bp-xor-lab",
    fn: "xor_lab_start",
    title: "XOR: one neuron against a 2-2-1 network",
    preview: { model: "mlp", seed: "0", lr: "2" },
  },
  {
    tag: "bp-playground",
    fn: "playground",
    title: "Any expression: its graph and gradients",
    preview: { expr: "sin(x*y) + x**2", x: "0.5", y: "1.5" },
  },
  {
    tag: "bp-grad-cost",
    fn: "gradient_cost",
    title: "Every gradient three ways: nudging, forward mode, reverse mode, counted",
    preview: { n: "8" },
  },
];

/** `bp-chain-rule` -> `chain-rule`: the name embed.html's ?widget= takes. */
export const shortName = (tag) => tag.replace(/^bp-/, "");

/** The module that defines the element, relative to this file. */
export const elementModule = (tag) => `./${tag}.js`;

/** The element's pure view module (no DOM), relative to this file: used in the page and at build time. */
export const viewModule = (tag) => `./${shortName(tag)}-view.js`;

/** The registry row of a tag, or undefined. */
export const widgetOf = (tag) => WIDGETS.find((row) => row.tag === tag);
