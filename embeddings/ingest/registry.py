"""What ingest remembers between runs, in ``<state>/registry.sqlite``:

- ``seen``: every URL (normalised) and feed GUID met, and the corpus file it went into,
  so that nothing is added twice. Kept when the file is deleted: an article someone
  removed does not come back with the next poll of its feed.
- ``texts`` and ``shingles``: each corpus file's fingerprint (``copies.fingerprint``), to
  find near-copies. Files that ingest did not write count too: ``sync`` reads every new
  or changed file of the corpus folder (its front matter's ``url`` and ``reported_by``
  go into ``seen``) and forgets the fingerprints of removed ones.
- ``feeds``: each feed's validators (ETag, Last-Modified) for conditional requests, its
  last poll, what that poll added and its last error.

One ingest at a time: ``Registry.open`` holds an exclusive lock on ``<state>/lock`` (the
command line and the bot's poller may both add; two adders could pick the same file name
or merge into one file at once). The lock is the kernel's, so a killed ingest releases it.
Reading the feeds' polls (``feed_polls``, for the bot's ``/feeds``) needs no lock: it only
reads, and SQLite shows a reader each write whole or not at all.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..articles import Article, parse_article
from ..corpus import list_article_paths, read_file
from .copies import fingerprint
from .fetching import Validators
from .urls import normalize_url

log = logging.getLogger(__name__)

REGISTRY_FILE = "registry.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, file TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS texts (
    id INTEGER PRIMARY KEY, file TEXT UNIQUE NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, shingles INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shingles (
    hash INTEGER NOT NULL, text INTEGER NOT NULL, PRIMARY KEY (hash, text)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS shingles_of_text ON shingles (text);
CREATE TABLE IF NOT EXISTS feeds (
    source TEXT PRIMARY KEY, title TEXT NOT NULL, last_poll TEXT NOT NULL,
    added INTEGER NOT NULL, error TEXT NOT NULL, etag TEXT NOT NULL,
    last_modified TEXT NOT NULL);
"""


@dataclass(frozen=True)
class FeedState:
    source: str  # the feed's URL or file, as it was given
    title: str
    last_poll: datetime  # UTC
    added: int  # articles the last poll added, near-copies merged into others included
    error: str  # what went wrong in the last poll ("" when nothing did)
    validators: Validators


@dataclass(frozen=True)
class NearCopy:
    file: str
    containment: float  # the share of the new text's shingles that the file holds


def url_key(url: str) -> str:
    return "url:" + normalize_url(url)


def guid_key(guid: str) -> str:
    return "guid:" + guid


