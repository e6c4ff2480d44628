"""Traits from a widget's attribute table (its view's ATTRIBUTES, read into the wheel by the build), checked as the
page checks the attribute: a wrong type or an out-of-range value is refused with the sentence the page shows for it
(web/js/attributes.js: what was wrong, what the attribute takes), and the trait keeps its value, so the widget keeps
working. Standard library and traitlets only."""

from __future__ import annotations

import math
from typing import Any

import traitlets

TEXT_LIMIT = 2000  # as web/js/attributes.js


def problem(row: dict, value: Any) -> tuple[str | None, Any]:
    """(what is wrong with `value` for this row, in the page's words, or None; the value the trait then holds)."""
    kind = row["type"]
    if kind == "boolean":
        return (None, value) if isinstance(value, bool) else ("not True or False", None)
    if kind == "choice":
        return (None, value) if isinstance(value, str) and value in row["choices"] else ("not one of the choices", None)
    if kind == "text":
        if not isinstance(value, str):
            return "not text", None
        limit = row.get("maxLength", TEXT_LIMIT)
        return (None, value) if limit is None or len(value) <= limit else (f"{len(value)} characters long", None)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "not a finite number", None
    if kind == "integer":
        if value != int(value):
            return "not a whole number", None
        value = int(value)
    if ("min" in row and value < row["min"]) or ("max" in row and value > row["max"]):
        return "out of range", None
    return None, value


class Attribute(traitlets.TraitType):
    """One row of an attribute table as a trait, synced to the element's attribute of the same name."""

    def __init__(self, row: dict) -> None:
        self.row = row
        takes = "True or False" if row["type"] == "boolean" else row["takes"]
        self.info_text = takes
        default = False if row["type"] == "boolean" else row.get("default")
        super().__init__(default_value=default, allow_none=default is None, help=row.get("doc", ""))
        self.tag(sync=True)

    def validate(self, obj: Any, value: Any) -> Any:
        if value is None and self.allow_none:
            return None
        wrong, checked = problem(self.row, value)
        if wrong is None:
            return checked
        name = self.row["name"]
        shown = str(value).strip()[:40]
        kept = getattr(obj, self.name, None) if obj is not None else self.default_value
        # as the page says it: an absent value is the default its table names (defaultDoc, e.g. the engine's)
        keeps = repr(kept) if kept is not None else self.row.get("defaultDoc", "None")
        raise traitlets.TraitError(f'{name}="{shown}" is {wrong}: it takes {self.info_text}; {self.name} stays {keeps}.')


def trait_name(attribute: str) -> str:
    """An attribute's name in Python: no-zero-grad is no_zero_grad (as kernel-engine.js's traitName)."""
    return attribute.replace("-", "_")
