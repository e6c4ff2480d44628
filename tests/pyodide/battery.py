# The same engine calls, printed as JSON lines; run once in CPython and once in Pyodide, the outputs must be equal.
import json
import random

from backprop import ExpressionError, trace, widgets

rng = random.Random(2026)
FUNCS = ["sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid", "relu"]


def random_expr(depth):
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(["a", "b", "c", str(round(rng.uniform(-3, 3), 2))])
    kind = rng.random()
    if kind < 0.4:
        return f"({random_expr(depth - 1)} {rng.choice('+-*/')} {random_expr(depth - 1)})"
    if kind < 0.5:
        return f"({random_expr(depth - 1)})**{rng.choice(['2', '3', '0.5', 'b'])}"
    return f"{rng.choice(FUNCS)}({random_expr(depth - 1)})"


def emit(kind, value):
    print(json.dumps({"kind": kind, "value": value}, sort_keys=True, allow_nan=False))


for _ in range(300):
    text = random_expr(4)
    values = {name: rng.uniform(-4, 4) for name in "abc"}
    try:
        result = trace(text, **values)
        emit("trace", [text, [[n["value"], n["grad"]] for n in result["nodes"]], [e["local"] for e in result["edges"]]])
    except ExpressionError as error:
        emit("refused", [text, str(error)])
for i in range(200):
    emit("chain_rule", widgets.chain_rule(-2 + i * 0.02))
state = widgets.neuron()
for _ in range(50):
    state = widgets.neuron(w=state["w_new"], b=state["b_new"])
    emit("neuron", state)
for model, seed in (("single", 0), ("mlp", 0), ("mlp", 2)):
    emit("xor", widgets.xor(model=model, seed=seed, steps=2000, every=50))
