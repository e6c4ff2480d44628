"""<bp-neuron-trainer> in real Chromium: the numbers of section 3 of the lesson page, steps that match PyTorch's SGD, and the
section 4 switches ("Things that bite"), each with its visible effect. Editing, pinned state, access and linked
highlighting: test_bp_neuron_trainer_editing.py. References: neuron_trainer_driver.py."""

from __future__ import annotations

import pytest

from backprop.trace import StepOrderError
from backprop.widgets import neuron, neuron_backward_first

from .conftest import LIVE_TIMEOUT_MS, display, prerendered_site
from .neuron_trainer_driver import (
    LESSON_AFTER_ONE_STEP, LESSON_BACKWARD, LESSON_FORWARD, LESSON_UPDATE, TAG, click_steps, engine_part, no_errors, open_trainer, slot, slots, state, torch_sgd, wait_state,
)

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
