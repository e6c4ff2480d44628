"""What every bp-* element shares (web/js/widget-base.js) and the widgets' type scale (web/css/widgets.css).

- The engine's first answer recomputes the prerendered frame; when it is identical, the markup already on screen
  stays (no rebuild, so no long task while the page starts), and it shows the live numbers. A different answer
  still rebuilds it.
- A widget knows whether it is on screen (the custom state :state(onscreen)); the graph's endless backward flow
  moves only then, so a page starting Python does not repaint an off-screen drawing every frame. A browser without
  element internals still runs every widget (the flow just stands still).
- A new answer rewrites only what changed: a number, title or hidden flag already showing the right thing is left
  alone (a slider step must not cost the browser style work for the slots it did not change).
- Widget text comes in five sizes from one base, --bp-font-size (each distinct size is one more font instance a
  fresh page sets up before its first paint); nesting never compounds them.
"""

from __future__ import annotations

import math

from .conftest import LIVE_TIMEOUT_MS, display

# marks an element object from the page's side (a rebuilt element is a new object, without the mark), and notes the
# widget's prerendered state object (the engine's answer replaces it with a new one, then paints it)
MARK = """sel => { const [host, inner] = sel.split(' >>> '); const widget = document.querySelector(host);
  widget.shadowRoot.querySelector(inner).__prerendered = true; widget.__prerenderedState = widget.state; }"""
ANSWERED = """sel => { const widget = document.querySelector(sel.split(' >>> ')[0]);
  return widget.state !== widget.__prerenderedState; }"""
MARKED = """sel => { const [host, inner] = sel.split(' >>> ');
  return document.querySelector(host).shadowRoot.querySelector(inner).__prerendered === true; }"""
GRAPH = "bp-playground >>> [data-graph] > *"
RESULTS = "bp-neuron-trainer >>> [data-results] > *"
DRAWING = "bp-graph-stepper >>> [data-graph] > *"


def test_first_live_answer_keeps_the_prerendered_markup_and_it_shows_the_live_numbers(watched, site):
    page = watched.page
    held = []
    page.route("**/js/worker.js", lambda route: held.append(route))  # Python waits until the marks are set
    page.goto(site.url())
    page.wait_for_function("() => ['bp-playground', 'bp-neuron-trainer', 'bp-graph-stepper']"
                           ".every(name => customElements.get(name))")
    for selector in (GRAPH, RESULTS, DRAWING):
        page.evaluate(MARK, selector)
    for _ in range(100):  # the first widget to connect starts the worker; its request reaches us asynchronously
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1, "the worker script was requested once"
    held[0].continue_()
    for selector in (GRAPH, RESULTS, DRAWING):  # each widget has had the engine's first answer, and painted it
        page.wait_for_function(ANSWERED, arg=selector, timeout=LIVE_TIMEOUT_MS)
    assert all(page.evaluate(MARKED, selector) for selector in (GRAPH, RESULTS, DRAWING))

    # the markup kept is the live answer's: sin(x*y) + x**2 at x = 0.5, y = 1.5, worked out by hand
    playground = page.locator("bp-playground").first
    x, y = 0.5, 1.5
    assert playground.locator('[data-f="grad-x"]').inner_text() == display(y * math.cos(x * y) + 2 * x)
    assert playground.locator('[data-f="grad-y"]').inner_text() == display(x * math.cos(x * y))

    # a new answer rebuilds: one training step in the trainer, a new y in the playground
    trainer = page.locator("bp-neuron-trainer")
    trainer.locator("#step").click()
    page.wait_for_function("() => document.querySelector('bp-neuron-trainer').state.steps === 1",
                           timeout=LIVE_TIMEOUT_MS)
    assert not page.evaluate(MARKED, RESULTS)
    playground.locator('[data-number="y"]').fill("-1")
    page.wait_for_function("() => document.querySelector('bp-playground').state.checks.some(c => c.name === 'y'"
                           " && c.value === -1)", timeout=LIVE_TIMEOUT_MS)
    assert not page.evaluate(MARKED, GRAPH)
    assert playground.locator('[data-f="grad-y"]').inner_text() == display(x * math.cos(x * -1))
    assert watched.errors == []


