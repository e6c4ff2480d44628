"""<bp-graph-stepper> in real Chromium: stepping reproduces the gradients of section 2 of the lesson page ("Graphs, not
chains", web/index.html; expected values worked out here by hand with the chain rule, not taken from the engine), the
controls and keys, the fan-out sum, expression errors, the automatic layout (no two boxes overlap, text stays
readable), narrow screens, and the prerendered first frame.

The lesson page carries the widget in section 2; if it does not (yet), the tests put one there."""

from __future__ import annotations

import json
import subprocess

import pytest

from backprop import widgets
from backprop.widgets import graph
from buildtools import prerender
from buildtools.paths import PACKAGE

from .conftest import LIVE_TIMEOUT_MS, display

LESSON_ATTRS = {"expr": "(a*b + c)*d", "a": "2", "b": "3", "c": "-1", "d": "4"}
BIG_EXPR = "sigmoid(a*b + c*d + e) * tanh(a - b) + exp(c) * (d + e)**2"
BIG_ATTRS = {"expr": BIG_EXPR, "a": "2", "b": "3", "c": "-1", "d": "4"}
TAG = "bp-graph-stepper"
EL = f"#graphs {TAG}"  # the lesson has a second stepper (section 7); these tests drive the first


def lesson_by_hand() -> dict[str, tuple[float, float]]:
    """Section 2 of the lesson page, L = (a*b + c)*d at a=2, b=3, c=-1, d=4: every node's (value, gradient), by hand."""
    a, b, c, d = 2.0, 3.0, -1.0, 4.0
    ab = a * b
    s = ab + c
    loss = s * d
    dl = 1.0  # the seed
    ds = d * dl  # d(s*d)/ds = d
    dd = s * dl  # d(s*d)/dd = s
    dab = 1.0 * ds  # a sum passes its gradient through
    dc = 1.0 * ds
    da = b * dab  # d(a*b)/da = b
    db = a * dab
    return {"a": (a, da), "b": (b, db), "c": (c, dc), "d": (d, dd), "a*b": (ab, dab), "a*b + c": (s, ds), "L": (loss, dl)}


# ---- driving the page ------------------------------------------------------------------------------------------------

PUT = """([attrs]) => {
  let el = document.querySelector('#graphs bp-graph-stepper');
  if (!el) {
    el = document.createElement('bp-graph-stepper');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    (document.querySelector('#graphs h2') || document.body.firstElementChild).after(el);
  } else {
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  }
}"""

# the canvas the reader sees (the markup has a wide and a tall drawing; CSS shows one)
VISIBLE = """el => [...el.shadowRoot.querySelectorAll('.canvas')].find(c => c.getClientRects().length > 0)"""

SHOWN = f"""el => {{
  const canvas = ({VISIBLE})(el);
  const state = el.state;
  const out = {{}};
  for (const g of canvas.querySelectorAll('g.node')) {{
    const node = state.nodes[Number(g.dataset.node)];
    const text = (sel) => {{ const t = g.querySelector(sel); return t ? t.lastChild.textContent : null; }};
    out[node.label] = {{ value: text('.num.val'), grad: text('.num.grad'),
      sum: [...g.querySelectorAll('.sum')].map(t => t.lastChild.textContent).join(' ') }};
  }}
  return out;
}}"""


def open_stepper(watched, site, attrs=LESSON_ATTRS, viewport=None):
    page = watched.page
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(site.url())
    page.evaluate(PUT, [attrs])
    wait_for(page, attrs["expr"])
    return page


def wait_for(page, expr: str) -> None:
    page.wait_for_function(
        """expr => { const el = document.querySelector('#graphs bp-graph-stepper');
                     return el.getAttribute('engine') === 'live' && el.state && el.state.expression === expr; }""",
        arg=expr, timeout=LIVE_TIMEOUT_MS,
    )


def stepper(page):
    return page.locator(EL)


