"""Hostile and odd input through every entry point: each widget's attributes, typed entries, the playground's URL
hash, embed.html's query, and messages a parent page posts into an embed iframe.

Whatever arrives: nothing runs as code or appears as markup, no error escapes to the console, a value the widget
cannot use is explained where the learner looks, and the widget keeps working - afterwards it shows numbers worked out
here by hand (tests/browser/by_hand.py), not asked of the engine."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from .by_hand import chain_dldx, neuron_after, xor_single_step
from .conftest import COUNT_WRITES, LIVE_TIMEOUT_MS, Site, display

MARKUP = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
# numbers no widget can use: not numbers, not finite, not decimal notation, markup, empty, huge
ODD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e309", "", "   ", "abc", "0x10", "1,5", "2..5", MARKUP, "9" * 3000]
ODD_EXPRESSIONS = [
    MARKUP, "", "a +* b", "(" * 150 + "a" + ")" * 150, "a" * 3000, "__import__('os').system('true')", "a.b", "a[0]",
    "x*X",  # differ only in capitals: one attribute would set both
]
ALL = "bp-chain-rule, bp-graph-stepper, bp-neuron-trainer, bp-xor-lab, bp-playground"

# Everything a successful injection would leave behind, in the page's body and in every shadow root (the head holds
# the page's own scripts).
INJECTED = """() => {
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (/^(IMG|SCRIPT|IFRAME|OBJECT|EMBED)$/.test(el.tagName)) found.push(el.tagName);
      for (const a of el.attributes) if (a.name.startsWith('on') || (el.tagName.startsWith('BP-') && a.name === 'style')) found.push(`${el.tagName}[${a.name}]`);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document.body);
  if (window.pwned !== undefined) found.push(`window.pwned = ${window.pwned}`);
  if (Object.prototype.polluted !== undefined) found.push('Object.prototype.polluted');
  return found;
}"""

MESSAGE = """tag => { const m = document.querySelector(tag).shadowRoot.querySelector('[data-message]');
  return m && !m.hidden ? m.textContent : ''; }"""


def no_errors(watched) -> None:
    assert watched.errors == [], watched.errors
    assert watched.console_errors == [], watched.console_errors


def clean(page) -> None:
    assert page.evaluate(INJECTED) == []


def open_lesson(watched, site, tag: str):
    page = watched.page
    page.goto(site.url())
    watched.wait_live(tag)
    page.wait_for_function("tag => !!document.querySelector(tag).state", arg=tag, timeout=LIVE_TIMEOUT_MS)
    return page, page.locator(tag).first


def set_attribute(page, tag: str, name: str, value: str | None) -> None:
    page.evaluate("""([tag, name, value]) => { const el = document.querySelector(tag);
        if (value === null) el.removeAttribute(name); else el.setAttribute(name, value); }""", [tag, name, value])


def refused(page, tag: str, words: tuple[str, ...], value: str) -> None:
    """The widget explains the value where the learner looks (the message next to its controls), naming what is
    wrong; markup in it is shown as text."""
    page.wait_for_function(f"tag => ({MESSAGE})(tag) !== ''", arg=tag, timeout=LIVE_TIMEOUT_MS)
    text = page.evaluate(MESSAGE, tag)
    assert any(word in text for word in words), (value[:40], text)
    assert len(text) < 600, text  # a 3000-character value is not repeated whole
    if value == MARKUP:
        assert "<img" in text or "<script" in text or "column" in text, text


def try_each(page, tag: str, name: str, values, words: tuple[str, ...]) -> None:
    """Set each value, see it refused, put the attribute back; the widget stays live and nothing is injected."""
    original = page.evaluate("([tag, name]) => document.querySelector(tag).getAttribute(name)", [tag, name])
    for value in values:
        set_attribute(page, tag, name, value)
        refused(page, tag, words, value)
        set_attribute(page, tag, name, original)
        page.wait_for_function(f"tag => ({MESSAGE})(tag) === ''", arg=tag, timeout=LIVE_TIMEOUT_MS)
        assert page.locator(tag).first.get_attribute("engine") == "live"
        clean(page)


# ---- attributes, widget by widget ------------------------------------------------------------------------------------

def test_chain_rule_attributes(watched, site):
    tag = "bp-chain-rule"
    page, widget = open_lesson(watched, site, tag)
    for name in ("x", "min", "max", "step"):
        try_each(page, tag, name, ODD_NUMBERS, (f'{name}="',))
    for name, value in [("min", "5"), ("max", "-3"), ("step", "0"), ("step", "-0.5"), ("step", "-0")]:
        try_each(page, tag, name, [value], ("min", "step"))
    # huge but finite: the engine's numbers overflow, and the widget says so instead of showing garbage as numbers
    set_attribute(page, tag, "x", "1e300")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 1e300", timeout=LIVE_TIMEOUT_MS)
    assert widget.locator("[data-nonfinite]").is_visible()
    assert page.evaluate(MESSAGE, tag) == ""
    set_attribute(page, tag, "x", "0.4")
    # still a working widget
    widget.locator("#x-number").fill("0.7")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.7", timeout=LIVE_TIMEOUT_MS)
    assert widget.locator('[data-f="result"]').inner_text() == display(chain_dldx(0.7))
    assert widget.locator("[data-nonfinite]").is_hidden()
    no_errors(watched)


GRAPH_BY_HAND = {"a": 3 * 4, "b": 2 * 4, "c": 4, "d": 2 * 3 - 1}  # (a*b + c)*d at 2, 3, -1, 4


def graph_table(widget) -> dict[str, tuple[str, str]]:
    return widget.evaluate("""w => Object.fromEntries([...w.shadowRoot.querySelectorAll('[data-table] tbody tr')]
        .map(tr => [tr.querySelector('th').textContent, [...tr.querySelectorAll('td')].slice(1).map(t => t.textContent)]))""")


def test_graph_stepper_attributes(watched, site):
    tag = "bp-graph-stepper"
    page, widget = open_lesson(watched, site, tag)
    try_each(page, tag, "a", [v for v in ODD_NUMBERS if v.strip()], ("a must be",))
    try_each(page, tag, "a", ["", "  "], ("No value given for a",))
    try_each(page, tag, "step", ["-1", "1.5", "abc", "NaN", MARKUP, ""], ('step="',))
    try_each(page, tag, "expr", ODD_EXPRESSIONS, ("Cannot draw", "expr is empty"))
    # a step past the end, even one too large for a float, is the last step
    for value in ("99", "9" * 400):
        set_attribute(page, tag, "step", value)
        assert widget.locator('[data-f="stepText"]').inner_text() == "Step 7 / 7"
        set_attribute(page, tag, "step", "0")
    # variables named like attributes the element or HTML already uses cannot take a value: said, not obeyed
    set_attribute(page, tag, "expr", "(a*b + c)*title + onset")
    page.wait_for_function("() => document.querySelector('bp-graph-stepper').state.expression.includes('onset')",
                           timeout=LIVE_TIMEOUT_MS)
    assert "No attribute can give title, onset a value" in page.evaluate(MESSAGE, tag)
    # capitals: HTML lowercases attribute names, so A is given by a="2"
    set_attribute(page, tag, "expr", "(A*b + c)*d")
    page.wait_for_function("() => document.querySelector('bp-graph-stepper').state.expression === '(A*b + c)*d'",
                           timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate(MESSAGE, tag) == ""
    widget.locator('button[data-act="next"]').press("End")
    table = graph_table(widget)
    assert float(table["A"][0]) == 2 and float(table["A"][1]) == GRAPH_BY_HAND["a"]
    # back to the lesson's graph: every gradient as worked out by hand
    set_attribute(page, tag, "expr", "(a*b + c)*d")
    page.wait_for_function("() => document.querySelector('bp-graph-stepper').state.expression === '(a*b + c)*d'",
                           timeout=LIVE_TIMEOUT_MS)
    widget.locator('button[data-act="next"]').press("End")
    table = graph_table(widget)
    assert {name: float(table[name][1]) for name in GRAPH_BY_HAND} == GRAPH_BY_HAND
    clean(page)
    no_errors(watched)


def playground_shows(page, expr: str) -> None:
    page.wait_for_function(
        "expr => { const s = document.querySelector('bp-playground').state; return s && s.expression === expr; }",
        arg=expr, timeout=LIVE_TIMEOUT_MS)


def playground_value_is(page, index: int, value: float) -> None:
    """Wait until the playground's variable number `index` (in its checks; -1 for the last) holds `value`."""
    page.wait_for_function(
        "([i, v]) => document.querySelector('bp-playground').state.checks.at(i).value === v",
        arg=[index, value], timeout=LIVE_TIMEOUT_MS)


