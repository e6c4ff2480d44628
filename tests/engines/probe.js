// What a person sees, read the same way in every engine: both drivers (firefox.mjs over WebDriver BiDi, webkit.py over
// classic WebDriver) evaluate this expression in the page and call its functions, so the two engines are asked the
// very same questions. It reads the page; it changes nothing.
({
  /** performance.now() once every widget on the page is live, else null (a widget in error: its notice). */
  live() {
    const elements = [...document.querySelectorAll("*")].filter((e) => e.localName.startsWith("bp-"));
    if (!elements.length || elements.some((e) => !customElements.get(e.localName))) return null; // not all defined yet
    const widgets = elements.filter((e) => e.hasAttribute("engine"));
    const failed = widgets.find((e) => e.getAttribute("engine") === "error");
    if (failed) return { error: `${failed.localName}: ${failed.shadowRoot.querySelector("[data-notice]").textContent}` };
    const tags = widgets.map((e) => e.localName);
    const live = widgets.length > 0 && widgets.every((e) => e.getAttribute("engine") === "live");
    return live ? { at: performance.now(), tags } : null;
  },

  /** The platform features the widgets use, detected as the widgets' own code would. */
  features() {
    const selector = (text) => { try { document.querySelector(text); return true; } catch { return false; } };
    const host = document.querySelector("bp-chain-rule");
    return {
      elementInternals: typeof HTMLElement.prototype.attachInternals === "function",
      customStateSet: typeof CustomStateSet === "function",
      stateSelector: selector(":state(onscreen)"),
      declarativeShadowDom: Object.hasOwn(HTMLTemplateElement.prototype, "shadowRootMode"),
      // the parser attached the prerendered frame: no <template> is left in the element's light DOM
      firstFrameAttached: Boolean(host && host.shadowRoot && !host.querySelector("template")),
      intersectionObserver: typeof IntersectionObserver === "function",
    };
  },

  /** What errors.js (loaded first by the page under test) saw: console errors, uncaught errors and rejections. */
  errors() {
    return window.bpErrorsSeen || ["errors.js did not run: the page under test was not the harness's copy"];
  },

  /** The chain rule's numbers as shown (display precision), its state's x and the slider's own value. */
  chain() {
    const el = document.querySelector("bp-chain-rule");
    const shown = {};
    for (const slot of el.shadowRoot.querySelectorAll('[data-f]:not([data-precision="full"])')) {
      shown[slot.dataset.f] = slot.textContent.trim();
    }
    return { x: el.state && el.state.x, slider: el.shadowRoot.querySelector("#x-range").value, shown };
  },

  /** Whether the chain rule's state has caught up with its slider (the latest request answered). */
  chainSettled() {
    const el = document.querySelector("bp-chain-rule");
    return Boolean(el.state) && el.state.x === Number(el.shadowRoot.querySelector("#x-range").value);
  },

  /** Put focus on a control inside a widget's shadow root, as Tab would, so the driver's keys go to it. */
  focus(tag, selector) {
    const control = document.querySelector(tag).shadowRoot.querySelector(selector);
    control.focus();
    return document.querySelector(tag).shadowRoot.activeElement === control;
  },

  /** The graph stepper as shown: its step text and each node's value and gradient in the drawing on screen. */
  graph() {
    const el = document.querySelector("bp-graph-stepper");
    const canvas = [...el.shadowRoot.querySelectorAll(".canvas")].find((c) => c.getClientRects().length > 0);
    const nodes = {};
    for (const g of canvas.querySelectorAll("g.node")) {
      const text = (sel) => { const t = g.querySelector(sel); return t ? t.lastChild.textContent : null; };
      nodes[el.state.nodes[Number(g.dataset.node)].label] = { value: text(".num.val"), grad: text(".num.grad") };
    }
    return { step: el.shadowRoot.querySelector('[data-f="stepText"]').textContent.trim(), nodes };
  },
})
