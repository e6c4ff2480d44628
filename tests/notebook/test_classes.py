"""backprop.notebook's classes, in Python, as pip installs them from the built wheel: their traits, the messages for
a wrong value (the page's own sentence, from web/js/attributes.js run by Node), the kernel's answers (PyTorch's
numbers) and events. The real front end is tests/notebook/test_jupyterlab.py."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
import torch
import traitlets

JS = Path(__file__).resolve().parents[2] / "web" / "js"
CLASSES = ("ChainRule", "GraphStepper", "NeuronTrainer", "XorLab", "Playground")


def page_message(view: str, attributes: dict[str, str]) -> list[str]:
    """The problems the page shows for these attribute texts (readAttributes on the view's table, under Node)."""
    script = ("const [, view, attrs] = process.argv; const v = await import(view);"
              "const a = await import(new URL('./attributes.js', view).href);"
              "process.stdout.write(JSON.stringify(a.readAttributes(v.ATTRIBUTES, JSON.parse(attrs)).problems));")
    out = subprocess.run(["node", "--input-type=module", "-e", script, (JS / view).as_uri(), json.dumps(attributes)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def test_every_widget_is_a_class_with_its_attributes_as_traits(notebook):
    assert set(CLASSES) <= set(notebook.__all__)
    w = notebook.ChainRule()
    assert (w.x, w.min, w.max, w.step, w.state) == (0.4, -2, 2, 0.01, None)
    assert notebook.NeuronTrainer().no_zero_grad is False  # no-zero-grad, a boolean attribute
    assert notebook.XorLab().model == "both"
    assert notebook.GraphStepper(expr="a*b", values={"a": 2}).values == {"a": 2}


@pytest.mark.parametrize(("cls", "view", "name", "value", "text"), [
    ("ChainRule", "chain-rule-view.js", "x", "abc", "abc"),
    ("ChainRule", "chain-rule-view.js", "x", float("inf"), "Infinity"),
    ("XorLab", "xor-lab-view.js", "model", "deep", "deep"),
    ("XorLab", "xor-lab-view.js", "seed", 1.5, "1.5"),
    ("GraphStepper", "graph-stepper-view.js", "step", -1, "-1"),  # out of range
    ("NeuronTrainer", "neuron-trainer-view.js", "steps", True, "true"),  # a bool is no number in Python
])
def test_a_wrong_value_gets_the_pages_message_and_the_widget_keeps_working(notebook, cls, view, name, value, text):
    w = getattr(notebook, cls)()
    before = getattr(w, name)
    with pytest.raises(traitlets.TraitError) as refused:
        setattr(w, name, value)
    (page,) = page_message(view, {name: text})
    said = str(refused.value)
    # the same sentence up to what happens next: the page uses the default, the trait keeps its value
    assert said.split(" is ", 1)[1].split("; ")[0] == page.split(" is ", 1)[1].split("; ")[0]
    assert said.endswith(f"; {name} stays {before!r}.") or said.endswith(f"; {name} stays the engine's default.")
    assert getattr(w, name) == before


def torch_chain(x: float) -> float:
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    torch.sin((3 * t + 2) ** 2).backward()
    return t.grad.item()


def test_the_kernel_answers_a_call_with_the_engine(notebook):
    w = notebook.ChainRule()
    sent = []
    w.send = sent.append
    reply = w.answer({"type": "call", "id": "t:1", "fn": "chain_rule", "args": {"x": 0.7}})
    assert sent == [reply] and reply["id"] == "t:1"
    answer = json.loads(reply["value"])
    assert answer["ok"] and answer["result"]["stages"][0]["grad"] == pytest.approx(torch_chain(0.7), rel=1e-12)
    refused = json.loads(w.answer({"type": "call", "id": "t:2", "fn": "playground", "args": {"expr": "x +"}})["value"])
    assert not refused["ok"] and refused["error"]["type"] == "ExpressionError"
    assert w.answer("not a message") is None


def test_practice_is_a_trait_and_the_kernel_grades(notebook):
    """Practice mode in a notebook: the trait, and the kernel answering the element's practice calls (the page's
    worker answers the same two functions)."""
    for cls in ("ChainRule", "GraphStepper", "NeuronTrainer"):
        w = getattr(notebook, cls)(practice=True, remember=False)
        assert w.practice is True
    w = notebook.ChainRule(practice=True)
    state = json.loads(w.answer({"type": "call", "id": "t:1", "fn": "chain_rule", "args": {"x": 0.4}})["value"])["result"]
    asked = json.loads(w.answer({"type": "call", "id": "t:2", "fn": "practice_questions",
                                 "args": {"widget": "chain-rule", "state": state}})["value"])["result"]
    last = asked["questions"][-1]
    assert last["id"] == "dL/dx" and last["expected"] == pytest.approx(torch_chain(0.4), rel=1e-12)
    graded = json.loads(w.answer({"type": "call", "id": "t:3", "fn": "practice_check",
                                  "args": {"response": "3", "question": last}})["value"])["result"]
    assert graded["correct"] is False and graded["kind"] == "local-only"  # du/dx = 3 alone, by hand


def test_events_reach_the_handlers(notebook):
    w = notebook.ChainRule()
    seen = []
    w.on_event(lambda name, detail: seen.append((name, detail)))
    w.answer({"type": "event", "name": "bp-change", "detail": {"state": {"x": 0.5}}})
    assert seen == [("bp-change", {"state": {"x": 0.5}})]


def test_the_wheel_asks_for_anywidget_only_with_the_notebook_extra(dist):
    (wheel,) = (dist / "notebook").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        metadata = zf.read("backprop-0.1.0.dist-info/METADATA").decode()
        names = zf.namelist()
    assert 'Requires-Dist: anywidget>=0.9; extra == "notebook"' in metadata
    assert "backprop/notebook/static/js/bp-chain-rule.js" in names and "backprop/notebook/static/css/widgets.css" in names
    with zipfile.ZipFile(dist / "wheels" / wheel.name) as zf:  # the page's wheel: the engine alone
        assert not [n for n in zf.namelist() if "notebook" in n]
