"""Quotes: passages turned into verbatim, checked citations."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from embeddings import Article, Passage
from embeddings.corpus import read_file

from .constants import OLD_NEWS
from .reach import Reach, reach_of

log = logging.getLogger(__name__)

# The most changed articles named in a notice; the rest are counted.
_NAMES_SHOWN = 3
# A file written this recently may be written again within the same tick of the file
# system's clock, leaving size and mtime as they were ("racily clean", in git's words):
# its signature is not trusted, so it is read again on its next use.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Quote:
    """Verbatim text of one article: ``text == file_text[start:end]``, checked on creation."""

    text: str
    source: str  # file name
    paragraph: int
    start: int
    end: int
    score: float
    title: str
    published: dt.date | None
    # Where the article was published, to cite it by ("" when its front matter does not say).
    url: str = ""
    outlet: str = ""
    # The articles that carry the same text (a copy or a close paraphrase), this one first;
    # None until the result it is shown in has grouped its quotes (``bot.reach``).
    reach: Reach | None = None

    def as_json(self) -> dict:
        """The quote's stable JSON form; ``url`` and ``outlet`` are there when known,
        ``reach`` when other articles carry it too."""
        data = {
            "text": self.text,
            "source": self.source,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
        }
        if self.url:
            data["url"] = self.url
        if self.outlet:
            data["outlet"] = self.outlet
        if self.reach and self.reach.count > 1:
            data["reach"] = self.reach.as_json()
        return data


def latest_note(quotes: Iterable[Quote], newest: dt.date | None) -> str:
    """ "the latest article on this is from March 2023" when the newest of the quoted
    articles is older than the corpus's ``newest`` article by more than ``OLD_NEWS``, else ""."""
    dates = [q.published for q in quotes if q.published]
    if not dates or newest is None or newest - max(dates) <= OLD_NEWS:
        return ""
    return f"the latest article on this is from {max(dates):%B %Y}"


def changed_notice(changed: tuple[str, ...]) -> str:
    """What to tell the user about articles left out because their file changed, or ""."""
    if not changed:
        return ""
    remedy = "run /reindex (or `newsdesk index`)"
    if len(changed) == 1:
        return f"{changed[0]} changed since the index was built: {remedy}"
    shown = ", ".join(changed[:_NAMES_SHOWN]) + (", …" if len(changed) > _NAMES_SHOWN else "")
    return f"{len(changed)} articles changed since the index was built ({shown}): {remedy}"


@dataclass(frozen=True)
class _Seen:
    """A file as last read: its stat signature and its text (None if it no longer matches
    the index)."""

    signature: tuple[int, int, int] | None  # None: too recent to trust
    text: str | None


class QuoteMaker:
    """Makes quotes from passages, reading each article file to check the text is there.

    Files are edited and deleted while a bot or a chat keeps running, so every use checks
    the file again: a ``stat`` per article, and a re-read and re-hash only when its size,
    modification time or inode differ from what was read.
    """

    def __init__(self, corpus: Path, articles: dict[str, Article]):
        self.corpus = corpus
        self.articles = articles
        self._seen: dict[str, _Seen] = {}

    def file_text(self, name: str) -> str | None:
        """The article's text as indexed, or None if the file changed or vanished since."""
        path = self.corpus / name
        try:
            stat = os.stat(path)
        except OSError:
            return None  # deleted (or no longer readable): nothing of it can be quoted
        signature: tuple[int, int, int] | None = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if time.time_ns() - stat.st_mtime_ns < _RACY_NS:
            signature = None
        seen = self._seen.get(name)
        if seen is None or signature is None or seen.signature != signature:
            # Stat before reading: a write that lands in between changes the signature
            # again, so the next use reads once more instead of trusting this read.
            source = read_file(path)
            indexed = self.articles[name].sha256
            current = source.text if source is not None and source.sha256 == indexed else None
            seen = _Seen(signature, current)
            self._seen[name] = seen
        return seen.text

    def changed_among(self, names: Iterable[str]) -> tuple[str, ...]:
        """The articles among ``names`` whose file changed or vanished since indexing, sorted."""
        return tuple(sorted({name for name in names if self.file_text(name) is None}))

    def quote(self, passage: Passage, score: float, also_in: tuple[str, ...] = ()) -> Quote | None:
        """A checked quote of ``passage``, or None if the file no longer holds that text;
        ``also_in``: the other articles that carry it (``Quote.reach``)."""
        return self.quote_span(passage, passage.start, passage.end, score, also_in)

    def quote_span(
        self, passage: Passage, start: int, end: int, score: float, also_in: tuple[str, ...] = ()
    ) -> Quote | None:
        """A checked quote of ``start:end`` (inside ``passage``), or None if the file changed."""
        text = self.file_text(passage.source)
        expected = passage.text[start - passage.start : end - passage.start]
        if text is None or text[passage.start : passage.end] != passage.text or not expected:
            log.warning("%s changed since it was indexed; not quoting it", passage.source)
            return None
        article = self.articles[passage.source]
        return Quote(
            text[start:end],
            passage.source,
            passage.paragraph,
            start,
            end,
            score,
            article.title,
            article.published,
            article.url,
            article.outlet,
            self.reach(passage.source, also_in),
        )

    def reach(self, source: str, also_in: tuple[str, ...]) -> Reach:
        """The reach of a text of ``source`` that the articles ``also_in`` carry too."""
        return reach_of(self.articles, (source, *also_in))
