"""backprop.costs: the work of getting all n gradients three ways, against hand counts of the neuron's graph, and the
gradients against PyTorch."""

from __future__ import annotations

import pytest

from backprop.costs import MAX_INPUTS, gradient_cost
from backprop.errors import SettingError


def by_hand(n: int) -> dict[str, int]:
    """0.5*(sigmoid(x1*w1 + ... + xn*wn + b) - y)**2: n products, n - 1 sums between them, then + b, sigmoid, - y,
    **2 and 0.5* (2n + 4 operations). Edges that carry a gradient: one per product (its constant takes none), two
    per sum between products, one each for the last five (3n + 3)."""
    nodes, edges = 2 * n + 4, 3 * n + 3
    return {"nodes": nodes, "edges": edges, "nudge": 2 * n * nodes, "forward": nodes + n * edges,
            "reverse": nodes + edges}


@pytest.mark.parametrize("n", [1, 3, 8, 12, MAX_INPUTS])
def test_counts_match_the_graph_counted_by_hand(n):
    result = gradient_cost(n)
    expected = by_hand(n)
    assert (result["graph_nodes"], result["graph_edges"]) == (expected["nodes"], expected["edges"])
    totals = {m["id"]: m["total"] for m in result["methods"]}
    assert totals == {k: expected[k] for k in ("nudge", "forward", "reverse")}
    passes = {m["id"]: (m["forward_passes"], m["sweeps"]) for m in result["methods"]}
    assert passes == {"nudge": (2 * n, 0), "forward": (1, n), "reverse": (1, 1)}


def test_twelve_weights_as_the_page_shows_them():
    totals = [m["total"] for m in gradient_cost("12")["methods"]]
    assert totals == [2 * 12 * 28, 28 + 12 * 39, 28 + 39] == [672, 496, 67]


def test_the_gradients_agree_with_pytorch():
    import torch
    n = 5
    x = torch.tensor([[0.8, -0.4, 1.2][i % 3] for i in range(n)], dtype=torch.float64)
    w = torch.tensor([[0.2, -0.1, 0.3][i % 3] for i in range(n)], dtype=torch.float64, requires_grad=True)
    loss = 0.5 * (torch.sigmoid(x @ w + 0.1) - 1.0) ** 2
    loss.backward()
    result = gradient_cost(n)
    assert result["grad_w1"] == pytest.approx(w.grad[0].item(), rel=1e-12)
    gaps = {m["id"]: m["gap"] for m in result["methods"]}
    assert gaps["forward"] < 1e-15 and 0 < gaps["nudge"] < 1e-8


@pytest.mark.parametrize("bad", ["0", "65", "2.5", "many"])
def test_refuses_what_it_cannot_count_with_a_message(bad):
    with pytest.raises(SettingError, match="n must be"):
        gradient_cost(bad)
