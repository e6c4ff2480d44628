// The worker's start-up downloads, counted as their bytes arrive, so the page can show real progress and tell a slow
// link (bytes still arriving: keep waiting) from a stalled one (nothing for a while: runtime.js says so).
//
// Pyodide fetches its own files (the .wasm, compiled as it streams in, and the standard library) with the global
// fetch; while Python starts, the worker's fetch is this module's, which hands each response on with a body that
// counts its bytes. Sizes are the files' own (decoded) sizes, written by the build: a browser's stream gives
// decoded bytes whatever the server's Content-Encoding, so the fraction is true even when the transfer is brotli.
// Pyodide's JavaScript (pyodide.asm.mjs) is loaded by import(), which cannot be counted, so it is not in the total.

const plainFetch = self.fetch.bind(self);

export class StartDownloads {
  /** `sizes`: {path relative to `site`: bytes}; `onChange({received, total})` after bytes arrive;
   * `onFailure(message)` when a counted download fails (Pyodide swallows some of those and never settles). */
  constructor(site, sizes, { onChange, onFailure }) {
    this.files = new Map(Object.entries(sizes).map(([path, bytes]) => [new URL(path, site).href, { bytes, got: 0 }]));
    this.total = [...this.files.values()].reduce((sum, file) => sum + file.bytes, 0);
    this.onChange = onChange;
    this.onFailure = onFailure;
  }

  get received() {
    let sum = 0;
    for (const file of this.files.values()) sum += Math.min(file.got, file.bytes);
    return sum;
  }

  /** Use this fetch for every counted file, Pyodide's own requests included, until `stop()`. */
  install() {
    self.fetch = (input, init) => this.fetch(input, init);
  }

  stop() {
    self.fetch = plainFetch;
  }

  async fetch(input, init) {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    const file = this.files.get(url);
    if (!file) return plainFetch(input, init);
    const name = url.slice(url.lastIndexOf("/") + 1);
    let response;
    try {
      response = await plainFetch(input, init);
    } catch (error) {
      throw this.failed(`${name} could not be downloaded (${error.message})`);
    }
    if (!response.ok) throw this.failed(`${name} could not be downloaded (HTTP ${response.status})`);
    if (!response.body) return response;
    const reader = response.body.getReader();
    const body = new ReadableStream({
      pull: async (controller) => {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw this.failed(`the download of ${name} broke off (${error.message})`);
        }
        if (chunk.done) {
          controller.close();
          return;
        }
        file.got += chunk.value.byteLength;
        this.onChange({ received: this.received, total: this.total });
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    // same status and headers (Content-Type: application/wasm, for streaming compilation)
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  failed(message) {
    this.onFailure(message);
    return new Error(message);
  }
}