def test_playground_attributes(watched, site):
    tag = "bp-playground"
    page, widget = open_lesson(watched, site, tag)
    # a variable's attribute is live, whatever it holds: the engine checks it like a typed value
    try_each(page, tag, "x", [v for v in ODD_NUMBERS if v.strip()], ("x must be",))
    try_each(page, tag, "expr", ODD_EXPRESSIONS, ("column", "too long", "not allowed", "differ only in capitals",
                                                  "expr is empty", "unknown"))
    set_attribute(page, tag, "x", "-1.25")
    playground_value_is(page, 0, -1.25)
    assert widget.locator('[data-range="x"]').input_value() == "-1.25"  # the slider follows
    # a variable named like the element's own attributes or HTML's: its slider is disabled, and moving the others
    # never turns into an attribute that changes the element (a new expression, a dead engine, a hidden popover)
    entry = widget.locator("[data-expr]")
    entry.fill("expr*engine + popover*onclick + title*q")
    entry.press("Enter")
    playground_shows(page, "expr*engine + popover*onclick + title*q")
    assert "cannot have their own sliders" in page.evaluate(MESSAGE, tag)
    for name in ("expr", "engine", "popover", "onclick", "title"):
        assert widget.locator(f'[data-range="{name}"]').is_disabled()
    q = widget.locator('[data-range="q"]')
    q.fill("2.5")
    playground_value_is(page, -1, 2.5)
    assert widget.get_attribute("engine") == "live" and widget.get_attribute("expr").startswith("expr*engine")
    assert widget.is_visible() and widget.get_attribute("popover") is None and widget.get_attribute("onclick") is None
    assert widget.locator('[data-f="grad-q"]').inner_text() == display(1.0)  # dL/dq = title = 1
    # a capitalised variable's slider works: it sets the lowercase attribute the engine reads
    entry.fill("X*y")
    entry.press("Enter")
    playground_shows(page, "X*y")
    widget.locator('[data-range="X"]').fill("-2")
    playground_value_is(page, 0, -2)
    y = page.evaluate("() => document.querySelector('bp-playground').state.checks[1].value")
    assert widget.locator('[data-f="output"]').inner_text() == display(-2 * y)
    # and back to the lesson's expression, with numbers worked out by hand
    entry.fill("sin(x*y) + x**2")
    entry.press("Enter")
    playground_shows(page, "sin(x*y) + x**2")
    widget.locator('[data-number="y"]').fill("0.75")
    playground_value_is(page, 1, 0.75)
    x = page.evaluate("() => document.querySelector('bp-playground').state.checks[0].value")
    assert widget.locator('[data-f="grad-x"]').inner_text() == display(0.75 * math.cos(x * 0.75) + 2 * x)
    assert page.evaluate(MESSAGE, tag) == ""
    clean(page)
    no_errors(watched)


