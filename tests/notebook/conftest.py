"""The notebook tests: backprop.notebook as pip installs it from the built wheel (dist/notebook/), in a folder of its
own, never the repository's py/. The JupyterLab test is a browser test: tests/browser/test_notebook_jupyterlab.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import dist  # noqa: F401 - the built site, a fixture


@pytest.fixture(scope="session")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """A site-packages folder with the notebook wheel installed by pip (its dependencies are .venv's)."""
    (wheel,) = (dist / "notebook").glob("backprop-*.whl")
    target = tmp_path_factory.mktemp("site-packages")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True)
    return target


@pytest.fixture
def notebook(installed: Path) -> Iterator:
    """backprop.notebook imported from the installed wheel; the repository's backprop is put back afterwards."""
    saved_path = list(sys.path)
    saved = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "backprop"}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(installed))
    try:
        import backprop.notebook

        assert Path(backprop.notebook.__file__).is_relative_to(installed)
        yield backprop.notebook
    finally:
        sys.path[:] = saved_path
        for name in [n for n in sys.modules if n.split(".")[0] == "backprop"]:
            del sys.modules[name]
        sys.modules.update(saved)
