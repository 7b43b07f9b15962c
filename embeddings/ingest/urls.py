"""Telling URLs apart from file names, and the one spelling of a URL that ingest remembers.

Two spellings of one page must not make two articles: ``HTTPS://Example.com:443/a#top``
and ``https://example.com/a?utm_source=rss`` are the same page, so both normalise to
``https://example.com/a``.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that say how a reader arrived, never which page it is: Google
# Analytics' utm_* and the click ids that Facebook and Google append.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = {"fbclid", "gclid"}


def is_web_url(text: str) -> bool:
    """True for an http(s) URL with a host (``https://example.com/a``)."""
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 - reading it checks it ("http://host:x/" has none)
    except ValueError:
        return False
    return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)


def normalize_url(url: str) -> str:
    """``url`` with scheme and host lower-cased, the default port, user name and password,
    fragment and tracking parameters dropped, and an empty path written ``/``.

    Raises ValueError for a URL that cannot be read (a port that is not a number)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""  # lower-cased, without user name and password
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address keeps its brackets
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith(_TRACKING_PREFIXES) and name.lower() not in _TRACKING_NAMES
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def site_of(url: str) -> str:
    """The host of ``url`` without a leading ``www.`` ("" when it has none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