SIZES = """() => {
  const sizes = {};
  for (const host of document.querySelectorAll('bp-chain-rule, bp-graph-stepper, bp-neuron-trainer, bp-playground, bp-xor-lab')) {
    for (const el of host.shadowRoot.querySelectorAll('*')) {
      // HTML text only: SVG drawings size their text in the drawing's units, and sub/sup keep the browser's own
      if (el.closest('svg') || el.closest('sub, sup')) continue;
      if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      (sizes[size] = sizes[size] || []).push(host.localName + ' ' + el.localName + '.' + el.className);
    }
  }
  return sizes;
}"""


def scale(base: float) -> set[float]:
    return {round(base * k, 3) for k in (0.8, 0.9, 1, 1.15, 1.25)}


def test_widget_text_uses_five_sizes_from_one_base(watched, site):
    page = watched.page
    page.route("**/js/worker.js", lambda route: route.abort())  # the prerendered frames are enough
    page.goto(site.url())
    page.wait_for_function("() => customElements.get('bp-xor-lab')")
    sizes = page.evaluate(SIZES)
    # the lesson hands the widgets its prose size, 1.125rem = 18px
    off_scale = {size: where[:3] for size, where in sizes.items() if round(float(size), 3) not in scale(18)}
    assert not off_scale, off_scale
    assert len(sizes) >= 4  # the check found the scale in use, not a page without widget text
    # an author's base: every size follows it, however deeply the text is nested
    page.evaluate("() => document.documentElement.style.setProperty('--bp-font-size', '20px')")
    sizes = page.evaluate(SIZES)
    off_scale = {size: where[:3] for size, where in sizes.items() if round(float(size), 3) not in scale(20)}
    assert not off_scale, off_scale
    assert 25.0 in {round(float(s), 3) for s in sizes}  # the largest step, 1.25 x 20px, is in use


FLOW = """name => document.querySelector(name).shadowRoot.getAnimations()
  .filter(a => a.animationName === 'gs-flow-back').map(a => a.playState)"""


def flow_is(page, name: str, state: str) -> None:
    page.wait_for_function(f"() => {{ const states = ({FLOW})({name!r}); "
                           f"return states.length > 0 && states.every(s => s === {state!r}); }}")


def test_the_backward_flow_moves_only_while_its_widget_is_on_screen(watched, site):
    page = watched.page
    page.route("**/js/worker.js", lambda route: route.abort())  # the prerendered graph has edges in flight already
    page.goto(site.url())
    page.wait_for_function("() => customElements.get('bp-playground')")
    # far below the first screen: its edges' backward flow stands still (and the page repaints nothing for it)
    assert page.locator("bp-playground").first.evaluate("el => el.getBoundingClientRect().top > innerHeight")
    states = page.evaluate(FLOW, "bp-playground")
    assert len(states) >= 1 and set(states) == {"paused"}, states
    page.locator("bp-playground").first.scroll_into_view_if_needed()
    flow_is(page, "bp-playground", "running")
    page.evaluate("() => scrollTo(0, 0)")
    flow_is(page, "bp-playground", "paused")
    # moved to the top of the page (disconnected, connected again): watched again, and now on screen
    page.evaluate("() => document.querySelector('main').prepend(document.querySelector('bp-playground'))")
    flow_is(page, "bp-playground", "running")
    # taken off the page: no longer on screen
    page.evaluate("() => { window.kept = document.querySelector('bp-playground'); window.kept.remove(); }")
    page.wait_for_function("() => window.kept.shadowRoot.getAnimations().length === 0 || "
                           "!window.kept.matches(':state(onscreen)')")
    assert watched.errors == []



