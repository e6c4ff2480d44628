// The notebook front end of backprop.notebook: anywidget's _esm for every widget class. It has no imports of its own:
// the kernel sends the site's modules from the wheel as the trait _modules, [{name, source, imports}], each after
// the modules it imports, and they are loaded here as blob: modules, each one's relative imports pointed at the blob
// URLs of those already loaded. Then kernel-engine.js puts the element on the page with the kernel as its engine.
// Nothing is fetched: a notebook works offline, and no CDN is involved.

async function load(modules) {
  const urls = {};
  for (const { name, source, imports } of modules) {
    let text = source;
    for (const dependency of imports) text = text.replaceAll(`"./${dependency}"`, JSON.stringify(urls[dependency]));
    urls[name] = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
  }
  return urls;
}

export default {
  async render({ model, el }) {
    const urls = await load(model.get("_modules"));
    try {
      const tag = model.get("_tag");
      await import(urls[`${tag}.js`]); // defines the element (once per page: defineWidget keeps the first)
      const { connect } = await import(urls["kernel-engine.js"]);
      return connect(el, tag, model, model.get("_stylesheets"));
    } finally {
      for (const url of Object.values(urls)) URL.revokeObjectURL(url);
    }
  },
};
