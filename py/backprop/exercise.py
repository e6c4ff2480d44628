"""The lesson's XOR exercise (section 6 of the lesson page), checked by the engine.

The learner's code runs in the page's editable cell (the worker runs it with Pyodide's runPythonAsync, between
bridge.begin_listing and end_listing; nothing here evals anything). It hands its network over by two names in the
cell's globals, which the exercise text asks for:

    net(x1, x2)  the network's output for one input, a Value built with the engine
    params       the list of its parameters, the Values that training changes

`check_xor` then reads those names, calls `net` on the four XOR inputs (plain numbers 0 and 1), and computes the mean
of 1/2 (yhat - y)^2 with Value arithmetic, as models.xor_loss does. It passes when that loss is below LOSS_BELOW and
the network is a 2-2-1 one: exactly PARAMETERS trainable leaves in the graph `net` builds, and those are `params`.
Everything it says is a verdict, never an exception: what is missing, the wrong shape, a non-finite loss, an
exception from `net`, running out of time (the listing's time budget is still armed while the check calls `net`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .jsonsafe import to_json_number
from .models import XOR_DATA, XOR_MODELS
from .sandbox import TimeBudgetExceeded
from .value import Value

__all__ = ["check_xor", "LOSS_BELOW", "PARAMETERS", "KINDS"]

LOSS_BELOW = 0.001
# two hidden neurons with two weights and a bias each, one output neuron with two weights and a bias
PARAMETERS = len(XOR_MODELS["mlp"].param_names)
# every verdict's kind: passed, or what is wrong
KINDS = ("passed", "missing", "shape", "not-engine", "nan", "not-yet", "error", "timeout")
TARGETS = ", ".join(f"{t:g}" for _, t in XOR_DATA)


# what a verdict's words start with, so that passed or not is read, never told by colour alone
OPENING = {"shape": "Not yet: ", "not-engine": "Not yet: ", "nan": "Not yet: "}


def _verdict(kind: str, message: str, loss: float | None = None, outputs: list[float] | None = None) -> dict[str, Any]:
    return {
        "passed": kind == "passed",
        "kind": kind,
        "message": OPENING.get(kind, "") + message,
        "loss": None if loss is None else to_json_number(loss),
        "outputs": None if outputs is None else [to_json_number(v) for v in outputs],
        "loss_below": LOSS_BELOW,
    }


def _error_verdict(error: str) -> dict[str, Any]:
    """The learner's code raised before the check could read anything (`error`: the last line of its traceback)."""
    if TimeBudgetExceeded.__name__ in error:
        return _verdict("timeout", f"Not checked: your code ran out of time. {error.split(': ', 1)[-1]}")
    return _verdict("error", f"Not checked: your code stopped with an error before the check (below): {error}")


def _trainable_leaves(outputs: list[Value]) -> list[Value]:
    """The Values in the graphs of `outputs` that were made directly and need a gradient: the network's parameters."""
    seen: set[int] = set()
    leaves: list[Value] = []
    stack = list(outputs)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if not node.parents and node.requires_grad:
            leaves.append(node)
        stack.extend(node.parents)
    return leaves


def _shape_problem(params: Any, outputs: list[Value]) -> str | None:
    """Why `params` and the graph `net` built are not a 2-2-1 network, or None."""
    if isinstance(params, (str, bytes)) or not isinstance(params, (list, tuple)):
        return f"params must be a list of the network's {PARAMETERS} parameters (Values), not a {type(params).__name__}."
    strangers = [i for i, p in enumerate(params) if not isinstance(p, Value)]
    if strangers:
        return (f"params[{strangers[0]}] is a {type(params[strangers[0]]).__name__}, not a Value: list the Values "
                "that training changes.")
    if len({id(p) for p in params}) != len(params):
        return "params lists the same Value more than once: list each parameter once."
    if len(params) != PARAMETERS:
        return (f"params has {len(params)} parameters; a 2-2-1 network has {PARAMETERS}: two hidden neurons with two "
                "weights and a bias each, and an output neuron with two weights and a bias.")
    listed = {id(p) for p in params}
    used = _trainable_leaves(outputs)
    unused = [i for i, p in enumerate(params) if id(p) not in {id(u) for u in used}]
    if unused:
        return f"net does not use params[{unused[0]}]: every parameter in params should take part in the output."
    unlisted = [u for u in used if id(u) not in listed]
    if unlisted:
        return (f"net uses {len(unlisted)} trainable Value(s) that are not in params (a 2-2-1 network has exactly "
                f"{PARAMETERS} parameters); list them, or make constants with requires_grad=False.")
    return None


