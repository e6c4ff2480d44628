// Firefox ESR driven over WebDriver BiDi by puppeteer-core: opens each page it is given, does what a learner does,
// and prints one JSON line of what was seen (tests/engines/test_engines.py asserts on it; webkit.py does the same in
// WebKitGTK). Usage: node firefox.mjs '{"firefox": "/usr/bin/firefox-esr", "pages": {"lesson": "http://..."}}'

import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const LIVE_TIMEOUT_MS = 60_000;
const { firefox, pages, steps } = JSON.parse(process.argv[2]);
const PROBE = readFileSync(new URL("./probe.js", import.meta.url), "utf8");

// an expression the driver evaluates (the page's CSP governs the page's own scripts, not the driver's)
const probe = (page, name, ...args) => page.evaluate(`(${PROBE})[${JSON.stringify(name)}](...${JSON.stringify(args)})`);

// the probe's answer once it is truthy, or null after the timeout (the report then shows what was on screen instead)
async function waitFor(page, name) {
  const deadline = Date.now() + LIVE_TIMEOUT_MS;
  for (;;) {
    const value = await probe(page, name);
    if (value) return value;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function visit(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push("console: " + message.text()); });
  page.on("pageerror", (error) => errors.push("pageerror: " + error.message));
  await page.goto(url);
  const live = (await waitFor(page, "live")) || { error: `not every widget was live after ${LIVE_TIMEOUT_MS} ms` };
  const seen = { live, features: await probe(page, "features"), chain: [await probe(page, "chain")] };
  if (live.error) return { ...seen, errors };

  // the chain rule's slider, by keyboard: a few steps right, then End
  for (const [key, times] of steps.chain) {
    if (!(await probe(page, "focus", "bp-chain-rule", "#x-range"))) throw new Error("the slider did not take focus");
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
    await waitFor(page, "chainSettled");
    seen.chain.push(await probe(page, "chain"));
  }
  // the graph, stepped with the keyboard on its Next button
  seen.graph = [await probe(page, "graph")];
  if (!(await probe(page, "focus", "bp-graph-stepper", steps.graph.button))) throw new Error("Next did not take focus");
  for (let i = 0; i < steps.graph.times; i++) await page.keyboard.press(steps.graph.key);
  seen.graph.push(await probe(page, "graph"));
  seen.errors = [...errors, ...(await probe(page, "errors"))];
  await page.close();
  return seen;
}

const started = performance.now();
const browser = await puppeteer.launch({ browser: "firefox", protocol: "webDriverBiDi", executablePath: firefox, headless: true });
const report = { version: await browser.version(), launchMs: performance.now() - started, pages: {} };
try {
  for (const [name, url] of Object.entries(pages)) report.pages[name] = await visit(browser, url);
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
