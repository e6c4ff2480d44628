"""Twenty widgets of every kind on one page share one worker and one interpreter. A thousand interactions later -
graph steps, neuron steps, XOR steps and slider moves, each made through the widget's own controls - the
interpreter's memory is flat (nothing is leaked per call) and the page still answers at once, with the right numbers.

The right numbers are worked out here with Python's math module (the chain rule and the playground's gradients by
hand, the neuron's SGD as a plain loop), never by asking the engine."""

from __future__ import annotations

import math
import random

from .by_hand import chain_dldx, neuron_after, sigmoid
from .conftest import LIVE_TIMEOUT_MS, display

WARM_UP = 200
MEASURED = 1000
OBJECT_SLACK = 100  # a thousand calls that each kept one object alive would add a thousand
ANSWER_MS = 1000  # an engine round trip on an idle page takes a few milliseconds; a backlog or a hung worker, seconds

# ---- the page: the lesson's widgets, plus more to make twenty --------------------------------------------------------

CHAIN_X = [0.4, -1.5, -0.25, 0.9, 1.75, 0.05]  # the lesson's first

GRAPHS = [  # (attributes, every gradient at the last step, by hand)
    ({"expr": "(a*b + c)*d", "a": "2", "b": "3", "c": "-1", "d": "4"},
     {"a": 3 * 4, "b": 2 * 4, "c": 4, "d": 2 * 3 - 1}),
    ({"expr": "(a*b + a)*d", "a": "2", "b": "3", "d": "4"},
     {"a": (3 + 1) * 4, "b": 2 * 4, "d": 2 * 3 + 2}),
    ({"expr": "(a*b + c)*d", "a": "1.5", "b": "-2", "c": "0.5", "d": "3"},
     {"a": -2 * 3, "b": 1.5 * 3, "c": 3, "d": 1.5 * -2 + 0.5}),
    ({"expr": "sin(a)*b + c", "a": "0.7", "b": "2", "c": "1"},
     {"a": math.cos(0.7) * 2, "b": math.sin(0.7), "c": 1}),
]


PLAYGROUNDS = {  # expression -> (L, dL/dx, dL/dy), by hand
    "sin(x*y) + x**2": (lambda x, y: math.sin(x * y) + x * x,
                        lambda x, y: y * math.cos(x * y) + 2 * x,
                        lambda x, y: x * math.cos(x * y)),
    "x*y + exp(x)": (lambda x, y: x * y + math.exp(x),
                     lambda x, y: y + math.exp(x),
                     lambda x, y: x),
    "tanh(x)*y": (lambda x, y: math.tanh(x) * y,
                  lambda x, y: (1 - math.tanh(x) ** 2) * y,
                  lambda x, y: math.tanh(x)),
    "sigmoid(x*y) - y**2": (lambda x, y: sigmoid(x * y) - y * y,
                            lambda x, y: sigmoid(x * y) * (1 - sigmoid(x * y)) * y,
                            lambda x, y: sigmoid(x * y) * (1 - sigmoid(x * y)) * x - 2 * y),
}
PLAYGROUND_START = [(0.5, 1.5), (-1.0, 2.0), (0.3, -0.7), (1.2, 0.4)]  # the lesson's first

NEURONS = [  # the lesson's first
    {"x": [0.8, -0.4, 1.2], "w": [0.2, -0.1, 0.3], "b": 0.1, "y": 1.0, "lr": 0.5},
    {"x": [0.8, -0.4, 1.2], "w": [0.1, 0.1, 0.1], "b": 0.0, "y": 0.8, "lr": 0.3},
    {"x": [1.0, 2.0], "w": [-0.5, 0.25], "b": 0.2, "y": 0.0, "lr": 1.0},
    {"x": [0.5, -1.0, 0.25, 2.0], "w": [0.3, 0.2, -0.1, 0.05], "b": -0.2, "y": 1.0, "lr": 0.8},
]
XOR_LABS = ['seed="0" lr="2"', 'model="single" seed="3" lr="1.5"']  # the lesson's first