def press(page, act: str, times: int = 1) -> None:
    button = stepper(page).locator(f'button[data-act="{act}"]')
    for _ in range(times):
        button.click()


def shown(page) -> dict:
    return stepper(page).evaluate(SHOWN)


def step_text(page) -> str:
    return stepper(page).locator('[data-f="stepText"]').inner_text().strip()


def k_of(page) -> int:
    return page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').k")


def no_errors(watched) -> None:
    assert watched.errors == [], watched.errors
    assert watched.console_errors == [], watched.console_errors


# ---- stepping --------------------------------------------------------------------------------------------------------


def test_stepping_to_n_reproduces_the_lesson_gradients(watched, site):
    page = open_stepper(watched, site)
    expected = lesson_by_hand()
    # the gradients section 2 of the lesson page names: dL/dd, dL/dc, dL/da, dL/db (and the two inner nodes')
    assert {name: g for name, (_, g) in expected.items() if name != "L"} == {
        "a": 12.0, "b": 8.0, "c": 4.0, "d": 5.0, "a*b": 4.0, "a*b + c": 4.0}
    assert step_text(page) == "Step 0 / 7"
    press(page, "next", 7)
    assert step_text(page) == "Step 7 / 7"
    assert k_of(page) == 7
    numbers = shown(page)
    for name, (value, grad) in expected.items():
        assert numbers[name]["value"] == display(value), name
        assert numbers[name]["grad"] == display(grad), name
    state = page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').state")
    assert state["k"] == 7
    by_label = {node["label"]: node for node in state["nodes"]}
    for name, (value, grad) in expected.items():  # full precision in the state property
        assert by_label[name]["value"] == value and by_label[name]["grad"] == grad, name
    live = stepper(page).locator("[data-live]")
    page.wait_for_function(
        "() => document.querySelector('#graphs bp-graph-stepper').shadowRoot.querySelector('[data-live]').textContent !== ''")
    assert live.text_content() == f"Step 7 of 7: backward through ×, dL/da = {display(12)}, dL/db = {display(8)}"
    no_errors(watched)


def test_active_edge_shows_local_times_upstream(watched, site):
    page = open_stepper(watched, site)
    press(page, "next", 5)  # backward through the output: d's edge is active
    explain = stepper(page).locator("[data-explain]").inner_text()
    s, d = 2.0 * 3.0 - 1.0, 4.0
    assert f"d → L: local = a*b + c = {display(s)} × upstream {display(1)} = {display(s * 1.0)}" in " ".join(explain.split())
    assert f"a*b + c → L: local = d = {display(d)} × upstream {display(1)} = {display(d)}" in " ".join(explain.split())
    active = stepper(page).evaluate(
        f"el => [...({VISIBLE})(el).querySelectorAll('.elabel.active')].map(g => [...g.querySelectorAll('text')].map(t => t.textContent))")
    assert ["a*b + c", f"= {display(s)}", f"× {display(1)}", f"= {display(s)}"] in active
    # the wire of an active backward edge is drawn differently from a forward one, not only in another colour
    dash = stepper(page).evaluate(
        f"el => getComputedStyle(({VISIBLE})(el).querySelector('.edge.active .wire')).strokeDasharray")
    assert dash not in ("none", "")
    no_errors(watched)


def test_previous_goes_back(watched, site):
    page = open_stepper(watched, site)
    press(page, "next", 5)
    press(page, "prev")
    assert step_text(page) == "Step 4 / 7"
    numbers = shown(page)
    assert numbers["L"]["grad"] == display(1.0)  # the seed
    assert all(numbers[name]["grad"] == "…" for name in ("a", "b", "c", "d", "a*b", "a*b + c"))
    press(page, "prev")
    assert step_text(page) == "Step 3 / 7"
    numbers = shown(page)
    assert numbers["L"]["value"] == display(20.0)
    assert all(entry["grad"] == "…" for entry in numbers.values())
    no_errors(watched)


