// The worker's start-up snapshot: a copy of the interpreter's memory taken once the engine is live, kept in the
// browser's Cache Storage, so the next visit resumes Python with micropip's install and the engine's imports done
// instead of starting it again (Pyodide 314's memory snapshot, a private API: _makeSnapshot / _loadSnapshot).
//
// Nothing here is needed for the page to work. Every step can fail (no Cache Storage on an insecure origin, quota,
// a snapshot Pyodide refuses) and each failure only means the next visit starts Python the normal way. A snapshot
// is keyed by the build's runtime id, so a new build never resumes an old interpreter; older ones are deleted.

const CACHE_NAME = "backprop-lab-start-up";

// A cache key only; never fetched.
const keyFor = (site, runtimeId) => new URL(`start-up-snapshot/${runtimeId}`, site).href;

// Only on the site's own origin: a course page that embeds our widgets from another origin runs this worker in its
// own origin (js/runtime.js), and 31 MB of its storage is not ours to fill.
async function openCache(site) {
  return self.caches && new URL(self.location.href).origin === new URL(site).origin ? caches.open(CACHE_NAME) : null;
}

/** Whether a snapshot for this build is stored: null, or {bytes}, a promise of its bytes, still being read (31 MB:
 * the caller starts Python meanwhile, and loadPyodide awaits them only when it needs them). */
export async function storedSnapshot(site, runtimeId) {
  try {
    const cache = await openCache(site);
    const hit = cache && (await cache.match(keyFor(site, runtimeId)));
    return hit ? { bytes: hit.arrayBuffer() } : null;
  } catch {
    return null;
  }
}

/** Forget every stored snapshot (one that failed to resume must not be tried again). */
export async function forgetSnapshots() {
  try {
    if (self.caches) await caches.delete(CACHE_NAME);
  } catch {
    // nothing stored, or storage is off: nothing to forget
  }
}

// Python's side of taking a snapshot: micropip and its network helpers are dropped (a resumed interpreter never
// installs again, and they hold handles to JS objects that a snapshot cannot carry), then garbage is collected.
const PREPARE = `
import gc, sys
for name in [m for m in sys.modules if m.split(".")[0] == "micropip" or m.startswith("pyodide.http")]:
    del sys.modules[name]
gc.collect()
`;

/** Take a snapshot of `pyodide` (loaded with _makeSnapshot: true) and store it for this build. Returns its size in
 * bytes, or throws. */
export async function saveSnapshot(pyodide, site, runtimeId) {
  const cache = await openCache(site);
  if (!cache) throw new Error("no Cache Storage of the site's own here (another origin, or an insecure one)");
  pyodide.runPython(PREPARE);
  // Pyodide records packages loaded through loadPackage and refuses to snapshot an interpreter with any: the one
  // it loaded (micropip) was dropped above.
  for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
  const bytes = pyodide._api.makeSnapshot();
  for (const request of await cache.keys()) await cache.delete(request);
  await cache.put(keyFor(site, runtimeId), new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
  return bytes.length;
}
