"""Hostile input through addresses and messages: the playground's URL hash on a course page, embed.html's query
string, and messages a parent page posts into an embed iframe. Nothing runs as code or appears as markup, no error
escapes, and the widget keeps working with numbers worked out by hand (tests/browser/by_hand.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .by_hand import chain_dldx
from .conftest import COUNT_WRITES, LIVE_TIMEOUT_MS, Site, display
from .hostile_driver import (
    INJECTED, MARKUP, clean, no_errors, playground_shows, playground_value_is, refused,
)


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
