"""The lesson's code listings (web/listings/): what the page shows as their output is what they print today."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import listings  # noqa: E402
from buildtools.paths import LISTINGS as FOLDER  # noqa: E402

LISTINGS = listings.all_listings()


def test_there_are_three_implementations():
    assert {p.name for p in LISTINGS} >= {"neuron_pure.py", "neuron_numpy.py", "neuron_torch.py"}


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda p: p.name)
def test_recorded_output_is_a_fresh_run(listing):
    fresh = listings.run_listing(listing, sys.executable)
    assert fresh == listings.output_path(listing).read_text()


def test_the_three_listings_print_the_same_thing():
    outputs = {p.name: listings.output_path(p).read_text() for p in LISTINGS if p.name.startswith("neuron_")}
    assert len(set(outputs.values())) == 1, outputs


def test_listing_losses_match_an_independent_torch_run():
    """The printed losses against PyTorch's own training of the same neuron, at the printed precision."""
    import torch

    x = torch.tensor([0.8, -0.4, 1.2], dtype=torch.float64)
    w = torch.tensor([0.2, -0.1, 0.3], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=0.5)
    printed = []
    for step in range(50):
        loss = 0.5 * (torch.sigmoid(w @ x + b) - 1.0) ** 2
        if step % 20 == 0:
            printed.append(f"step {step:2d}  loss {loss.item():.4f}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    final = torch.sigmoid(w @ x + b).item()
    expected = "\n".join(printed) + f"\nfinal yhat (after the last update) {final:.4f}\n"
    assert listings.output_path(FOLDER / "neuron_pure.py").read_text() == expected
