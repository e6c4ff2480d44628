"""xor_lab: the XOR lab's engine calls, checked against hand-derived plain-float gradient descent, against the models
module's own histories, and for the lesson's facts (the 0.125 plateau, a known-good seed below 0.001)."""

from __future__ import annotations

import functools
import json
import math

import pytest

from backprop import models
from backprop.errors import SettingError
from backprop.models import KNOWN_GOOD_XOR_SEED, KNOWN_STUCK_XOR_SEED, XOR_DATA, xor_mlp_init, xor_single_init
from backprop.widgets import FUNCTIONS, call
from backprop.xor_lab import HEATMAP_EXTENT, heatmap, single_neuron_floor, xor_lab, xor_lab_start


# ---- an independent reference: the gradients derived by hand, in plain floats ---------------------------------------


def _sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _reference_single_step(p: list[float], lr: float) -> tuple[float, list[float]]:
    """Loss before the update and the parameters after it, for yhat = s(w1 x1 + w2 x2 + b), L = mean 1/2 (yhat-y)^2.
    dL/dz = (yhat - y) yhat (1 - yhat) / 4 per example."""
    w1, w2, b = p
    loss, g = 0.0, [0.0, 0.0, 0.0]
    for (x1, x2), y in XOR_DATA:
        yhat = _sig(w1 * x1 + w2 * x2 + b)
        loss += 0.5 * (yhat - y) ** 2 / 4
        dz = (yhat - y) * yhat * (1 - yhat) / 4
        g[0] += dz * x1
        g[1] += dz * x2
        g[2] += dz
    return loss, [pi - lr * gi for pi, gi in zip(p, g)]


def _reference_mlp_step(p: list[float], lr: float) -> tuple[float, list[float]]:
    """The same for the 2-2-1 network: backprop written out, delta by delta."""
    w11, w12, b1, w21, w22, b2, v1, v2, c = p
    loss, g = 0.0, [0.0] * 9
    for (x1, x2), y in XOR_DATA:
        h1 = _sig(w11 * x1 + w12 * x2 + b1)
        h2 = _sig(w21 * x1 + w22 * x2 + b2)
        yhat = _sig(v1 * h1 + v2 * h2 + c)
        loss += 0.5 * (yhat - y) ** 2 / 4
        d_out = (yhat - y) * yhat * (1 - yhat) / 4  # dL/d(output pre-activation)
        d1 = d_out * v1 * h1 * (1 - h1)  # dL/d(hidden 1 pre-activation)
        d2 = d_out * v2 * h2 * (1 - h2)
        for i, d in enumerate((d1 * x1, d1 * x2, d1, d2 * x1, d2 * x2, d2, d_out * h1, d_out * h2, d_out)):
            g[i] += d
    return loss, [pi - lr * gi for pi, gi in zip(p, g)]


REFERENCE = {"single": (_reference_single_step, xor_single_init), "mlp": (_reference_mlp_step, xor_mlp_init)}


@pytest.mark.parametrize("model", ["single", "mlp"])
@pytest.mark.parametrize("seed", [0, 2, 7, 123456])
def test_first_steps_match_hand_derived_reference(model: str, seed: int) -> None:
    step_fn, init = REFERENCE[model]
    p = init(seed)
    result = xor_lab(model=model, seed=seed, lr=2.0, steps=5)
    for k in range(5):
        loss, p = step_fn(p, 2.0)
        assert math.isclose(result["loss"][k], loss, rel_tol=0, abs_tol=1e-12), k
    assert all(math.isclose(a, b, rel_tol=0, abs_tol=1e-12) for a, b in zip(result["params"], p))
    outputs = [_float_output(model, p, x) for x, _ in XOR_DATA]
    assert all(math.isclose(a, b, rel_tol=0, abs_tol=1e-12) for a, b in zip(result["outputs"], outputs))
    assert math.isclose(result["final_loss"], step_fn(p, 2.0)[0], rel_tol=0, abs_tol=1e-12)


def _float_output(model: str, p: list[float], x: tuple[float, float]) -> float:
    if model == "single":
        return _sig(p[0] * x[0] + p[1] * x[1] + p[2])
    h1 = _sig(p[0] * x[0] + p[1] * x[1] + p[2])
    h2 = _sig(p[3] * x[0] + p[4] * x[1] + p[5])
    return _sig(p[6] * h1 + p[7] * h2 + p[8])


