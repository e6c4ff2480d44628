"""Numbers the widgets must show, worked out here with the math module and plain loops - never by asking the
engine - so a browser test checks the engine and the page against an independent reference."""

from __future__ import annotations

import math
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
