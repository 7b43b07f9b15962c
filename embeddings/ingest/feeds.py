"""An RSS or Atom feed's entries (feedparser): link, GUID, title, publication date, author and
text (``content:encoded`` or Atom content, else the summary).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import xml.sax
from dataclasses import dataclass

import feedparser


class NotAFeed(ValueError):
    """The bytes are not an RSS or Atom feed; the message says why."""


@dataclass(frozen=True)
class Entry:
    link: str  # "" when the entry has none, as for the other texts
    guid: str
    title: str
    published: dt.date | None
    published_as: str  # the date as the feed wrote it, when it could not be read
    author: str
    html: str  # the entry's content, else its summary
    full: bool  # ``html`` is the entry's content, not only a summary of it


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[Entry, ...]


def read_feed(body: bytes, content_type: str = "", url: str = "") -> Feed:
    """The feed in ``body``; ``content_type`` (with its charset) and ``url`` as its server
    sent them, to decode it and to resolve relative links."""
    headers = {"content-type": content_type, "content-location": url}
    # A stream, never bytes: feedparser would read bytes that name a file as that file.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed(f"not an RSS or Atom feed ({_problem(parsed.get('bozo_exception'))})")
    return Feed(
        title=parsed.feed.get("title", ""),
        entries=tuple(_entry(entry) for entry in parsed.entries),
    )


def _problem(error: Exception | None) -> str:
    if isinstance(error, xml.sax.SAXParseException):
        return f"XML error at line {error.getLineNumber()}: {error.getMessage()}"
    return str(error or "") or "no rss or feed element"


def _entry(entry) -> Entry:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value", "").strip()]
    # The updated date only when there is no published one (else feedparser warns).
    key = "published" if entry.get("published") else "updated"
    written, parsed = entry.get(key, ""), entry.get(f"{key}_parsed")
    published = _date(written) or (dt.date(*parsed[:3]) if parsed else None)
    return Entry(
        link=entry.get("link", "").strip(),
        guid=entry.get("id", "").strip(),
        title=entry.get("title", ""),
        published=published,
        published_as="" if published else written,
        author=entry.get("author", ""),
        html=max(contents, key=len) if contents else entry.get("summary", ""),
        full=bool(contents),
    )


def _date(written: str) -> dt.date | None:
    """The calendar date of an RSS (RFC 822) or Atom (ISO 8601) date, as the publisher's
    own clock had it: "Wed, 31 Jan 2018 23:30:00 -0500" is 31 January, not 1 February
    (feedparser's own reading, the fallback, is in UTC)."""
    written = written.strip()
    try:
        return dt.datetime.fromisoformat(written).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(written).date()
    except (TypeError, ValueError, IndexError):
        return None
