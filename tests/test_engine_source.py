"""The lesson shows the engine's own code ({{ source ... }}, buildtools/engine_source.py): what the built page shows
is, character for character, what the wheel the page installs holds; and the tiny engine listing of section 7 does
what the prose says, by hand and against PyTorch."""

from __future__ import annotations

import html
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import engine_source, site  # noqa: E402
from buildtools.shell import BuildError  # noqa: E402

TINY = ROOT / "web" / "listings" / "tiny_engine.py"


def test_the_page_shows_the_wheels_value_py():
    dist = site.build()
    wheel = next((dist / "wheels").glob("*.whl"))
    shipped = zipfile.ZipFile(wheel).read("backprop/value.py").decode()
    page = (dist / "index.html").read_text()
    blocks = [html.unescape(b) for b in re.findall(r"<pre tabindex=\"0\"><code>(.*?)</code></pre>", page, re.S)]
    backward = next(b for b in blocks if b.startswith("def backward(self)"))
    assert "    " + backward.replace("\n", "\n    ").replace("\n    \n", "\n\n") in shipped
    assert "p._acc += local * g" in backward
    assert shipped.rstrip("\n") in blocks, "the whole file, as the wheel has it"


def test_a_name_the_file_does_not_define_stops_the_build():
    with pytest.raises(BuildError, match="defines no Value.forward"):
        engine_source.source_text("value.py", "Value.forward", "{{ source value.py Value.forward }}")


def run(code: str) -> str:
    scope: dict = {}
    lines = []
    exec(compile(code, str(TINY), "exec"), {"print": lambda *a: lines.append(" ".join(map(str, a)))} | scope)
    return "\n".join(lines)


def test_the_tiny_engine_gets_pytorchs_gradients():
    import torch

    a, b, d = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (2.0, 3.0, 4.0))
    ((a * b + a) * d).backward()
    printed = run(TINY.read_text())
    assert f"dL/da = {a.grad.item()}  dL/db = {b.grad.item()}  dL/dd = {d.grad.item()}" in printed


def test_with_set_instead_of_add_a_keeps_one_contribution():
    source = TINY.read_text()
    assert source.count("p.grad += local * v.grad") == 1  # the line the prose asks the learner to change
    printed = run(source.replace("p.grad += local * v.grad", "p.grad = local * v.grad"))
    a_grad = float(printed.split("dL/da = ")[1].split()[0])
    assert a_grad in (1 * 4.0, 3.0 * 4.0)  # via the sum, or via the product: not their sum, 16
