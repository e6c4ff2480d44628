"""<bp-playground>: a typed expression becomes a graph with live gradients and finite-difference checks; refusals
point at the column; with the permalink attribute (the lesson page sets it) the state round-trips through the URL
hash, written only after the learner changed something, once the change has settled (not for every answer while a
slider is dragged), and never over a hash that is not the playground's own. Without the attribute the address is
never touched."""

from __future__ import annotations

import math

from .conftest import COUNT_WRITES, LIVE_TIMEOUT_MS, display

# the lesson has a second playground (the sigmoid chain of section 3); these tests drive the first
PG = "#graphs bp-playground"
ANSWERED = "expr => { const s = document.querySelector('#graphs bp-playground').state; return s && s.expression === expr; }"


def test_hash_round_trip_and_hand_derived_gradients(watched, site):
    page = watched.page
    page.goto(site.url("index.html#expr=x*y%2Bsin(x)&x=0.5&y=-2"))
    page.wait_for_function(ANSWERED, arg="x*y+sin(x)", timeout=LIVE_TIMEOUT_MS)
    widget = page.locator(PG)
    assert widget.locator("[data-expr]").input_value() == "x*y+sin(x)"
    x, y = 0.5, -2.0
    assert widget.locator('[data-f="grad-x"]').inner_text() == display(y + math.cos(x))
    assert widget.locator('[data-f="grad-y"]').inner_text() == display(x)
    assert widget.locator('[data-f="fd-x"]').inner_text() == display(y + math.cos(x))
    # a slider move is written back to the hash: the address reproduces the view
    number = widget.locator('[data-number="y"]')
    number.fill("1.5")
    page.wait_for_function("() => location.hash.includes('y=1.5')", timeout=LIVE_TIMEOUT_MS)
    assert widget.locator('[data-f="grad-x"]').inner_text() == display(1.5 + math.cos(x))
    url = page.url
    second = page.context.new_page()
    second.goto(url)
    second.wait_for_function(ANSWERED, arg="x*y+sin(x)", timeout=LIVE_TIMEOUT_MS)
    assert second.locator(PG).locator('[data-f="grad-x"]').inner_text() == display(1.5 + math.cos(x))
    assert watched.errors == []