# ---- one long run, in chunks ------------------------------------------------------------------------------------------


def _chunks(model: str, seed: int, total: int, size: int, lr: float = 2.0) -> dict:
    """Train in calls of `size` steps, passing the state through JSON as the page does. Returns the last call's
    result with "history" = loss after 0..total updates."""
    state = xor_lab(model=model, seed=seed, lr=lr)
    history = [state["final_loss"]]
    while state["step"] < total:
        args = json.loads(json.dumps({"params": state["params"], "step": state["step"]}))
        state = xor_lab(model=model, seed=seed, lr=lr, steps=min(size, total - state["step"]), grid=0, **args)
        assert state["loss"][0] == history[-1], "a call starts from the loss the previous one ended with"
        history[-1:] = state["loss"] + [state["final_loss"]]
    state["history"] = history
    return state


@functools.lru_cache(maxsize=None)
def _mlp_chunked(seed: int, total: int) -> tuple:
    state = _chunks("mlp", seed, total, 500)
    return tuple(state["history"]), tuple(state["outputs"]), tuple(state["params"])


@pytest.mark.parametrize("model,history_fn", [("single", models.xor_single_history), ("mlp", models.xor_mlp_history)])
def test_chunked_calls_equal_one_run_of_the_models_module(model: str, history_fn) -> None:  # noqa: ANN001
    chunked = _chunks(model, 3, 120, 7)
    whole = history_fn(steps=120, lr=2.0, seed=3)
    assert chunked["history"][:120] == whole["loss"]  # bit for bit: same code path, floats survive JSON
    assert chunked["params"] == whole["params"]
    assert chunked["step"] == 120


def test_single_neuron_plateau_at_the_floor() -> None:
    floor = single_neuron_floor()
    assert floor == 0.125  # mean over XOR of 1/2 (0.5 - y)^2 = 1/2 * 1/4
    for seed in (0, 1, 2, KNOWN_STUCK_XOR_SEED):
        state = _chunks("single", seed, 1500, 500)
        assert abs(state["final_loss"] - 0.125) < 1e-4
        assert all(abs(o - 0.5) < 1e-4 for o in state["outputs"])
        assert min(state["history"]) > 0.125 - 1e-9, "one neuron never gets below the floor"
    state = xor_lab(model="single", seed=0)
    assert state["floor"] == floor


def test_known_good_seed_solves_xor_within_5000_steps() -> None:
    history, outputs, _ = _mlp_chunked(KNOWN_GOOD_XOR_SEED, 5000)
    assert history[-1] < 0.001
    assert [round(o) for o in outputs] == [0, 1, 1, 0]
    first_below = next(k for k, loss in enumerate(history) if loss < 0.001)
    assert 0 < first_below <= 5000


def test_known_stuck_seed_stays_stuck() -> None:
    history, outputs, _ = _mlp_chunked(KNOWN_STUCK_XOR_SEED, 5000)
    assert 0.05 < history[-1] < 0.07
    assert sum(abs(o - 0.5) < 0.01 for o in outputs) == 2, "two outputs sit at 0.5"
    assert (history[-1001] - history[-1]) / history[-1] < 0.02, "and the loss has all but stopped falling"


def test_state_is_json_and_complete() -> None:
    state = xor_lab(model="mlp", seed=KNOWN_STUCK_XOR_SEED, lr="1.5", steps="3")
    json.dumps(state, allow_nan=False)
    assert state["model"] == "mlp" and state["seed"] == KNOWN_STUCK_XOR_SEED and state["lr"] == 1.5
    assert state["step"] == 3 and len(state["loss"]) == 3 and len(state["params"]) == 9
    assert state["param_names"] == ["w11", "w12", "b1", "w21", "w22", "b2", "v1", "v2", "c"]
    assert state["inputs"] == [[0, 0], [0, 1], [1, 0], [1, 1]] and state["targets"] == [0, 1, 1, 0]
    assert state["known_good_seed"] == KNOWN_GOOD_XOR_SEED and state["known_stuck_seed"] == KNOWN_STUCK_XOR_SEED
    assert xor_lab(model="single")["loss"] == []  # steps=0: report only


