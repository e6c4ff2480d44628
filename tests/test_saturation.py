"""backprop.saturation and widgets.fan_out: the lesson's numbers on patterns, saturation and the fan-out, against
PyTorch and hand arithmetic."""

from __future__ import annotations

import math

import pytest

from backprop.saturation import sigmoid_chain, xor_saturation
from backprop.widgets import fan_out


def sig(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_the_chain_of_sigmoids_against_pytorch():
    import torch
    for depth in (1, 4, 10):
        x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        y = x
        for _ in range(depth):
            y = torch.sigmoid(y)
        y.backward()
        result = sigmoid_chain(depth, 0)
        assert result["grad"] == pytest.approx(x.grad.item(), rel=1e-12)
        assert result["grad"] < 0.25**depth == result["bound"] or depth == 1


def test_slopes_by_hand_shrink_after_the_first():
    result = sigmoid_chain(4, "0")
    z, slopes = 0.0, []
    for _ in range(4):
        slopes.append(sig(z) * (1 - sig(z)))
        z = sig(z)
    assert result["slopes"] == pytest.approx(slopes, rel=1e-12)
    assert result["max_slope"] == 0.25 and result["slopes"][0] == 0.25
    assert all(a > b for a, b in zip(result["slopes"], result["slopes"][1:]))
    assert result["grads"][-1] == pytest.approx(math.prod(slopes), rel=1e-12)


def test_the_stalled_xor_network_has_saturated_hidden_units_where_it_is_undecided():
    result = xor_saturation(2, 5000)
    undecided = [ex for ex in result["examples"] if abs(ex["output"] - 0.5) < 0.1]
    assert len(undecided) == result["undecided"] == 2
    for ex in result["examples"]:
        for slope in ex["hidden_slopes"] + [ex["output_slope"]]:
            assert 0 <= slope <= 0.25
    assert result["largest_hidden_slope_undecided"] < 0.001


def test_fan_out_contributions_by_hand():
    # L = (a*b + a)*d at a=2, b=3, d=4: dL/d(sum) = d = 4; via the sum a gets 1*4, via the product b*4 = 12
    paths = fan_out()["a_paths"]
    assert paths == {"via_sum": 4.0, "via_product": 12.0, "local_via_product": 3.0, "grad": (3 + 1) * 4}
    assert fan_out()["backward_labels"] == ["L", "a*b + a", "a*b"]