ADD = """({chains, graphs, playgrounds, neurons, xors}) => {
  const main = document.querySelector('main');
  const add = (tag, attrs) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    main.append(el);
  };
  for (const x of chains) add('bp-chain-rule', {x: String(x)});
  for (const attrs of graphs) add('bp-graph-stepper', attrs);
  // without the permalink attribute a playground leaves the page's URL hash alone: one permalink per page at most
  for (const attrs of playgrounds) add('bp-playground', attrs);
  for (const attrs of neurons) add('bp-neuron-trainer', attrs);
  for (const html of xors) {
    const host = document.createElement('div');
    host.innerHTML = `<bp-xor-lab ${html}></bp-xor-lab>`;
    main.append(host.firstElementChild);
  }
}"""

WIDGETS = """() => ({
  chain: [...document.querySelectorAll('bp-chain-rule')], graph: [...document.querySelectorAll('bp-graph-stepper')],
  pg: [...document.querySelectorAll('bp-playground')], neuron: [...document.querySelectorAll('bp-neuron-trainer')],
  xor: [...document.querySelectorAll('bp-xor-lab')] })"""

# Each interaction goes through the widget's own control: a range input's value and its input event (what a drag
# does), or a click on a button. The loop yields to the event loop after each, as a person's input would.
DRIVE = f"""async (ops) => {{
  const W = ({WIDGETS})();
  for (const [kind, i, what, value] of ops) {{
    const root = W[kind][i].shadowRoot;
    if (kind === 'chain' || kind === 'pg') {{
      const range = root.querySelector(kind === 'chain' ? '#x-range' : `[data-range="${{what}}"]`);
      range.value = String(value);
      range.dispatchEvent(new Event('input', {{bubbles: true}}));
    }} else if (kind === 'graph') {{
      root.querySelector(`button[data-act="${{what}}"]`).click();
    }} else {{
      root.querySelector('#step').click();
    }}
    await new Promise(r => setTimeout(r, 0));
  }}
}}"""

# Every widget shows what the interactions so far asked for: the slider's x, the playground's values, step k, the
# number of neuron and XOR updates (none lost, none doubled), and nothing is still in flight.
SETTLED = f"""(want) => {{
  const W = ({WIDGETS})();
  return W.chain.every((w, i) => w.state && w.state.x === want.chain[i] && !w.queue.busy)
    && W.pg.every((w, i) => w.state && !w.queue.busy && w.state.checks.every(c => c.value === want.pg[i][c.name]))
    && W.graph.every((w, i) => w.state && w.k === want.graph[i])
    && W.neuron.every((w, i) => w.state && w.state.steps === want.neuron[i] && !w.queue.busy)
    && W.xor.every((w, i) => w.current && w.current.panels && w.steps === want.xor[i]);
}}"""

STATS = "async () => (await import('./js/runtime.js')).engine().stats()"

# One interaction, timed from the event to the moment the widget shows `text` in the slot `slot` (or gives up).
TIMED = f"""async ({{kind, i, what, value, slot, text}}) => {{
  const root = ({WIDGETS})()[kind][i].shadowRoot;
  const shows = () => {{ const el = root.querySelector(slot); return el && el.textContent.trim() === text; }};
  if (shows()) return -1; // already showing it: this would time nothing
  const t0 = performance.now();
  if (kind === 'chain' || kind === 'pg') {{
    const range = root.querySelector(kind === 'chain' ? '#x-range' : `[data-range="${{what}}"]`);
    range.value = String(value);
    range.dispatchEvent(new Event('input', {{bubbles: true}}));
  }} else {{
    root.querySelector(kind === 'graph' ? `button[data-act="${{what}}"]` : '#step').click();
  }}
  while (!shows() && performance.now() - t0 < 10000) await new Promise(r => setTimeout(r, 2));
  return performance.now() - t0;
}}"""


# ---- what the page should show ------------------------------------------------------------------------------------

