"""The runtime (web/js/runtime.js + worker.js): one Pyodide per page, progressive start, and every way it can fail
leaves correct numbers on the page and a notice that says why."""

from __future__ import annotations

import math

import pytest

from .conftest import LIVE_TIMEOUT_MS, STRICT_CSP, display

from backprop.widgets import chain_rule


def error_state(page) -> None:
    page.wait_for_function(
        "() => document.querySelector('bp-chain-rule').getAttribute('engine') === 'error'", timeout=LIVE_TIMEOUT_MS
    )


def prerendered_loss_shown(page) -> str:
    return page.locator("bp-chain-rule").locator('[data-f="value3"]').first.inner_text()


def test_live_under_strict_csp_with_no_foreign_request(watched, strict_site):
    page = watched.page
    response = page.goto(strict_site.url())
    assert response.headers["content-security-policy"] == STRICT_CSP
    watched.wait_live()
    assert watched.errors == []
    assert watched.console_errors == []
    assert watched.foreign_requests() == []
    assert not [u for u in watched.requests if "cdn" in u]


def test_no_404_on_the_page(watched, site):
    page = watched.page
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site.url())
    watched.wait_live()
    assert failed == []
    # the favicon is declared and served
    assert page.locator('link[rel="icon"]').get_attribute("href") == "favicon.svg"
    assert page.request.get(site.url("favicon.svg")).status == 200


def test_file_url_gives_notice_and_keeps_numbers(watched, dist):
    page = watched.page
    page.goto((dist / "index.html").as_uri())
    error_state(page)
    notice = page.locator("bp-chain-rule").locator("[data-notice]")
    assert "file://" in notice.inner_text()
    assert "build.py serve" in notice.inner_text()
    assert prerendered_loss_shown(page) == display(chain_rule(0.4)["stages"][3]["value"])
    assert watched.errors == []


def test_blocked_wasm_gives_notice_and_keeps_numbers(watched, site):
    page = watched.page
    page.context.route("**/*.wasm", lambda route: route.abort("blockedbyclient"))
    page.goto(site.url())
    error_state(page)
    notice = page.locator("bp-chain-rule").locator("[data-notice]")
    assert notice.is_visible()
    assert "could not start" in notice.inner_text()
    assert prerendered_loss_shown(page) == display(chain_rule(0.4)["stages"][3]["value"])
    assert watched.errors == []


def test_one_worker_for_many_widgets(watched, site):
    page = watched.page
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site.url())
    page.evaluate(
        """() => { for (const x of [0.1, 0.2, 0.3]) { const w = document.createElement('bp-chain-rule');
                   w.setAttribute('x', String(x)); document.querySelector('main').append(w); } }"""
    )
    watched.wait_live()
    page.wait_for_function(
        "() => [...document.querySelectorAll('bp-chain-rule')].every(w => w.state && w.state.x === Number(w.getAttribute('x')))",
        timeout=LIVE_TIMEOUT_MS,
    )
    assert len(workers) == 1
    last = page.locator("bp-chain-rule").nth(3).locator('[data-f="result"]').inner_text()
    assert last == display(chain_rule(0.3)["stages"][0]["grad"])


def test_the_worker_started_while_the_page_parses_is_adopted_with_what_it_said_before(watched, site):
    """js/page.js starts the worker after the first frame; the widgets' modules, held back here until it has said it is
    ready, adopt it later: nothing it said is lost, no second worker starts, and the page goes live."""
    page = watched.page
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    said = "() => (document[Symbol.for('backprop-lab.early-worker')] || {events: []}).events.map(e => e.data.type)"
    heard = []

    def hold(route):
        page.wait_for_function(f"() => ({said})().includes('ready')", timeout=LIVE_TIMEOUT_MS)
        heard.extend(page.evaluate(said))
        route.continue_()

    page.route("**/js/widgets-bundle.js", hold)
    page.goto(site.url())
    watched.wait_live()
    assert heard[0] == "status" and "ready" in heard, heard
    assert len(workers) == 1 and workers[0].endswith("/js/worker.js")
    assert page.evaluate("() => performance.getEntriesByName('backprop:worker').length") == 1
    page.locator("bp-chain-rule").first.locator("#x-number").fill("0.3")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.3", timeout=LIVE_TIMEOUT_MS)
    assert page.locator("bp-chain-rule").first.locator('[data-f="result"]').inner_text() == display(
        chain_rule(0.3)["stages"][0]["grad"])
    assert watched.errors == []


