# Exercise: one sigmoid neuron against XOR. Run it, then try to make it learn (hint: you can't, with one neuron).
import math
import random

data = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]
rng = random.Random(0)
w1, w2, b = (rng.uniform(-1, 1) for _ in range(3))
lr = 2.0


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


for step in range(5001):
    loss, g1, g2, gb = 0.0, 0.0, 0.0, 0.0
    for (x1, x2), y in data:               # full batch: all four examples, then one update
        yhat = sigmoid(w1 * x1 + w2 * x2 + b)
        loss += 0.5 * (yhat - y) ** 2 / 4      # mean of 1/2 squared error
        delta = (yhat - y) * yhat * (1 - yhat) / 4
        g1, g2, gb = g1 + delta * x1, g2 + delta * x2, gb + delta
    if step % 1000 == 0:
        print(f"step {step:4d}  loss {loss:.4f}")
    w1, w2, b = w1 - lr * g1, w2 - lr * g2, b - lr * gb

for (x1, x2), y in data:
    print(f"({x1}, {x2}) -> {sigmoid(w1 * x1 + w2 * x2 + b):.3f}   target {y}")
