"""backprop/exercise.py: the XOR exercise's check. Expected losses come from PyTorch (float64) or by hand."""

from __future__ import annotations

import json
import math
import random
import runpy
from pathlib import Path

import pytest
import torch

from backprop import Value, zero_grad
from backprop import bridge, sandbox
from backprop.exercise import LOSS_BELOW, PARAMETERS, check_xor

LISTING = Path(__file__).resolve().parents[1] / "web" / "listings" / "xor_exercise.py"
POINTS = [((0.0, 0.0), 0.0), ((0.0, 1.0), 1.0), ((1.0, 0.0), 1.0), ((1.0, 1.0), 0.0)]


def mlp(weights: list[float]) -> dict:
    """What a learner's cell defines for a 2-2-1 sigmoid network with these nine starting weights."""
    params = [Value(w) for w in weights]
    w11, w12, b1, w21, w22, b2, v1, v2, c = params

    def net(x1, x2):
        h1 = (w11 * x1 + w12 * x2 + b1).sigmoid()
        h2 = (w21 * x1 + w22 * x2 + b2).sigmoid()
        return (v1 * h1 + v2 * h2 + c).sigmoid()

    return {"net": net, "params": params}


def torch_loss(weights: list[float]) -> float:
    """The mean of 1/2 (yhat - y)^2 over the four points, for a 2-2-1 sigmoid network, in PyTorch."""
    w11, w12, b1, w21, w22, b2, v1, v2, c = torch.tensor(weights, dtype=torch.float64)
    x = torch.tensor([p for p, _ in POINTS], dtype=torch.float64)
    y = torch.tensor([t for _, t in POINTS], dtype=torch.float64)
    h1 = torch.sigmoid(w11 * x[:, 0] + w12 * x[:, 1] + b1)
    h2 = torch.sigmoid(w21 * x[:, 0] + w22 * x[:, 1] + b2)
    out = torch.sigmoid(v1 * h1 + v2 * h2 + c)
    return float((0.5 * (out - y) ** 2).mean())


# Hidden unit 1 is OR (fires above x1 + x2 = 0.5), hidden unit 2 is AND (above 1.5), the output is OR and not AND.
# By hand: every pre-activation is at least 10 - 20 * sigma(-10) > 9.99 away from 0 on the correct side, so every
# output is within sigma(-9.99) < 4.6e-5 of its target, and the loss is below 1/2 (4.6e-5)^2 ~ 1.1e-9.
BY_HAND = [20.0, 20.0, -10.0, 20.0, 20.0, -30.0, 20.0, -20.0, -10.0]


def test_a_2_2_1_network_with_known_weights_passes():
    verdict = check_xor(mlp(BY_HAND))
    assert verdict["passed"] and verdict["kind"] == "passed"
    assert verdict["loss"] < 1.1e-9
    assert verdict["loss"] == pytest.approx(torch_loss(BY_HAND), rel=1e-9)
    assert [round(v) for v in verdict["outputs"]] == [0, 1, 1, 0]
    assert verdict["message"].startswith("Passed: the mean loss on the four XOR points is")


def test_a_2_2_1_network_trained_in_the_cell_passes():
    """As the learner writes it: the engine's Values, backward(), 5000 full-batch steps at lr 2 from seed 0."""
    rng = random.Random(0)
    cell = mlp([rng.uniform(-1, 1) for _ in range(PARAMETERS)])
    for _ in range(5000):
        zero_grad(cell["params"])
        loss = sum(0.5 * (cell["net"](x1, x2) - y) ** 2 for (x1, x2), y in POINTS) / 4
        loss.backward()
        for p in cell["params"]:
            p.data -= 2.0 * p.grad
    verdict = check_xor(cell)
    assert verdict["passed"], verdict["message"]
    assert verdict["loss"] == pytest.approx(torch_loss([p.data for p in cell["params"]]), rel=1e-9)


def test_a_network_that_has_not_learned_is_not_yet():
    verdict = check_xor(mlp([0.0] * PARAMETERS))  # every output sigma(0) = 1/2: loss 1/2 * 1/4 = 0.125 by hand
    assert verdict["kind"] == "not-yet" and not verdict["passed"]
    assert verdict["loss"] == 0.125
    assert f"not below {LOSS_BELOW:g}" in verdict["message"]


def test_the_starting_listing_is_one_neuron_and_gets_a_shape_verdict():
    namespace = runpy.run_path(str(LISTING), run_name="__main__")
    verdict = check_xor(namespace)
    assert verdict["kind"] == "shape"
    assert verdict["message"].startswith(f"Not yet: params has 3 parameters; a 2-2-1 network has {PARAMETERS}")


