"""What the engine refuses, and why: one family, so the page can tell a learner's mistake from a failure.

Every refusal of input is an InputError, with the words to show the learner. The bridge passes its class name and
message to the page; anything that is not an InputError is the engine's own failure.
"""

from __future__ import annotations


class InputError(ValueError):
    """Input the engine will not take. ``column`` is the 1-based character position of the problem, or None."""

    def __init__(self, message: str, column: int | None = None) -> None:
        self.column = column
        self.reason = message
        super().__init__(f"column {column}: {message}" if column is not None else message)


class ExpressionError(InputError):
    """An expression the language does not allow (a forbidden name, a syntax error, a cost over its cap)."""


class SettingError(InputError):
    """A widget setting out of its range or of the wrong kind: a step count, a seed, a model name, a list of numbers."""