def test_heatmap_shape_range_and_orientation() -> None:
    state = xor_lab(model="mlp", seed=0, grid=24)
    grid = state["heatmap"]
    assert len(grid) == 24 and all(len(row) == 24 for row in grid)
    assert all(0.0 <= v <= 1.0 for row in grid for v in row)
    assert state["extent"] == list(HEATMAP_EXTENT)
    # row 0 is the top (x2 largest), column 0 the left (x1 smallest): check one corner cell against the model
    lo, hi = HEATMAP_EXTENT
    h = (hi - lo) / 24
    p = state["params"]
    assert math.isclose(grid[0][0], _float_output("mlp", p, (lo + h / 2, hi - h / 2)), rel_tol=1e-12)
    assert math.isclose(grid[23][5], _float_output("mlp", p, (lo + 5.5 * h, lo + h / 2)), rel_tol=1e-12)
    # a trained network paints XOR: the cells holding the four inputs are on the right side of 0.5
    _, _, params = _mlp_chunked(KNOWN_GOOD_XOR_SEED, 5000)
    picture = heatmap("mlp", params, 8)  # cells of width 0.25: the inputs sit at the centres of cells 2 and 6
    assert picture[6][2] < 0.5 and picture[2][6] < 0.5  # (0,0) and (1,1)
    assert picture[2][2] > 0.5 and picture[6][6] > 0.5  # (0,1) and (1,0)
    assert xor_lab(model="single", grid=0)["heatmap"] == []
    # far from the data the plain-float sigmoid neither overflows nor leaves [0, 1]
    assert {v for row in heatmap("single", [0.0, 0.0, 900.0], 4) for v in row} == {1.0}
    assert all(0.0 <= v < 1e-300 for row in heatmap("single", [0.0, 0.0, -900.0], 4) for v in row)


