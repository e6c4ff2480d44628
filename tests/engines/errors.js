// Loaded first, as a classic script, by the copies of the pages the engine tier serves (conftest.py puts it there):
// WebKitWebDriver speaks classic WebDriver only, which has no console log, so the page keeps its own. Every console
// error, uncaught error and unhandled rejection goes into window.bpErrorsSeen; probe.js reads it.
window.bpErrorsSeen = [];
{
  const seen = window.bpErrorsSeen;
  const consoleError = console.error.bind(console);
  console.error = (...args) => { seen.push("console.error: " + args.map(String).join(" ")); consoleError(...args); };
  addEventListener("error", (event) => seen.push("uncaught: " + (event.message || String(event.target && event.target.src))), true);
  addEventListener("unhandledrejection", (event) => seen.push("unhandled rejection: " + String(event.reason)));
}