def test_a_browser_without_element_internals_still_runs_every_widget(watched, site):
    """Element internals (and so :state) came to Safari in 16.4 and to Firefox in 93: without them a widget cannot say
    it is on screen, so its backward flow stands still, but it must still work."""
    page = watched.page
    page.add_init_script("delete HTMLElement.prototype.attachInternals")
    page.goto(site.url())
    watched.wait_live("bp-chain-rule, bp-graph-stepper, bp-neuron-trainer, bp-xor-lab, bp-playground")
    number = page.locator("bp-chain-rule #x-number")
    number.fill("-1.25")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === -1.25", timeout=LIVE_TIMEOUT_MS)
    assert page.locator('bp-chain-rule [data-f="grad0"]').first.inner_text() == display(
        6 * (3 * -1.25 + 2) * math.cos((3 * -1.25 + 2) ** 2))
    assert watched.errors == []

# every change inside the chain rule's shadow root, and what each number slot showed before
RECORD = """() => { const root = document.querySelector('bp-chain-rule').shadowRoot;
  window.slotsBefore = new Map([...root.querySelectorAll('[data-f]')].map(el => [el, el.textContent]));
  window.changes = [];
  new MutationObserver(records => window.changes.push(...records))
    .observe(root, { subtree: true, attributes: true, attributeOldValue: true, childList: true, characterData: true }); }"""
# [kind, name, before, after] per change: an attribute, or the text of a number slot (or of something else)
SUMMARY = """() => { const slotOf = node => (node.nodeType === 1 ? node : node.parentElement).closest('[data-f]');
  return window.changes.map(r => {
    if (r.type === 'attributes') return ['attribute', r.attributeName, r.oldValue, r.target.getAttribute(r.attributeName)];
    const slot = slotOf(r.target);
    return ['text', slot ? 'slot' : 'other', slot ? window.slotsBefore.get(slot) : null, (slot || r.target).textContent];
  }); }"""


def test_a_new_answer_rewrites_only_what_changed(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    widget = page.locator("bp-chain-rule")
    result = widget.locator('[data-f="result"]')
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.4")
    before = result.inner_text()
    page.evaluate(RECORD)
    widget.locator("#x-range").focus()
    page.keyboard.press("ArrowRight")  # x = 0.41: every number but the input's own local derivative moves
    page.wait_for_function("t => document.querySelector('bp-chain-rule').shadowRoot"
                           ".querySelector('[data-f=\"result\"]').textContent !== t", arg=before)
    changes = page.evaluate(SUMMARY)
    texts = [c for c in changes if c[0] == "text"]
    attributes = [c for c in changes if c[0] == "attribute"]
    assert any(c[2] != c[3] for c in texts), "the new numbers were painted"
    # du/dx = 3 at every x: its slot, its title and the message under the controls (empty) were not touched
    assert all(kind == "slot" and old != new for _, kind, old, new in texts), texts
    assert all(old != new for _, _, old, new in attributes), attributes
    assert widget.locator('.chain [data-f="local0"]').inner_text() == display(3.0)
    assert watched.errors == []


def test_every_attribute_in_a_table_is_a_camel_case_property(watched, site):
    """defineWidget gives each row of a view's attribute table a property: the parsed value to read, the attribute to
    write (a boolean toggles it), named in camelCase for a hyphenated attribute."""
    page = watched.page
    page.goto(site.url())
    watched.wait_live("bp-neuron-trainer")
    got = page.evaluate("""() => { const el = document.querySelector('bp-neuron-trainer');
      const before = [el.noZeroGrad, el.steps];
      el.noZeroGrad = true; el.noGrad = 'w2';
      const chain = document.querySelector('bp-chain-rule'); chain.x = 0.75;
      return [before, el.hasAttribute('no-zero-grad'), el.getAttribute('no-grad'), el.noZeroGrad, el.noGrad,
              chain.getAttribute('x'), chain.x, 'no-zero-grad' in el]; }""")
    assert got == [[False, 0], True, "w2", True, "w2", "0.75", 0.75, False]
