"""<bp-neuron-trainer> in real Chromium: the numbers of section 3 of the lesson page, steps that match PyTorch's SGD, and the
section 4 switches ("Things that bite"), each with its visible effect.

The references are independent of the engine: the lesson page's printed numbers, and PyTorch float64 autograd with
torch.optim.SGD for anything after a step."""

from __future__ import annotations

import pytest
import torch

from backprop.trace import StepOrderError
from backprop.widgets import neuron, neuron_backward_first

from .conftest import LIVE_TIMEOUT_MS, display, focused_text, marked, prerendered_site

TAG = "bp-neuron-trainer"
X, W, B, Y, LR = [0.8, -0.4, 1.2], [0.2, -0.1, 0.3], 0.1, 1.0, 0.5
EXTRAS = {"steps", "losses", "carried", "zero_grads", "requires_grad", "start"}  # the run, besides the current step

# Section 3 of the lesson page, exactly as printed there (with a real minus sign, as the widget prints it)
LESSON_FORWARD = {"product0": "0.1600", "product1": "0.0400", "product2": "0.3600", "z": "0.6600", "yhat": "0.6593",
                  "loss": "0.0581"}
LESSON_BACKWARD = {"dL_dyhat": "−0.3407", "dyhat_dz": "0.2246", "dL_dz": "−0.0765", "dL_dw0": "−0.0612",
                   "dL_dw1": "0.0306", "dL_dw2": "−0.0919", "dL_db": "−0.0765"}
LESSON_UPDATE = {"w_new0": "0.2306", "w_new1": "−0.1153", "w_new2": "0.3459", "b_new": "0.1383"}
LESSON_AFTER_ONE_STEP = {"w0": "0.2306", "w1": "−0.1153", "w2": "0.3459", "b": "0.1383"}

# The lesson page holds the widget in section 3; until it does, the tests put one there.
INSERT = """tag => {
  if (!document.querySelector(tag)) {
    const el = document.createElement(tag);
    (document.querySelector('#neuron h2') || document.querySelector('main').firstElementChild).after(el);
  }
}"""


# ---- helpers --------------------------------------------------------------------------------------------------------

def open_trainer(watched, site):
    page = watched.page
    page.goto(site.url())
    page.evaluate(INSERT, TAG)
    watched.wait_live(TAG)
    wait_state(page, "s.steps === 0")
    return page.locator(TAG).first


def wait_state(page, condition: str, arg=None) -> None:
    page.wait_for_function(
        f"arg => {{ const s = document.querySelector('{TAG}').state; return !!s && !!({condition}); }}",
        arg=arg, timeout=LIVE_TIMEOUT_MS,
    )


def state(page) -> dict:
    return page.evaluate(f"() => document.querySelector('{TAG}').state")


def slot(widget, part: str, key: str) -> str:
    return widget.locator(f'[part~="{part}"] [data-f="{key}"]').first.inner_text().strip()


def slots(widget, part: str, keys) -> dict[str, str]:
    return {key: slot(widget, part, key) for key in keys}


def click_steps(page, widget, n: int) -> None:
    before = state(page)["steps"]
    for _ in range(n):
        widget.locator("#step").click()
    wait_state(page, "s.steps === arg", before + n)


def engine_part(s: dict) -> dict:
    return {k: v for k, v in s.items() if k not in EXTRAS}


def torch_sgd(steps: int, *, zero_grad: bool = True, frozen: tuple[int, ...] = (), x=X, w=W, b=B, y=Y, lr=LR):
    """PyTorch float64: `steps` iterations of forward, backward, SGD step. A frozen weight is a plain tensor
    (requires_grad=False), so it never gets a gradient. Returns (w, b, per-step losses, per-step fresh gradients of
    w, the .grad buffers at the end)."""
    xt = torch.tensor(x, dtype=torch.float64)
    ws = [torch.tensor(v, dtype=torch.float64, requires_grad=i not in frozen) for i, v in enumerate(w)]
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    params = [p for p in ws if p.requires_grad] + [bt]
    optimizer = torch.optim.SGD(params, lr=lr)
    losses, fresh = [], []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = 0.5 * (torch.sigmoid(torch.stack(ws) @ xt + bt) - y) ** 2
        # this pass's own gradient, computed separately so it can be compared with the accumulated buffer
        fresh.append([g.item() for g in torch.autograd.grad(loss, params, retain_graph=True)])
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    buffers = [None if p.grad is None else p.grad.item() for p in params]
    return [p.item() for p in ws], bt.item(), losses, fresh, buffers