@pytest.mark.parametrize(
    "args,words",
    [
        ({"model": "deep"}, "model must be"),
        ({"seed": -1}, "seed must be a whole number from 0 to 1000000"),
        ({"seed": 1_000_001}, "seed must be a whole number"),
        ({"seed": 2.5}, "seed must be a whole number"),
        ({"seed": "abc"}, "seed must be a number"),
        ({"seed": True}, "seed must be a number"),
        ({"lr": 0}, "learning rate must be greater than 0"),
        ({"lr": -1}, "learning rate must be greater than 0"),
        ({"lr": 101}, "at most 100"),
        ({"lr": float("nan")}, "learning rate must be a finite number"),
        ({"lr": "inf"}, "learning rate must be a finite number"),
        ({"lr": ""}, "learning rate is empty"),
        ({"steps": 2001}, "steps must be a whole number from 0 to 2000"),
        ({"steps": -1}, "steps must be"),
        ({"steps": 1.5}, "steps must be"),
        ({"grid": 1}, "grid must be 0"),
        ({"grid": 65}, "grid must be"),
        ({"params": [1.0, 2.0]}, "has 9 parameters"),
        ({"params": "1, 2, 3"}, "params must be a list"),
        ({"params": [0.1] * 8 + ["x"]}, "params[8] (c) must be a number"),
        ({"params": [0.1] * 8 + [float("inf")]}, "must be a finite number"),
        ({"step": 5}, "step must be 0 when params are not given"),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_message(args: dict, words: str) -> None:
    with pytest.raises(SettingError, match=words.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
                       .replace("]", r"\]")):
        xor_lab(**{"model": "mlp", **args})


def test_start_state_for_the_element() -> None:
    assert FUNCTIONS["xor_lab_start"] is xor_lab_start and FUNCTIONS["xor_lab"] is xor_lab
    state = call(xor_lab_start, {"seed": "2", "lr": "2.0", "class": "wide"})  # unknown attributes are ignored
    assert state["model"] == "both" and list(state["panels"]) == ["single", "mlp"]
    assert state["seed"] == 2 and state["lr"] == 2.0 and state["floor"] == 0.125
    for name, panel in state["panels"].items():
        assert panel["params"] == (xor_single_init if name == "single" else xor_mlp_init)(2)
        assert panel["history"] == [panel["final_loss"]] and panel["step"] == 0
    assert list(call(xor_lab_start, {"model": "mlp"})["panels"]) == ["mlp"]
    json.dumps(state, allow_nan=False)
    with pytest.raises(SettingError, match="model must be 'both'"):
        xor_lab_start(model="three")


def test_answers_carry_the_limits_the_page_needs() -> None:
    """The page keeps no copy of the ranges: they come with every answer, and they are the ones the engine enforces."""
    limits = {"seed": [0, 1_000_000], "lr": [0, 100], "steps_per_call": 2000, "steps": 10_000}
    assert xor_lab(model="single")["limits"] == limits and xor_lab_start()["limits"] == limits
    json.dumps(xor_lab_start(), allow_nan=False)
    assert xor_lab(model="single", seed=1_000_000, lr=100, steps=2000, grid=0)["step"] == 2000
    for args in ({"seed": 1_000_001}, {"lr": 100.000001}, {"steps": 2001}):
        with pytest.raises(SettingError):
            xor_lab(model="single", grid=0, **args)


def test_start_state_after_steps_is_hand_derived_gradient_descent() -> None:
    """The steps attribute: the state after that many updates from the seed, each update the hand-derived one."""
    state = call(xor_lab_start, {"seed": "3", "lr": "1.5", "steps": "40"})
    for name, panel in state["panels"].items():
        step, init = REFERENCE[name]
        p, losses = init(3), []
        for _ in range(40):
            loss, p = step(p, 1.5)
            losses.append(loss)
        assert panel["step"] == 40 and len(panel["history"]) == 41
        assert panel["history"][:40] == pytest.approx(losses, rel=1e-12, abs=1e-15)
        assert panel["params"] == pytest.approx(p, rel=1e-12, abs=1e-15)
        assert panel["history"][-1] == panel["final_loss"]


def test_start_state_after_steps_is_the_pages_batches_bit_for_bit() -> None:
    """What the page shows after Play (batches of xor_lab calls, each from the last one's params) is exactly what its
    copied code (steps=N) computes in one run: params, loss, outputs, history and heatmap."""
    pinned = xor_lab_start(model="mlp", seed=KNOWN_STUCK_XOR_SEED, steps=2345)["panels"]["mlp"]
    panel = xor_lab(model="mlp", seed=KNOWN_STUCK_XOR_SEED)
    history = [panel["final_loss"]]
    for batch in (1, 20, 700, 1624):  # uneven batches, as Play sizes them
        panel = xor_lab(model="mlp", seed=KNOWN_STUCK_XOR_SEED, params=panel["params"], step=panel["step"], steps=batch)
        history = history[:-1] + panel["loss"] + [panel["final_loss"]]
    assert panel["step"] == pinned["step"] == 2345
    for key in ("params", "final_loss", "outputs", "heatmap"):
        assert pinned[key] == panel[key], key
    assert pinned["history"] == history


def test_steps_beyond_the_cap_are_refused_saying_the_cap() -> None:
    """A pasted attribute or a prerender cannot take minutes: beyond 10000 updates the engine refuses, and says so."""
    for steps in ("10001", "1e9", "-1", "2.5"):
        with pytest.raises(SettingError, match="steps must be a whole number from 0 to 10000"):
            xor_lab_start(steps=steps)


@pytest.mark.parametrize("model", ["single", "mlp"])
@pytest.mark.parametrize("seed", [0, KNOWN_STUCK_XOR_SEED, 63])
def test_grad_norm_is_the_length_of_the_hand_derived_gradient(model: str, seed: int) -> None:
    state = xor_lab(model=model, seed=seed, steps=40)
    reference_step, _ = REFERENCE[model]
    # one update at learning rate 1 moves the parameters by exactly minus the gradient
    _, moved = reference_step(state["params"], 1.0)
    expected = math.sqrt(sum((p - q) ** 2 for p, q in zip(state["params"], moved)))
    assert state["grad_norm"] == pytest.approx(expected, rel=1e-9)


def test_grad_norm_is_zero_where_every_pull_cancels() -> None:
    # w1 = w2 = b = 0: every output is 1/2 and the four errors (+1/2, -1/2, -1/2, +1/2) cancel in every partial
    assert xor_lab(model="single", params=[0, 0, 0])["grad_norm"] == 0.0
