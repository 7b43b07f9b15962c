"""Keeping the index current by itself, without ``/reindex``: the feeds of ``[ingest]
feeds`` are polled every ``poll_minutes`` and their new items added to the corpus
(``embeddings.ingest``), and the corpus folder is watched, so an article added to it,
changed or removed is answerable (or gone) within seconds.

``Keeper(engine, settings.ingest).start()`` runs both in background threads; ``stop()``
ends and joins them (or use the Keeper as a context manager). The index is brought up to
date by ``Engine.refresh``, which answers questions from the current index until the new
one is swapped in. An error never ends a thread: it is logged (and a feed's shown by
``/feeds``), and tried again a little later.

Each feed's last poll is what ingest's registry recorded (``embeddings.ingest.feed_polls``),
so a restart shows it; the Keeper remembers only polls the registry has no record of.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import watchfiles

from embeddings.corpus import is_article_name
from embeddings.ingest import AddReport, add, feed_polls
from embeddings.ingest.urls import is_web_url

from .engine import Engine
from .errors import NewsdeskError
from .settings import IngestSettings

log = logging.getLogger(__name__)

# A burst of files (a copy of many articles) arrives as changes milliseconds apart: they
# are gathered until none has come for WATCH_QUIET_MS (or for WATCH_GATHER_MS at most),
# then the index is refreshed once for all of them. watchfiles checks for quiet twice, so
# a lone file is taken in about 0.6 s after it was written.
WATCH_QUIET_MS = 300
WATCH_GATHER_MS = 3_000
# How often the watcher wakes when nothing changes, to retry a failed refresh when due.
WATCH_TICK_MS = 1_000
# A refresh that failed (another process building the index, a folder that was
# unreadable for a moment) is tried again after this long.
RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class FeedStatus:
    """What ``/feeds`` shows of a feed."""

    url: str  # the feed's URL or file, as configured
    last_poll: datetime | None = None  # when it was last polled (UTC); None: not yet
    # The articles that poll added, and the near-copies it merged into articles already
    # there (as another report of them): what the registry counts.
    added: int = 0
    error: str | None = None  # why that poll failed, or what it refused; None: nothing


class Keeper:
    """Keeps ``engine``'s index current with its feeds and its corpus folder."""

    def __init__(self, engine: Engine, settings: IngestSettings):
        self.engine = engine
        self.settings = settings
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        # When a failed refresh is due to be tried again (time.monotonic()); None: none failed.
        self._retry_at: float | None = None
        self._statuses = {url: FeedStatus(url) for url in settings.feeds}
        self._statuses.update(self._recorded_polls())
        self._statuses_lock = threading.Lock()  # the poller writes, /feeds reads

    def start(self) -> Keeper:
        """Starts polling the feeds (if there are any) and watching the corpus folder (if
        ``[ingest] watch`` asks for it); starting twice is starting once."""
        if self._threads:
            return self
        self._stopping.clear()
        if self._statuses:
            self._threads.append(self._thread(self._poll_feeds, "keeper-feeds"))
        if self.settings.watch:
            self._threads.append(self._thread(self._watch_corpus, "keeper-watch"))
        return self

    def stop(self) -> None:
        """Stops the threads and waits for them (a refresh under way is finished first)."""
        self._stopping.set()
        for thread in self._threads:
            thread.join()
        self._threads = []

    def feeds(self) -> list[FeedStatus]:
        """Each configured feed's last poll, in the order of ``[ingest] feeds``."""
        with self._statuses_lock:
            return list(self._statuses.values())

    def __enter__(self) -> Keeper:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _thread(self, target: Callable[[], None], name: str) -> threading.Thread:
        # A daemon, so that a Keeper nobody stopped never keeps the process alive.
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        return thread

    def _poll_feeds(self) -> None:
        """Polls each feed when it is due (at once if never polled, or not since
        ``poll_minutes``, across restarts too), until stopped."""
        interval = timedelta(minutes=self.settings.poll_minutes)
        while not self._stopping.is_set():
            now = datetime.now(UTC)
            for status in self.feeds():
                if self._stopping.is_set():
                    return
                if status.last_poll is None or now - status.last_poll >= interval:
                    self._poll(status.url)
            now = datetime.now(UTC)
            # At most an interval: a clock set back must not put the next poll off.
            due = [s.last_poll + interval - now for s in self.feeds() if s.last_poll]
            self._stopping.wait(max(0.0, min([interval, *due]).total_seconds()))

    def _poll(self, url: str) -> None:
        """Adds the feed's new items to the corpus and shows how that went (as the
        registry recorded it); refreshes the index when something was written (or an
        earlier refresh failed)."""
        polled = datetime.now(UTC)
        try:
            report = add([url], self.engine.settings.corpus.dir, self.settings.state_dir)
        except Exception as exc:  # bad input is refused by add: this is a full disk, or a bug
            bug = not isinstance(exc, NewsdeskError)
            log.warning("polling %s failed: %s", url, exc, exc_info=bug)
            self._show(FeedStatus(url, polled, 0, f"polling failed: {exc}"))
            return
        recorded = self._recorded_polls().get(url)
        if recorded and recorded.last_poll and recorded.last_poll >= polled.replace(microsecond=0):
            self._show(recorded)  # this poll's record (the registry keeps times to the second)
        else:  # none: refused before it was read as a feed (a file that is gone, a web page)
            added = sum(item.status in ("added", "merged") for item in report.items)
            self._show(FeedStatus(url, polled, added, _refusals(report)))
        log.info("polled %s: %s", url, report.summary())
        if report.changed or self._retry_at is not None:
            self._refresh(f"polled {url}")

    def _recorded_polls(self) -> dict[str, FeedStatus]:
        """The configured feeds' last polls as ingest's registry recorded them (a feed it
        has no poll of is left out; the registry also records sources that are no feed
        of ours, such as URLs given to ``newsdesk add``)."""
        recorded = {state.source: state for state in feed_polls(self.settings.state_dir)}
        statuses = {}
        for url in self.settings.feeds:
            if state := recorded.get(_recorded_as(url)):
                statuses[url] = FeedStatus(url, state.last_poll, state.added, state.error or None)
        return statuses

    def _show(self, status: FeedStatus) -> None:
        with self._statuses_lock:
            self._statuses[status.url] = status

    def _watch_corpus(self) -> None:
        corpus = self.engine.settings.corpus.dir
        while not self._stopping.is_set():
            try:
                self._follow(corpus)
            except Exception as exc:  # the folder is gone, inotify ran out of watches...
                log.warning(
                    "cannot watch %s (%s); trying again in %.0f s",
                    corpus,
                    exc,
                    RETRY_SECONDS,
                    exc_info=not isinstance(exc, OSError),  # a bug's traceback, not a gone folder's
                )
                self._stopping.wait(RETRY_SECONDS)

    def _follow(self, corpus: Path) -> None:
        """Refreshes the index on each burst of changes to articles in ``corpus``, until
        stopped. The first wake (a change, or the first tick) refreshes whatever happened:
        articles that came while the watch was being set up are taken in too."""
        caught_up = False
        for changes in watchfiles.watch(
            corpus,
            watch_filter=_is_article,
            debounce=WATCH_GATHER_MS,
            step=WATCH_QUIET_MS,
            stop_event=self._stopping,
            rust_timeout=WATCH_TICK_MS,
            yield_on_timeout=True,
            recursive=False,  # the corpus is the folder's own files (embeddings/corpus.py)
            raise_interrupt=False,  # Ctrl-C belongs to the main thread
        ):
            if changes:
                self._refresh(_describe(changes))
            elif not caught_up:
                self._refresh("caught up with the corpus folder")
            elif self._retry_due():
                self._refresh("tried the failed update again")
            caught_up = True

    def _retry_due(self) -> bool:
        return self._retry_at is not None and time.monotonic() >= self._retry_at

    def _refresh(self, why: str) -> None:
        """Brings the index up to date; a failure is logged and retried later, never raised."""
        try:
            report = self.engine.refresh()
        except Exception as exc:  # never end the thread: retried in RETRY_SECONDS
            self._retry_at = time.monotonic() + RETRY_SECONDS
            if isinstance(exc, NewsdeskError):
                log.warning("%s, but the index was not updated: %s", why, exc)
            else:
                log.exception("%s, but the index was not updated", why)
            return
        self._retry_at = None
        log.info("%s: %s", why, report.summary())


def _recorded_as(feed: str) -> str:
    """The source ``add`` records a configured feed's polls under: a URL as given, a file
    as its path reads once parsed ("./feeds/a.rss" is "feeds/a.rss")."""
    return feed if is_web_url(feed) else str(Path(feed))


def _refusals(report: AddReport) -> str | None:
    """What a poll refused (the feed itself, or some of its items), in one line."""
    refused = [item.message for item in report.items if item.status == "refused"]
    if len(refused) > 1:
        return f"{len(refused)} items refused; the first: {refused[0]}"
    return refused[0] if refused else None


def _is_article(change: watchfiles.Change, path: str) -> bool:
    return is_article_name(Path(path).name)


def _describe(changes: set[tuple[watchfiles.Change, str]]) -> str:
    names = sorted({Path(path).name for _, path in changes})
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"articles changed in the corpus folder ({shown})"
