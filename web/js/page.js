// The lesson page's classic script, loaded in <head>:
// - light or dark: the reader's system preference, unless they chose with the toggle (remembered in localStorage),
//   applied before first paint, with no flash;
// - a page opened from a file:// address: browsers refuse module scripts there, so widgets.js never runs and only a
//   classic script can tell the reader why the (prerendered, correct) numbers will not move;
// - Python starts here, just after the first frame, while the rest of the page is parsed (see startPythonEarly).
(function () {
  startPythonEarly();

  var KEY = "backprop-lab-theme";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* storage may be blocked; the system preference rules */ }
  if (stored === "light" || stored === "dark") root.dataset.theme = stored;

  function current() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function wire() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function show() {
      var dark = current() === "dark";
      button.setAttribute("aria-pressed", String(dark));
      button.querySelector("[data-theme-label]").textContent = dark ? "Dark theme: on" : "Dark theme: off";
    }
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* not remembered, still applied */ }
      show();
    });
    show();
  }
  var FILE_NOTICE =
    "This page was opened from a file:// address, where browsers do not run the Python engine. The numbers shown " +
    "were computed when the site was built and are correct, but they will not update. To use the widgets, serve " +
    "the folder (python3 build.py serve) and open http://127.0.0.1:8000/.";

  function explainFileURL() {
    if (location.protocol !== "file:") return;
    // every widget, whatever its tag: a bp-* element whose (prerendered) shadow root has an engine notice
    var elements = document.querySelectorAll("*");
    for (var i = 0; i < elements.length; i++) {
      var widget = elements[i];
      var notice = widget.tagName.indexOf("BP-") === 0 && widget.shadowRoot && widget.shadowRoot.querySelector("[data-notice]");
      if (notice) {
        widget.setAttribute("engine", "error");
        notice.textContent = FILE_NOTICE;
        notice.setAttribute("data-kind", "error");
        notice.hidden = false;
      }
    }
  }

  function ready() {
    wire();
    explainFileURL();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();

  // The widgets' modules run only once the whole page is parsed, and the runtime (js/runtime.js) would start the
  // worker then. Started just after the first frame is painted instead, it downloads and starts Python while the rest
  // of the page is parsed and laid out, and the runtime adopts it (takeEarlyWorker) with everything it said meanwhile
  // (benchmarks/README.md has the figures; started before the first paint, it delayed that paint). The worker needs
  // nothing from the page: it is the runtime's own worker.js, beside this file, adopted only at that address.
  function startPythonEarly() {
    var script = document.currentScript;
    if (location.protocol === "file:" || typeof Worker !== "function" || !script) return;
    var early = { url: new URL("worker.js", script.src).href, worker: null, events: [], taken: false };
    function keep(event) {
      if (event.type === "error") event.preventDefault(); // the runtime reports it, in the widgets' notices
      early.events.push(event);
    }
    early.stop = function () {
      early.taken = true;
      if (!early.worker) return;
      early.worker.removeEventListener("message", keep);
      early.worker.removeEventListener("error", keep);
    };
    document[Symbol.for("backprop-lab.early-worker")] = early;
    // after the first frame (a tab opened in the background has none: the runtime then starts the worker itself)
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (early.taken) return;
        try {
          early.worker = new Worker(early.url, { type: "module" });
        } catch (e) {
          return; // the runtime tries again, and explains a refusal where the learner is looking
        }
        early.startedAt = performance.now();
        performance.mark("backprop:worker");
        early.worker.addEventListener("message", keep);
        early.worker.addEventListener("error", keep);
      }, 0);
    });
  }
})();