NEURON = {"x": [0.8, -0.4, 1.2], "w": [0.2, -0.1, 0.3], "b": 0.1, "y": 1.0, "lr": 0.5}


def test_neuron_trainer_attributes_and_entries(watched, site):
    tag = "bp-neuron-trainer"
    page, widget = open_lesson(watched, site, tag)
    for name in ("x", "w", "b", "y", "lr"):
        # "1,5" is a list of two numbers for x and w: the engine then refuses it for not matching the other list
        try_each(page, tag, name, ODD_NUMBERS, (f"The {name} attribute", "numbers but", f'{name}="'))
    try_each(page, tag, "x", ["1e300", "1, 2", "1, 2, 3, 4, 5, 6, 7, 8, 9"], ("x has", "at most 8"))
    # typed: markup and a pasted novel are refused as text, the attribute never takes them
    for text in (MARKUP, "0.5, " * 20_000):
        entry = widget.locator("#in-b")
        entry.fill(text)
        entry.press("Tab")
        refused(page, tag, ("b (bias)",), text)
        assert widget.get_attribute("b") == "0.1"
        clean(page)
    widget.locator("#reset").click()
    page.wait_for_function(f"tag => ({MESSAGE})(tag) === ''", arg=tag, timeout=LIVE_TIMEOUT_MS)
    widget.locator("#step").click()
    page.wait_for_function("() => document.querySelector('bp-neuron-trainer').state.steps === 1",
                           timeout=LIVE_TIMEOUT_MS)
    w, loss = neuron_after(1, **NEURON)
    assert widget.locator('[part~="forward"] [data-f="w0"]').inner_text() == display(w[0])
    assert widget.locator('[part~="forward"] [data-f="loss"]').inner_text() == display(loss)
    no_errors(watched)


