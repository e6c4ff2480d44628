// The lesson page's classic script, loaded in <head>:
// - light or dark: the reader's system preference, unless they chose with the toggle (remembered in localStorage),
//   applied before first paint, with no flash;
// - a page opened from a file:// address: browsers refuse module scripts there, so widgets.js never runs and only a
//   classic script can tell the reader why the (prerendered, correct) numbers will not move.
(function () {
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
})();
