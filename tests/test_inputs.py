"""backprop.inputs: variables get their values from attributes, whose names HTML has lowercased."""

from __future__ import annotations

import pytest

from backprop import SettingError
from backprop.inputs import variable_values
from backprop.widgets import graph


def test_a_capitalised_variable_reads_its_lowercased_attribute():
    assert variable_values("X*2 + y", {"x": "3", "y": "0.5"}) == ({"X": 3.0, "y": 0.5}, [])
    nodes = {n["label"]: n for n in graph("X*2", {"x": "3"})["nodes"]}
    assert nodes["L"]["value"] == 6.0 and nodes["X"]["grad"] == 2.0


def test_an_exact_name_wins_over_its_lowercase():
    assert variable_values("X", {"X": 5, "x": 7}) == ({"X": 5.0}, [])


def test_names_differing_only_in_capitals_are_refused():
    with pytest.raises(SettingError, match="x and X differ only in capitals"):
        variable_values("x*X", {"x": "2"})


def test_unusual_names_are_plain_keys():
    given, missing = variable_values("__proto__*constructor", {"__proto__": "2"})
    assert given == {"__proto__": 2.0, "constructor": 1.0} and missing == ["constructor"]