def test_reset_returns_to_step_zero_with_only_inputs(watched, site):
    page = open_stepper(watched, site)
    press(page, "next", 7)
    press(page, "reset")
    assert step_text(page) == "Step 0 / 7" and k_of(page) == 0
    numbers = shown(page)
    for name, value in (("a", 2.0), ("b", 3.0), ("c", -1.0), ("d", 4.0)):
        assert numbers[name]["value"] == display(value)
    for name in ("a*b", "a*b + c", "L"):
        assert numbers[name]["value"] == "…"
    assert all(entry["grad"] == "…" for entry in numbers.values())
    assert stepper(page).evaluate(f"el => ({VISIBLE})(el).querySelectorAll('.elabel').length") == 0
    assert stepper(page).locator('button[data-act="prev"]').get_attribute("aria-disabled") == "true"
    no_errors(watched)


def test_keyboard_only_stepping_keeps_focus(watched, site):
    page = open_stepper(watched, site)
    events = page.evaluate_handle(
        "() => { const seen = []; document.addEventListener('bp-step', e => seen.push(e.detail)); return seen; }")
    stepper(page).locator("select").focus()
    focused = "() => document.querySelector('#graphs bp-graph-stepper').shadowRoot.activeElement?.dataset.act ?? null"
    for _ in range(4):  # Tab from the example switch to the step buttons (past the drawing, if it scrolls)
        page.keyboard.press("Tab")
        if page.evaluate(focused):
            break
    assert page.evaluate(focused) == "prev"
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    assert k_of(page) == 7
    page.keyboard.press("ArrowRight")  # past the end: stays
    assert k_of(page) == 7
    page.keyboard.press("ArrowLeft")
    assert k_of(page) == 6
    page.keyboard.press("Home")
    assert k_of(page) == 0
    page.keyboard.press("End")
    assert k_of(page) == 7
    page.keyboard.press("Home")
    page.keyboard.press("Tab")  # to Next
    assert page.evaluate(focused) == "next"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert k_of(page) == 2
    assert page.evaluate(focused) == "next", "the pressed button keeps focus while the drawing re-renders"
    numbers = shown(page)
    assert numbers["a*b"]["value"] == display(6.0) and numbers["a*b + c"]["value"] == display(5.0)
    details = events.json_value()
    assert [e["k"] for e in details] == [1, 2, 3, 4, 5, 6, 7, 6, 0, 7, 0, 1, 2]
    assert details[-1]["n"] == 7 and details[-1]["phase"] == "forward" and details[-1]["state"]["k"] == 2
    no_errors(watched)


def test_initial_step_attribute_and_strict_csp(watched, strict_site):
    """Under the site's strictest policy (default-src 'self'): no style attribute, no <style>, nothing blocked."""
    page = watched.page
    response = page.goto(strict_site.url())
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper')?.remove()")
    page.evaluate(PUT, [{**LESSON_ATTRS, "step": "3"}])
    wait_for(page, LESSON_ATTRS["expr"])
    assert step_text(page) == "Step 3 / 7"
    numbers = shown(page)
    assert numbers["L"]["value"] == display(20.0) and numbers["L"]["grad"] == "…"
    press(page, "next", 2)
    assert stepper(page).evaluate("el => el.shadowRoot.querySelectorAll('[style]').length") == 0
    no_errors(watched)


def test_setting_k_or_step_from_code_fires_no_event(watched, site):
    page = open_stepper(watched, site)
    fired = page.evaluate_handle(
        "() => { const n = {count: 0}; document.addEventListener('bp-step', () => n.count++); return n; }")
    page.evaluate("() => { document.querySelector('#graphs bp-graph-stepper').k = 5; }")
    assert step_text(page) == "Step 5 / 7"
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').setAttribute('step', '2')")
    assert step_text(page) == "Step 2 / 7"
    page.wait_for_timeout(100)
    assert fired.evaluate("n => n.count") == 0
    press(page, "next")
    assert fired.evaluate("n => n.count") == 1
    no_errors(watched)


