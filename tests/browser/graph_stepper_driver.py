"""Driving <bp-graph-stepper> in the lesson page for the browser tests (test_bp_graph_stepper.py: stepping;
test_bp_graph_stepper_layout.py: layout and first frame). The lesson carries the widget in section 2 ("Graphs, not
chains"); if it does not (yet), PUT puts one there. Expected values are worked out by hand, never by the engine."""


from .conftest import LIVE_TIMEOUT_MS

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
