"""The XOR lab (section 6 of the lesson page): one sigmoid neuron against a 2-2-1 network, trained a batch of steps
at a time. This module holds the lab's checks of what the page asks, its heatmap and its report; the models, their
loss and their training are models.py's.

Stateless: the page holds the parameters and the step count, and hands them back with each call, so the lab can train
for as long as the learner likes in chunks of at most MAX_STEPS_PER_CALL updates. A chain of calls gives bit for bit
the numbers of one long run (and of ``models.xor_single_history`` / ``models.xor_mlp_history``), because training is
``models.xor_fit`` either way, from the same initialisation (``models.xor_init``). Floats survive the trip through JSON
unchanged (shortest round-trip text on both sides), so nothing drifts between calls.

The decision-boundary heatmap is different on purpose: it is a picture, not a result. It evaluates the current model
(the same ``net`` function of models.py) on a grid of points in plain floats with ``models.float_sigmoid`` (no Value
objects, no libm), so that hundreds of evaluations per call stay cheap. Its numbers may differ from the engine's in
the last bit between platforms; nothing else is computed that way, and the loss, the outputs and the parameters never
are.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Sequence

from .errors import SettingError
from .jsonsafe import json_safe
from .models import (KNOWN_GOOD_XOR_SEED, KNOWN_STUCK_XOR_SEED, XOR_DATA, XOR_MODELS, float_sigmoid, xor_fit,
                     xor_init, xor_loss)
from .settings import choice, setting, show, whole
from .value import Value

__all__ = [
    "xor_lab",
    "xor_lab_start",
    "single_neuron_floor",
    "gradient_norm",
    "heatmap",
    "LIMITS",
    "HEATMAP_EXTENT",
    "MAX_STEPS_PER_CALL",
    "MAX_PINNED_STEPS",
]

MAX_SEED = 1_000_000
MAX_LR = 100.0
MAX_STEPS_PER_CALL = 2000
# The most updates the lab trains to, and so the most a page can pin with the steps attribute: xor_lab_start trains
# that far in one call (about 3 s for both models in CPython, a few times that in the browser), never minutes.
MAX_PINNED_STEPS = 10_000
MAX_STEP_COUNT = 10**9  # updates already applied, as the page counts them
MAX_GRID = 64
DEFAULT_GRID = 24
# The square the heatmap covers, for x1 and x2 alike: the four XOR inputs sit a quarter of the way in from each edge.
HEATMAP_EXTENT = (-0.5, 1.5)
# What the page may ask, sent with every answer so the page never keeps a copy: seed from the first to the second
# number, learning rate above the first and at most the second, at most steps_per_call updates per call, at most
# steps updates in all.
LIMITS = {"seed": [0, MAX_SEED], "lr": [0.0, MAX_LR], "steps_per_call": MAX_STEPS_PER_CALL, "steps": MAX_PINNED_STEPS}


@functools.lru_cache(maxsize=1)
def single_neuron_floor() -> float:
    """The loss when every output is 0.5: models.xor_loss of a model that always says 0.5. One neuron trained on XOR
    falls to exactly this and stays there."""
    return xor_loss([], lambda p, x1, x2, sigmoid: Value(0.5, "yhat", False))[0].data


def gradient_norm(model: str, params: Sequence[float]) -> float:
    """The length of the gradient of models.xor_loss at `params`: one more forward and backward pass (the lab's
    verdict says whether the gradient is small, so it must be measured, not guessed from the loss curve)."""
    values = [Value(v, name) for v, name in zip(params, XOR_MODELS[model].param_names)]
    loss = xor_loss(values, XOR_MODELS[model].net)[0]
    loss.backward()
    # fsum: correctly rounded, so CPython and Pyodide agree to the last bit (sum() of floats changed in Python 3.12)
    return math.sqrt(math.fsum(v.grad * v.grad for v in values))


def heatmap(model: str, params: Sequence[float], grid: int = DEFAULT_GRID) -> list[list[float]]:
    """The model's output on a grid x grid picture of the square HEATMAP_EXTENT x HEATMAP_EXTENT, one value per cell,
    evaluated at the cell's centre. Row 0 is the top of the picture (x2 largest), column 0 the left (x1 smallest):
    heatmap[r][c] = model(x1 = lo + (c + 1/2) h, x2 = hi - (r + 1/2) h) with h = (hi - lo) / grid.

    Plain floats (models.float_sigmoid), no Value objects: this is a picture of the decision boundary, computed fast,
    and its last bits may differ between platforms. Every number the lesson states comes from the Value path instead."""
    net = XOR_MODELS[model].net
    p = [float(v) for v in params]
    lo, hi = HEATMAP_EXTENT
    h = (hi - lo) / grid
    xs = [lo + (c + 0.5) * h for c in range(grid)]
    return [[net(p, x1, hi - (r + 0.5) * h, float_sigmoid) for x1 in xs] for r in range(grid)]


# ---- reading the page's arguments -------------------------------------------------------------------------------------


def _model_name(model: Any) -> str:
    return choice(model, "model", XOR_MODELS, "'single' (one neuron) or 'mlp' (the 2-2-1 network)")


def _learning_rate(lr: Any) -> float:
    rate = setting(lr, "learning rate", "2.0")
    if not 0.0 < rate <= MAX_LR:
        raise SettingError(f"learning rate must be greater than 0 and at most {MAX_LR:g}, not {show(rate)}")
    return rate


def _params(model: str, params: Any) -> list[float]:
    names = XOR_MODELS[model].param_names
    if isinstance(params, str) or not isinstance(params, (list, tuple)):
        raise SettingError(f"params must be a list of {len(names)} numbers [{', '.join(names)}]")
    if len(params) != len(names):
        raise SettingError(
            f"the {XOR_MODELS[model].title} has {len(names)} parameters [{', '.join(names)}], but params has {len(params)}"
        )
    return [setting(v, f"params[{i}] ({name})", "0.5") for i, (v, name) in enumerate(zip(params, names))]


# ---- the calls the page makes ----------------------------------------------------------------------------------------


def xor_lab(model: Any = "mlp", seed: Any = 0, lr: Any = 2.0, params: Any = None, steps: Any = 0, step: Any = 0,
            grid: Any = DEFAULT_GRID) -> dict[str, Any]:
    """Train one XOR model for `steps` full-batch updates and report where it stands.

    model   "single" (models.single_net) or "mlp" (the 2-2-1 network, models.mlp_net).
    seed    whole number 0..1000000; with params None the model starts from models.xor_init(model, seed).
    lr      learning rate, in (0, 100].
    params  the current parameters (as returned by the previous call), or None to start from the seed.
    steps   updates to run in this call, 0..2000 (0: just report).
    step    updates already applied to `params` (the page's count; 0 when starting from the seed), 0..10^9.
    grid    cells per side of the heatmap, 2..64, or 0 for none.
    A setting out of range is refused with a SettingError.

    Returns (JSON-able, full precision, non-finite numbers as "Infinity"/"-Infinity"/"NaN"):
      widget "xor-lab", model, seed, lr;
      step         updates applied after this call (step + steps);
      params       the parameters after this call, in param_names order; param_names;
      loss         this call's losses, one per update, each measured before that update: loss[k] is the loss after
                   step + k updates (empty when steps is 0);
      final_loss   the loss after the last update (at the returned params): what the next call's loss[0] will be;
      grad_norm    the length (Euclidean norm) of the loss's gradient at the returned params: gradient_norm;
      outputs      the four outputs at the returned params, in XOR_DATA order; inputs, targets: XOR_DATA;
      heatmap      heatmap(model, params, grid) (plain-float picture; see `heatmap`), extent, grid;
      floor        single_neuron_floor(), the loss at which one neuron gets stuck;
      known_good_seed, known_stuck_seed   models.KNOWN_GOOD_XOR_SEED / KNOWN_STUCK_XOR_SEED (for the 2-2-1 network);
      limits       LIMITS: the ranges of seed and lr, the most steps per call and in all.
    """
    name = _model_name(model)
    seed_value = whole(seed, "seed", 0, MAX_SEED, "0")
    rate = _learning_rate(lr)
    count = whole(steps, "steps", 0, MAX_STEPS_PER_CALL, "20")
    done = whole(step, "step", 0, MAX_STEP_COUNT, "0")
    cells = _grid(grid)
    if params is None:
        if done != 0:
            raise SettingError("step must be 0 when params are not given: training starts from the seed")
        start = xor_init(name, seed_value)
    else:
        start = _params(name, params)
    return _trained(name, seed_value, rate, start, count, done, cells)


def _grid(grid: Any) -> int:
    cells = whole(grid, "grid", 0, MAX_GRID, "24")
    if cells == 1:
        raise SettingError("grid must be 0 (no heatmap) or from 2 to 64, not 1")
    return cells


def _trained(name: str, seed: int, rate: float, start: list[float], count: int, done: int, cells: int) -> dict:
    """`count` updates of model `name` from `start` (after `done` updates), reported as xor_lab describes."""
    fit = xor_fit(name, start, count, rate)
    after = fit["params"]
    result = json_safe({
        "widget": "xor-lab",
        "model": name,
        "seed": seed,
        "lr": rate,
        "step": done + count,
        "params": after,
        "param_names": list(XOR_MODELS[name].param_names),
        "loss": fit["loss"],
        "final_loss": fit["final_loss"],
        "grad_norm": gradient_norm(name, after),
        "outputs": fit["final_outputs"],
        "inputs": [list(x) for x, _ in XOR_DATA],
        "targets": [t for _, t in XOR_DATA],
        "extent": list(HEATMAP_EXTENT),
        "grid": cells,
        "floor": single_neuron_floor(),
        "known_good_seed": KNOWN_GOOD_XOR_SEED,
        "known_stuck_seed": KNOWN_STUCK_XOR_SEED,
        "limits": LIMITS,
    })
    # every value lies in [0, 1], so the picture needs no json_safe pass (a third of a call's cost in Pyodide)
    result["heatmap"] = heatmap(name, after, cells) if cells and all(math.isfinite(v) for v in after) else []
    return result


LAB_MODELS = {"both": ("single", "mlp"), "single": ("single",), "mlp": ("mlp",)}


def xor_lab_start(model: Any = "both", seed: Any = 0, lr: Any = 2.0, steps: Any = 0,
                  grid: Any = DEFAULT_GRID) -> dict[str, Any]:
    """The <bp-xor-lab> element's state from its attributes: every model it shows (model "both", "single" or "mlp")
    after `steps` updates from `seed` (0..MAX_PINNED_STEPS; one run, so the same numbers as the page's batches of
    xor_lab calls), each as xor_lab describes it, with history: the loss after 0, 1, ..., steps updates. Its `loss`
    holds all `steps` losses. The page continues with xor_lab calls."""
    shown = choice(model, "model", LAB_MODELS, "'both', 'single' or 'mlp'")
    seed_value = whole(seed, "seed", 0, MAX_SEED, "0")
    rate = _learning_rate(lr)
    count = whole(steps, "steps", 0, MAX_PINNED_STEPS, "100")
    cells = _grid(grid)
    panels = {}
    for name in LAB_MODELS[shown]:
        state = _trained(name, seed_value, rate, xor_init(name, seed_value), count, 0, cells)
        state["history"] = state["loss"] + [state["final_loss"]]
        panels[name] = state
    return {
        "widget": "xor-lab",
        "model": shown,
        "seed": seed_value,
        "lr": rate,
        "floor": single_neuron_floor(),
        "known_good_seed": KNOWN_GOOD_XOR_SEED,
        "known_stuck_seed": KNOWN_STUCK_XOR_SEED,
        "limits": LIMITS,
        "panels": panels,
    }