def test_pinned_attributes_open_at_the_step_shown(watched, site):
    """What the authors' page copies: the attributes with step = the step the learner is on. On a fresh page they
    open at that step, with the same numbers; the step attribute itself still says where the graph opened."""
    page = open_stepper(watched, site, {**LESSON_ATTRS, "step": "1"})
    press(page, "next", 4)
    assert step_text(page) == "Step 5 / 7"
    pinned = stepper(page).evaluate("el => el.pinnedAttributes()")
    assert pinned == {**LESSON_ATTRS, "step": "5"}
    assert stepper(page).get_attribute("step") == "1"
    seen = shown(page)
    fresh = page.context.new_page()
    fresh.goto(site.url())
    fresh.evaluate("() => document.querySelector('#graphs bp-graph-stepper')?.remove()")
    fresh.evaluate(PUT, [pinned])
    wait_for(fresh, LESSON_ATTRS["expr"])
    assert step_text(fresh) == "Step 5 / 7"
    assert shown(fresh) == seen
    by_hand = lesson_by_hand()
    assert seen["d"]["grad"] == display(by_hand["d"][1]) and seen["a"]["grad"] == "…"  # backward reached d, not a
    no_errors(watched)


def test_play_advances_and_pauses_also_with_reduced_motion(watched, site):
    page = watched.page
    page.emulate_media(reduced_motion="reduce")
    open_stepper(watched, site)
    play = stepper(page).locator('button[data-act="play"]')
    play.click()
    assert "Pause" in play.inner_text()
    page.wait_for_function("() => document.querySelector('#graphs bp-graph-stepper').k >= 2", timeout=5000)
    play.click()
    assert "Play" in play.inner_text()
    k = k_of(page)
    page.wait_for_timeout(1300)
    assert k_of(page) == k, "paused"
    page.evaluate("() => { document.querySelector('#graphs bp-graph-stepper').k = 5; }")
    animation = stepper(page).evaluate(
        f"el => getComputedStyle(({VISIBLE})(el).querySelector('.edge.active .wire')).animationName")
    assert animation == "none", "no animated transitions under prefers-reduced-motion"
    no_errors(watched)


def test_fan_out_gradient_is_the_sum_of_two_contributions(watched, site):
    page = open_stepper(watched, site)
    stepper(page).locator("select").select_option(label="fan-out: (a*b + a)*d")
    wait_for(page, "(a*b + a)*d")
    assert stepper(page).get_attribute("expr") == "(a*b + a)*d"
    # by hand: s = a*b + a, L = s*d; dL/ds = d; a gets b*dL/ds through a*b and 1*dL/ds directly
    a, b, d = 2.0, 3.0, 4.0
    ds = d
    through_product, direct = b * ds, 1.0 * ds
    assert (through_product, direct, through_product + direct) == (12.0, 4.0, 16.0)
    assert step_text(page) == "Step 0 / 7"
    press(page, "next", 6)  # the direct contribution has arrived, the other not yet
    partial = shown(page)["a"]
    assert partial["grad"] == "…" and display(direct) in partial["sum"] and "…" in partial["sum"]
    press(page, "next")
    complete = shown(page)["a"]
    assert complete["grad"] == display(through_product + direct)
    assert display(through_product) in complete["sum"] and display(direct) in complete["sum"]
    explain = " ".join(stepper(page).locator("[data-explain]").inner_text().split())
    assert f"dL/da = {display(direct)} + {display(through_product)} = {display(16.0)}" in explain
    no_errors(watched)