def test_xor_lab_attributes_and_entries(watched, site):
    tag = "bp-xor-lab"
    page, widget = open_lesson(watched, site, tag)
    page.wait_for_function("() => document.querySelector('bp-xor-lab').state.panels", timeout=LIVE_TIMEOUT_MS)
    try_each(page, tag, "model", ["", "all", "SINGLE", MARKUP, "9" * 3000], ('model="',))
    try_each(page, tag, "seed", ODD_NUMBERS + ["2.5", "-1", "1000001", "1e6000"], ("seed must be", 'seed="'))
    try_each(page, tag, "lr", ODD_NUMBERS + ["0", "-1", "100.5"], ("learning rate must be", 'lr="'))
    for entry_id, words in (("#seed", ("seed must be",)), ("#lr", ("learning rate must be",))):
        entry = widget.locator(entry_id)
        entry.evaluate("(el, text) => { el.type = 'text'; el.value = text; el.dispatchEvent(new Event('change')); }",
                       MARKUP)  # what a script or a paste could put there; a number input alone would refuse it
        refused(page, tag, words, MARKUP)
        clean(page)
    # one neuron, one step from its start, by hand
    set_attribute(page, tag, "model", "single")
    page.wait_for_function("() => Object.keys(document.querySelector('bp-xor-lab').state.panels).join() === 'single'",
                           timeout=LIVE_TIMEOUT_MS)
    start = page.evaluate("() => document.querySelector('bp-xor-lab').state.panels.single.params")
    widget.locator("#step").click()
    page.wait_for_function("() => document.querySelector('bp-xor-lab').steps === 1", timeout=LIVE_TIMEOUT_MS)
    _, loss = xor_single_step(start, 2.0)
    assert widget.locator('[data-f="single-loss"]').inner_text() == display(loss)
    no_errors(watched)


# ---- the URL hash: the playground reads it on a host page that may have no Content-Security-Policy -------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory, site) -> Iterator[Site]:
    """Course pages of someone else's, on another origin, with no Content-Security-Policy to catch a mistake of ours:
    one holding a playground, one framing embed.html."""
    folder: Path = tmp_path_factory.mktemp("hostile-course")
    (folder / "playground.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Course page</title><link rel="icon" href="data:,"><script type="module" src="{site.url('widgets.js')}"></script>
</head><body><h1>Week 3</h1><main></main></body></html>""")
    (folder / "frame.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Course page</title><link rel="icon" href="data:,"><script src="listen.js"></script></head>
<body><iframe title="Chain rule" src="{site.url('embed.html?widget=chain-rule&x=0.9')}"></iframe></body></html>""")
    (folder / "listen.js").write_text("window.received = []; addEventListener('message', (e) => window.received.push(e.data));")
    server = Site(directory=folder)
    yield server
    server.close()


HASHES = [  # (hash, expression the widget then shows, what its output must be)
    ("#expr=onclick*2%2Bx&onclick=window.pwned%3D1&x=0.5", "onclick*2+x", 1 * 2 + 0.5),
    ("#expr=popover%2Bx&popover=&x=0.5", "popover+x", 1 + 0.5),
    ("#expr=engine*x&engine=error&x=3", "engine*x", 3.0),
    ("#expr=style*x&style=display:none&x=3", "style*x", 3.0),
    ("#expr=__proto__*x&__proto__=2&x=3", "__proto__*x", 6.0),
    ("#expr=constructor*x&x=3", "constructor*x", 3.0),
    ("#expr=X*y&x=2&y=3", "X*y", 6.0),
    ("#expr=%E0%A4%A&x=1", None, None),  # malformed percent-encoding: refused as an expression
    ("#expr=" + "%3Cb%3E" * 400 + "&x=1", None, None),
    ("#expr=x&x=1e309", None, None),
    ("#expr=x&x=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E", None, None),
    ("#" + "x" * 200_000, "sin(x*y) + x**2", None),  # no expr: the widget's own
]


