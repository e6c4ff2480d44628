"""The XOR exercise on the lesson page (section 6): the learner types a 2-2-1 network into the cell, runs it by
keyboard, and reads the engine's verdict under the Run button; the cell tells the page with bp-answer and
bp-complete statements. Expected losses come from PyTorch."""

from __future__ import annotations

import torch

from backprop.exercise import LOSS_BELOW, PARAMETERS

from .conftest import LIVE_TIMEOUT_MS

# by hand: hidden 1 is OR, hidden 2 is AND, the output OR and not AND (tests/test_exercise.py explains the margins)
WEIGHTS = [20.0, 20.0, -10.0, 20.0, 20.0, -30.0, 20.0, -20.0, -10.0]
SOLUTION = f"""from backprop import Value

params = [Value(w) for w in {WEIGHTS!r}]
w11, w12, b1, w21, w22, b2, v1, v2, c = params


def net(x1, x2):
    h1 = (w11 * x1 + w12 * x2 + b1).sigmoid()
    h2 = (w21 * x1 + w22 * x2 + b2).sigmoid()
    return (v1 * h1 + v2 * h2 + c).sigmoid()

print("defined")
"""

ONE_NEURON = """from backprop import Value

params = [Value(1.0), Value(1.0), Value(-0.5)]
w1, w2, b = params


def net(x1, x2):
    return (w1 * x1 + w2 * x2 + b).sigmoid()
"""

LISTEN = """() => { window.statements = [];
  for (const type of ['bp-answer', 'bp-complete'])
    document.addEventListener(type, (e) => window.statements.push({ type, statement: e.detail.statement })); }"""


def torch_loss() -> float:
    w11, w12, b1, w21, w22, b2, v1, v2, c = torch.tensor(WEIGHTS, dtype=torch.float64)
    x = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float64)
    h1 = torch.sigmoid(w11 * x[:, 0] + w12 * x[:, 1] + b1)
    h2 = torch.sigmoid(w21 * x[:, 0] + w22 * x[:, 1] + b2)
    out = torch.sigmoid(v1 * h1 + v2 * h2 + c)
    return float((0.5 * (out - torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=torch.float64)) ** 2).mean())


def test_the_learner_writes_a_2_2_1_network_and_the_engine_checks_it(watched, site):
    page = watched.page
    page.goto(site.url())
    page.evaluate(LISTEN)
    cell = page.locator("bp-python-cell[exercise='xor']")
    question = cell.locator("[data-exercise-question]").inner_text()
    assert f"below {LOSS_BELOW:g}" in question and "net(x1, x2)" in question and "params" in question

    # the learner types one neuron, then a network that is not built from Values, then a 2-2-1 network, and runs
    # each by keyboard (the starting code's own verdict, one neuron, is tests/test_exercise.py's: it trains for a while)
    editor = cell.get_by_role("textbox", name="Python code you can edit and run")
    button = cell.get_by_role("button", name="Run and check")
    editor.wait_for(timeout=LIVE_TIMEOUT_MS)  # the element makes its editor once its module has loaded
    editor.fill(ONE_NEURON)
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("bp-python-cell[exercise='xor'] .cell-verdict[data-kind='shape']", timeout=LIVE_TIMEOUT_MS)
    verdict = cell.locator(".cell-verdict")
    assert verdict.inner_text().startswith(f"Not yet: params has 3 parameters; a 2-2-1 network has {PARAMETERS}")

    editor.fill("def net(x1, x2):\n    return 0.5\n\nparams = []\n")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("bp-python-cell[exercise='xor'] .cell-verdict[data-kind='not-engine']",
                           timeout=LIVE_TIMEOUT_MS)
    assert "returned a float, not a Value" in verdict.inner_text()

    editor.fill(SOLUTION)
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("bp-python-cell[exercise='xor'] .cell-verdict[data-kind='passed']", timeout=LIVE_TIMEOUT_MS)
    assert verdict.inner_text().startswith(
        f"Passed: the mean loss on the four XOR points is {torch_loss():.3g}, below {LOSS_BELOW:g}.")
    assert cell.locator("[data-output]").text_content() == "defined\n"

    statements = page.evaluate("() => window.statements")
    assert [s["type"] for s in statements] == ["bp-answer", "bp-answer", "bp-answer", "bp-complete"]
    answers = [s["statement"] for s in statements[:3]]
    assert [a["result"]["success"] for a in answers] == [False, False, True]
    assert all(a["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered" for a in answers)
    assert answers[2]["result"]["response"] == SOLUTION
    assert answers[0]["result"]["extensions"][site.url("xapi/hint-kind")] == "shape"
    done = statements[3]["statement"]
    assert done["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert done["result"]["score"] == {"raw": 1, "min": 0, "max": 1, "scaled": 1}
    assert done["object"]["id"].endswith("#exercise-xor")
    assert "actor" not in done
    assert watched.errors == []


def test_an_exception_in_the_learners_code_is_the_verdict(watched, site):
    page = watched.page
    page.goto(site.url())
    cell = page.locator("bp-python-cell[exercise='xor']")
    editor = cell.get_by_role("textbox", name="Python code you can edit and run")
    editor.wait_for(timeout=LIVE_TIMEOUT_MS)  # the element makes its editor once its module has loaded
    editor.fill("params = [h3]\n")
    cell.get_by_role("button", name="Run and check").click()
    page.wait_for_selector("bp-python-cell[exercise='xor'] .cell-verdict[data-kind='error']", timeout=LIVE_TIMEOUT_MS)
    assert cell.locator(".cell-verdict").inner_text() == (
        "Not checked: your code stopped with an error before the check (below): NameError: name 'h3' is not defined")
    assert watched.errors == []
