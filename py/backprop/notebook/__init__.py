"""The lesson's widgets in a notebook: anywidget classes ChainRule, GraphStepper, NeuronTrainer, XorLab, Playground.

    from backprop.notebook import ChainRule
    w = ChainRule(x=0.7)      # show it: the last expression of a cell
    w.x = -1.2                # the slider follows; w.state is the engine's answer, as the element's `state`

The front end is the site's own element and view modules and stylesheets, shipped in this wheel (static/), loaded by
anywidget (static/js/notebook.js); the engine is this kernel's Python: the element asks it through anywidget's custom
messages and the kernel answers with backprop.bridge.handle, as the page's worker does. Each attribute of the element
is a trait (hyphens are underscores), checked as the page checks the attribute (attributes.py); `state` is set by the
widget. The graph widgets' variables are the trait `values` ({"a": 2, ...}). Every event the element fires (bp-change
when the learner moves something, and any other) reaches the handlers given to `on_event`.

Installed with the wheel's `notebook` extra, which brings anywidget; the engine itself (backprop) needs nothing.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .. import bridge
from ..widgets import FUNCTIONS
from .attributes import Attribute, trait_name

STATIC = Path(__file__).parent / "static"
MANIFEST: dict = json.loads((STATIC / "widgets.json").read_text(encoding="utf-8"))

EventHandler = Callable[[str, Any], None]


class BackpropWidget(anywidget.AnyWidget):
    """What every widget class shares: the front end, the engine's answers, events."""

    _esm = STATIC / "js" / "notebook.js"
    state = traitlets.Dict(default_value=None, allow_none=True, help="the engine's current result (set by the widget)")
    state.tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._event_handlers: list[EventHandler] = []
        self.on_msg(self._receive)

    def on_event(self, handler: EventHandler, remove: bool = False) -> None:
        """Call handler(name, detail) for every event the element fires, e.g. ("bp-change", {"state": ...})."""
        if remove:
            self._event_handlers.remove(handler)
        else:
            self._event_handlers.append(handler)

    def answer(self, content: Any) -> dict | None:
        """The kernel's side of one message from the front end: a call is answered by backprop.bridge (the page's
        worker's door into the engine) and the answer returned (and sent); an event goes to the handlers."""
        if not isinstance(content, dict):
            return None
        if content.get("type") == "call":
            value = bridge.handle(json.dumps({"fn": content.get("fn"), "args": content.get("args")}))
            reply = {"type": "answer", "id": content.get("id"), "value": value}
            self.send(reply)
            return reply
        if content.get("type") == "event":
            for handler in list(self._event_handlers):
                handler(str(content.get("name")), content.get("detail"))
        return None

    def _receive(self, _widget: Any, content: Any, _buffers: Any) -> None:
        self.answer(content)


def _modules(names: list[str]) -> list[dict]:
    return [{"name": name, "source": (STATIC / "js" / name).read_text(encoding="utf-8"),
             "imports": MANIFEST["imports"][name]} for name in names]


def _widget_class(spec: dict) -> type[BackpropWidget]:
    """One class per registry row: its tag, modules and stylesheets, and a trait per attribute."""
    namespace: dict[str, Any] = {
        "__doc__": f"{spec['title']} (the element <{spec['tag']}>; traits: "
                   + ", ".join(trait_name(row["name"]) for row in spec["attributes"]) + ").",
        "__module__": __name__,
        "_tag": traitlets.Unicode(spec["tag"]).tag(sync=True),
        "_modules": traitlets.List(_modules(spec["modules"])).tag(sync=True),
        "_stylesheets": traitlets.Dict({name: (STATIC / "css" / name).read_text(encoding="utf-8")
                                for name in spec["styles"]}).tag(sync=True),
    }
    for row in spec["attributes"]:
        namespace[trait_name(row["name"])] = Attribute(row)
    if "values" in inspect.signature(FUNCTIONS[spec["fn"]]).parameters:
        # the expression's variables: any names, so not rows of a table (web/js/variable-attributes.js)
        namespace["values"] = traitlets.Dict(help="each variable's value, by name").tag(sync=True)
    return type(spec["class"], (BackpropWidget,), namespace)


_CLASSES = {spec["class"]: _widget_class(spec) for spec in MANIFEST["widgets"]}
globals().update(_CLASSES)
__all__ = ["BackpropWidget", *_CLASSES]
