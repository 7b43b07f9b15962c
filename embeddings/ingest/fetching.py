"""Getting the bytes of a source: a URL over HTTP(S), or a file.

Fetching is where the outside world can misbehave, so every limit is here: a timeout for
each step and a deadline for the whole download, a size cap checked while the body is
read (a 50 MB page is never held in memory), at most ``MAX_REDIRECTS`` redirects and no
loops, and a User-Agent that says who is asking. Anything that goes wrong is a
``FetchError`` with one line for people.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import httpx

# Far above any news page (the largest of trafilatura's 110 saved test pages is 0.9 MB)
# or feed, far below what would strain memory.
MAX_BYTES = 10 * 1024 * 1024
# Each step (connecting, each read) may wait this long; the whole download, MAX_SECONDS.
TIMEOUT_SECONDS = 20.0
MAX_SECONDS = 60.0
MAX_REDIRECTS = 10


def _user_agent() -> str:
    try:
        return f"newsdesk/{version('newsdesk')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "newsdesk"


USER_AGENT = _user_agent()


class FetchError(Exception):
    """A source could not be read; the message is one line for people."""


@dataclass(frozen=True)
class Validators:
    """What a server said identifies this version of a feed, to ask "changed since?"."""

    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class Fetched:
    """The bytes of a source and what its server said about them."""

    source: str  # as given: a URL or a file path
    url: str  # where the bytes came from after redirects ("" for a file)
    body: bytes
    media_type: str  # "text/html", "application/rss+xml"… ("" when not said)
    charset: str  # from the Content-Type header ("" when not said)
    validators: Validators = Validators()
    not_modified: bool = False  # a conditional request answered 304: no body


def new_client() -> httpx.Client:
    """The client ``fetch`` uses when none is given. A client passed in brings its own
    timeouts and transport; the User-Agent, redirect and size limits are ``fetch``'s."""
    return httpx.Client(timeout=TIMEOUT_SECONDS)


def read_file(path: Path) -> Fetched:
    """The bytes of a local file, within the same size cap as a download."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FetchError(_too_large(size))
        body = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read it ({exc.strerror or exc})") from None
    return Fetched(str(path), "", body, "", "")


def fetch(client: httpx.Client, url: str, validators: Validators | None = None) -> Fetched:
    """GET ``url``, following redirects; with ``validators``, only if it changed since."""
    headers = {"User-Agent": USER_AGENT}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    deadline = time.monotonic() + MAX_SECONDS
    visited = [url]
    try:
        request = client.build_request("GET", url, headers=headers)
        while True:
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.next_request is None:
                    return _fetched(url, response, deadline)
            finally:
                response.close()
            request = response.next_request
            visited.append(str(request.url))
            if visited[-1] in visited[:-1]:
                raise FetchError("redirect loop: " + " -> ".join(visited))
            if len(visited) > MAX_REDIRECTS + 1:
                raise FetchError(f"more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException:
        raise FetchError(f"timed out ({_timeout(client)})") from None
    except httpx.UnsupportedProtocol:
        raise FetchError("not an http or https URL") from None
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot connect ({exc or type(exc).__name__})") from None


def _fetched(source: str, response: httpx.Response, deadline: float) -> Fetched:
    validators = Validators(
        response.headers.get("ETag", ""), response.headers.get("Last-Modified", "")
    )
    media_type, _, _ = response.headers.get("Content-Type", "").partition(";")
    fetched = Fetched(
        source,
        str(response.url),
        b"",
        media_type.strip().lower(),
        response.charset_encoding or "",
        validators,
    )
    if response.status_code == 304:
        return replace(fetched, not_modified=True)
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
    return replace(fetched, body=_body(response, deadline))


def _body(response: httpx.Response, deadline: float) -> bytes:
    """The body, read in pieces up to the size cap and the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(_too_large(int(declared)))
    body = bytearray()
    for piece in response.iter_bytes():  # decompressed: the cap holds for gzip bombs too
        body += piece
        if len(body) > MAX_BYTES:
            raise FetchError(_too_large())
        if time.monotonic() > deadline:
            raise FetchError(f"took more than {MAX_SECONDS:g} s to download")
    return bytes(body)


def _too_large(size: int | None = None) -> str:
    told = f" ({size / 1024 / 1024:.0f} MB)" if size else ""
    return f"larger than the {MAX_BYTES // 1024 // 1024} MB size cap{told}"


def _timeout(client: httpx.Client) -> str:
    seconds = client.timeout.read or client.timeout.connect
    return f"no answer within {seconds:g} s" if seconds else "no answer"
