"""The HTTP server for a built site: static files, the right type for .wasm/.mjs, precompressed variants, and the
CORS header that lets a course page on another origin load widgets.js and start its worker."""

from __future__ import annotations

import functools
import http.server
import os
import sys
from pathlib import Path


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".whl": "application/zip",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        for key, value in self.extra_headers.items():
            self.send_header(key, value)
        super().end_headers()

    def send_head(self):  # noqa: ANN201 - signature of the base class
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            variant = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and variant.is_file():
                return self._send_file(variant, self.guess_type(str(path)), encoding)
        return super().send_head()

    def _send_file(self, path: Path, content_type: str, encoding: str):  # noqa: ANN202
        handle = open(path, "rb")  # noqa: SIM115 - the base class closes it after copying
        stat = os.fstat(handle.fileno())
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{encoding}"'
        if self.headers.get("If-None-Match") == etag:  # a warm cache revalidates for free
            handle.close()
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(stat.st_size))
        self.end_headers()
        return handle

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if os.environ.get("BACKPROP_SERVE_LOG"):
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        # a browser that drops a download halfway (a reload, a test that has seen enough) is not an error
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def make_server(port: int, directory: Path, headers: dict[str, str] | None = None) -> Server:
    """A server for `directory` on 127.0.0.1 (port 0: any free port), sending `headers` with every response."""
    handler = functools.partial(type("H", (Handler,), {"extra_headers": headers or {}}), directory=str(directory))
    return Server(("127.0.0.1", port), handler)


def serve_forever(port: int, directory: Path) -> None:
    server = make_server(port, directory)
    print(f"Serving backprop-lab at http://127.0.0.1:{server.server_port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
