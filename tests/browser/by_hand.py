"""Numbers the widgets must show, worked out here with the math module and plain loops - never by asking the
engine - so a browser test checks the engine and the page against an independent reference."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence


def sigmoid(t: float) -> float:
    return 1 / (1 + math.exp(-t))


def chain_dldx(x: float) -> float:
    """L = sin((3x + 2)^2): dL/dx = cos v * 2u * 3, with u = 3x + 2 and v = u^2."""
    u = 3 * x + 2
    return math.cos(u * u) * 2 * u * 3


def neuron_after(steps: int, x: Sequence[float], w: Sequence[float], b: float, y: float,
                 lr: float) -> tuple[list[float], float]:
    """Plain SGD on one sigmoid neuron with L = 1/2 (yhat - y)^2: the weights after `steps` updates, and the loss
    the current weights give."""
    w = list(w)
    for _ in range(steps):
        yhat = sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + b)
        delta = (yhat - y) * yhat * (1 - yhat)  # dL/dz
        w = [wi - lr * delta * xi for wi, xi in zip(w, x)]
        b -= lr * delta
    yhat = sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + b)
    return w, 0.5 * (yhat - y) ** 2


XOR = [((0.0, 0.0), 0.0), ((0.0, 1.0), 1.0), ((1.0, 0.0), 1.0), ((1.0, 1.0), 0.0)]


def xor_single_step(params: Sequence[float], lr: float) -> tuple[list[float], float]:
    """One full-batch gradient step of yhat = sigma(w1 x1 + w2 x2 + b) on XOR with the mean of 1/2 (yhat - t)^2:
    the parameters after it, and the loss they give."""
    w1, w2, b = params
    g1 = g2 = gb = 0.0
    for (x1, x2), t in XOR:
        yhat = sigmoid(w1 * x1 + w2 * x2 + b)
        delta = (yhat - t) * yhat * (1 - yhat) / len(XOR)
        g1, g2, gb = g1 + delta * x1, g2 + delta * x2, gb + delta
    w1, w2, b = w1 - lr * g1, w2 - lr * g2, b - lr * gb
    loss = sum(0.5 * (sigmoid(w1 * x1 + w2 * x2 + b) - t) ** 2 for (x1, x2), t in XOR) / len(XOR)
    return [w1, w2, b], loss


# ---- the XOR lab: one neuron and the 2-2-1 network, full-batch gradient descent, gradients derived by hand ----------

XOR_INIT_RANGE = 1.0  # the lab's documented start: random.Random(seed).uniform(-1, 1) for each parameter, in order
XOR_SIZES = {"single": 3, "mlp": 9}  # [w1, w2, b]; [w11, w12, b1, w21, w22, b2, v1, v2, c]


def xor_start(model: str, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(-XOR_INIT_RANGE, XOR_INIT_RANGE) for _ in range(XOR_SIZES[model])]


def xor_loss_grads(model: str, p: Sequence[float]) -> tuple[float, list[float], list[float]]:
    """The mean of 1/2 (yhat - t)^2 over the four XOR points, its gradient (the chain rule written out per
    parameter) and the four outputs."""
    loss, grads, outputs = 0.0, [0.0] * len(p), []
    for (x1, x2), t in XOR:
        if model == "single":
            w1, w2, b = p
            y = sigmoid(w1 * x1 + w2 * x2 + b)
            dz = (y - t) / len(XOR) * y * (1 - y)
            g = [dz * x1, dz * x2, dz]
        else:
            w11, w12, b1, w21, w22, b2, v1, v2, c = p
            h1, h2 = sigmoid(w11 * x1 + w12 * x2 + b1), sigmoid(w21 * x1 + w22 * x2 + b2)
            y = sigmoid(v1 * h1 + v2 * h2 + c)
            dzo = (y - t) / len(XOR) * y * (1 - y)  # dL/d(output's z)
            dz1, dz2 = dzo * v1 * h1 * (1 - h1), dzo * v2 * h2 * (1 - h2)  # back through v_j, then sigma'
            g = [dz1 * x1, dz1 * x2, dz1, dz2 * x1, dz2 * x2, dz2, dzo * h1, dzo * h2, dzo]
        loss += 0.5 * (y - t) ** 2 / len(XOR)
        grads = [a + b for a, b in zip(grads, g)]
        outputs.append(y)
    return loss, grads, outputs


def xor_train(model: str, seed: int, steps: int, lr: float, start: Sequence[float] | None = None) -> dict:
    """`steps` updates from the seed's start (or `start`): params after them, the loss before each update
    (`losses`), and the loss and outputs at the final params."""
    p = list(start) if start is not None else xor_start(model, seed)
    losses = []
    for _ in range(steps):
        loss, grads, _ = xor_loss_grads(model, p)
        losses.append(loss)
        p = [v - lr * g for v, g in zip(p, grads)]
    final, _, outputs = xor_loss_grads(model, p)
    return {"params": p, "losses": losses, "final_loss": final, "outputs": outputs}