def test_a_drag_writes_the_hash_once_it_settles(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live(PG)
    widget = page.locator(PG)
    page.evaluate(COUNT_WRITES)
    page.evaluate("() => { window.answers = 0; document.addEventListener('bp-change', () => window.answers++); }")
    widget.locator('[data-range="x"]').focus()
    for _ in range(12):  # a drag by keyboard, x 0.5 -> 0.62, each step answered before the next
        before = page.evaluate("() => window.answers")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("n => window.answers > n", arg=before, timeout=LIVE_TIMEOUT_MS)
    page.wait_for_function("() => location.hash.includes('x=0.62')", timeout=LIVE_TIMEOUT_MS)
    writes = page.evaluate("() => window.writes")
    assert writes[-1] == page.evaluate("() => location.hash") and "y=1.5" in writes[-1]
    assert len(writes) <= 4, f"{len(writes)} writes for 12 answers: {writes}"  # one, unless a step took 300 ms
    # the address reproduces what is shown
    second = page.context.new_page()
    second.goto(page.url)
    second.wait_for_function("() => document.querySelector('#graphs bp-playground').state?.checks[0].value === 0.62",
                             timeout=LIVE_TIMEOUT_MS)
    assert second.locator('#graphs bp-playground [data-f="grad-x"]').inner_text() == \
        widget.locator('[data-f="grad-x"]').inner_text()
    assert watched.errors == []


# the engine's answers for the playground arrive a second late from now on (the worker answers; the page waits)
SLOW_ANSWERS = """async () => { const { engine } = await import('./js/runtime.js'); const client = engine();
  const call = client.call.bind(client);
  client.call = async (fn, args) => { const reply = await call(fn, args);
    if (fn === 'playground') await new Promise((done) => setTimeout(done, 1000)); return reply; }; }"""


def test_the_address_names_only_numbers_already_on_screen(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live(PG)
    widget = page.locator(PG)
    page.evaluate(COUNT_WRITES)
    number = widget.locator('[data-number="y"]')
    number.fill("1")
    page.wait_for_function("() => document.querySelector('#graphs bp-playground').state.checks[1].value === 1",
                           timeout=LIVE_TIMEOUT_MS)
    shown = widget.locator('[data-f="grad-x"]').inner_text()
    page.evaluate(SLOW_ANSWERS)
    number.fill("2")  # within 300 ms of the last answer, whose write is still due; this answer comes 1 s late
    page.wait_for_timeout(600)  # the write has been due for a while, and y = 2 is still not on screen
    assert widget.locator('[data-f="grad-x"]').inner_text() == shown
    writes = page.evaluate("() => window.writes")
    assert writes and all("y=1&" in w or w.endswith("y=1") for w in writes), writes
    page.wait_for_function("() => location.hash.endsWith('y=2') || location.hash.includes('y=2&')",
                           timeout=LIVE_TIMEOUT_MS)
    assert widget.locator('[data-f="grad-x"]').inner_text() != shown  # y = 2's numbers, shown before its address
    assert watched.errors == []


def test_leaving_at_once_still_keeps_the_last_change_in_the_address(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live(PG)
    page.locator('#graphs bp-playground [data-range="x"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('#graphs bp-playground').state.checks[0].value === 0.51",
                           timeout=LIVE_TIMEOUT_MS)
    page.goto(site.url("authors.html"))  # sooner than the address would have been written
    page.go_back()
    assert "x=0.51" in page.url, page.url
    assert watched.errors == []


def test_refused_expression_points_at_its_column_and_keeps_the_last_graph(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live(PG)
    widget = page.locator(PG)
    entry = widget.locator("[data-expr]")
    entry.fill("x +* <b>y</b>")
    entry.press("Enter")
    message = widget.locator("[data-message]")
    message.wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    assert "column" in message.inner_text()
    pointer = widget.locator("[data-pointer]")
    assert pointer.is_visible() and pointer.inner_text().splitlines()[1].endswith("^")
    assert widget.locator("b").count() == 0  # markup-looking text stays text
    assert widget.locator('[data-f="grad-x"]').count() == 1  # the last good graph and checks stay
    entry.fill("x*x")
    entry.press("Enter")
    page.wait_for_function(ANSWERED, arg="x*x", timeout=LIVE_TIMEOUT_MS)
    assert not message.is_visible() and not pointer.is_visible()
    assert watched.errors == []


def move_x_and_wait(page, widget) -> None:
    """The learner moves x one step right; returns once that answer is on screen and a write would be long due."""
    widget.locator('[data-range="x"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.state.checks[0].value === 0.51", arg=widget.element_handle(),
                           timeout=LIVE_TIMEOUT_MS)
    page.wait_for_timeout(600)


def test_going_live_writes_nothing_and_a_hash_not_its_own_stays(watched, site):
    page = watched.page
    page.goto(site.url("index.html#xor"))  # a link to a section of the lesson
    page.evaluate(COUNT_WRITES)
    watched.wait_live(PG)
    page.wait_for_timeout(600)
    assert page.evaluate("() => location.hash") == "#xor"  # live, and the learner has done nothing: no write
    move_x_and_wait(page, page.locator(PG))
    assert page.evaluate("() => [location.hash, window.writes]") == ["#xor", []]  # not the playground's to replace
    assert watched.errors == []


def test_without_the_attribute_the_address_is_never_read_or_written(watched, site):
    """A course page's playground: its hash belongs to the course, even one that looks like a permalink."""
    page = watched.page
    page.goto(site.url("authors.html#expr=x*7&x=3"))
    page.evaluate(COUNT_WRITES)
    watched.wait_live("bp-playground")
    widget = page.locator("bp-playground")
    assert widget.locator("[data-expr]").input_value() == "sin(x*y) + x**2"  # its own attributes, not the hash
    move_x_and_wait(page, widget)
    assert page.evaluate("() => [location.hash, window.writes]") == ["#expr=x*7&x=3", []]
    assert watched.errors == []


def test_a_change_before_python_is_live_says_why_the_numbers_wait(watched, site):
    page = watched.page
    held = []
    page.route("**/js/worker.js", lambda route: held.append(route))  # Python never starts: the first frame stays
    page.goto(site.url())
    widget = page.locator(PG)
    shown = widget.locator('[data-f="grad-x"]').inner_text()
    entry = widget.locator("[data-expr]")
    entry.fill("x*x")
    entry.press("Enter")
    message = widget.locator("[data-message]")
    message.wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    assert "still starting" in message.inner_text()
    assert widget.locator('[data-f="grad-x"]').inner_text() == shown  # the first frame's numbers stay
    assert widget.get_attribute("engine") == "static"
