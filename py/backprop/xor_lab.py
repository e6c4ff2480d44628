"""The XOR lab (LESSON.md section 6): one sigmoid neuron against a 2-2-1 network, trained a batch of steps at a time.

Stateless: the page holds the parameters and the step count, and hands them back with each call, so the lab can train
for as long as the learner likes in chunks of at most MAX_STEPS_PER_CALL updates. A chain of calls gives bit for bit
the numbers of one long run (and of ``models.xor_single_history`` / ``models.xor_mlp_history``), because training goes
through the very same code: Value operations for the forward pass, ``backward()`` for every gradient, and the model
code path in ``models`` (``_train``), with the same initialisation (``xor_single_init`` / ``xor_mlp_init``). Floats
survive the trip through JSON unchanged (shortest round-trip text on both sides), so nothing drifts between calls.

The decision-boundary heatmap is different on purpose: it is a picture, not a result. It evaluates the current model
on a grid of points with plain float arithmetic and ``math.exp`` directly (no Value objects, no libm), so that
hundreds of evaluations per call stay cheap. Its numbers may differ from the engine's in the last bit between
platforms; nothing else is computed that way, and the loss, the outputs and the parameters never are.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable, Sequence

from . import models
from .expr import ExpressionError
from .inputs import number
from .jsonsafe import json_safe
from .models import KNOWN_GOOD_XOR_SEED, KNOWN_STUCK_XOR_SEED, XOR_DATA, xor_mlp_init, xor_single_init
from .value import Value

__all__ = [
    "xor_lab",
    "xor_lab_start",
    "single_neuron_floor",
    "heatmap",
    "MODELS",
    "HEATMAP_EXTENT",
    "MAX_STEPS_PER_CALL",
]

MAX_SEED = 1_000_000
MAX_LR = 100.0
MAX_STEPS_PER_CALL = 2000
MAX_STEP_COUNT = 10**9  # updates already applied, as the page counts them
MAX_GRID = 64
DEFAULT_GRID = 24
# The square the heatmap covers, for x1 and x2 alike: the four XOR inputs sit a quarter of the way in from each edge.
HEATMAP_EXTENT = (-0.5, 1.5)

MODEL_NAMES = {"single": "one neuron", "mlp": "2-2-1 network"}
PARAM_NAMES = {
    "single": ("w1", "w2", "b"),
    "mlp": ("w11", "w12", "b1", "w21", "w22", "b2", "v1", "v2", "c"),
}
INITS = {"single": xor_single_init, "mlp": xor_mlp_init}


# ---- the models, as Value graphs (the same graphs as models.xor_single_history / xor_mlp_history) ------------------


def _single_model(params: Sequence[Value]) -> Callable[[Value, Value], Value]:
    w1, w2, b = params

    def model(x1: Value, x2: Value) -> Value:
        # yhat = sigma(w1 x1 + w2 x2 + b)
        return (w1 * x1 + w2 * x2 + b).sigmoid()

    return model


def _mlp_model(params: Sequence[Value]) -> Callable[[Value, Value], Value]:
    w11, w12, b1, w21, w22, b2, v1, v2, c = params

    def model(x1: Value, x2: Value) -> Value:
        # two hidden sigmoid units, then one output unit reading them
        h1 = (w11 * x1 + w12 * x2 + b1).sigmoid()
        h2 = (w21 * x1 + w22 * x2 + b2).sigmoid()
        return (v1 * h1 + v2 * h2 + c).sigmoid()

    return model


MODELS: dict[str, Callable[[Sequence[Value]], Callable[[Value, Value], Value]]] = {
    "single": _single_model,
    "mlp": _mlp_model,
}


def _evaluate(model: Callable[[Value, Value], Value]) -> tuple[float, list[float]]:
    """The loss and the four outputs of `model` as it stands: the forward pass of models._train, written the same
    way (same operations, same order), so its loss is the number the next training step would start from."""
    total = None
    outputs = []
    for (a, b), t in XOR_DATA:
        yhat = model(Value(a, "x1", False), Value(b, "x2", False))
        outputs.append(yhat.data)
        err = yhat - Value(t, "y", False)
        term = 0.5 * err * err
        total = term if total is None else total + term
    loss = total * 0.25  # type: ignore[operator]
    return loss.data, outputs


@functools.lru_cache(maxsize=1)
def single_neuron_floor() -> float:
    """The loss when every output is 0.5: mean over XOR of 1/2 (0.5 - y)^2, computed with Value operations. One
    neuron trained on XOR falls to exactly this and stays there."""
    return _evaluate(lambda x1, x2: Value(0.5, "yhat", False))[0]


# ---- the heatmap: a picture, in plain floats -------------------------------------------------------------------------


def _float_model(model: str, p: Sequence[float]) -> Callable[[float, float], float]:
    """The model as a plain float function of (x1, x2), each sigmoid 1 / (1 + e^-z) with math.exp; z is clipped to
    [-700, 700] first so e^-z never overflows (the picture cannot tell the difference). For the picture only."""
    exp = math.exp
    if model == "single":
        w1, w2, b = p

        def single(x1: float, x2: float) -> float:
            z = w1 * x1 + w2 * x2 + b
            return 1.0 / (1.0 + exp(-(700.0 if z > 700.0 else -700.0 if z < -700.0 else z)))

        return single
    w11, w12, b1, w21, w22, b2, v1, v2, c = p

    def mlp(x1: float, x2: float) -> float:
        # the three sigmoids of the network, written out (a function call each would double the cost)
        z1 = w11 * x1 + w12 * x2 + b1
        h1 = 1.0 / (1.0 + exp(-(700.0 if z1 > 700.0 else -700.0 if z1 < -700.0 else z1)))
        z2 = w21 * x1 + w22 * x2 + b2
        h2 = 1.0 / (1.0 + exp(-(700.0 if z2 > 700.0 else -700.0 if z2 < -700.0 else z2)))
        z = v1 * h1 + v2 * h2 + c
        return 1.0 / (1.0 + exp(-(700.0 if z > 700.0 else -700.0 if z < -700.0 else z)))

    return mlp


def heatmap(model: str, params: Sequence[float], grid: int = DEFAULT_GRID) -> list[list[float]]:
    """The model's output on a grid x grid picture of the square HEATMAP_EXTENT x HEATMAP_EXTENT, one value per cell,
    evaluated at the cell's centre. Row 0 is the top of the picture (x2 largest), column 0 the left (x1 smallest):
    heatmap[r][c] = model(x1 = lo + (c + 1/2) h, x2 = hi - (r + 1/2) h) with h = (hi - lo) / grid.

    Plain float math with math.exp, no Value objects: this is a picture of the decision boundary, computed fast, and
    its last bits may differ between platforms. Every number the lesson states comes from the Value path instead."""
    f = _float_model(model, [float(v) for v in params])
    lo, hi = HEATMAP_EXTENT
    h = (hi - lo) / grid
    xs = [lo + (c + 0.5) * h for c in range(grid)]
    return [[f(x1, hi - (r + 0.5) * h) for x1 in xs] for r in range(grid)]


# ---- reading the page's arguments -------------------------------------------------------------------------------------


def _whole(value: Any, name: str, low: int, high: int, example: str) -> int:
    x = number(value, name, example)
    if x != int(x) or not low <= x <= high:
        raise ExpressionError(f"{name} must be a whole number from {low} to {high}, not {_show(x)}")
    return int(x)


def _show(x: float) -> str:
    return str(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x)


def _model_name(model: Any) -> str:
    if model not in MODELS:
        raise ExpressionError(f"model must be 'single' (one neuron) or 'mlp' (the 2-2-1 network), not {str(model)[:20]!r}")
    return model


def _learning_rate(lr: Any) -> float:
    rate = number(lr, "learning rate", "2.0")
    if not 0.0 < rate <= MAX_LR:
        raise ExpressionError(f"learning rate must be greater than 0 and at most {MAX_LR:g}, not {_show(rate)}")
    return rate


def _params(model: str, params: Any) -> list[float]:
    names = PARAM_NAMES[model]
    if isinstance(params, str) or not isinstance(params, (list, tuple)):
        raise ExpressionError(f"params must be a list of {len(names)} numbers [{', '.join(names)}]")
    if len(params) != len(names):
        raise ExpressionError(
            f"the {MODEL_NAMES[model]} has {len(names)} parameters [{', '.join(names)}], but params has {len(params)}"
        )
    return [number(v, f"params[{i}] ({name})", "0.5") for i, (v, name) in enumerate(zip(params, names))]


# ---- the calls the page makes ----------------------------------------------------------------------------------------


def xor_lab(model: Any = "mlp", seed: Any = 0, lr: Any = 2.0, params: Any = None, steps: Any = 0, step: Any = 0,
            grid: Any = DEFAULT_GRID) -> dict[str, Any]:
    """Train one XOR model for `steps` full-batch updates and report where it stands.

    model   "single" (yhat = sigma(w1 x1 + w2 x2 + b)) or "mlp" (the 2-2-1 network of models.xor_mlp_history).
    seed    whole number 0..1000000; with params None the model starts from xor_single_init / xor_mlp_init(seed).
    lr      learning rate, in (0, 100].
    params  the current parameters (as returned by the previous call), or None to start from the seed.
    steps   updates to run in this call, 0..2000 (0: just report).
    step    updates already applied to `params` (the page's count; 0 when starting from the seed), 0..10^9.
    grid    cells per side of the heatmap, 2..64, or 0 for none.

    Returns (JSON-able, full precision, non-finite numbers as "Infinity"/"-Infinity"/"NaN"):
      widget "xor-lab", model, seed, lr;
      step         updates applied after this call (step + steps);
      params       the parameters after this call, in PARAM_NAMES order; param_names;
      loss         this call's losses, one per update, each measured before that update: loss[k] is the loss after
                   step + k updates (empty when steps is 0);
      final_loss   the loss after the last update (at the returned params): what the next call's loss[0] will be;
      outputs      the four outputs at the returned params, in XOR_DATA order; inputs, targets: XOR_DATA;
      heatmap      heatmap(model, params, grid) (plain-float picture; see `heatmap`), extent, grid;
      floor        single_neuron_floor(), the loss at which one neuron gets stuck;
      known_good_seed, known_stuck_seed   models.KNOWN_GOOD_XOR_SEED / KNOWN_STUCK_XOR_SEED (for the 2-2-1 network).
    """
    name = _model_name(model)
    seed_value = _whole(seed, "seed", 0, MAX_SEED, "0")
    rate = _learning_rate(lr)
    count = _whole(steps, "steps", 0, MAX_STEPS_PER_CALL, "20")
    done = _whole(step, "step", 0, MAX_STEP_COUNT, "0")
    cells = _whole(grid, "grid", 0, MAX_GRID, "24")
    if cells == 1:
        raise ExpressionError("grid must be 0 (no heatmap) or from 2 to 64, not 1")
    if params is None:
        if done != 0:
            raise ExpressionError("step must be 0 when params are not given: training starts from the seed")
        start = INITS[name](seed_value)
    else:
        start = _params(name, params)

    values = [Value(v, label) for v, label in zip(start, PARAM_NAMES[name])]
    model_fn = MODELS[name](values)
    history = models._train(values, model_fn, count, rate)  # the models code path: Value forward, backward(), update
    final_loss, outputs = _evaluate(model_fn)
    after = [v.data for v in values]
    result = json_safe({
        "widget": "xor-lab",
        "model": name,
        "seed": seed_value,
        "lr": rate,
        "step": done + count,
        "params": after,
        "param_names": list(PARAM_NAMES[name]),
        "loss": history["loss"],
        "final_loss": final_loss,
        "outputs": outputs,
        "inputs": [list(x) for x, _ in XOR_DATA],
        "targets": [t for _, t in XOR_DATA],
        "extent": list(HEATMAP_EXTENT),
        "grid": cells,
        "floor": single_neuron_floor(),
        "known_good_seed": KNOWN_GOOD_XOR_SEED,
        "known_stuck_seed": KNOWN_STUCK_XOR_SEED,
    })
    # every value lies in [0, 1], so the picture needs no json_safe pass (a third of a call's cost in Pyodide)
    result["heatmap"] = heatmap(name, after, cells) if cells and all(math.isfinite(v) for v in after) else []
    return result


LAB_MODELS = {"both": ("single", "mlp"), "single": ("single",), "mlp": ("mlp",)}


def xor_lab_start(model: Any = "both", seed: Any = 0, lr: Any = 2.0, grid: Any = DEFAULT_GRID) -> dict[str, Any]:
    """The <bp-xor-lab> element's first frame: every model it shows (model "both", "single" or "mlp") at step 0 from
    `seed`, each as xor_lab(...) with its loss history so far ([final_loss]). The page continues with xor_lab calls."""
    if model not in LAB_MODELS:
        raise ExpressionError(f"model must be 'both', 'single' or 'mlp', not {str(model)[:20]!r}")
    panels = {}
    for name in LAB_MODELS[model]:
        state = xor_lab(model=name, seed=seed, lr=lr, grid=grid)
        state["history"] = [state["final_loss"]]
        panels[name] = state
    first = next(iter(panels.values()))
    return {
        "widget": "xor-lab",
        "model": model,
        "seed": first["seed"],
        "lr": first["lr"],
        "floor": first["floor"],
        "known_good_seed": KNOWN_GOOD_XOR_SEED,
        "known_stuck_seed": KNOWN_STUCK_XOR_SEED,
        "panels": panels,
    }
