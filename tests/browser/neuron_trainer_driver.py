"""Driving <bp-neuron-trainer> in the lesson page for the browser tests (test_bp_neuron_trainer.py: the lesson's
numbers, steps and switches; test_bp_neuron_trainer_editing.py: editing, pinned state, access, linked highlighting).
The references are independent of the engine: the lesson page's printed numbers, and PyTorch float64 autograd with
torch.optim.SGD for anything after a step."""

from __future__ import annotations

import torch

from .conftest import LIVE_TIMEOUT_MS

TAG = "bp-neuron-trainer"
X, W, B, Y, LR = [0.8, -0.4, 1.2], [0.2, -0.1, 0.3], 0.1, 1.0, 0.5
EXTRAS = {"steps", "losses", "carried", "zero_grads", "requires_grad", "start"}  # the run, besides the current step

# Section 3 of the lesson page, exactly as printed there (with a real minus sign, as the widget prints it)
LESSON_FORWARD = {"product0": "0.1600", "product1": "0.0400", "product2": "0.3600", "z": "0.6600", "yhat": "0.6593",
                  "loss": "0.0581"}
LESSON_BACKWARD = {"dL_dyhat": "−0.3407", "dyhat_dz": "0.2246", "dL_dz": "−0.0765", "dL_dw0": "−0.0612",
                   "dL_dw1": "0.0306", "dL_dw2": "−0.0919", "dL_db": "−0.0765"}
LESSON_UPDATE = {"w_new0": "0.2306", "w_new1": "−0.1153", "w_new2": "0.3459", "b_new": "0.1383"}
LESSON_AFTER_ONE_STEP = {"w0": "0.2306", "w1": "−0.1153", "w2": "0.3459", "b": "0.1383"}

# The lesson page holds the widget in section 3; until it does, the tests put one there.
INSERT = """tag => {
  if (!document.querySelector(tag)) {
    const el = document.createElement(tag);
    (document.querySelector('#neuron h2') || document.querySelector('main').firstElementChild).after(el);
  }
}"""


# ---- helpers --------------------------------------------------------------------------------------------------------

def open_trainer(watched, site):
    page = watched.page
    page.goto(site.url())
    page.evaluate(INSERT, TAG)
    watched.wait_live(TAG)
    wait_state(page, "s.steps === 0")
    return page.locator(TAG).first


def wait_state(page, condition: str, arg=None) -> None:
    page.wait_for_function(
        f"arg => {{ const s = document.querySelector('{TAG}').state; return !!s && !!({condition}); }}",
        arg=arg, timeout=LIVE_TIMEOUT_MS,
    )


def state(page) -> dict:
    return page.evaluate(f"() => document.querySelector('{TAG}').state")


def slot(widget, part: str, key: str) -> str:
    return widget.locator(f'[part~="{part}"] [data-f="{key}"]').first.inner_text().strip()


def slots(widget, part: str, keys) -> dict[str, str]:
    return {key: slot(widget, part, key) for key in keys}


def click_steps(page, widget, n: int) -> None:
    before = state(page)["steps"]
    for _ in range(n):
        widget.locator("#step").click()
    wait_state(page, "s.steps === arg", before + n)


def engine_part(s: dict) -> dict:
    return {k: v for k, v in s.items() if k not in EXTRAS}


def torch_sgd(steps: int, *, zero_grad: bool = True, frozen: tuple[int, ...] = (), x=X, w=W, b=B, y=Y, lr=LR):
    """PyTorch float64: `steps` iterations of forward, backward, SGD step. A frozen weight is a plain tensor
    (requires_grad=False), so it never gets a gradient. Returns (w, b, per-step losses, per-step fresh gradients of
    w, the .grad buffers at the end)."""
    xt = torch.tensor(x, dtype=torch.float64)
    ws = [torch.tensor(v, dtype=torch.float64, requires_grad=i not in frozen) for i, v in enumerate(w)]
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    params = [p for p in ws if p.requires_grad] + [bt]
    optimizer = torch.optim.SGD(params, lr=lr)
    losses, fresh = [], []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = 0.5 * (torch.sigmoid(torch.stack(ws) @ xt + bt) - y) ** 2
        # this pass's own gradient, computed separately so it can be compared with the accumulated buffer
        fresh.append([g.item() for g in torch.autograd.grad(loss, params, retain_graph=True)])
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    buffers = [None if p.grad is None else p.grad.item() for p in params]
    return [p.item() for p in ws], bt.item(), losses, fresh, buffers


def no_errors(watched) -> None:
    assert watched.errors == [], watched.errors
    assert watched.console_errors == [], watched.console_errors
