"""<bp-graph-stepper> in real Chromium, how it is drawn: the automatic layout (no two boxes overlap, text stays
readable), narrow screens, the prerendered first frame, the state, and screenshots in both themes."""

from __future__ import annotations

import json
import subprocess

import pytest

from backprop import widgets
from backprop.widgets import graph
from buildtools import prerender
from buildtools.paths import PACKAGE

from .conftest import display
from .graph_stepper_driver import (
    BIG_ATTRS, BIG_EXPR, LESSON_ATTRS, TAG, VISIBLE, no_errors, open_stepper, press, shown, stepper,
)

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
