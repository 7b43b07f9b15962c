"""Quotes: passages turned into verbatim, checked citations."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from embeddings import Article, Passage
from embeddings.corpus import read_file

log = logging.getLogger(__name__)


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

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "source": self.source,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
        }


class QuoteMaker:
    """Makes quotes from passages, reading each article file to check the text is there."""

    def __init__(self, corpus: Path, articles: dict[str, Article]):
        self.corpus = corpus
        self.articles = articles
        self._texts: dict[str, str | None] = {}

    def file_text(self, name: str) -> str | None:
        """The article's text as indexed, or None if the file changed or vanished since."""
        if name not in self._texts:
            source = read_file(self.corpus / name)
            current = source is not None and source.sha256 == self.articles[name].sha256
            self._texts[name] = source.text if current else None
        return self._texts[name]

    def quote(self, passage: Passage, score: float) -> Quote | None:
        """A checked quote of ``passage``, or None if the file no longer holds that text."""
        return self.quote_span(passage, passage.start, passage.end, score)

    def quote_span(self, passage: Passage, start: int, end: int, score: float) -> Quote | None:
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
        )
