// The authors' page: keeps each widget's embed code in step with its live preview, and copies it.
// The code pins the preview's current state: its attributes, or what the element says reproduces it
// (an element may define pinnedAttributes() when its state is more than its attributes, e.g. weights after training).
// With the article's switch on, the code also carries the widget's first frame, so a course page shows the numbers at
// its first paint, before Python has started (see firstFrame below).

import { stylesheetLinks } from "./format.js";
import { viewModule } from "./registry.js";

// The copied code names this build's versioned folder (v/VERSION/, which the build never changes) and the integrity
// of its widgets.js, both written into the page by the build (<meta name="backprop-lab:embed">).
function versionedEmbed() {
  const meta = document.querySelector('meta[name="backprop-lab:embed"]');
  const folder = new URL(meta.dataset.path, document.baseURI);
  const widgets = new URL("widgets.js", folder).href;
  return {
    scriptTag: `<script type="module" src="${widgets}" integrity="${meta.dataset.integrity}" crossorigin="anonymous"></script>`,
    embedURL: new URL("embed.html", folder).href,
    cssURL: new URL("css/", folder).href, // a first frame's stylesheets: the same version as the script
  };
}
const { scriptTag: SCRIPT_TAG, embedURL: EMBED_URL, cssURL: CSS_URL } = versionedEmbed();

function attributesOf(element) {
  if (typeof element.pinnedAttributes === "function") return element.pinnedAttributes();
  const out = {};
  for (const { name, value } of element.attributes) if (name !== "engine") out[name] = value;
  return out;
}

const quote = (value) => String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function scriptCode(tag, attributes) {
  const attrs = Object.entries(attributes).map(([k, v]) => ` ${k}="${quote(v)}"`).join("");
  return `${SCRIPT_TAG}\n<${tag}${attrs}></${tag}>`;
}

function iframeCode(tag, attributes) {
  const query = new URLSearchParams({ widget: tag.replace(/^bp-/, ""), ...attributes });
  return `<iframe title="${tag.replace(/^bp-/, "")} widget" src="${EMBED_URL}?${quote(query.toString())}" ` +
    `style="width: 100%; border: 0" loading="lazy"></iframe>`;
}

// --- The first frame in the code ---

const FRAME_DELAY_MS = 150; // a slider's drag or a training run repaints often; the frame follows when it settles

/** Each article's widget view (the module the element draws with), loaded once, before the code is first shown. */
async function loadViews(tags) {
  const views = await Promise.all(tags.map((tag) => import(new URL(viewModule(tag), import.meta.url).href)));
  return new Map(tags.map((tag, i) => [tag, views[i]]));
}

/** Whether the element's state is the one `attributes` give: none is pending, none was refused, and before Python is
 * live (when a learner's change is not computed yet) the attributes are still those the page was built with. */
function frameIsCurrent(element, attributes, built) {
  if (!element.state || (element.queue && element.queue.busy)) return false;
  if (!element.isLive()) return JSON.stringify(attributes) === built;
  const message = element.shadowRoot && element.shadowRoot.querySelector("[data-message]");
  const problems = (element.config.problems || []).join(" ");
  return !message || message.hidden || message.textContent === problems; // a refusal leaves the last good state
}

/** The element's first frame for exactly `attributes`: a declarative shadow root drawn by the widget's own view from
 * the state it shows, as the build prerenders its pages, with the stylesheets linked from this site. The element
 * takes it as it takes a prerendered one (widget-base.js reads its data-state). Null while the state is not current. */
function firstFrame(view, element, attributes, built) {
  if (!frameIsCurrent(element, attributes, built)) return null;
  const strings = Object.create(null); // as the element reads its attributes: text, no inherited keys
  for (const [name, value] of Object.entries(attributes)) strings[name] = String(value);
  const markup = view.render(element.state, view.config(strings));
  return `<template shadowrootmode="open">${stylesheetLinks(CSS_URL, view)}${markup}</template>`;
}

/** The script-tag code with `frame` inside its element (the code ends with the element's closing tag). */
function withFrame(code, tag, frame) {
  const closing = `</${tag}>`;
  return code.slice(0, code.length - closing.length) + frame + closing;
}

/** The article's switch between the code with the first frame and the short form, after its script-tag code. */
function addFrameSwitch(article, onToggle) {
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = true;
  box.dataset.embedFrame = "";
  label.append(box, " Include the first frame (numbers at first paint, before Python starts)");
  article.querySelector("[data-embed-script]").after(label);
  box.addEventListener("change", onToggle);
  return box;
}

/** The article's script-tag code, carrying the element's current first frame while the switch is on: the function
 * that shows it, called on each change. While the engine is computing, the code waits for its answer (tried again
 * shortly, and on every repaint); a refused change gives the short form. */
function keepFrame(article, tag, element, view, setCode) {
  const built = JSON.stringify(attributesOf(element));
  let timer = null;
  const update = () => {
    timer = null;
    // the engine's answer is on its way: the code follows it, so it never shows a state older than its attributes
    if (box.checked && element.queue && element.queue.busy) return schedule();
    const attributes = attributesOf(element);
    const frame = box.checked ? firstFrame(view, element, attributes, built) : "";
    return setCode(attributes, frame || "");
  };
  const schedule = () => {
    if (timer === null) timer = setTimeout(update, FRAME_DELAY_MS);
  };
  const box = addFrameSwitch(article, update);
  if (element.shadowRoot) {
    new MutationObserver(schedule).observe(element.shadowRoot, { childList: true, subtree: true, characterData: true });
  }
  return update;
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    status.textContent = "Copying was refused by the browser: select the code above and copy it by hand.";
  }
}

const articles = [...document.querySelectorAll("[data-embed-for]")];
const views = await loadViews(articles.map((article) => article.dataset.embedFor));

for (const article of articles) {
  const tag = article.dataset.embedFor;
  const element = article.querySelector(tag);
  const script = article.querySelector("[data-embed-script]");
  const iframe = article.querySelector("[data-embed-iframe]");
  const status = article.querySelector("[data-copy-status]");
  // the script-tag code, with the first frame while the switch is on
  const showScript = keepFrame(article, tag, element, views.get(tag), (attributes, frame) => {
    script.value = withFrame(scriptCode(tag, attributes), tag, frame);
  });
  const refresh = () => {
    const attributes = attributesOf(element);
    showScript();
    iframe.value = iframeCode(tag, attributes);
  };
  refresh();
  for (const type of ["bp-change", "bp-step"]) article.addEventListener(type, refresh);
  new MutationObserver(refresh).observe(element, { attributes: true });
  article.querySelector("[data-copy]").addEventListener("click", () => copy(script.value, status));
  article.querySelector("[data-copy-iframe]").addEventListener("click", () => copy(iframe.value, status));
}