class Plan:
    """What the page should show: updated with every interaction sent to it."""

    def __init__(self, steps: list[int]) -> None:
        self.chain = list(CHAIN_X)
        self.pg = [{"x": x, "y": y} for x, y in PLAYGROUND_START]
        self.graph = [0] * len(GRAPHS)
        self.n_steps = steps
        self.neuron = [0] * len(NEURONS)
        self.xor = [0] * len(XOR_LABS)
        self.random = random.Random(7)

    def interactions(self, count: int) -> list[list]:
        ops = []
        for _ in range(count):
            roll = self.random.random()
            if roll < 0.30:
                i = self.random.randrange(len(self.chain))
                x = self.random.randint(-200, 200) / 100
                self.chain[i] = x
                ops.append(["chain", i, "", x])
            elif roll < 0.55:
                i = self.random.randrange(len(self.pg))
                name = self.random.choice("xy")
                v = self.random.randint(-300, 300) / 100
                self.pg[i][name] = v
                ops.append(["pg", i, name, v])
            elif roll < 0.80:
                i = self.random.randrange(len(self.graph))
                act = "next" if self.random.random() < 0.6 else "prev"
                self.graph[i] = min(self.n_steps[i], max(0, self.graph[i] + (1 if act == "next" else -1)))
                ops.append(["graph", i, act, 0])
            elif roll < 0.97:
                i = self.random.randrange(len(self.neuron))
                self.neuron[i] += 1
                ops.append(["neuron", i, "", 0])
            else:
                i = self.random.randrange(len(self.xor))
                self.xor[i] += 1
                ops.append(["xor", i, "", 0])
        return ops

    def want(self) -> dict:
        return {"chain": self.chain, "pg": self.pg, "graph": self.graph, "neuron": self.neuron, "xor": self.xor}


# ---- the test ------------------------------------------------------------------------------------------------------

