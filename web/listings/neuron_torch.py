# The same neuron with PyTorch: write the forward pass; autograd runs the chain rule backwards.
import torch

X = torch.tensor([[0.8, -0.4, 1.2]], dtype=torch.float64)
Y = torch.tensor([1.0], dtype=torch.float64)
layer = torch.nn.Linear(3, 1).double()          # its weight and bias are Parameters: requires_grad=True
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[0.2, -0.1, 0.3]]))
    layer.bias.fill_(0.1)
optimizer = torch.optim.SGD(layer.parameters(), lr=0.5)

for step in range(50):
    yhat = torch.sigmoid(layer(X)).squeeze(1)   # forward: PyTorch records the graph as it goes
    loss = (0.5 * (yhat - Y) ** 2).mean()
    if step % 20 == 0:
        print(f"step {step:2d}  loss {loss.item():.4f}")

    optimizer.zero_grad()   # .grad accumulates otherwise
    loss.backward()         # backward: every dL/dparameter, from delta
    optimizer.step()        # update: p <- p - lr * p.grad

with torch.no_grad():
    yhat = torch.sigmoid(layer(X)).squeeze(1)
print(f"final yhat (after the last update) {yhat.item():.4f}")
