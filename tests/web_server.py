"""A small web server on 127.0.0.1 for tests that fetch: it serves the real pages and feeds of
``tests/data/web/`` and the misbehaviour a fetcher must survive. It runs in a thread of the
test process, on a port the system picks.

    with WebServer() as server:
        server.url("/pages/dw.com.colonial.html")   # http://127.0.0.1:PORT/pages/…
        client = server.client()                     # an httpx.Client; see below
        server.route("/news.rss", body, content_type="application/rss+xml")
        server.requests                              # every request served, in order

``server.client()`` sends *every* request to this server, whatever host its URL names, so
the links of real feeds (https://www.theguardian.com/…) are served here (404 unless a test
routes their path) and no test can reach the network.

Built-in routes:

    /<folder>/<file>    a file of tests/data/web/ (pages/, feeds/…), with an ETag and a
                        Last-Modified; a request with that ETag in If-None-Match, or
                        with any If-Modified-Since, gets 304
    /redirect?to=PATH   302 to PATH
    /loop/a, /loop/b    302 to each other, for ever
    /slow?seconds=S     waits S seconds before it answers
    /drip?seconds=S     answers at once, then sends one byte of page every 0.05 s for S seconds
    /huge?mb=N          an N MB page, sent in pieces as it is read; with &unsized=1 its
                        length is not announced (no Content-Length)
    anything else       404

A path given to ``server.route`` is served before any of these.
"""

from __future__ import annotations

import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

DATA = Path(__file__).parent / "data" / "web"
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}
# Every fixture has the same date: they never change while a test runs.
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # with its query
    headers: dict[str, str]  # names lower-cased


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class WebServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._http.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve ``body`` at ``path`` (a str is sent as UTF-8); returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, status, content_type, headers or {})
        return self.url(path)

    def client(self, timeout: float = 5.0) -> httpx.Client:
        return httpx.Client(transport=_ToServer(self.port), timeout=timeout)

    def __enter__(self) -> WebServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._http.shutdown()
        self._http.server_close()


class _ToServer(httpx.BaseTransport):
    """Sends each request to the test server, keeping its Host header and, for the client,
    its URL (so redirects and the final URL read as the real ones)."""

    def __init__(self, port: int):
        self._port = port
        self._transport = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        here = request.url.copy_with(scheme="http", host="127.0.0.1", port=self._port)
        rerouted = httpx.Request(
            request.method,
            here,
            headers=request.headers,
            stream=request.stream,
            extensions=request.extensions,  # the client's timeouts
        )
        return self._transport.handle_request(rerouted)

    def close(self) -> None:
        self._transport.close()


def _handler(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args) -> None:  # quiet: pytest shows failures
            pass

        def do_GET(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            server.requests.append(Request("GET", self.path, headers))
            parts = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(parts.query).items()}
            # The client may stop reading (a size cap, a timeout): as it should.
            with suppress(BrokenPipeError, ConnectionResetError):
                self._answer(parts.path, query, headers)

        def _answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> None:
            if path in server.routes:
                route = server.routes[path]
                self._send(route.status, route.body, route.content_type, route.headers)
            elif path == "/redirect":
                self._send(302, b"", headers={"Location": query["to"]})
            elif path in ("/loop/a", "/loop/b"):
                other = "/loop/b" if path == "/loop/a" else "/loop/a"
                self._send(302, b"", headers={"Location": other})
            elif path == "/slow":
                time.sleep(float(query.get("seconds", "1")))
                self._send(200, b"<html><body><p>late</p></body></html>")
            elif path == "/drip":
                self._drip(float(query.get("seconds", "1")))
            elif path == "/huge":
                self._huge(int(query.get("mb", "50")), sized=query.get("unsized") != "1")
            elif (file := _fixture(path)) is not None:
                self._fixture(file, headers)
            else:
                self._send(404, b"<html><body><h1>Not Found</h1></body></html>")

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "text/html; charset=utf-8",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _fixture(self, file: Path, headers: dict[str, str]) -> None:
            body = file.read_bytes()
            etag = f'"{len(body)}-{file.stat().st_mtime_ns}"'
            if headers.get("if-none-match") == etag or "if-modified-since" in headers:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            self._send(200, body, CONTENT_TYPES.get(file.suffix, "text/plain"), validators)

        def _drip(self, seconds: float) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)

        def _huge(self, megabytes: int, sized: bool) -> None:
            piece = b"<p>" + b"news " * 200 + b"</p>\n"
            count = megabytes * 1024 * 1024 // len(piece)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if sized:  # else, in HTTP/1.0, the body ends when the connection closes
                self.send_header("Content-Length", str(count * len(piece)))
            self.end_headers()
            for _ in range(count):
                self.wfile.write(piece)

    return Handler


def _fixture(path: str) -> Path | None:
    """The file of tests/data/web/ that ``path`` names, if there is one (and only there)."""
    file = (DATA / path.lstrip("/")).resolve()
    return file if DATA.resolve() in file.parents and file.is_file() else None
