"""embed.html relaying a practice widget's learner events to a course page on another origin (web/js/embed.js and
embed-messages.js): the statements arrive as messages, only at the origin named by parent-origin; get-state and
set-state carry progress across a reload of the frame; a parent-origin that is not an origin is refused in the frame,
and nothing is sent. Expected values by hand: the chain rule at x = 0.4 (u = 3.2, v = 10.24, dL/dv = cos v)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import LIVE_TIMEOUT_MS, Site

COS_V = math.cos(3.2 ** 2)

LISTEN = """<script>window.messages = [];
addEventListener("message", (e) => { if (e.data && e.data.type !== "backprop-lab:height")
  window.messages.push({ origin: e.origin, data: e.data }); });</script>"""


@pytest.fixture(scope="module")
def course(tmp_path_factory, site) -> Iterator[Site]:
    """A course page on a second loopback port holding the frame; its parent-origin is given as a query."""
    folder: Path = tmp_path_factory.mktemp("relay")
    (folder / "course.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Course page</title><link rel="icon" href="data:,">{LISTEN}</head><body><h1>Week 3</h1>
<iframe title="Chain rule practice" style="width: 100%; height: 900px"></iframe>
<script>const q = new URLSearchParams(location.search);
document.querySelector("iframe").src = "{site.url('embed.html')}?widget=chain-rule&x=0.4&practice&parent-origin="
  + encodeURIComponent(q.get("origin") ?? location.origin);</script></body></html>""")
    server = Site(directory=folder)
    yield server
    server.close()


def origin_of(site: Site) -> str:
    return site.url().rstrip("/")


def messages(page, kind: str) -> list[dict]:
    return [m for m in page.evaluate("() => window.messages") if m["data"]["type"] == f"backprop-lab:{kind}"]


def answer(page, text: str, notation: str = "dL/dv") -> None:
    frame = page.frame_locator("iframe")
    box = frame.get_by_role("textbox", name=notation, exact=True)
    expect(box).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    box.focus()
    page.keyboard.press("Control+A")  # the box keeps a wrong answer for the learner to mend
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def post(page, message: dict, site: Site) -> None:
    page.evaluate("([m, to]) => document.querySelector('iframe').contentWindow.postMessage(m, to)",
                  [message, origin_of(site)])


def test_statements_reach_the_course_and_state_survives_a_reload(watched, course, site):
    page = watched.page
    page.goto(course.url("course.html"))
    answer(page, "0.6857")  # the sign is wrong
    page.wait_for_function("() => window.messages.length >= 1", timeout=LIVE_TIMEOUT_MS)
    answer(page, "cos(10.24)")
    page.wait_for_function("() => window.messages.length >= 2", timeout=LIVE_TIMEOUT_MS)
    wrong, right = (m for m in messages(page, "statement"))
    assert wrong["origin"] == origin_of(site) and wrong["data"]["version"] == 1
    statement = wrong["data"]["statement"]
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert statement["result"]["success"] is False and statement["result"]["response"] == "0.6857"
    extensions = statement["result"]["extensions"]
    assert extensions[site.url("xapi/hint-kind")] == "sign"
    assert extensions[site.url("xapi/expected")] == pytest.approx(COS_V, rel=1e-12)
    assert statement["object"]["id"].startswith(site.url("embed.html#"))
    assert "actor" not in statement
    assert right["data"]["statement"]["result"]["success"] is True

    post(page, {"type": "backprop-lab:get-state", "version": 1}, site)
    page.wait_for_function("() => window.messages.some(m => m.data.type === 'backprop-lab:state')",
                           timeout=LIVE_TIMEOUT_MS)
    kept = messages(page, "state")[0]["data"]
    assert kept["widget"] == "chain-rule"
    assert kept["state"]["practice"]["answers"]["dL/dv"]["done"] is True

    page.reload()  # a new frame: nothing of the learner's progress is left in it
    answer_box = page.frame_locator("iframe").get_by_role("textbox", name="dL/dv", exact=True)
    expect(answer_box).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    post(page, {"type": "backprop-lab:set-state", "version": 1, "state": kept["state"]}, site)
    expect(page.frame_locator("iframe").get_by_role("textbox", name="dv/du", exact=True)).to_be_visible()
    post(page, {"type": "backprop-lab:set-state", "version": 7, "state": kept["state"]}, site)
    page.wait_for_function("() => window.messages.some(m => m.data.type === 'backprop-lab:error')",
                           timeout=LIVE_TIMEOUT_MS)
    assert "version" in messages(page, "error")[0]["data"]["message"]
    assert watched.errors == []


def test_a_frame_told_another_origin_sends_this_page_nothing_and_ignores_it(watched, course, site):
    page = watched.page
    page.goto(course.url("course.html?origin=" + "http://127.0.0.1:9"))
    answer(page, "0.6857")
    frame = page.frame_locator("iframe")
    expect(frame.locator("[data-practice-feedback]")).to_contain_text("Not yet")
    post(page, {"type": "backprop-lab:get-state", "version": 1}, site)
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.messages") == []  # posted to http://127.0.0.1:9 only; the browser drops it
    assert watched.errors == []


def test_a_parent_origin_that_is_not_an_origin_is_refused_in_the_frame(watched, course):
    page = watched.page
    page.goto(course.url("course.html?origin=" + course.url("course.html")))
    alert = page.frame_locator("iframe").get_by_role("alert")
    expect(alert).to_contain_text(f"is a page address, not an origin (the origin would be {origin_of(course)})",
                                  timeout=LIVE_TIMEOUT_MS)
    expect(page.frame_locator("iframe").locator("bp-chain-rule")).to_have_count(0)
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.messages") == []
    assert watched.errors == []