def test_a_failed_download_names_the_file_and_retry_starts_python_without_a_reload(watched, site):
    """The installed engine answered 404: the notice says which file failed and how; Retry, once the host serves it
    again, goes live in the same page (no navigation) and the widget computes."""
    page = watched.page
    missing = lambda route: route.fulfill(status=404)  # noqa: E731
    page.context.route("**/wheels/engine.zip", missing)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.goto(site.url())
    error_state(page)
    notice = page.locator("bp-chain-rule").locator("[data-notice]")
    assert "could not start (engine.zip could not be downloaded (HTTP 404))" in notice.inner_text()
    page.context.unroute("**/wheels/engine.zip", missing)
    notice.get_by_role("button", name="Retry").click()
    watched.wait_live()
    page.evaluate("() => document.querySelector('bp-chain-rule').setAttribute('x', '0.3')")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.3", timeout=LIVE_TIMEOUT_MS)
    shown = page.locator("bp-chain-rule").first.locator('[data-f="result"]').inner_text()
    assert shown == display(chain_rule(0.3)["stages"][0]["grad"])
    assert len(navigations) == 1
    assert watched.errors == []


def test_keeps_working_with_the_network_cut_after_load(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    page.context.set_offline(True)
    entry = page.locator("bp-chain-rule").locator("#x-number")
    entry.fill("-0.3")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === -0.3", timeout=LIVE_TIMEOUT_MS)
    shown = page.locator("bp-chain-rule").locator('[data-f="result"]').first.inner_text()
    assert shown == display(chain_rule(-0.3)["stages"][0]["grad"])
    # the listing's Run button too: it runs in the interpreter that is already here
    cell = page.locator("bp-python-cell").first
    cell.get_by_role("button", name="Run in your browser").click()
    page.wait_for_function(
        "() => document.querySelector('bp-python-cell .cell-status').textContent.startsWith('Output below')",
        timeout=LIVE_TIMEOUT_MS)
    assert watched.errors == []


def test_run_button_prints_the_listings_real_output(watched, site, dist):
    page = watched.page
    page.goto(site.url())
    cell = page.locator("bp-python-cell").first
    cell.get_by_role("button", name="Run in your browser").click()
    page.wait_for_function(
        "() => document.querySelector('bp-python-cell .cell-status').textContent.startsWith('Output below')",
        timeout=LIVE_TIMEOUT_MS)
    recorded = (dist.parent / "web" / "listings" / "neuron_pure.out").read_text()
    assert cell.locator("[data-output]").text_content() == recorded


RUN = """async (code) => { const { engine } = await import('./js/runtime.js'); return engine().run(code); }"""


def test_a_listing_runs_in_fresh_globals_and_reports_the_last_line_of_its_error(watched, site):
    """What the learner sees of a run: exactly what it printed, each run in fresh globals (an earlier cell cannot
    change what a listing prints), the traceback's last line, and top-level await as at Python's own prompt."""
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    assert page.evaluate(RUN, "print('a')\nprint()\nprint('b', end='')") == {"stdout": "a\n\nb", "error": None}
    page.evaluate(RUN, "leftover = 1")
    assert page.evaluate(RUN, "print('before')\nprint(leftover)") == {
        "stdout": "before\n", "error": "NameError: name 'leftover' is not defined"}
    assert page.evaluate(RUN, "x = (")["error"].startswith("SyntaxError: ")
    assert page.evaluate(RUN, "import asyncio\nawait asyncio.sleep(0)\nprint(6 * 7)") == {"stdout": "42\n", "error": None}


def test_a_listing_that_never_ends_is_stopped_and_the_page_keeps_working(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    result = page.evaluate("""async () => { const { engine } = await import('./js/runtime.js');
        return engine().run("print('start')\\nwhile True:\\n    pass", { budget: 1 }); }""")
    assert "stopped after 1 seconds" in result["error"]
    entry = page.locator("bp-chain-rule").locator("#x-number")
    entry.fill("0.25")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.25", timeout=LIVE_TIMEOUT_MS)


def test_code_that_kills_the_interpreter_gets_a_message_and_a_new_interpreter(watched, site):
    """Freeing a chain of a hundred thousand Values recurses deeper than the worker's JavaScript stack, a fatal error
    for Pyodide. The learner's cell says so, and the widgets go on with a new interpreter."""
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    result = page.evaluate("""async () => { const { engine } = await import('./js/runtime.js');
        return engine().run("from backprop import Value\\nv = Value(1.0)\\nfor _ in range(100000):\\n    v = v + 1\\n"
                            + "print('built')\\ndel v\\nprint('freed')"); }""")
    assert "Python itself failed while running this code" in result["error"], result
    assert "restarted" in result["error"]
    entry = page.locator("bp-chain-rule").locator("#x-number")
    entry.fill("0.25")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.25", timeout=LIVE_TIMEOUT_MS)
    u = 3 * 0.25 + 2
    expected = math.cos(u * u) * 2 * u * 3
    assert page.locator("bp-chain-rule").first.locator('[data-f="result"]').inner_text() == display(expected)
    assert watched.errors == []


@pytest.mark.parametrize("path", ["index.html", "authors.html", "embed.html?widget=neuron-trainer"])
def test_no_request_leaves_the_site_on_any_page(watched, strict_site, path):
    page = watched.page
    page.goto(strict_site.url(path))
    watched.wait_live("bp-chain-rule, bp-graph-stepper, bp-neuron-trainer, bp-xor-lab, bp-playground")
    assert watched.foreign_requests() == []
    assert watched.errors == [] and watched.console_errors == []


# ---- the client's typed errors (web/js/runtime.js) -----------------------------------------------------------------

REJECTION = """async ([fn, args]) => {
  const { engine, EngineError, EngineUnavailable } = await import('./js/runtime.js');
  try {
    return { resolved: await engine().call(fn, args) };
  } catch (error) {
    return { name: error.name, message: error.message, column: error.column, engineError: error instanceof EngineError,
             unavailable: error instanceof EngineUnavailable, failure: engine().failure };
  }
}"""


def test_a_refusal_rejects_with_the_engines_class_name_and_column(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    error = page.evaluate(REJECTION, ["graph", {"expr": "a +* b"}])
    assert error["name"] == "ExpressionError" and error["engineError"] and not error["unavailable"]
    assert error["column"] == 4 and error["message"] == "column 4: syntax error: invalid syntax"


def test_a_call_after_a_failed_start_rejects_with_engine_unavailable(watched, site):
    page = watched.page
    page.context.route("**/*.wasm", lambda route: route.abort("blockedbyclient"))
    page.goto(site.url())
    error_state(page)
    error = page.evaluate(REJECTION, ["chain_rule", {"x": 0.1}])
    assert error["name"] == "EngineUnavailable" and error["unavailable"] and error["engineError"]
    assert error["message"] == error["failure"] and "could not start" in error["message"]
    ran = page.evaluate("""async () => { const { engine, EngineUnavailable } = await import('./js/runtime.js');
        return engine().run("print(1)").then(() => 'resolved', (error) => error instanceof EngineUnavailable); }""")
    assert ran is True
    assert watched.errors == []


def test_a_call_pending_when_a_stuck_listing_replaces_the_worker_is_answered_by_the_next(watched, site):
    """sum() over a huge range runs in C, where the time budget's line tracer never fires: only replacing the worker
    stops it. The widget call queued behind it is asked again of the new worker, and answered."""
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    result = page.evaluate("""async () => { const { engine } = await import('./js/runtime.js');
        const listing = engine().run("print(sum(range(10**11)))", { budget: 1 });
        await new Promise((resolve) => setTimeout(resolve, 500)); // the worker is in the listing, not between tasks
        const call = engine().call("chain_rule", { x: 0.3 });
        const [ran, answer] = await Promise.all([listing, call]);
        return { error: ran.error, stdout: ran.stdout, grad: answer.stages[0].grad }; }""")
    assert result["stdout"] == ""
    assert result["error"] == ("stopped after 1 seconds: the code was still running. Look for a loop that never ends. "
                               "Python was restarted, so variables from earlier runs are gone.")
    u = 3 * 0.3 + 2  # by hand: dL/dx = cos(u^2) * 2u * 3
    assert result["grad"] == pytest.approx(math.cos(u * u) * 2 * u * 3, rel=1e-12)
    assert watched.errors == []


def test_a_call_is_asked_again_once_not_for_ever(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    error = page.evaluate("""async () => { const { engine, EngineRestarted } = await import('./js/runtime.js');
        const client = engine();
        const call = client.call("chain_rule", { x: 0.3 });
        client.restart("replaced for the test");
        await new Promise((resolve) => setTimeout(resolve, 0)); // the call is asked again of the second worker ...
        client.restart("replaced again");                       // ... which is replaced too
        return call.then(() => null, (error) => ({ name: error.name, restarted: error instanceof EngineRestarted,
                                                   message: error.message })); }""")
    assert error == {"name": "EngineRestarted", "restarted": True,
                     "message": "Python was restarted (replaced again); try again."}
    watched.wait_live()
    entry = page.locator("bp-chain-rule").locator("#x-number")
    entry.fill("0.25")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.25", timeout=LIVE_TIMEOUT_MS)