def test_invalid_expression_shows_the_column_and_the_widget_keeps_working(watched, site):
    page = open_stepper(watched, site)
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').setAttribute('expr', 'a +* b')")
    message = stepper(page).locator("[data-message]")
    message.wait_for(state="visible")
    assert "column 4" in message.inner_text()
    assert "a +* b" in message.inner_text()
    press(page, "next")  # the last good graph still steps
    assert step_text(page) == "Step 1 / 7"
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').setAttribute('expr', '(a*b + c)*d + a')")
    wait_for(page, "(a*b + c)*d + a")
    assert message.is_hidden()
    stepper(page).locator('button[data-act="next"]').press("End")
    numbers = shown(page)
    assert numbers["a"]["grad"] == display(12.0 + 1.0)  # the extra "+ a" adds 1 * dL/dL to a's gradient
    no_errors(watched)


def test_missing_variable_gets_one_and_a_message(watched, site):
    page = open_stepper(watched, site)
    page.evaluate("() => { const el = document.querySelector('#graphs bp-graph-stepper'); el.removeAttribute('c'); }")
    page.wait_for_function("() => document.querySelector('#graphs bp-graph-stepper').state.missing.length === 1",
                           timeout=LIVE_TIMEOUT_MS)
    message = stepper(page).locator("[data-message]")
    assert "No value given for c: using 1" in message.inner_text()
    assert shown(page)["c"]["value"] == display(1.0)
    no_errors(watched)


# ---- layout ----------------------------------------------------------------------------------------------------------

GEOMETRY = f"""el => {{
  const canvas = ({VISIBLE})(el);
  const svg = canvas.querySelector('svg.graph');
  const box = r => {{ const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }};
  const nodes = [...canvas.querySelectorAll('g.node')].map(g => ({{
    box: box(g.querySelector('rect')), texts: [...g.querySelectorAll('text')].map(box) }}));
  const labels = [...canvas.querySelectorAll('g.elabel')].map(g => ({{
    box: box(g.querySelector('rect')), texts: [...g.querySelectorAll('text')].map(box) }}));
  const fonts = [...svg.querySelectorAll('text')].map(t => {{
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(t).fontSize) * scale; }});
  return {{ nodes, labels, minFont: Math.min(...fonts), orient: svg.dataset.orient }};
}}"""


def overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    pairs = []
    for i, (l1, t1, r1, b1) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            l2, t2, r2, b2 = boxes[j]
            if l1 < r2 - 0.5 and l2 < r1 - 0.5 and t1 < b2 - 0.5 and t2 < b1 - 0.5:
                pairs.append((i, j))
    return pairs