def no_errors(watched) -> None:
    assert watched.errors == [], watched.errors
    assert watched.console_errors == [], watched.console_errors


# ---- section 3 of the lesson page ----------------------------------------------------------------------------------------

def test_first_frame_shows_lesson_numbers(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    assert slots(widget, "forward", LESSON_FORWARD) == LESSON_FORWARD
    assert slots(widget, "backward", LESSON_BACKWARD) == LESSON_BACKWARD
    assert slots(widget, "update", LESSON_UPDATE) == LESSON_UPDATE
    s = state(page)
    assert s == neuron()  # the same engine, in Pyodide and in CPython, to the last bit
    assert s["steps"] == 0 and s["losses"] == [s["loss"]]
    # delta is called out by name, and colour is not the only cue: row names, tags and a real minus sign
    assert "δ" in widget.locator("tr.delta").inner_text() and "delta" in widget.locator("tr.delta").inner_text()
    assert widget.locator('[part~="backward"] tbody th').first.inner_text().startswith("dL/dŷ")
    assert widget.locator('[part~="forward"] thead').inner_text().split()[-1] == "value"
    no_errors(watched)


OWN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>neuron trainer</title><link rel="icon" href="favicon.svg" type="image/svg+xml"><script type="module" src="widgets.js"></script></head>
<body><main>
<bp-neuron-trainer></bp-neuron-trainer>
<bp-neuron-trainer id="custom" w="0.1, 0.1, 0.1" y="0.8" lr="0.3"></bp-neuron-trainer>
<bp-neuron-trainer id="pinned" steps="4" no-zero-grad no-grad="w2"></bp-neuron-trainer>
</main></body></html>
"""


@pytest.fixture(scope="module")
def own_page_site(dist, tmp_path_factory):
    """A page of our own holding two trainers, prerendered as the lesson page is."""
    server = prerendered_site(dist, tmp_path_factory.mktemp("own-page"), "trainer.html", OWN_PAGE)
    yield server
    server.close()


def test_prerendered_frame_before_python_starts(watched, own_page_site):
    page = watched.page
    held = []
    page.route("**/js/worker.js", lambda route: held.append(route))  # never answered: Python never starts
    page.goto(own_page_site.url("trainer.html"))
    widget = page.locator(TAG).first
    assert slots(widget, "forward", LESSON_FORWARD) == LESSON_FORWARD
    assert slots(widget, "backward", LESSON_BACKWARD) == LESSON_BACKWARD
    assert slots(widget, "update", LESSON_UPDATE) == LESSON_UPDATE
    custom = neuron(w="0.1, 0.1, 0.1", y="0.8", lr="0.3")  # the attributes reach the build's engine call
    assert slot(page.locator("#custom"), "update", "w_new0") == display(custom["w_new"][0])
    assert page.locator("#custom #in-lr").input_value() == "0.3"
    # steps and the switches reach it too: four updates without zero_grad, w2 frozen, as PyTorch trains them
    pinned = page.locator("#pinned")
    w, b, losses, _, _ = torch_sgd(4, zero_grad=False, frozen=(1,))
    assert [slot(pinned, "forward", f"w{i}") for i in range(3)] == [display(v) for v in w]
    assert slot(pinned, "update", "b") == display(b)
    assert pinned.locator("[data-steps]").inner_text() == "4"
    assert not pinned.get_by_label("Zero gradients each step").is_checked()
    assert not pinned.get_by_role("group", name="requires_grad for").get_by_label("w₂").is_checked()
    assert pinned.locator("#in-w").input_value() == "0.2, -0.1, 0.3", "the inputs show the starting point"
    # the element's modules may still be loading: wait for it to take over the prerendered frame
    page.wait_for_function(f"() => document.querySelector('{TAG}').getAttribute('engine') === 'static'")
    widget.locator("#step").click()  # before Python: a clear message, the numbers stay
    assert "still starting" in widget.locator("[data-message]").inner_text()
    assert slots(widget, "update", LESSON_UPDATE) == LESSON_UPDATE
    assert watched.errors == []


def test_prerendered_frame_goes_live_and_steps(watched, own_page_site):
    page = watched.page
    page.goto(own_page_site.url("trainer.html"))
    watched.wait_live(TAG)
    wait_state(page, "s.losses && s.steps === 0")
    widget = page.locator(TAG).first
    click_steps(page, widget, 1)
    assert slots(widget, "update", LESSON_AFTER_ONE_STEP) == LESSON_AFTER_ONE_STEP
    custom = page.evaluate("() => document.querySelector('#custom').state")
    assert custom == neuron(w=[0.1, 0.1, 0.1], y=0.8, lr=0.3) and custom["steps"] == 0
    no_errors(watched)


def test_one_step_gives_lesson_weights(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    events = page.evaluate_handle(
        "() => { const seen = []; document.addEventListener('bp-change', e => seen.push(e.detail.cause)); return seen; }"
    )
    click_steps(page, widget, 1)
    assert slots(widget, "update", LESSON_AFTER_ONE_STEP) == LESSON_AFTER_ONE_STEP
    assert widget.locator("[data-steps]").inner_text() == "1"
    # every number moved: the forward pass now runs with the new weights
    s = state(page)
    assert engine_part(s) == engine_part(neuron(w=s["w"], b=s["b"]))
    assert slot(widget, "forward", "w0") == "0.2306"
    assert slot(widget, "forward", "loss") == display(s["loss"]) != "0.0581"
    assert events.evaluate("seen => seen") == ["step"]
    page.wait_for_function(
        "() => document.querySelector('bp-neuron-trainer').shadowRoot.querySelector('[data-live]').textContent"
        ".startsWith('After 1 step:')", timeout=5_000,
    )
    no_errors(watched)


def test_five_steps_match_pytorch_sgd(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    click_steps(page, widget, 5)  # five quick clicks are five updates, in order
    w, b, losses, _, _ = torch_sgd(5)
    s = state(page)
    assert s["steps"] == 5
    assert s["w"] == pytest.approx(w, abs=1e-9) and s["b"] == pytest.approx(b, abs=1e-9)
    # the loss history: one loss per step before its update, plus the current one
    _, _, losses6, _, _ = torch_sgd(6)
    assert s["losses"] == pytest.approx(losses6, abs=1e-9)
    shown = slots(widget, "update", ["w0", "w1", "w2", "b"])
    assert shown == {"w0": display(w[0]), "w1": display(w[1]), "w2": display(w[2]), "b": display(b)}
    # the chart's text alternative and its table
    text = widget.locator("[data-loss-text]").inner_text()
    assert text == f"Loss after 5 steps: {display(losses6[0])} → {display(losses6[5])}"
    assert widget.locator('[part~="chart"] .visually-hidden tbody tr').count() == 6
    assert widget.locator("svg.chart polyline").count() == 1
    no_errors(watched)


def test_reset_returns_to_attribute_values(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    click_steps(page, widget, 3)
    widget.locator("#reset").click()
    wait_state(page, "s.steps === 0")
    assert slots(widget, "update", LESSON_UPDATE) == LESSON_UPDATE
    assert state(page)["losses"] == [neuron()["loss"]]
    assert widget.locator("[data-loss-text]").inner_text().startswith("No steps yet")
    no_errors(watched)


# ---- the switches: "Things that bite" (section 4) ---------------------------------------------------------

def test_gotchas_fieldset_is_labelled(watched, site):
    widget = open_trainer(watched, site)
    fieldset = widget.locator('fieldset[part~="gotchas"]')
    assert fieldset.locator("legend").inner_text() == "Things that bite"
    assert widget.get_by_label("Zero gradients each step").is_checked()
    assert widget.get_by_role("group", name="requires_grad for").locator("input").count() == 4
    assert fieldset.get_by_role("button", name="Backward before forward").is_visible()


def test_zero_grad_off_gradients_pile_up(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    widget.get_by_label("Zero gradients each step").uncheck()
    wait_state(page, "s.zero_grads === false")
    click_steps(page, widget, 2)
    _, _, _, fresh, buffers = torch_sgd(2, zero_grad=False)
    s = state(page)
    # the .grad buffers after two backward passes without zero_grad: PyTorch's, and the sum of the two gradients
    carried = s["carried"]["w"] + [s["carried"]["b"]]
    assert carried == pytest.approx(buffers, abs=1e-12)
    assert carried == pytest.approx([g1 + g2 for g1, g2 in zip(*fresh)], abs=1e-12)
    # this pass adds its own gradient on top, and that sum drives the update
    _, _, _, fresh3, buffers3 = torch_sgd(3, zero_grad=False)
    assert s["dL_dw"] + [s["dL_db"]] == pytest.approx(fresh3[2], abs=1e-12)
    assert s["grad_w"] + [s["grad_b"]] == pytest.approx(buffers3, abs=1e-12)
    # visible: carried-in buffer, this pass, and their sum, side by side
    for i in range(3):
        assert slot(widget, "update", f"carried_w{i}") == display(buffers[i])
        assert slot(widget, "update", f"dL_dw{i}") == display(fresh3[2][i])
        assert slot(widget, "update", f"grad_w{i}") == display(buffers3[i])
    assert slot(widget, "update", "carried_b") == display(buffers[3])
    assert "piling up" in widget.locator('[part~="pile-note"]').inner_text()
    w, b, _, _, _ = torch_sgd(2, zero_grad=False)
    assert s["w"] == pytest.approx(w, abs=1e-9) and s["b"] == pytest.approx(b, abs=1e-9)
    no_errors(watched)


def test_zero_grad_off_makes_training_overshoot(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    widget.locator("#in-y").fill("0.8")
    wait_state(page, "s.y === 0.8 && s.steps === 0")
    click_steps(page, widget, 10)
    zeroed = state(page)["losses"]
    assert all(a > b for a, b in zip(zeroed, zeroed[1:])), "with zero_grad the loss falls every step"
    widget.locator("#reset").click()
    wait_state(page, "s.steps === 0")
    widget.get_by_label("Zero gradients each step").uncheck()
    wait_state(page, "s.zero_grads === false")
    click_steps(page, widget, 10)
    piled = state(page)["losses"]
    _, _, reference, _, _ = torch_sgd(11, zero_grad=False, y=0.8)
    assert piled == pytest.approx(reference, abs=1e-9)
    lowest = piled.index(min(piled))
    assert 0 < lowest < 10 and piled[-1] > 10 * piled[lowest], "the piled-up gradient overshoots and L climbs back"
    no_errors(watched)


def test_requires_grad_off_weight_never_moves(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    widget.get_by_role("group", name="requires_grad for").get_by_label("w₂").uncheck()
    wait_state(page, "s.requires_grad[1] === false")
    assert slot(widget, "backward", "dL_dw1") == "no grad"
    click_steps(page, widget, 3)
    s = state(page)
    assert s["w"][1] == -0.1 and s["w_new"][1] == -0.1
    assert s["dL_dw"][1] is None and s["grad_w"][1] is None
    w, b, _, _, _ = torch_sgd(3, frozen=(1,))
    assert s["w"] == pytest.approx(w, abs=1e-9) and s["b"] == pytest.approx(b, abs=1e-9)
    assert slot(widget, "update", "w1") == "−0.1000" and slot(widget, "update", "w_new1") == "−0.1000"
    assert slot(widget, "update", "grad_w1") == "no grad"
    assert "unchanged" in widget.locator('[part~="update"] tr.frozen').inner_text()
    assert slot(widget, "update", "w0") == display(w[0]) != "0.2000"  # the others learn
    no_errors(watched)


def test_backward_before_forward_is_refused_with_the_engines_message(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    with pytest.raises(StepOrderError) as refusal:
        neuron_backward_first()
    widget.get_by_role("button", name="Backward before forward").click()
    out = widget.locator("[data-refusal]")
    out.locator("[data-refusal-text]").wait_for(timeout=LIVE_TIMEOUT_MS)
    assert out.is_visible()
    assert out.locator("[data-refusal-text]").inner_text() == str(refusal.value)
    assert "StepOrderError" in out.inner_text() and "Refused" in out.inner_text()
    assert state(page)["steps"] == 0 and slots(widget, "update", LESSON_UPDATE) == LESSON_UPDATE
    no_errors(watched)


# ---- editing ----------------------------------------------------------------------------------------------------

def test_editing_w_recomputes(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    click_steps(page, widget, 2)
    causes = page.evaluate_handle(
        "() => { const seen = []; document.addEventListener('bp-change', e => seen.push(e.detail.cause)); return seen; }"
    )
    widget.locator("#in-w").fill("0.5, -0.2, 0.1")
    wait_state(page, "s.w[0] === 0.5 && s.steps === 0")
    s = state(page)
    expected = neuron(w=[0.5, -0.2, 0.1])
    assert s == expected
    assert page.locator(TAG).first.get_attribute("steps") is None, "a new starting point: steps back to 0"
    assert slot(widget, "forward", "loss") == display(expected["loss"])
    assert slot(widget, "update", "w_new0") == display(expected["w_new"][0])
    assert page.locator(TAG).first.get_attribute("w") == "0.5, -0.2, 0.1"
    assert "edit" in causes.evaluate("seen => seen")
    no_errors(watched)


@pytest.mark.parametrize("field,text,says", [
    ("w", "abc", "not a number"),
    ("b", "NaN", "not a number"),
    ("lr", "", "empty"),
    ("x", "0.8, , 1.2", "missing"),
])
def test_bad_entry_gives_message_and_keeps_last_good_numbers(watched, site, field, text, says):
    page = watched.page
    widget = open_trainer(watched, site)
    before = state(page)
    attribute = widget.get_attribute(field)
    entry = widget.locator(f"#in-{field}")
    entry.fill(text)
    entry.press("Tab")  # leaving the field commits it
    message = widget.locator("[data-message]")
    message.wait_for(state="visible")
    assert says in message.inner_text() and "last good numbers" in message.inner_text()
    assert entry.get_attribute("aria-invalid") == "true"
    page.wait_for_timeout(300)
    assert state(page) == before
    assert slots(widget, "forward", LESSON_FORWARD) == LESSON_FORWARD
    assert widget.get_attribute(field) == attribute  # the attribute never took the bad text
    entry.fill({"w": "0.2, -0.1, 0.3", "b": "0.1", "lr": "0.5", "x": "0.8, -0.4, 1.2"}[field])
    entry.press("Tab")
    message.wait_for(state="hidden")
    assert entry.get_attribute("aria-invalid") is None
    no_errors(watched)


def test_mismatched_lengths_are_refused_by_the_engine(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    before = state(page)
    widget.locator("#in-x").fill("0.8, -0.4, 1.2, 2")
    widget.locator("[data-message]").wait_for(state="visible")
    assert "x has 4 numbers but w has 3" in widget.locator("[data-message]").inner_text()
    assert state(page) == before
    widget.locator("#in-w").fill("0.2, -0.1, 0.3, 0.05")  # now they agree: a fourth row everywhere
    wait_state(page, "s.w.length === 4")
    assert widget.locator("[data-message]").is_hidden()
    assert state(page) == neuron(x=[0.8, -0.4, 1.2, 2], w=[0.2, -0.1, 0.3, 0.05])
    assert widget.locator("[data-rg]").count() == 5
    no_errors(watched)


def test_attribute_set_from_code_recomputes_without_event(watched, site):
    """The state shown is always the attributes': set from code, the starting point, steps or a switch recompute it
    (steps are kept: the attributes say how many), and no learner's event fires."""
    page = watched.page
    widget = open_trainer(watched, site)
    click_steps(page, widget, 2)
    fired = page.evaluate_handle(
        "() => { const n = {count: 0}; document.addEventListener('bp-change', () => n.count++); return n; }"
    )
    page.evaluate(f"() => {{ const el = document.querySelector('{TAG}'); el.lr = 0.25; el.b = -0.3; }}")
    wait_state(page, "s.lr === 0.25 && s.start.b === -0.3 && s.steps === 2")
    w, b, losses, _, _ = torch_sgd(2, b=-0.3, lr=0.25)
    s = state(page)
    assert s["w"] == pytest.approx(w, abs=1e-12) and s["b"] == pytest.approx(b, abs=1e-12)
    assert s["losses"][:2] == pytest.approx(losses, abs=1e-12)
    assert widget.locator("#in-lr").input_value() == "0.25" and widget.locator("#in-b").input_value() == "-0.3"
    page.evaluate(f"() => {{ const el = document.querySelector('{TAG}'); el.steps = 0; el.setAttribute('no-grad', 'w1'); }}")
    wait_state(page, "s.steps === 0 && s.requires_grad[0] === false")
    assert state(page) == neuron(b=-0.3, lr=0.25, no_grad="w1")
    assert not widget.get_by_role("group", name="requires_grad for").get_by_label("w₁").is_checked()
    assert widget.get_by_role("group", name="requires_grad for").get_by_label("w₂").is_checked()
    page.evaluate(f"() => document.querySelector('{TAG}').setAttribute('steps', '1001')")
    page.wait_for_function(f"() => document.querySelector('{TAG}').shadowRoot.querySelector('[data-message]')"
                           ".textContent.includes('from 0 to 1000')", timeout=LIVE_TIMEOUT_MS)
    assert state(page)["steps"] == 0, "refused: the last good numbers stay"
    page.wait_for_timeout(200)
    assert fired.evaluate("n => n.count") == 0
    no_errors(watched)


# ---- state that pins: steps and the switches as attributes ----------------------------------------------------------

SHOWN = """el => {
  const root = el.shadowRoot.querySelector('[data-bp-root]').cloneNode(true);
  root.querySelectorAll('[data-notice], [data-live], [data-message], [data-refusal]').forEach((n) => n.remove());
  const controls = [...el.shadowRoot.querySelectorAll('input')].map((i) => i.type === 'checkbox' ? String(i.checked) : i.value);
  return [root.textContent.replace(/\\s+/g, ' ').trim(), ...controls];
}"""

REPLACE = """attrs => {
  document.querySelectorAll('bp-neuron-trainer').forEach((e) => e.remove());
  const el = document.createElement('bp-neuron-trainer');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.querySelector('main').prepend(el);
}"""


def test_clicks_and_their_pinned_attributes_show_the_same_numbers(watched, site):
    """The learner's switches and clicks are written into the attributes; those attributes, on a fresh page, show
    every number the same, and the numbers are PyTorch's."""
    page = watched.page
    widget = open_trainer(watched, site)
    element = page.locator(TAG).first
    widget.get_by_label("Zero gradients each step").uncheck()
    widget.get_by_role("group", name="requires_grad for").get_by_label("w₂").uncheck()
    wait_state(page, "s.zero_grads === false && s.requires_grad[1] === false")
    click_steps(page, widget, 5)
    assert [element.get_attribute(a) for a in ("steps", "no-zero-grad", "no-grad")] == ["5", "", "w2"]
    s = state(page)
    w, b, losses, _, _ = torch_sgd(5, zero_grad=False, frozen=(1,))
    assert s["w"] == pytest.approx(w, abs=1e-12) and s["b"] == pytest.approx(b, abs=1e-12)
    assert s["losses"] == pytest.approx(losses + [s["loss"]], abs=1e-12)
    seen = element.evaluate(SHOWN)
    pinned = element.evaluate("el => el.pinnedAttributes()")
    assert {k: pinned[k] for k in ("x", "w", "b", "y", "lr", "steps", "no-zero-grad", "no-grad")} == {
        "x": "0.8, -0.4, 1.2", "w": "0.2, -0.1, 0.3", "b": "0.1", "y": "1", "lr": "0.5", "steps": "5",
        "no-zero-grad": "", "no-grad": "w2"}
    fresh = page.context.new_page()
    fresh.goto(site.url())
    fresh.evaluate(REPLACE, pinned)
    fresh.wait_for_function(f"() => document.querySelector('{TAG}').state?.steps === 5", timeout=LIVE_TIMEOUT_MS)
    assert fresh.evaluate(f"() => document.querySelector('{TAG}').state") == s, "bit for bit"
    assert fresh.locator(TAG).evaluate(SHOWN) == seen
    # and the learner goes on from there as from the clicks
    fresh.locator(TAG).locator("#step").click()
    widget.locator("#step").click()
    for p in (page, fresh):
        p.wait_for_function(f"() => document.querySelector('{TAG}').state.steps === 6", timeout=LIVE_TIMEOUT_MS)
    assert fresh.locator(TAG).evaluate(SHOWN) == element.evaluate(SHOWN)
    widget.locator("#reset").click()
    wait_state(page, "s.steps === 0")
    assert element.get_attribute("steps") is None and element.get_attribute("no-zero-grad") == ""
    no_errors(watched)


# ---- access and layout ------------------------------------------------------------------------------------------

def test_keyboard_only(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    widget.locator("#in-lr").focus()
    for _ in range(20):  # Tab on to "One step"
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.querySelector('{TAG}').shadowRoot.activeElement?.id") == "step":
            break
    else:
        pytest.fail("Tab never reached the One step button")
    outline = page.evaluate(
        f"() => getComputedStyle(document.querySelector('{TAG}').shadowRoot.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows a focus ring"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    wait_state(page, "s.steps === 2")
    no_errors(watched)


def test_axe_finds_nothing_in_the_widget(watched, site):
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - only this test needs it

    page = watched.page
    widget = open_trainer(watched, site)
    widget.get_by_label("Zero gradients each step").uncheck()
    widget.locator("[data-rg='1']").uncheck()
    widget.locator("#backward-first").click()
    widget.locator("[data-refusal-text]").wait_for()
    click_steps(page, widget, 2)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = Axe().run(page).response["violations"]
        ours = [(v["id"], n["target"]) for v in violations for n in v["nodes"]
                if isinstance(n["target"][0], list) and n["target"][0][0] == TAG]
        assert ours == [], (scheme, ours)


def test_no_inline_styles(watched, site):
    widget = open_trainer(watched, site)
    widget.get_by_label("Zero gradients each step").uncheck()
    click_steps(watched.page, widget, 3)
    counts = watched.page.evaluate(
        f"() => {{ const r = document.querySelector('{TAG}').shadowRoot;"
        " return [r.querySelectorAll('[style]').length, r.querySelectorAll('style').length]; }")
    assert counts == [0, 0]


def test_phone_width_no_page_scroll_and_big_targets(watched, site):
    page = watched.page
    page.set_viewport_size({"width": 360, "height": 780})
    widget = open_trainer(watched, site)
    widget.get_by_label("Zero gradients each step").uncheck()  # the widest update table: six columns
    widget.locator("#backward-first").click()
    widget.locator("[data-refusal-text]").wait_for()
    click_steps(page, widget, 3)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    box = widget.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    targets = widget.locator("button, input[type=text], label.check")
    for i in range(targets.count()):
        size = targets.nth(i).bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, targets.nth(i).inner_html()[:80]
    no_errors(watched)


# ---- linked highlighting: a term of the formula, its rows and its numbers -------------------------------------------

def test_pointing_at_delta_marks_every_number_that_uses_it_and_the_formula_walks_by_keyboard(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    delta = LESSON_BACKWARD["dL_dz"]
    widget.locator('th[data-q="dL_dz"]').hover()
    # the row header, its value, and delta as a factor in each dL/dw rule: a person sees where delta goes
    assert marked(page, TAG) == ["dL/dz = δ delta", delta, delta, delta, delta]
    widget.locator('[part~="forward"] [data-f="w1"]').hover()  # and back: a weight in a rule marks its rows
    assert marked(page, TAG) == ["w", "−0.1000", "w₂", "−0.1000"]
    page.mouse.move(0, 0)
    assert marked(page, TAG) == []
    # the formula is one tab stop; its terms are walked with the arrow keys, each marking its quantity
    assert widget.locator('.model [tabindex="0"]').count() == 1
    widget.locator(".model .term").first.focus()
    assert focused_text(page, TAG) == "z"
    assert marked(page, TAG) == ["z", "z", LESSON_FORWARD["z"], LESSON_FORWARD["z"]]  # the other z, row, value, rule
    page.keyboard.press("ArrowRight")
    assert focused_text(page, TAG) == "w"
    assert marked(page, TAG) == ["0.2000", "−0.1000", "0.3000", "w₁", "0.2000", "w₂", "−0.1000", "w₃", "0.3000"]
    page.keyboard.press("End")
    assert focused_text(page, TAG) == "y"
    assert marked(page, TAG) == ["1.0000", "1.0000"]
