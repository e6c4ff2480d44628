# The same neuron with NumPy: a whole batch at a time, so the per-weight loop becomes a matrix product.
import numpy as np

X = np.array([[0.8, -0.4, 1.2]])   # a batch of one example, shape (n, 3)
Y = np.array([1.0])                # targets, shape (n,)
w = np.array([0.2, -0.1, 0.3])
b = 0.1
lr = 0.5


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


for step in range(50):
    z = X @ w + b                              # forward, every example at once
    yhat = sigmoid(z)
    loss = np.mean(0.5 * (yhat - Y) ** 2)      # mean over the batch
    if step % 20 == 0:
        print(f"step {step:2d}  loss {loss:.4f}")

    n = len(Y)
    dL_dz = (yhat - Y) * yhat * (1.0 - yhat) / n   # delta for every example (the mean brings the 1/n)
    dL_dw = X.T @ dL_dz                             # the per-weight loop, as a transpose
    dL_db = dL_dz.sum()

    w = w - lr * dL_dw
    b = b - lr * dL_db

yhat = sigmoid(X @ w + b)
print(f"final yhat (after the last update) {yhat[0]:.4f}")