def test_hostile_url_hash_never_becomes_code_or_a_setting_of_the_element(watched, course):
    page = watched.page
    page.goto(course.url("playground.html"))
    # counts the widget's own writes to the address (it writes only once the learner has changed something)
    page.evaluate(COUNT_WRITES)
    add = """hash => { history.replaceState(null, '', hash); window.writes = [];
                       document.querySelector('bp-playground')?.remove();
                       const widget = document.createElement('bp-playground');
                       widget.setAttribute('permalink', '');  // the author asked it to read the address
                       document.querySelector('main').append(widget); }"""
    for hash_, expr, output in HASHES:
        page.evaluate(add, hash_)
        widget = page.locator("bp-playground")
        if expr is None:  # refused: the message says why, the widget still draws its own default
            refused(page, "bp-playground", ("column", "too long", "x must be", "syntax"), hash_)
        else:
            playground_shows(page, expr)
            if output is not None:
                assert widget.locator('[data-f="output"]').inner_text() == display(output), hash_
        widget.click()  # an onclick that got through would run now
        for name in ("onclick", "popover", "style"):
            assert widget.get_attribute(name) is None, (hash_[:40], name)
        assert widget.get_attribute("engine") == "live" and widget.is_visible(), hash_[:40]
        page.wait_for_timeout(400)  # past the moment a write would fall due
        assert page.evaluate("() => window.writes") == [], "the learner changed nothing: the address stays as it was"
        clean(page)
    no_errors(watched)



def test_a_course_pages_hash_routing_is_left_alone(watched, course):
    """A course page on another origin routes by its hash (#/week-3/backprop) and embeds a playground without the
    permalink attribute: going live and a learner's slider move leave the address exactly as the course set it."""
    page = watched.page
    page.goto(course.url("playground.html") + "#/week-3/backprop")
    page.evaluate(COUNT_WRITES)
    page.evaluate("""() => { const widget = document.createElement('bp-playground');
      widget.setAttribute('expr', 'x*y'); widget.setAttribute('x', '2'); widget.setAttribute('y', '3');
      document.querySelector('main').append(widget); }""")
    playground_shows(page, "x*y")
    widget = page.locator("bp-playground")
    widget.locator('[data-number="y"]').fill("4")
    playground_value_is(page, 1, 4.0)
    assert widget.locator('[data-f="grad-x"]').inner_text() == display(4.0)  # by hand: d(x*y)/dx = y
    page.wait_for_timeout(600)  # past the moment a permalink write would fall due
    assert page.evaluate("() => [location.hash, window.writes]") == ["#/week-3/backprop", []]
    no_errors(watched)

# ---- embed.html: its query string, and messages posted into it -------------------------------------------------------

def test_embed_query_cannot_set_handlers_or_styles(watched, site):
    page = watched.page
    page.goto(site.url("embed.html?widget=chain-rule&x=1.25&onclick=window.pwned%3D1&onmouseover=window.pwned%3D2"
                       "&style=display:none&min=%3Cscript%3Ewindow.pwned%3D3%3C/script%3E"))
    watched.wait_live()
    widget = page.locator("bp-chain-rule")
    for name in ("onclick", "onmouseover", "style"):
        assert widget.get_attribute(name) is None
    widget.hover()
    widget.click()
    assert 'min="<script>' in widget.locator("[data-message]").inner_text()  # the text, shown as text
    assert widget.locator('[data-f="result"]').inner_text() == display(chain_dldx(1.25))
    clean(page)
    no_errors(watched)


def test_embed_query_passes_variables_with_underscores(watched, site):
    """A variable such as w_1 is a plain attribute name: the iframe passes it on as the element would take it."""
    page = watched.page
    page.goto(site.url("embed.html?widget=playground&expr=w_1*x&w_1=3&x=0.5"))
    watched.wait_live()
    widget = page.locator("bp-playground")
    assert widget.get_attribute("w_1") == "3"
    # by hand: d(w_1*x)/dx = w_1 = 3, d/dw_1 = x = 0.5, output 1.5
    page.wait_for_function("() => document.querySelector('bp-playground').state?.expression === 'w_1*x'")
    assert widget.locator('[data-f="grad-x"]').inner_text() == display(3.0)
    assert widget.locator('[data-f="grad-w_1"]').inner_text() == display(0.5)
    assert widget.locator('[data-f="output"]').inner_text() == display(1.5)
    no_errors(watched)


