"""The widgets in a real notebook (the classes in Python: tests/notebook/): JupyterLab (pinned in buildtools/testenv.py) started on loopback in a temporary
folder with a token, the notebook wheel installed where its kernel imports it, and Debian's Chromium opening a
notebook. A cell shows a ChainRule; the learner moves its slider with the keyboard; the numbers shown are PyTorch's,
and the kernel's traits and events follow."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import display
from tests.notebook.conftest import installed  # noqa: F401 - the wheel, installed by pip

START_TIMEOUT_S = 120
LIVE_TIMEOUT_MS = 120_000

CELLS = [
    "from backprop.notebook import ChainRule\n"
    "events = []\n"
    "w = ChainRule(x=0.4, step=0.1)\n"
    "w.on_event(lambda name, detail: events.append(f'{name} x={detail[\"state\"][\"x\"]}'))\n"
    "w",
    "print(f'kernel: x={w.x} dL/dx={w.state[\"stages\"][0][\"grad\"]!r} last event: {events[-1]}')",
]


def torch_chain(x: float) -> tuple[float, float]:
    """L = sin((3x + 2)^2) and dL/dx, by PyTorch in float64."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    loss = torch.sin((3 * t + 2) ** 2)
    loss.backward()
    return loss.item(), t.grad.item()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token


@pytest.fixture(scope="module")
def lab(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    home = tmp_path_factory.mktemp("jupyter")
    (home / "widget.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": cell}
                  for cell in CELLS],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }))
    token, port = secrets.token_hex(16), free_port()
    env = {**os.environ, "PYTHONPATH": str(installed), "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "IPYTHONDIR": str(home / "ipython")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}",
         "--ServerApp.allow_root=True", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly"],
        cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=open(home / "server.log", "w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start: {(home / 'server.log').read_text()[-2000:]}")
                time.sleep(0.3)
        yield Lab(url, token)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_cell(page: Page, index: int) -> None:
    """Shift+Enter in the cell, as a learner runs it. Just after the notebook opens, JupyterLab can drop the keystroke
    while its kernel connection settles (the prompt stays "[ ]:"); a learner would press again, and so do we, twice
    at most: the widget itself is not involved until the cell runs."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    prompt = cell.locator(".jp-InputArea-prompt")
    for _ in range(3):
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:
            expect(prompt).not_to_have_text("[ ]:", timeout=15_000)
            return
        except AssertionError:
            continue
    expect(prompt).not_to_have_text("[ ]:")


def test_chain_rule_in_jupyterlab_moves_by_keyboard_and_shows_pytorch_numbers(lab: Lab, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error} {error.stack}"))
    page.on("request", lambda request: requests.append(request.url))
    try:
        started = time.monotonic()
        page.goto(f"{lab.url}/lab/tree/widget.ipynb?token={lab.token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=LIVE_TIMEOUT_MS)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=LIVE_TIMEOUT_MS)
        run_cell(page, 0)
        widget = page.locator("bp-chain-rule[engine='live']")
        widget.wait_for(timeout=LIVE_TIMEOUT_MS)
        print(f"\nJupyterLab: ChainRule live {time.monotonic() - started:.1f} s after the notebook was opened")

        loss, grad = torch_chain(0.4)
        expect(widget.locator(".chain [data-f='value3']")).to_have_text(display(loss))
        expect(widget.locator(".product [data-f='result']")).to_have_text(display(grad))

        slider = widget.locator("#x-range")
        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # step 0.1: x = 0.7
        loss, grad = torch_chain(0.7)
        result = widget.locator(".product [data-f='result']")
        expect(result).to_have_text(display(grad), timeout=LIVE_TIMEOUT_MS)
        assert widget.locator("#x-number").input_value() == "0.7"
        assert result.inner_text() == display(grad)
        assert widget.locator(".chain [data-f='value3']").inner_text() == display(loss)

        run_cell(page, 1)
        out = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea-output")
        out.wait_for(timeout=LIVE_TIMEOUT_MS)
        text = out.inner_text()
        # each answer painted is one bp-change (a key pressed while one is asked may be skipped): the last is x = 0.7
        x_text, grad_text = text.removeprefix("kernel: x=").split(" last event: ")[0].split(" dL/dx=")
        assert float(x_text) == pytest.approx(0.7)
        assert float(grad_text) == pytest.approx(grad, rel=1e-12)
        assert text.split(" last event: ")[1].strip() == "bp-change x=0.7"
        assert not errors
        assert [u for u in requests if not u.startswith((lab.url, "data:", "blob:"))] == []
    finally:
        context.close()