def _outputs(net: Any) -> tuple[list[Value] | None, dict[str, Any] | None]:
    """net on the four XOR inputs, or the verdict that stops the check."""
    outputs = []
    for (x1, x2), _ in XOR_DATA:
        try:
            out = net(x1, x2)
        except TimeBudgetExceeded as error:
            return None, _verdict("timeout", f"Not checked: net ran out of time. {error}")
        except Exception as error:  # noqa: BLE001 - whatever the learner's function raises is a verdict
            return None, _verdict("error", f"Not checked: net({x1:g}, {x2:g}) raised {type(error).__name__}: {error}")
        if isinstance(out, (list, tuple)):
            return None, _verdict("shape", f"net({x1:g}, {x2:g}) returned {len(out)} values; a 2-2-1 network has one "
                                           "output: return a single Value.")
        if not isinstance(out, Value):
            return None, _verdict("not-engine", f"net({x1:g}, {x2:g}) returned a {type(out).__name__}, not a Value: "
                                                "build the network from the engine's Values, so that backward() can "
                                                "find its gradients.")
        outputs.append(out)
    return outputs, None


def check_xor(namespace: Mapping[str, Any], error: str | None = None) -> dict[str, Any]:
    """The verdict on one run of the XOR exercise: `namespace` is the cell's globals after the run, `error` the last
    line of what the code raised (or None). Returns {passed, kind (one of KINDS), message (the words for the learner),
    loss, outputs (when net could be evaluated), loss_below}. Never raises."""
    if error is not None:
        return _error_verdict(error)
    net, params = namespace.get("net"), namespace.get("params")
    missing = [name for name, value in (("net", net), ("params", params)) if value is None]
    if missing:
        return _verdict("missing", f"Nothing to check yet: define {' and '.join(missing)}. The check reads net(x1, x2), "
                                   "your network's output as a Value, and params, the list of its parameters.")
    if not callable(net):
        return _verdict("missing", f"net must be a function net(x1, x2), not a {type(net).__name__}.")
    outputs, stop = _outputs(net)
    if stop is not None:
        return stop
    assert outputs is not None
    problem = _shape_problem(params, outputs)
    values = [out.data for out in outputs]
    if problem:
        return _verdict("shape", problem, outputs=values)
    total = Value(0.0, requires_grad=False)
    for out, (_, target) in zip(outputs, XOR_DATA):
        err = out - target
        total = total + 0.5 * err * err
    loss = (total * 0.25).data
    shown = ", ".join(f"{v:.3f}" for v in values)
    if not math.isfinite(loss):
        return _verdict("nan", f"the loss is {loss} (outputs {shown}): a number overflowed or became NaN in training. "
                               "Try a smaller learning rate, or look for a division by zero.", loss, values)
    if loss < LOSS_BELOW:
        return _verdict("passed", f"Passed: the mean loss on the four XOR points is {loss:.3g}, below {LOSS_BELOW:g}. "
                                  f"Outputs {shown} for targets {TARGETS}.", loss, values)
    return _verdict("not-yet", f"Not yet: the mean loss is {loss:.3g}, not below {LOSS_BELOW:g}. Outputs {shown} for "
                               f"targets {TARGETS}. If the loss had stopped falling, the network sits on a plateau: try another "
                               "seed; if it was still falling, train for more steps.", loss, values)
