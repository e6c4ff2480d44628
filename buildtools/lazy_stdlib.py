"""Runs in the page's worker, not at build time: the rest of the standard library, fetched when first imported.

The start-up zip (python_stdlib.zip) holds only what the page imports on its way to live and what the lesson's
listings import (buildtools/compile-bytecode.mjs finds them). Every other module of Pyodide's standard library is a
file of its own under pyodide/stdlib/ on the site; this finder, last on sys.meta_path, fetches one the first time
it is imported (a synchronous request: imports are synchronous, and a worker may make one) and keeps it in the
worker's file system, so importing it again, even offline, needs no network. The build appends INDEX: each such
module's name and its file. Imports nothing at start-up beyond what the interpreter has already imported.
"""

from __future__ import annotations

import os
import sys
from importlib.util import spec_from_file_location

FOLDER = "/lib/stdlib-fetched"
INDEX: dict[str, str] = {}  # module name -> its file under pyodide/stdlib/ (written by the build)


def _download(url: str) -> str:
    from js import XMLHttpRequest  # the worker's; imported here so a memory snapshot holds no handle to it

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.send()
    if request.status != 200:
        raise OSError(f"HTTP {request.status}")
    return str(request.responseText)


class FetchedStdlib:
    """The meta-path finder for modules of INDEX."""

    def __init__(self, base: str) -> None:
        self.base = base

    def find_spec(self, name: str, path=None, target=None):  # noqa: ANN001, ANN201 - the finder protocol
        relative = INDEX.get(name)
        if relative is None:
            return None
        local = f"{FOLDER}/{relative}"
        if not os.path.exists(local):
            try:
                source = _download(self.base + relative)
            except Exception as error:  # noqa: BLE001 - any failure to fetch is this module being unavailable
                reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                missing = ModuleNotFoundError(
                    f"No module named {name!r} here yet: it is fetched from the site the first time it is imported, "
                    f"and that failed ({reason}). Try again once the connection is back.",
                    name=name,
                )
                # Pyodide's own note would say the module was removed from its standard library, which is untrue
                missing._PYODIDE_ADDED_NOTE = True
                raise missing from None
            os.makedirs(os.path.dirname(local), exist_ok=True)
            with open(local, "w", encoding="utf-8") as handle:
                handle.write(source)
        package = relative.endswith("/__init__.py")
        return spec_from_file_location(
            name, local, submodule_search_locations=[os.path.dirname(local)] if package else None
        )


def install(base: str) -> None:
    """Put the finder last on sys.meta_path (once; a resumed snapshot has it already), fetching from `base`."""
    for finder in sys.meta_path:
        if isinstance(finder, FetchedStdlib):
            finder.base = base
            return
    sys.meta_path.append(FetchedStdlib(base))
