"""Plain JSON for the browser: non-finite floats become the strings "Infinity", "-Infinity" and "NaN".

JSON has no inf or nan (Python's json module writes bare ``Infinity``/``NaN`` tokens that ``JSON.parse`` rejects), so the
engine encodes them as strings; the page turns them back into numbers and shows them as inf / NaN.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["to_json_number", "json_safe"]


def to_json_number(x: float | None) -> float | int | str | None:
    """A finite number unchanged; +inf -> "Infinity", -inf -> "-Infinity", nan -> "NaN"; None stays None."""
    if x is None or isinstance(x, (bool, int)):
        return x
    if math.isfinite(x):
        return x
    if x != x:
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"


def json_safe(obj: Any) -> Any:
    """A copy of obj made only of dict/list/str/int/float/bool/None, with every float passed through to_json_number.

    Tuples become lists and dict keys become strings.
    """
    if isinstance(obj, float):
        return to_json_number(obj)
    if obj is None or isinstance(obj, (str, bool, int)):
        return obj
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    raise TypeError(f"json_safe: cannot encode {type(obj).__name__!r}")
