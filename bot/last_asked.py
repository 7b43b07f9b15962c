"""When each channel last asked what's new on each topic, in ``<state>/last_asked.sqlite``
(``[ingest] state_dir``), so that ``/whatsnew`` without ``since`` still knows after a restart.

A channel is a name: a Discord channel or thread by its id (``discord:123``), or the
terminal (``terminal``). A topic is compared after folding case and spacing, so "Harbor
 expansion" and "harbor expansion" are one topic.

SQLite makes each write whole or not at all, and lets the bot's worker threads (each
with its own connection) write at once. The memory is a convenience: a file that cannot be
read or written is logged and the question answered as if nothing were remembered.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

log = logging.getLogger(__name__)

LAST_ASKED_FILE = "last_asked.sqlite"
# The most (channel, topic) pairs kept; the least recently asked go first. A busy server
# asking about 20 topics a day takes over a year to reach it, and the file stays under 1 MB.
MAX_REMEMBERED = 10_000
# Seconds a writer waits for another (two channels asking at once), well over a write's time.
_BUSY_SECONDS = 5.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS asked (
    channel TEXT NOT NULL, topic TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (channel, topic));
CREATE INDEX IF NOT EXISTS asked_at ON asked (at);
"""


def topic_key(topic: str) -> str:
    """The topic as it is remembered: case and spacing folded."""
    return " ".join(topic.casefold().split())


class LastAsked:
    def __init__(self, state: Path):
        self.path = state / LAST_ASKED_FILE

    def when(self, channel: str, topic: str) -> dt.datetime | None:
        """When ``channel`` last asked about ``topic`` (UTC), or None if it never did (or the
        memory cannot be read)."""
        if not self.path.exists():
            return None
        try:
            with closing(sqlite3.connect(self.path, timeout=_BUSY_SECONDS)) as db:
                row = db.execute(
                    "SELECT at FROM asked WHERE channel = ? AND topic = ?",
                    (channel, topic_key(topic)),
                ).fetchone()
        except sqlite3.Error:
            log.warning("cannot read %s: answering as if nothing was asked", self.path)
            return None
        return dt.datetime.fromisoformat(row[0]) if row else None

    def record(self, channel: str, topic: str, at: dt.datetime) -> None:
        """Remember that ``channel`` asked about ``topic`` at ``at`` (an aware datetime)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=_BUSY_SECONDS)) as db, db:
                db.executescript(_SCHEMA)
                db.execute(
                    "INSERT OR REPLACE INTO asked (channel, topic, at) VALUES (?, ?, ?)",
                    (channel, topic_key(topic), at.astimezone(dt.UTC).isoformat()),
                )
                db.execute(
                    "DELETE FROM asked WHERE rowid IN "
                    "(SELECT rowid FROM asked ORDER BY at DESC LIMIT -1 OFFSET ?)",
                    (MAX_REMEMBERED,),
                )
        except (OSError, sqlite3.Error):
            log.warning("cannot remember in %s when this was asked", self.path, exc_info=True)
