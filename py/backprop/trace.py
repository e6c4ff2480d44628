"""trace(): run one expression forward and backward, and return every step as plain JSON-able data.

The result lists every node (value, gradient), every edge (local derivative, the upstream gradient it meets, their
product), the forward and backward orders, and a list of ``steps`` that a widget can walk one click at a time. The
Stepper replays those steps; its state is a pure function of the trace, so a JavaScript front end can recompute it
from ``steps`` alone (the rules are spelled out in Stepper.state).

Numbers are full-precision floats; non-finite ones are the strings "Infinity", "-Infinity", "NaN" (see jsonsafe).
"""

from __future__ import annotations

import ast
import math
from typing import Any

from . import numerics
from .errors import InputError, SettingError
from .expr import ALLOWED_FUNCTIONS, CONSTANTS, ExpressionError, Parsed, parse_checked
from .jsonsafe import to_json_number
from .value import Value

__all__ = ["trace", "evaluate", "Stepper", "StepOrderError"]

_OPS = {ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__", ast.Div: "__truediv__", ast.Pow: "__pow__"}
MAX_LABEL = 24  # longer sub-expression texts are labelled n<id> instead
RESERVED = ("expression", "names", "output")  # trace's own parameters cannot be variable names


class StepOrderError(InputError):
    """A step asked for out of order, e.g. a backward step before the forward pass has finished."""


def _label_text(text: str) -> str:
    return " ".join(text.split())


class _Builder:
    """Walks a validated tree and makes one Value per operation (recursion depth is bounded by MAX_DEPTH)."""

    def __init__(self, parsed: Parsed, inputs: dict[str, Value], names: dict[str, str]) -> None:
        self.parsed = parsed
        self.src = parsed.source
        self.inputs = inputs
        self.names = names
        self.consts: list[Value] = []
        self.ops: list[Value] = []  # in creation order = a topological order
        self.text: dict[int, str] = {}  # id(Value) -> source text it computes

    def build(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Name):
            if node.id in CONSTANTS:
                return self._const(CONSTANTS[node.id], node.id)
            return self.inputs[node.id]
        if isinstance(node, ast.Constant):
            return self._const(numerics.to_float(node.value), _label_text(self.src.segment(node)))
        if isinstance(node, ast.UnaryOp):
            operand = node.operand
            if isinstance(operand, ast.Constant):  # -3 is one constant, not neg(3)
                x = numerics.to_float(operand.value)
                return self._const(-x if isinstance(node.op, ast.USub) else x, _label_text(self.src.segment(node)))
            v = self.build(operand)
            if isinstance(node.op, ast.UAdd):
                return v
            return self._op(-v, node)
        if isinstance(node, ast.BinOp):
            left = self.build(node.left)
            right = self.build(node.right)
            return self._op(getattr(left, _OPS[type(node.op)])(right), node)
        if isinstance(node, ast.Call):
            arg = self.build(node.args[0])
            return self._op(getattr(arg, node.func.id)(), node)  # type: ignore[attr-defined]
        raise ExpressionError(f"cannot evaluate {type(node).__name__}")  # unreachable after validation

    def _const(self, x: float, label: str) -> Value:
        v = Value(x, label, requires_grad=False)
        self.consts.append(v)
        self.text[id(v)] = label
        return v

    def _op(self, v: Value, node: ast.expr) -> Value:
        text = _label_text(self.src.segment(node))
        self.ops.append(v)
        self.text[id(v)] = text
        v.label = self.names.get(self.parsed.shape(node), "") if self.names else ""
        return v


def _forward(expression: str, values: dict[str, float],
             names: dict[str, str] | None = None) -> tuple[dict[str, Value], _Builder, Value]:
    """The forward pass of `expression` (checked as trace documents): its input leaves, the builder that made every
    node, and the output node."""
    parsed = parse_checked(expression)
    for name in values:
        if name in ALLOWED_FUNCTIONS or name in CONSTANTS:
            kind = "function" if name in ALLOWED_FUNCTIONS else "constant"
            raise ExpressionError(f"'{name}' is a built-in {kind}; it cannot be used as a variable name")
    var_names = parsed.variables()
    for name in var_names:
        if name in RESERVED:
            raise ExpressionError(f"the variable name '{name}' is reserved (it is a parameter of trace); rename it")
    if names is not None and not isinstance(names, dict):
        raise TypeError("names must be a dict mapping sub-expression text to a label")
    inputs: dict[str, Value] = {}
    for name in var_names:
        if name not in values:
            column = next(parsed.source.node_column(n) for n in parsed.nodes
                          if isinstance(n, ast.Name) and n.id == name)
            raise ExpressionError(f"no value given for the variable '{name}'", column)
        raw = values[name]
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise SettingError(f"the value of '{name}' must be a number, not {type(raw).__name__}")
        inputs[name] = Value(raw, name)

    label_of: dict[str, str] = {}
    for text, label in (names or {}).items():
        named = parse_checked(text)
        label_of[named.shape(named.tree.body)] = str(label)

    builder = _Builder(parsed, inputs, label_of)
    return inputs, builder, builder.build(parsed.tree.body)


def evaluate(expression: str, values: dict[str, float]) -> float:
    """The value of `expression` at `values`: the forward pass alone, no gradient computed (for a check that must
    not use the chain rule, such as a finite difference). Checked like trace; raises the same errors the same way."""
    return _forward(expression, values)[2].data


def trace(expression: str, /, names: dict[str, str] | None = None, output: str = "L",
          **values: float) -> dict[str, Any]:
    """Build the graph of `expression` with the given variable values, run backward from it, and return the record.

    `names` maps sub-expression text to a label for that node (matched by structure, so spacing and redundant
    parentheses do not matter), e.g. ``names={"3*x + 2": "u", "(3*x + 2)**2": "v"}``. The output node is labelled
    `output` (unless the expression is a single variable or number). Other operation nodes are labelled with the text
    they compute, or ``n<id>`` when that text is longer than 24 characters. Each variable is ONE leaf node, so a
    variable used twice fans out and its gradient is the sum over both uses; each number or pi/e occurrence is its own
    constant leaf (requires_grad=False, grad None).

    Raises ExpressionError for a bad expression, a missing variable value, or a variable named like a function or
    constant or like one of trace's own parameters (expression, names, output); SettingError for a variable's value
    that is not a number. Values given for variables the expression does not use are ignored.
    """
    inputs, builder, out = _forward(expression, values, names)
    if out.op:
        out.label = output
    for i, v in enumerate(builder.ops):  # unnamed operations: their own text, or a short name
        if not v.label:
            text = builder.text[id(v)]
            v.label = text if len(text) <= MAX_LABEL else f"n{len(inputs) + len(builder.consts) + i}"
    out.backward()

    # ---- ids: inputs (first appearance), constants (text order), operations (forward order) ----
    leaves = list(inputs.values()) + builder.consts
    all_nodes = leaves + builder.ops
    node_id = {id(v): i for i, v in enumerate(all_nodes)}
    nonfinite = False

    nodes: list[dict[str, Any]] = []
    for i, v in enumerate(all_nodes):
        grad = v.grad if v.requires_grad else None
        finite = math.isfinite(v.data) and (grad is None or math.isfinite(grad))
        nonfinite = nonfinite or not finite
        if v.op:
            kind, text = "op", builder.text[id(v)]
        elif v.requires_grad:
            kind, text = "input", v.label
        else:
            kind, text = "const", builder.text[id(v)]
        nodes.append({"id": i, "label": v.label, "op": v.op, "kind": kind, "value": to_json_number(v.data),
                      "grad": to_json_number(grad), "text": text, "finite": finite})

    edges: list[dict[str, Any]] = []
    into: dict[int, list[int]] = {}
    for v in builder.ops:
        target = node_id[id(v)]
        upstream = v.grad if v.requires_grad else None
        formulas = v.local_formulas
        into[target] = []
        for slot, (p, local) in enumerate(zip(v.parents, v.locals)):
            contribution = local * upstream if (p.requires_grad and upstream is not None) else None
            if contribution is not None:  # a constant's local derivative is shown but not used, so not flagged
                nonfinite = nonfinite or not (math.isfinite(local) and math.isfinite(contribution))
            into[target].append(len(edges))
            edges.append({"id": len(edges), "source": node_id[id(p)], "target": target, "slot": slot,
                          "local": to_json_number(local), "local_formula": formulas[slot],
                          "upstream": to_json_number(upstream), "contribution": to_json_number(contribution)})

    forward_order = [node_id[id(v)] for v in builder.ops]
    backward_order = forward_order[::-1]
    output_id = node_id[id(out)]
    steps: list[dict[str, Any]] = [{"phase": "inputs"}]
    steps += [{"phase": "forward", "node": i} for i in forward_order]
    steps.append({"phase": "seed", "node": output_id})
    steps += [{"phase": "backward", "node": i, "edges": into[i]} for i in backward_order]
    return {
        "expression": expression,
        "variables": {name: to_json_number(v.data) for name, v in inputs.items()},
        "nodes": nodes,
        "edges": edges,
        "output": output_id,
        "forward_order": forward_order,
        "backward_order": backward_order,
        "steps": steps,
        "n_steps": len(steps) - 1,
        "nonfinite": nonfinite,
    }


class Stepper:
    """Walks a trace one step at a time: step 0 shows the inputs, then forward, seed, backward.

    Rules (a pure function of the trace, so the front end can compute the same from ``steps``):

    * step 0 ("inputs"): the values of all input and constant nodes are visible, nothing else.
    * each "forward" step reveals that operation's value; its incoming edges are active (values flow in).
    * "seed" reveals the output's gradient dL/dL = 1.
    * each "backward" step makes that node's incoming edges active and done: their contributions
      (local * upstream) are shown. A parent's gradient is revealed once ALL its outgoing edges are done, i.e. when
      every contribution it sums has arrived; so a fan-out node's gradient appears complete, never half-summed.
      Nodes whose grad is None (constants, and anything not requiring a gradient) never show a gradient.
    """

    def __init__(self, trace_dict: dict[str, Any]) -> None:
        self.trace = trace_dict
        self.steps: list[dict[str, Any]] = trace_dict["steps"]
        self.n: int = len(self.steps) - 1
        self.k: int = 0
        nodes = trace_dict["nodes"]
        self._leaves = [nd["id"] for nd in nodes if nd["kind"] != "op"]
        self._has_grad = {nd["id"] for nd in nodes if nd["grad"] is not None}
        self._outgoing: dict[int, int] = {}
        self._into: dict[int, list[int]] = {}
        for e in trace_dict["edges"]:
            self._outgoing[e["source"]] = self._outgoing.get(e["source"], 0) + 1
            self._into.setdefault(e["target"], []).append(e["id"])
        self._source = {e["id"]: e["source"] for e in trace_dict["edges"]}
        self._n_forward = sum(1 for s in self.steps if s["phase"] == "forward")

    def state(self, k: int | None = None) -> dict[str, Any]:
        """What is visible after step k (default: the current step)."""
        k = self.k if k is None else k
        if not 0 <= k <= self.n:
            raise SettingError(f"step {k} is out of range 0..{self.n}")
        values = list(self._leaves)
        grads: list[int] = []
        active: list[int] = []
        done: list[int] = []
        arrived: dict[int, int] = {}
        for step in self.steps[1:k + 1]:
            phase = step["phase"]
            active = []
            if phase == "forward":
                values.append(step["node"])
                active = list(self._into.get(step["node"], []))
            elif phase == "seed":
                if step["node"] in self._has_grad:
                    grads.append(step["node"])
            elif phase == "backward":
                active = list(step["edges"])
                for e in active:
                    done.append(e)
                    src = self._source[e]
                    arrived[src] = arrived.get(src, 0) + 1
                    if arrived[src] == self._outgoing[src] and src in self._has_grad:
                        grads.append(src)
        return {"k": k, "n": self.n, "phase": self.steps[k]["phase"], "visible_values": values,
                "visible_grads": grads, "active_edges": active, "done_edges": done}

    def goto(self, k: int) -> dict[str, Any]:
        """Jump to step k, clamped to 0..n."""
        self.k = max(0, min(self.n, int(k)))
        return self.state()

    def next(self) -> dict[str, Any]:
        return self.goto(self.k + 1)

    def previous(self) -> dict[str, Any]:
        return self.goto(self.k - 1)

    def reset(self) -> dict[str, Any]:
        return self.goto(0)

    def forward(self) -> dict[str, Any]:
        """Run every forward step that has not run yet."""
        return self.goto(max(self.k, self._n_forward))

    def backward_step(self) -> dict[str, Any]:
        """One step of the backward pass (the seed first). Refused while forward steps remain."""
        if self.k < self._n_forward:
            raise StepOrderError(
                "Run the forward pass first: the backward pass needs the values the forward pass writes "
                f"(step {self.k + 1} of {self.n} is still forward)")
        return self.goto(self.k + 1)