HOSTILE_MESSAGES = """async () => {
  const frame = document.querySelector('iframe').contentWindow;
  const deep = []; let node = deep; for (let i = 0; i < 2000; i++) { const next = []; node.push(next); node = next; }
  const port = new MessageChannel().port1;
  const messages = [
    'not json {', '{"type": "backprop-lab:height", "height": 1}', 'x'.repeat(5_000_000), %(markup)s,
    {type: 'backprop-lab:height', widget: %(markup)s, height: 1e9},
    {type: 'backprop-lab:height', widget: 'chain-rule', height: -1},
    {type: 'call', id: 1, request: '{"fn": "chain_rule", "args": {"x": 1e308}}'},
    {type: 'run', id: 2, code: 'import js; js.pwned = 1', budget: 20},
    {type: 'ready', timings: {}}, {type: 'failed', message: %(markup)s}, {type: 'result', id: 1, text: '{}'},
    {type: 'stats', id: 1}, {type: 'status', text: %(markup)s},
    JSON.parse('{"__proto__": {"polluted": 1}, "type": "call"}'), {constructor: {prototype: {polluted: 1}}},
    null, undefined, 42, NaN, true, [1, 2, 3], deep, new ArrayBuffer(1 << 20), new Date(0), /x/g,
    new Map([['type', 'call']]), new Blob(['<b>x</b>'], {type: 'text/html'}), new Error(%(markup)s),
  ];
  for (const message of messages) frame.postMessage(message, '*');
  frame.postMessage({type: 'port'}, '*', [port]);
  return messages.length + 1;
}"""

SNAPSHOT = """() => {
  const parts = [document.documentElement.outerHTML];
  const visit = (root) => { for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {
    parts.push(el.shadowRoot.innerHTML); visit(el.shadowRoot); } };
  visit(document);
  return parts.join('\\n');
}"""


def test_messages_posted_into_the_embed_change_nothing(watched, course):
    page = watched.page
    page.goto(course.url("frame.html"))
    frame = page.frame_locator("iframe")
    frame.locator("bp-chain-rule[engine='live']").wait_for(timeout=LIVE_TIMEOUT_MS)
    inner = next(f for f in page.frames if "embed.html" in f.url)
    inner.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.9", timeout=LIVE_TIMEOUT_MS)
    page.wait_for_timeout(800)  # the live region's announcement has landed: the page is at rest
    before = inner.evaluate(SNAPSHOT)
    # count what arrives, so the test knows the messages reached the embed page
    inner.evaluate("() => { window.arrived = 0; addEventListener('message', () => window.arrived++); }")
    posted = page.evaluate(HOSTILE_MESSAGES % {"markup": repr(MARKUP)})
    inner.wait_for_function("n => window.arrived === n", arg=posted, timeout=10_000)
    page.wait_for_timeout(500)
    assert inner.evaluate(SNAPSHOT) == before, "a message changed the embed page"
    assert inner.evaluate(INJECTED) == [] and page.evaluate("() => window.pwned") is None
    # errors in the frame do reach this test: one on purpose, then none but it
    inner.evaluate("() => console.error('probe: frame console errors are seen')")
    page.wait_for_timeout(200)
    assert watched.console_errors == ["probe: frame console errors are seen"], watched.console_errors
    assert watched.errors == []
    # still a working widget, still telling its parent only its height
    entry = frame.locator("bp-chain-rule").locator("#x-number")
    entry.fill("-0.35")
    inner.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === -0.35", timeout=LIVE_TIMEOUT_MS)
    assert frame.locator("bp-chain-rule").locator('[data-f="result"]').inner_text() == display(chain_dldx(-0.35))
    received = page.evaluate("() => window.received")
    assert received and all(set(m) == {"type", "widget", "height"} and m["type"] == "backprop-lab:height"
                            and m["widget"] == "chain-rule" and isinstance(m["height"], int) for m in received), received