class Registry:
    def __init__(self, connection: sqlite3.Connection):
        self._db = connection

    @classmethod
    @contextmanager
    def open(cls, state: Path) -> Iterator[Registry]:
        """The registry in the folder ``state`` (made if missing), locked for this process."""
        state.mkdir(parents=True, exist_ok=True)
        lock = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)  # waits: another ingest finishes in seconds
            with closing(sqlite3.connect(state / REGISTRY_FILE)) as connection:
                connection.executescript(_SCHEMA)
                yield cls(connection)
                connection.commit()
        finally:
            os.close(lock)

    def commit(self) -> None:
        self._db.commit()

    # -- seen URLs and GUIDs

    def file_for(self, keys: Iterable[str]) -> str | None:
        """The corpus file of the first of ``keys`` seen before, else None."""
        for key in keys:
            row = self._db.execute("SELECT file FROM seen WHERE key = ?", (key,)).fetchone()
            if row:
                return row[0]
        return None

    def remember(self, keys: Iterable[str], file: str) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO seen (key, file) VALUES (?, ?)", ((k, file) for k in keys)
        )

    # -- texts, for near-copies

    def near_copy(self, shingles: frozenset[int]) -> NearCopy | None:
        """The corpus file holding the largest share of ``shingles``, if it holds any."""
        if not shingles:
            return None
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (hash INTEGER PRIMARY KEY)")
        self._db.execute("DELETE FROM wanted")
        self._db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((h,) for h in shingles))
        row = self._db.execute(
            """SELECT texts.file, COUNT(*) AS shared FROM wanted
               JOIN shingles ON shingles.hash = wanted.hash
               JOIN texts ON texts.id = shingles.text
               GROUP BY shingles.text ORDER BY shared DESC, texts.file LIMIT 1"""
        ).fetchone()
        return NearCopy(row[0], row[1] / len(shingles)) if row else None

    def record_text(self, path: Path, shingles: frozenset[int]) -> None:
        """Remember the fingerprint of the corpus file at ``path`` as it is now on disk."""
        info = path.stat()
        self._forget_text(path.name)
        cursor = self._db.execute(
            "INSERT INTO texts (file, size, mtime_ns, shingles) VALUES (?, ?, ?, ?)",
            (path.name, info.st_size, info.st_mtime_ns, len(shingles)),
        )
        self._db.executemany(
            "INSERT INTO shingles (hash, text) VALUES (?, ?)",
            ((h, cursor.lastrowid) for h in shingles),
        )

    def _forget_text(self, file: str) -> None:
        self._db.execute(
            "DELETE FROM shingles WHERE text IN (SELECT id FROM texts WHERE file = ?)", (file,)
        )
        self._db.execute("DELETE FROM texts WHERE file = ?", (file,))

    def sync(self, corpus: Path) -> None:
        """Bring ``seen`` and the fingerprints up to date with the corpus folder as it is."""
        known = {
            file: (size, mtime_ns)
            for file, size, mtime_ns in self._db.execute("SELECT file, size, mtime_ns FROM texts")
        }
        present = set()
        for article in list_article_paths(corpus):
            name = article.path.name
            present.add(name)
            info = article.path.stat()
            if known.get(name) == (info.st_size, info.st_mtime_ns):
                continue
            source = read_file(article.path)
            if source is None:  # not an article (the reader warned why)
                self._forget_text(name)
                continue
            parsed = parse_article(source)
            self.remember(_article_keys(parsed), name)
            texts = [parsed.title, *(source.text[p.start : p.end] for p in parsed.paragraphs)]
            self.record_text(article.path, fingerprint("\n\n".join(texts)))
        for gone in known.keys() - present:
            self._forget_text(gone)
        self.commit()

    # -- feeds

    def validators(self, source: str) -> Validators:
        row = self._db.execute(
            "SELECT etag, last_modified FROM feeds WHERE source = ?", (source,)
        ).fetchone()
        return Validators(*row) if row else Validators()

    def record_poll(
        self, source: str, title: str, when: str, added: int, error: str, validators: Validators
    ) -> None:
        """Record a poll of the feed ``source``; ``when`` is ISO 8601 in UTC ("...Z")."""
        self._db.execute(
            """INSERT INTO feeds (source, title, last_poll, added, error, etag, last_modified)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (source) DO UPDATE SET
                   title = CASE WHEN excluded.title = '' THEN title ELSE excluded.title END,
                   last_poll = excluded.last_poll, added = excluded.added,
                   error = excluded.error, etag = excluded.etag,
                   last_modified = excluded.last_modified""",
            (source, title, when, added, error, validators.etag, validators.last_modified),
        )


def feed_polls(state: Path) -> list[FeedState]:
    """Each feed's last poll as recorded in the folder ``state``, by source; without the
    ingest lock, so never waiting for an ingest under way. No registry there: no polls.
    One that cannot be read is logged and read as none: what it tells is never worth
    failing for (the next ingest reports the trouble, if it lasts)."""
    path = state / REGISTRY_FILE
    try:
        if not path.exists():
            return []
        # Read-only: reading never creates the file or changes it.
        uri = path.absolute().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            rows = connection.execute(
                "SELECT source, title, last_poll, added, error, etag, last_modified FROM feeds "
                "ORDER BY source"
            ).fetchall()
        return [
            FeedState(
                source,
                title,
                _utc(datetime.fromisoformat(last_poll)),
                int(added),
                error,
                Validators(etag, last_modified),
            )
            for source, title, last_poll, added, error, etag, last_modified in rows
        ]
    except (OSError, sqlite3.Error, ValueError, TypeError) as exc:
        log.warning("cannot read the feeds' polls in %s (%s)", path, exc)
        return []


def _utc(when: datetime) -> datetime:
    # Polls are recorded with their zone ("Z"); one without (an edited file) was UTC too.
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _article_keys(article: Article) -> list[str]:
    """The URLs an article names in its front matter: its own and its other reports'."""
    urls = [article.url, *(url for _, url in article.reported_by)]
    return [url_key(url) for url in urls if url]
