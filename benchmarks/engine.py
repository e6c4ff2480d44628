"""The engine next to micrograd (PyPI 0.1.0), the reference teaching engine, on the same work, in the same run.

    .venv/bin/python benchmarks/engine.py             # in CPython
    .venv/bin/python benchmarks/engine.py --pyodide   # then the same inside the pinned Pyodide under Node (the page's)

Three workloads built from the operations both engines have (micrograd 0.1.0 has + * ** relu, no transcendentals): a
relu MLP forward+backward, a chain of squares, and a deep chain that micrograd's recursive backward cannot handle.
Prints seconds per workload (best of 5) and the ratio ours / micrograd: below 1 means we are faster.
"""

from __future__ import annotations

import platform
import random
import subprocess
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "py"))
from backprop import Value as Ours  # noqa: E402
from micrograd.engine import Value as Theirs  # noqa: E402


def mlp(value_class, relu: str) -> None:
    rng = random.Random(0)
    sizes = [8, 16, 16, 1]
    weights = [[[value_class(rng.uniform(-1, 1)) for _ in range(a)] for _ in range(b)] for a, b in zip(sizes, sizes[1:])]
    for _ in range(10):
        h = [value_class(rng.uniform(-1, 1)) for _ in range(sizes[0])]
        for layer in weights:
            h = [getattr(sum((w * x for w, x in zip(row, h)), value_class(0.0)), relu)() for row in layer]
        (h[0] * h[0]).backward()


def square_chain(value_class) -> None:
    v = value_class(0.3)
    for _ in range(300):
        v = (v * 0.5 + 0.1) ** 2
    v.backward()


def deep_chain(value_class) -> None:
    v = value_class(0.3)
    for i in range(5000):
        v = v * 1.0001 if i % 2 else v + 0.5
    v.backward()


def best(fn) -> float:
    return min(timeit.repeat(fn, number=1, repeat=5))


def main() -> None:
    print(f"{platform.python_implementation()} {platform.python_version()} on {sys.platform}")
    rows = [
        ("relu MLP 8-16-16-1, 10 samples", lambda: mlp(Ours, "relu"), lambda: mlp(Theirs, "relu")),
        ("square chain, 300 x (v*0.5+0.1)**2", lambda: square_chain(Ours), lambda: square_chain(Theirs)),
    ]
    if sys.platform != "emscripten":  # in Pyodide, freeing a chain this long overflows the JavaScript stack
        rows.append(("chain of 5000 + and *", lambda: deep_chain(Ours), lambda: deep_chain(Theirs)))
    print(f"{'workload':34}{'backprop':>12}{'micrograd':>12}{'ratio':>8}")
    for name, ours, theirs in rows:
        t_ours = best(ours)
        try:
            t_theirs = best(theirs)
            print(f"{name:34}{t_ours * 1000:>10.1f}ms{t_theirs * 1000:>10.1f}ms{t_ours / t_theirs:>8.2f}")
        except RecursionError:
            print(f"{name:34}{t_ours * 1000:>10.1f}ms{'fails':>12}{'':>8}  (micrograd: RecursionError)")
    if "--pyodide" in sys.argv:
        here = Path(__file__).resolve().parent
        micrograd_home = Path(sys.modules["micrograd"].__file__).resolve().parents[1]
        subprocess.run(["node", str(here / "engine_pyodide.mjs"), str(micrograd_home)], check=True, cwd=here.parent)


if __name__ == "__main__":
    main()
