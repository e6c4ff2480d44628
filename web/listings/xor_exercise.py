# Exercise: one sigmoid neuron against XOR, built from the engine's Values.
# It cannot learn XOR. Change it into a 2-2-1 network that does: two hidden
# sigmoid neurons feeding one output neuron. The check reads two names:
# net(x1, x2), the network's output as a Value, and params, its parameters.
import random

from backprop import Value, zero_grad

data = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]
rng = random.Random(0)
w1, w2, b = (Value(rng.uniform(-1, 1)) for _ in range(3))
params = [w1, w2, b]
lr = 2.0


def net(x1, x2):
    return (w1 * x1 + w2 * x2 + b).sigmoid()


for step in range(3001):
    zero_grad(params)
    loss = sum(0.5 * (net(x1, x2) - y) ** 2 for (x1, x2), y in data) / 4  # mean of 1/2 squared error
    loss.backward()
    if step % 1000 == 0:
        print(f"step {step:4d}  loss {loss.data:.4f}")
    for p in params:
        p.data -= lr * p.grad

for (x1, x2), y in data:
    print(f"({x1}, {x2}) -> {net(x1, x2).data:.3f}   target {y}")
