// Which build of the site this is: filled in by the build (buildtools/runtime.py) with the digest of the runtime and
// the engine wheel, the same one the worker's start-up snapshot is keyed by. Practice progress kept in a page's
// storage (practice-store.js) belongs to one build: another engine may ask other questions.
export const BUILD_ID = "__RUNTIME_ID__";
