"""WebKitGTK (the engine behind Safari) driven by Selenium through /usr/bin/WebKitWebDriver: the same visit as
firefox.mjs, asking the page the same questions (probe.js), returning the same report."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

PROBE = (Path(__file__).parent / "probe.js").read_text()
LIVE_TIMEOUT_S = 60.0
KEYS = {"ArrowRight": Keys.ARROW_RIGHT, "End": Keys.END, "Enter": Keys.ENTER}


def probe(driver: webdriver.WebKitGTK, name: str, *args: Any) -> Any:
    return driver.execute_script(f"return ({PROBE})[{json.dumps(name)}](...{json.dumps(list(args))})")


def wait_for(driver: webdriver.WebKitGTK, name: str) -> Any:
    """The probe's answer once it is truthy, or None after the timeout (the report then shows what was on screen)."""
    deadline = time.monotonic() + LIVE_TIMEOUT_S
    while not (value := probe(driver, name)):
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)
    return value


def press(driver: webdriver.WebKitGTK, key: str, times: int) -> None:
    actions = ActionChains(driver)
    for _ in range(times):
        actions.send_keys(KEYS[key])
    actions.perform()


def visit(driver: webdriver.WebKitGTK, url: str, steps: dict) -> dict:
    driver.get(url)
    live = wait_for(driver, "live") or {"error": f"not every widget was live after {LIVE_TIMEOUT_S:.0f} s"}
    seen: dict[str, Any] = {"live": live, "features": probe(driver, "features"), "chain": [probe(driver, "chain")]}
    if "error" in live:
        return {**seen, "errors": probe(driver, "errors")}
    for key, times in steps["chain"]:
        if not probe(driver, "focus", "bp-chain-rule", "#x-range"):
            raise AssertionError("the slider did not take focus")
        press(driver, key, times)
        wait_for(driver, "chainSettled")
        seen["chain"].append(probe(driver, "chain"))
    seen["graph"] = [probe(driver, "graph")]
    if not probe(driver, "focus", "bp-graph-stepper", steps["graph"]["button"]):
        raise AssertionError("Next did not take focus")
    press(driver, steps["graph"]["key"], steps["graph"]["times"])
    seen["graph"].append(probe(driver, "graph"))
    seen["errors"] = probe(driver, "errors")
    return seen


def run(browser: str, driver_path: str, pages: dict[str, str], steps: dict, env: dict[str, str]) -> dict:
    """One WebKitGTK session (a MiniBrowser under the display in `env`) visiting each page in turn."""
    options = Options()
    options.binary_location = browser
    options.add_argument("--automation")
    started = time.monotonic()
    driver = webdriver.WebKitGTK(options=options, service=Service(executable_path=driver_path, env=env))
    try:
        caps = driver.capabilities
        report = {"version": f"{caps.get('browserName')}/{caps.get('browserVersion')}",
                  "launchMs": (time.monotonic() - started) * 1000, "pages": {}}
        for name, url in pages.items():
            report["pages"][name] = visit(driver, url, steps)
    finally:
        driver.quit()
    return report