def inside(inner: list[float], outer: list[float], slack: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


@pytest.mark.parametrize("width", [1280, 360])
def test_no_overlap_for_a_twenty_node_expression(watched, site, width):
    page = open_stepper(watched, site, BIG_ATTRS, viewport={"width": width, "height": 900})
    assert len(graph(BIG_EXPR, {"a": 2, "b": 3, "c": -1, "d": 4})["nodes"]) >= 20
    page.evaluate("() => { const el = document.querySelector('#graphs bp-graph-stepper'); el.k = el.state.n_steps; }")
    geometry = stepper(page).evaluate(GEOMETRY)
    assert geometry["orient"] == ("wide" if width > 1000 else "tall")
    assert len(geometry["nodes"]) >= 20
    assert len(geometry["labels"]) >= 15  # at the last step every edge with a gradient shows its label
    boxes = [n["box"] for n in geometry["nodes"]] + [lab["box"] for lab in geometry["labels"]]
    assert overlapping(boxes) == []
    for item in geometry["nodes"] + geometry["labels"]:  # every text fits inside its own box
        assert all(inside(text, item["box"]) for text in item["texts"]), item
    assert geometry["minFont"] >= 10.9, "text stays readable: the drawing scrolls rather than shrink further"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    no_errors(watched)


def test_narrow_screen_reflows_without_page_scroll(watched, site):
    page = open_stepper(watched, site, viewport={"width": 360, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    box = stepper(page).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    geometry = stepper(page).evaluate(GEOMETRY)
    assert geometry["orient"] == "tall" and geometry["minFont"] >= 10.9
    # the lesson's graph fits a phone: top to bottom, no sideways scrolling even inside the widget
    assert stepper(page).evaluate(
        "el => { const s = el.shadowRoot.querySelector('[data-graph]'); return s.scrollWidth <= s.clientWidth + 1; }")
    for act in ("prev", "next", "play", "reset"):
        size = stepper(page).locator(f'button[data-act="{act}"]').bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44, act
    press(page, "next", 7)
    assert shown(page)["a"]["grad"] == display(12.0)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    no_errors(watched)


def random_expression(rng) -> str:
    """An expression of the language: variables, numbers, pi, the four operations, powers, negation, functions."""
    functions = ["sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid", "relu"]

    def build(depth: int) -> str:
        r = rng.random()
        if depth == 0 or r < 0.22:
            return rng.choice(["a", "b", "c", "d", "x", "y", "a", "b", "2", "0.5", "3", "pi"])
        if r < 0.40:
            return f"{rng.choice(functions)}({build(depth - 1)})"
        if r < 0.45:
            return f"-({build(depth - 1)})"
        if r < 0.52:
            return f"({build(depth - 1)})**{rng.choice(['2', '3', 'b'])}"
        return f"({build(depth - 1)} {rng.choice(['+', '-', '*', '/'])} {build(depth - 1)})"

    return build(rng.randint(3, 6))


RANDOM_LAYOUT = """async ([traces, css]) => {
  const { graphMarkup } = await import('./js/graph-svg.js');
  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = css.map(href => `<link rel="stylesheet" href="${href}">`).join('') +
    '<div class="bp graph-stepper"><div class="scroller" data-graph></div></div>';
  await Promise.all([...root.querySelectorAll('link')].map(l => l.sheet ? null : new Promise(r => l.onload = r)));
  const scroller = root.querySelector('[data-graph]');
  const failures = [];
  const rect = el => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const within = (a, b) => a[0] >= b[0] - 1 && a[1] >= b[1] - 1 && a[2] <= b[2] + 1 && a[3] <= b[3] + 1;
  const hit = (a, b) => a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
  for (const trace of traces) {
    scroller.innerHTML = graphMarkup(trace, trace.steps.length - 1);
    for (const canvas of scroller.querySelectorAll('.canvas')) {
      canvas.style.display = 'block';  // both orientations, not only the one the container query picks
      const items = [...canvas.querySelectorAll('g.node, g.elabel')].map(g => ({
        box: rect(g.querySelector('rect')), texts: [...g.querySelectorAll('text')].map(rect) }));
      const where = `${trace.expression} (${canvas.className})`;
      items.forEach((item, i) => {
        if (!item.texts.every(t => within(t, item.box))) failures.push(`text outside its box: ${where}`);
        for (let j = i + 1; j < items.length; j++) if (hit(item.box, items[j].box)) failures.push(`overlap: ${where}`);
      });
    }
  }
  host.remove();
  return failures;
}"""


def test_layout_never_overlaps_on_random_expressions(watched, site):
    """Seeded random expressions of 6 to 27 nodes, every label shown, both orientations: no box overlaps another and
    every text fits its box. Layout only: traces from the engine in CPython, drawn by the view module in the page."""
    import random

    rng = random.Random(20260415)
    values = {"a": "0.7", "b": "-1.3", "c": "2", "d": "0.25", "x": "1.5", "y": "-0.4"}
    traces = []
    while len(traces) < 40:
        text = random_expression(rng)
        try:
            trace = graph(text, values)
        except Exception:  # noqa: BLE001 - an expression the engine refuses is simply not a layout case
            continue
        if 6 <= len(trace["nodes"]) <= 27:
            traces.append(trace)
    page = watched.page
    page.goto(site.url())
    failures = page.evaluate(RANDOM_LAYOUT, [traces, ["css/widgets.css", "css/graph-stepper.css"]])
    assert failures == []
    assert watched.errors == []


# ---- first frame -----------------------------------------------------------------------------------------------------


def prerendered(attrs: dict) -> str:
    """The first frame as build.py makes it: the engine's state in CPython, drawn by the view module under Node."""
    job = {"widgets": [{"tag": TAG, "attrs": attrs, "state": prerender.widget_state(widgets, TAG, attrs), "base": ""}],
           "numbers": []}
    done = subprocess.run(["node", str(PACKAGE / "prerender.mjs")], input=json.dumps(job).encode(),
                          capture_output=True, check=True)
    return json.loads(done.stdout)["widgets"][0]


def test_prerendered_first_frame_is_what_the_live_widget_draws(watched, site):
    page = watched.page
    held = []
    page.route("**/js/worker.js", lambda route: held.append(route))  # Python never starts: the first frame stays
    page.goto(site.url())
    attrs = " ".join(f'{k}="{v}"' for k, v in LESSON_ATTRS.items())
    page.evaluate(
        """html => { const host = document.createElement('div'); host.id = 'gs-test';
                     document.querySelector('#graphs').append(host); host.setHTMLUnsafe(html); }""",
        f"<bp-graph-stepper {attrs}>{prerendered(LESSON_ATTRS)}</bp-graph-stepper>",
    )
    el = page.locator("#gs-test bp-graph-stepper")
    assert el.get_attribute("engine") == "static"
    markup = "el => ['[data-graph]', '[data-explain]'].map(s => el.shadowRoot.querySelector(s).innerHTML)"
    first = el.evaluate(markup)
    assert el.locator('[data-f="stepText"]').inner_text() == "Step 0 / 7"
    assert display(2.0) in first[0] and "…" in first[0]
    # stepping works before Python has started: every number is in the prerendered trace
    el.locator('button[data-act="next"]').click()
    assert el.evaluate("el => el.k") == 1
    el.locator('button[data-act="prev"]').click()
    # the element has now drawn step 0 itself: the same markup as the build's, character for character
    assert el.evaluate(markup) == first
    assert watched.errors == []


def test_placeholder_and_disabled_controls_until_python_starts(watched, site):
    page = watched.page
    held = []
    page.route("**/js/worker.js", lambda route: held.append(route))
    page.goto(site.url())
    page.evaluate(
        """() => { const el = document.createElement('bp-graph-stepper'); el.id = 'gs-bare';
                   document.querySelector('#graphs').append(el); }""")
    el = page.locator("#gs-bare")
    assert "Starting Python" in el.locator("[data-placeholder]").inner_text()
    for act in ("prev", "next", "play", "reset"):
        assert el.locator(f'button[data-act="{act}"]').is_disabled(), act
    assert el.evaluate("el => el.state") is None
    assert watched.errors == []


def test_state_is_the_engine_trace_plus_k(watched, site):
    page = open_stepper(watched, site)
    press(page, "next", 3)
    state = page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').state")
    expected = graph("(a*b + c)*d", {"a": "2", "b": "3", "c": "-1", "d": "4"})
    assert state == {**expected, "k": 3}
    no_errors(watched)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots_in_both_themes(watched, site, tmp_path_factory, scheme, width):
    page = watched.page
    page.emulate_media(color_scheme=scheme)
    open_stepper(watched, site, viewport={"width": width, "height": 900})
    press(page, "next", 5)
    page.wait_for_timeout(600)
    folder = tmp_path_factory.getbasetemp() / "graph-stepper-shots"  # look at them: pytest prints its basetemp
    folder.mkdir(exist_ok=True)
    stepper(page).screenshot(path=str(folder / f"graph-stepper-{width}-{scheme}.png"))
    fg = stepper(page).evaluate(
        f"el => getComputedStyle(({VISIBLE})(el).querySelector('.node .num.val')).fill")
    bg = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert fg != bg
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    no_errors(watched)