def test_twenty_widgets_of_every_kind_one_worker_flat_memory(watched, site):
    page = watched.page
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site.url())
    playgrounds = [{"expr": expr, "x": str(x), "y": str(y)}
                   for expr, (x, y) in list(zip(PLAYGROUNDS, PLAYGROUND_START))[1:]]
    neurons = [{k: ", ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in n.items()} for n in NEURONS[1:]]
    # the lesson's graphs are the first of GRAPHS (section 2's, then the fan-out of section 7); ours follow them
    lesson_graphs = page.evaluate("() => [...document.querySelectorAll('bp-graph-stepper')].map(w => w.getAttribute('expr'))")
    assert lesson_graphs == [a["expr"] for a, _ in GRAPHS[:len(lesson_graphs)]]
    # the lesson's second playground (a chain of sigmoids in x alone) has no y for the model to drive: it leaves
    page.evaluate("() => [...document.querySelectorAll('bp-playground')].slice(1).forEach(w => w.remove())")
    page.evaluate(ADD, {"chains": CHAIN_X[1:], "graphs": [a for a, _ in GRAPHS[len(lesson_graphs):]],
                        "playgrounds": playgrounds,
                        "neurons": neurons, "xors": XOR_LABS[1:]})
    counts = page.evaluate(f"() => Object.values(({WIDGETS})()).map(list => list.length)")
    assert counts == [len(CHAIN_X), len(GRAPHS), len(PLAYGROUNDS), len(NEURONS), len(XOR_LABS)]
    assert sum(counts) == 20
    watched.wait_live("bp-chain-rule, bp-graph-stepper, bp-playground, bp-neuron-trainer, bp-xor-lab")
    # the lesson's widgets come in the page's order; ours were appended after them, in the lists' order
    exprs = page.evaluate("() => [...document.querySelectorAll('bp-playground')].map(w => w.getAttribute('expr'))")
    assert exprs == list(PLAYGROUNDS)
    steps = page.evaluate(
        f"async () => {{ const W = ({WIDGETS})(); "
        "while (!W.graph.every(w => w.state)) await new Promise(r => setTimeout(r, 20)); "
        "return W.graph.map(w => w.state.steps.length - 1); }")
    plan = Plan(steps)
    page.wait_for_function(SETTLED, arg=plan.want(), timeout=LIVE_TIMEOUT_MS)

    # warm-up: the interpreter's heap reaches the size this mix of calls needs
    page.evaluate(DRIVE, plan.interactions(WARM_UP))
    page.wait_for_function(SETTLED, arg=plan.want(), timeout=LIVE_TIMEOUT_MS)
    before = page.evaluate(STATS)
    ops = plan.interactions(MEASURED)
    kinds = {kind: sum(op[0] == kind for op in ops) for kind in ("chain", "pg", "graph", "neuron", "xor")}
    assert min(kinds.values()) >= 10, kinds  # a real mix
    page.evaluate(DRIVE, ops)
    page.wait_for_function(SETTLED, arg=plan.want(), timeout=LIVE_TIMEOUT_MS)
    after = page.evaluate(STATS)

    # one worker, one interpreter: Python's runtime was fetched once, however many widgets asked for it
    assert len(workers) == 1, workers
    assert sum(url.endswith("pyodide.asm.wasm") for url in watched.requests) == 1
    # flat: the WebAssembly heap did not grow at all, and Python holds no pile of objects per call
    assert after["wasmBytes"] == before["wasmBytes"], (before, after)
    assert after["objects"] - before["objects"] < OBJECT_SLACK, (before, after)

    # every widget shows the right numbers for where the interactions left it
    W = "bp-chain-rule"
    for i, x in enumerate(plan.chain):
        assert page.locator(W).nth(i).locator('[data-f="result"]').inner_text() == display(chain_dldx(x)), i
    for i, (expr, (f, dfdx, dfdy)) in enumerate(PLAYGROUNDS.items()):
        widget = page.locator("bp-playground").nth(i)
        x, y = plan.pg[i]["x"], plan.pg[i]["y"]
        assert widget.locator('[data-f="output"]').inner_text() == display(f(x, y)), expr
        assert widget.locator('[data-f="grad-x"]').inner_text() == display(dfdx(x, y)), expr
        assert widget.locator('[data-f="grad-y"]').inner_text() == display(dfdy(x, y)), expr
    for i, params in enumerate(NEURONS):
        widget = page.locator("bp-neuron-trainer").nth(i)
        w, loss = neuron_after(plan.neuron[i], **params)
        assert widget.locator("[data-steps]").inner_text() == str(plan.neuron[i])
        assert widget.locator('[part~="forward"] [data-f="loss"]').inner_text() == display(loss), i
        for j, wj in enumerate(w):
            assert widget.locator(f'[part~="forward"] [data-f="w{j}"]').inner_text() == display(wj), (i, j)
    for i, k in enumerate(plan.graph):
        widget = page.locator("bp-graph-stepper").nth(i)
        assert widget.locator('[data-f="stepText"]').inner_text() == f"Step {k} / {steps[i]}"
    for i, _ in enumerate(XOR_LABS):
        for name in page.evaluate("i => Object.keys(document.querySelectorAll('bp-xor-lab')[i].state.panels)", i):
            assert page.locator("bp-xor-lab").nth(i).locator(f'[data-f="{name}-step"]').inner_text() == str(plan.xor[i])

    # and the page still answers at once: a slider, a playground slider, a neuron step, a graph step
    timings = {}
    x = 1.37
    timings["chain"] = page.evaluate(TIMED, {"kind": "chain", "i": 5, "what": "", "value": x,
                                             "slot": '[data-f="result"]', "text": display(chain_dldx(x))})
    px, py = plan.pg[2]["x"], -2.25
    timings["playground"] = page.evaluate(TIMED, {
        "kind": "pg", "i": 2, "what": "y", "value": py, "slot": '[data-f="grad-x"]',
        "text": display(PLAYGROUNDS["tanh(x)*y"][1](px, py))})
    timings["neuron"] = page.evaluate(TIMED, {"kind": "neuron", "i": 3, "what": "", "value": 0,
                                              "slot": "[data-steps]", "text": str(plan.neuron[3] + 1)})
    act, graph_k = ("next", plan.graph[1] + 1) if plan.graph[1] < steps[1] else ("prev", plan.graph[1] - 1)
    timings["graph"] = page.evaluate(TIMED, {"kind": "graph", "i": 1, "what": act, "value": 0,
                                             "slot": '[data-f="stepText"]', "text": f"Step {graph_k} / {steps[1]}"})
    assert all(0 <= t < ANSWER_MS for t in timings.values()), timings
    w, loss = neuron_after(plan.neuron[3] + 1, **NEURONS[3])
    assert page.locator("bp-neuron-trainer").nth(3).locator('[part~="forward"] [data-f="loss"]').inner_text() == display(loss)
    # the graphs, stepped to the end from the keyboard, show every gradient worked out by hand
    for i, (_, grads) in enumerate(GRAPHS):
        widget = page.locator("bp-graph-stepper").nth(i)
        widget.locator('button[data-act="next"]').press("End")
        rows = widget.evaluate("""w => Object.fromEntries([...w.shadowRoot.querySelectorAll('[data-table] tbody tr')]
            .map(tr => [tr.querySelector('th').textContent, tr.querySelectorAll('td')[2].textContent]))""")
        for name, grad in grads.items():
            assert math.isclose(float(rows[name]), grad, rel_tol=1e-12), (i, name, rows[name], grad)
    assert watched.errors == [] and watched.console_errors == []
