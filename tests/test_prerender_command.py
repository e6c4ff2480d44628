"""`python3 build.py prerender INPUT OUTPUT`: any page's bp-* elements filled with their first frames; what it cannot
fill left exactly as it was and named; INPUT never overwritten; bad input a clear message, never a traceback.
Expected numbers are hand arithmetic: L = sin(u^2) with u = 3x + 2, so dL/dx = cos(u^2) * 2u * 3."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = """<!doctype html>\r\n<html lang="en"><head><meta charset="utf-8"><title>Week 3 · café</title></head>\r\n<body>
<h1>Week 3</h1>
<bp-chain-rule x="0.9" min='-3' max=3></bp-chain-rule>
<p>Then an unknown one, and one the engine refuses:</p>
<bp-chain-rule-old x="1"></bp-chain-rule-old>
<bp-chain-rule x="ninety"></bp-chain-rule>
<bp-playground expr="__import__('os')"></bp-playground>
<bp-graph-stepper expr="a*b" a="2" b="3">my own fallback text</bp-graph-stepper>
<script>const code = '<bp-chain-rule x="5"></bp-chain-rule>';</script>
</body></html>
"""


def prerender(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "prerender", *map(str, args)],
                          capture_output=True, text=True, check=False)


def dl_dx(x: float) -> float:
    u = 3 * x + 2
    return math.cos(u * u) * 2 * u * 3


def shown(value: float) -> str:
    """As the widgets print a number: 4 decimals, a real minus sign."""
    text = f"{abs(value):.4f}"
    return ("\u2212" + text) if value < 0 else text


def chain_results(html: str) -> list[tuple[float, str]]:
    """Each prerendered chain rule's dL/dx: the full value in its title and the text shown."""
    return [(float(full), text) for full, text in re.findall(r'<span data-f="result" title="([^"]+)">([^<]+)<', html)]


def test_fills_the_page_and_leaves_the_rest_as_it_was(tmp_path):
    source = tmp_path / "week3.html"
    source.write_bytes(PAGE.encode())
    out = tmp_path / "out" / "week3.html"
    out.parent.mkdir()
    done = prerender(source, out, "--site", "https://courses.example/bp")
    assert done.returncode == 1, done.stderr  # some elements left as they were
    html = out.read_bytes().decode()
    [(full, text)] = chain_results(html)
    assert math.isclose(full, dl_dx(0.9), rel_tol=1e-12) and text == shown(dl_dx(0.9))
    assert 'href="https://courses.example/bp/css/widgets.css"' in html
    assert '<bp-chain-rule x="0.9" min=\'-3\' max=3><template shadowrootmode="open">' in html
    # everything else byte for byte: line endings, the elements left alone, the script's text
    for kept in ('<bp-chain-rule-old x="1"></bp-chain-rule-old>', '<bp-chain-rule x="ninety"></bp-chain-rule>',
                 "<bp-playground expr=\"__import__('os')\"></bp-playground>",
                 '<bp-graph-stepper expr="a*b" a="2" b="3">my own fallback text</bp-graph-stepper>',
                 '<script>const code = \'<bp-chain-rule x="5"></bp-chain-rule>\';</script>', "\r\n<html", "café"):
        assert kept in html, kept
    before, after = PAGE.split("<bp-chain-rule x=\"0.9\" min='-3' max=3>")
    assert html.startswith(before) and html.endswith(after[after.index("</bp-chain-rule>"):])
    assert source.read_bytes() == PAGE.encode()
    # each element left as it was is named, with why
    lines = done.stderr.splitlines()
    assert any('<bp-chain-rule-old x="1">' in line and "no such widget" in line for line in lines), lines
    assert any('<bp-chain-rule x="ninety">' in line and "refuses" in line and "ninety" in line for line in lines)
    assert any("<bp-playground" in line and "refuses" in line for line in lines)
    assert any("<bp-graph-stepper" in line and "content of its own" in line for line in lines)
    assert "1 of 5 elements prerendered" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_element_filled_exits_0_and_the_default_site_is_the_pages_folder(tmp_path):
    source = tmp_path / "in.html"
    source.write_text('<p>x</p><bp-chain-rule x="-0.25"></bp-chain-rule><bp-chain-rule></bp-chain-rule>')
    done = prerender(source, tmp_path / "out.html")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "out.html").read_text()
    assert [text for _, text in chain_results(html)] == [shown(dl_dx(-0.25)), shown(dl_dx(0.4))]  # 0.4: the default
    assert 'href="./css/widgets.css"' in html
    # a page prerendered already gets fresh frames, the same ones: running it twice changes nothing
    again = prerender(tmp_path / "out.html", tmp_path / "again.html")
    assert again.returncode == 0 and (tmp_path / "again.html").read_text() == html


def test_never_overwrites_input(tmp_path):
    source = tmp_path / "page.html"
    source.write_text('<bp-chain-rule x="2"></bp-chain-rule>')
    (tmp_path / "link.html").symlink_to(source)
    for output in (source, tmp_path / "." / "page.html", tmp_path / "link.html"):
        done = prerender(source, output)
        assert done.returncode == 2 and "never overwritten" in done.stderr, done.stderr
    assert source.read_text() == '<bp-chain-rule x="2"></bp-chain-rule>'


def test_input_that_is_not_utf8_html_is_refused_with_a_clear_message(tmp_path):
    cases = {
        "latin1.html": ("<p>caf\xe9</p><bp-chain-rule></bp-chain-rule>".encode("latin-1"), "not UTF-8"),
        "image.html": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not"),
        "notes.html": (b"just some notes, no tags", "not an HTML page"),
        "binary.html": (b"<p>\0\0\0</p>", "not an HTML page"),
    }
    for name, (data, words) in cases.items():
        (tmp_path / name).write_bytes(data)
        out = tmp_path / f"out-{name}"
        done = prerender(tmp_path / name, out)
        assert done.returncode == 2, (name, done.stderr)
        assert words in done.stderr and name in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert not out.exists()
    missing = prerender(tmp_path / "missing.html", tmp_path / "o.html")
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    nowhere = prerender(tmp_path / "notes.html", tmp_path / "no-such-folder" / "o.html")
    assert nowhere.returncode == 2 and "Traceback" not in nowhere.stderr
    usage = prerender("only-one.html")
    assert usage.returncode == 2 and "OUTPUT.html" in usage.stderr


def test_a_page_with_thousands_of_elements(tmp_path):
    xs = [round(-2 + i / 500, 3) for i in range(2000)]
    bad = [f'<bp-chain-rule x="bad{i}"></bp-chain-rule>' for i in range(40)]
    source = tmp_path / "big.html"
    source.write_text("<main>" + "".join(f'<bp-chain-rule x="{x}"></bp-chain-rule>' for x in xs) + "".join(bad))
    done = prerender(source, tmp_path / "big-out.html")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    html = (tmp_path / "big-out.html").read_text()
    results = chain_results(html)
    assert len(results) == len(xs)
    for x, (full, _) in zip(xs, results):
        assert math.isclose(full, dl_dx(x), rel_tol=1e-9, abs_tol=1e-12), x
    assert all(tag in html for tag in bad)
    assert "2000 of 2040 elements prerendered" in done.stderr
    assert len(done.stderr.splitlines()) < 30  # the bad ones are counted, not all listed


def test_help_documents_the_exit_status():
    done = prerender("--help")
    assert done.returncode == 0
    assert "Exit status: 0" in done.stdout and "--site" in done.stdout
