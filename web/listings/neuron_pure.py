# One sigmoid neuron, trained by hand: every multiplication of the chain rule spelled out.
import math

x = [0.8, -0.4, 1.2]   # one example
w = [0.2, -0.1, 0.3]   # weights
b = 0.1                # bias
y = 1.0                # target
lr = 0.5               # learning rate


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


for step in range(50):
    # forward: write the notes the backward pass will read
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    yhat = sigmoid(z)
    loss = 0.5 * (yhat - y) ** 2
    if step % 20 == 0:
        print(f"step {step:2d}  loss {loss:.4f}")

    # backward: one local derivative per line, each times the line before
    dL_dyhat = yhat - y
    dyhat_dz = yhat * (1.0 - yhat)
    delta = dL_dyhat * dyhat_dz            # dL/dz, the error signal at the neuron
    dL_dw = [delta * xi for xi in x]       # dz/dw_i = x_i
    dL_db = delta                          # dz/db = 1

    # update: a step downhill
    w = [wi - lr * gi for wi, gi in zip(w, dL_dw)]
    b = b - lr * dL_db

yhat = sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + b)
print(f"final yhat (after the last update) {yhat:.4f}")
