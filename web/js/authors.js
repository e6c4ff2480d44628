// The authors' page: keeps each widget's embed code in step with its live preview, and copies it.
// The code pins the preview's current state: its attributes, or what the element says reproduces it
// (an element may define pinnedAttributes() when its state is more than its attributes, e.g. weights after training).

// The copied code names this build's versioned folder (v/VERSION/, which the build never changes) and the integrity
// of its widgets.js, both written into the page by the build (<meta name="backprop-lab:embed">).
function versionedEmbed() {
  const meta = document.querySelector('meta[name="backprop-lab:embed"]');
  const folder = new URL(meta.dataset.path, document.baseURI);
  const widgets = new URL("widgets.js", folder).href;
  return {
    scriptTag: `<script type="module" src="${widgets}" integrity="${meta.dataset.integrity}" crossorigin="anonymous"></script>`,
    embedURL: new URL("embed.html", folder).href,
  };
}
const { scriptTag: SCRIPT_TAG, embedURL: EMBED_URL } = versionedEmbed();

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

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    status.textContent = "Copying was refused by the browser: select the code above and copy it by hand.";
  }
}

for (const article of document.querySelectorAll("[data-embed-for]")) {
  const tag = article.dataset.embedFor;
  const element = article.querySelector(tag);
  const script = article.querySelector("[data-embed-script]");
  const iframe = article.querySelector("[data-embed-iframe]");
  const status = article.querySelector("[data-copy-status]");
  const refresh = () => {
    const attributes = attributesOf(element);
    script.value = scriptCode(tag, attributes);
    iframe.value = iframeCode(tag, attributes);
  };
  refresh();
  for (const type of ["bp-change", "bp-step"]) article.addEventListener(type, refresh);
  new MutationObserver(refresh).observe(element, { attributes: true });
  article.querySelector("[data-copy]").addEventListener("click", () => copy(script.value, status));
  article.querySelector("[data-copy-iframe]").addEventListener("click", () => copy(iframe.value, status));
}