def test_wrong_shapes():
    wide = {"params": [Value(0.1) for _ in range(13)]}  # 2-3-1: three hidden neurons
    h = wide["params"]
    wide["net"] = lambda x1, x2: (
        h[9] * (h[0] * x1 + h[1] * x2 + h[2]).sigmoid() + h[10] * (h[3] * x1 + h[4] * x2 + h[5]).sigmoid()
        + h[11] * (h[6] * x1 + h[7] * x2 + h[8]).sigmoid() + h[12]).sigmoid()
    assert check_xor(wide)["message"].startswith("Not yet: params has 13 parameters")

    hidden = mlp(BY_HAND)
    hidden["params"] = hidden["params"][:8] + [Value(1.0)]  # c is used but not listed; the listed one is not used
    assert check_xor(hidden)["message"] == (
        "Not yet: net does not use params[8]: every parameter in params should take part in the output.")
    unlisted = mlp(BY_HAND)
    extra = Value(0.0)
    inner = unlisted["net"]
    unlisted["net"] = lambda x1, x2: inner(x1, x2) + extra
    assert "1 trainable Value(s) that are not in params" in check_xor(unlisted)["message"]

    floats = mlp(BY_HAND)
    floats["params"] = [p.data for p in floats["params"]]
    assert check_xor(floats)["message"].startswith("Not yet: params[0] is a float, not a Value")
    twice = mlp(BY_HAND)
    twice["params"][1] = twice["params"][0]
    assert "the same Value more than once" in check_xor(twice)["message"]
    assert "not a dict" in check_xor({**mlp(BY_HAND), "params": {}})["message"]

    pair = mlp(BY_HAND)
    pair["net"] = lambda x1, x2: [Value(0.0), Value(1.0)]
    verdict = check_xor(pair)
    assert verdict["kind"] == "shape" and "returned 2 values" in verdict["message"]
    for verdict in (check_xor(wide), check_xor(hidden), check_xor(floats), check_xor(twice)):
        assert verdict["kind"] == "shape" and not verdict["passed"]


def test_a_network_not_built_from_values_is_refused():
    plain = {"params": mlp(BY_HAND)["params"], "net": lambda x1, x2: 1.0 / (1.0 + math.exp(-x1))}
    verdict = check_xor(plain)
    assert verdict["kind"] == "not-engine"
    assert "returned a float, not a Value" in verdict["message"]


def test_a_nan_loss_says_so():
    weights = list(BY_HAND)
    weights[6] = float("nan")
    verdict = check_xor(mlp(weights))
    assert verdict["kind"] == "nan" and not verdict["passed"]
    assert verdict["loss"] == "NaN"  # JSON-safe, as every engine number that is not finite
    assert verdict["message"].startswith("Not yet: the loss is nan")
    json.dumps(verdict, allow_nan=False)


def test_defining_nothing():
    verdict = check_xor({})
    assert verdict["kind"] == "missing"
    assert verdict["message"].startswith("Nothing to check yet: define net and params.")
    assert check_xor({"net": mlp(BY_HAND)["net"]})["message"].startswith("Nothing to check yet: define params.")
    assert check_xor({"net": 3, "params": []})["message"] == "net must be a function net(x1, x2), not a int."


def test_an_exception_is_reported_not_raised():
    raising = mlp(BY_HAND)
    raising["net"] = lambda x1, x2: x1 / 0
    verdict = check_xor(raising)
    assert verdict["kind"] == "error"
    assert verdict["message"] == "Not checked: net(0, 0) raised ZeroDivisionError: float division by zero"
    verdict = check_xor({}, "NameError: name 'h3' is not defined")
    assert verdict["kind"] == "error"
    assert verdict["message"].endswith("NameError: name 'h3' is not defined")


def test_running_out_of_time():
    verdict = check_xor({}, "backprop.sandbox.TimeBudgetExceeded: stopped after 20 seconds: the code was still "
                            "running. Look for a loop that never ends.")
    assert verdict["kind"] == "timeout"
    assert verdict["message"] == ("Not checked: your code ran out of time. stopped after 20 seconds: the code was "
                                  "still running. Look for a loop that never ends.")

    def forever(x1, x2):
        while True:
            pass

    sandbox.begin(0.05)
    try:
        verdict = check_xor({"net": forever, "params": []})
    finally:
        sandbox.end(None)
    assert verdict["kind"] == "timeout"
    assert verdict["message"].startswith("Not checked: net ran out of time. stopped after 0.05 seconds")


def test_the_bridge_answers_with_json_text():
    assert json.loads(bridge.check_exercise("xor", mlp(BY_HAND)))["kind"] == "passed"
    assert json.loads(bridge.check_exercise("xor", {}, "ValueError: x"))["kind"] == "error"
    unknown = json.loads(bridge.check_exercise("sudoku", {}))
    assert unknown == {"passed": False, "kind": "error", "message": "there is no exercise 'sudoku'"}
