// Which build of the site this is: filled in by the build (buildtools/runtime.py) with the digest of the runtime and
// the engine wheel, the same one the worker's start-up snapshot is keyed by. Practice progress kept in a page's
// storage (practice-store.js) belongs to one build: another engine may ask other questions.
export const BUILD_ID = "__RUNTIME_ID__";

// Where the widgets are served from (the site's root, ending with "/"): the base of the statements' extension IRIs.
// In a notebook the modules run from blob: URLs, which have no folder to go up from: there the notebook server's
// origin stands in.
export const SITE = siteOf(import.meta.url, globalThis.location?.href);

export function siteOf(moduleURL, pageURL) {
  return moduleURL.startsWith("blob:") ? new URL("/", pageURL).href : new URL("../", moduleURL).href;
}
