"""How widely something is reported: the articles that carry the same passage, shown once.

Articles carry the same report when one copied the other (equal text, ``dedup_key``) or
when one is a close paraphrase of the other: the same statement reworded by another
outlet. The paraphrase test leans on what is true of reworded news in general, not on
one corpus: the meaning is close (the passages' own vectors, cosine at least
``PARAPHRASE_COSINE``), it is a statement rather than a heading or a fragment (at least
``PARAPHRASE_MIN_WORDS`` words), the figures are the same (another number is another
fact: "ranked 96th" is not "ranked 89th"), the polarity is the same (a negation or an
opposite verb, "agreed" against "refused", turns a close sentence into its contrary), and
most content words are shared (``PARAPHRASE_OVERLAP``). How the numbers were measured is
in ``bot/constants.py``.

A group's reach counts its articles plus the near-copies ingest merged into them (an
article's ``reported_by``): each is one more report of the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import numpy as np

from embeddings import Article, Searcher
from embeddings.keyword import terms
from embeddings.search import Reported, merge_duplicates

from .claims import negated, opposite_verbs
from .constants import PARAPHRASE_COSINE, PARAPHRASE_MIN_WORDS, PARAPHRASE_OVERLAP

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+")

T = TypeVar("T")


@dataclass(frozen=True)
class Reach:
    """The articles that carry one quote's text: the quoted one first."""

    articles: tuple[str, ...]  # file names
    copies: int  # near-copies ingest merged into them (their ``reported_by``)
    outlets: tuple[str, ...]  # the outlets named among them, first seen first
    earliest: dt.date | None  # the earliest publication date among the articles

    @property
    def count(self) -> int:
        return len(self.articles) + self.copies

    @property
    def also_in(self) -> tuple[str, ...]:
        return self.articles[1:]

    def line(self) -> str:
        """ "reported by 3 articles (NHK, Kyodo), earliest 2023-03-01", or "" for one report."""
        if self.count < 2:
            return ""
        outlets = f" ({', '.join(self.outlets)})" if self.outlets else ""
        earliest = f", earliest {self.earliest.isoformat()}" if self.earliest else ""
        return f"reported by {self.count} articles{outlets}{earliest}"

    def as_json(self) -> dict:
        return {
            "articles": self.count,
            "files": list(self.articles),
            "outlets": list(self.outlets),
            "earliest": self.earliest.isoformat() if self.earliest else None,
        }


def reach_of(articles: Mapping[str, Article], names: Sequence[str]) -> Reach:
    """The reach of a text carried by the articles ``names`` (the quoted one first)."""
    carrying = [articles[name] for name in names if name in articles]
    outlets: list[str] = []
    for article in carrying:
        for outlet in (article.outlet, *(outlet for outlet, _ in article.reported_by)):
            if outlet and outlet not in outlets:
                outlets.append(outlet)
    dates = [a.published for a in carrying if a.published]
    copies = sum(len(a.reported_by) for a in carrying)
    return Reach(tuple(names), copies, tuple(outlets), min(dates, default=None))


def independent(groups: Iterable[Sequence[str]]) -> int:
    """How many independent articles stand behind ``groups`` (each the articles carrying
    one piece of evidence). Articles that carry the same passage, as a copy or a close
    paraphrase, repeat one report: a group counts once. Two pieces of evidence from one
    article count once too; evidence whose articles were all counted already adds nothing."""
    seen: set[str] = set()
    count = 0
    for group in groups:
        if not seen & set(group):
            count += 1
        seen |= set(group)
    return count


@dataclass(frozen=True)
class _Traits:
    """What the paraphrase test reads of one text, worked out once per text."""

    words: int
    numbers: frozenset[str]
    negated: bool
    terms: frozenset[str]


@lru_cache(maxsize=4096)  # passages recur from question to question
def _traits(text: str) -> _Traits:
    return _Traits(
        len(_WORD.findall(text)),
        frozenset(_NUMBER.findall(text)),
        negated(text),
        frozenset(terms(text)),
    )


def paraphrases(text_a: str, text_b: str, cosine: float) -> bool:
    """Whether two passages of different articles say the same thing in other words."""
    if cosine < PARAPHRASE_COSINE:
        return False
    a, b = _traits(text_a), _traits(text_b)
    if min(a.words, b.words) < PARAPHRASE_MIN_WORDS or a.numbers != b.numbers:
        return False
    if a.negated != b.negated or opposite_verbs(text_a, text_b):
        return False
    shared = len(a.terms & b.terms)
    return bool(a.terms or b.terms) and 2 * shared / (len(a.terms) + len(b.terms)) >= (
        PARAPHRASE_OVERLAP
    )


def same_report(
    searcher: Searcher,
    items: Sequence[T],
    row: Callable[[T], int | None],
    text: Callable[[T], str],
    source: Callable[[T], str],
) -> Callable[[T, T], bool]:
    """For ``search.merge_duplicates``: whether two of ``items`` (of different articles)
    are close paraphrases, judged on their passages' own vectors (``row``; an item without
    one is only ever a copy) and on their texts."""
    rows = sorted({r for item in items if (r := row(item)) is not None})
    # Every pair's cosine at once; only the pairs close enough to be paraphrases are kept,
    # so that the many calls merge_duplicates makes (each candidate against each kept one)
    # are a set lookup for all the others (a dot product per call cost ~6 ms per question).
    vectors = searcher.own_vectors(rows)  # (0, dimension) for no rows
    cosines = vectors @ vectors.T
    np.fill_diagonal(cosines, 0.0)
    first, second = np.nonzero(cosines >= PARAPHRASE_COSINE)
    close = {
        (rows[i], rows[j]): cosine
        for i, j, cosine in zip(
            first.tolist(), second.tolist(), cosines[first, second].tolist(), strict=True
        )
    }

    def same(kept: T, item: T) -> bool:
        a, b = row(kept), row(item)
        cosine = close.get((a, b)) if a is not None and b is not None else None
        if cosine is None or source(kept) == source(item):
            return False
        return paraphrases(text(kept), text(item), cosine)

    return same


R = TypeVar("R", bound=Reported)


def one_per_report(
    searcher: Searcher,
    items: Sequence[R],
    row: Callable[[R], int | None],
    text: Callable[[R], str],
    source: Callable[[R], str],
) -> list[R]:
    """``items`` with each copy or close paraphrase (in another article) of an earlier one
    folded into it (its ``also_in``): a report is shown once."""
    return merge_duplicates(items, text, source, same_report(searcher, items, row, text, source))
