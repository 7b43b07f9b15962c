"""The segments of an index seen as one index, as searches and answers read it.

Live passages (not deleted) are numbered 0, 1, ... segment by segment, in row order:
these are the rows everything above the index uses, so nothing there knows of segments
or deletions. Passage ``row`` has vector rows ``2 * row`` (its own text) and
``2 * row + 1`` (in context), as in a single segment.

A search asks every segment, skipping deleted and filtered-out passages inside each
segment's search, and merges the lists by score. BM25 scores of several segments are made
comparable by scoring every segment with the whole index's IDF.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import overload

import numpy as np

from .ann import IndexKind
from .chunking import Passage
from .filters import Where, day_number
from .keyword import bm25_idf, terms
from .segments import Segment

#: One bool per passage row of each segment (True: may be returned), or None: every live one.
Masks = list[np.ndarray | None]


class Rows:
    """Maps the index's rows to (segment, row in the segment) and back, and says which rows
    a filter admits."""

    def __init__(self, segments: Sequence[Segment], published: Callable[[str], dt.date | None]):
        self.segments = segments
        self._published = published  # an article's publication date, None if unknown
        self.starts = np.cumsum([0] + [s.info.live for s in segments]).tolist()
        # One segment without deletions (an index just built or merged): rows are its rows,
        # and the lookups below, done for every candidate of every question, are skipped.
        self.single = len(segments) == 1 and not segments[0].info.deleted

    def __len__(self) -> int:
        return self.starts[-1]

    def locate(self, row: int) -> tuple[int, int]:
        """(segment number, row in it) of the index's ``row``."""
        if self.single and 0 <= row < self.starts[1]:
            return 0, row
        if not 0 <= row < len(self):
            raise IndexError(f"passage {row} of {len(self)}")
        i = bisect.bisect_right(self.starts, row) - 1
        position = row - self.starts[i]
        return i, int(self._live_rows[i][position]) if self.segments[i].info.deleted else position

    def row(self, segment: int, local: int) -> int:
        """The index's row of a live passage of ``segment``."""
        if not self.segments[segment].info.deleted:
            return self.starts[segment] + local
        return self.starts[segment] + int(np.searchsorted(self._live_rows[segment], local))

    @cached_property
    def _live_rows(self) -> list[np.ndarray]:
        return [np.flatnonzero(s.live) for s in self.segments]

    def masks(self, where: Where | None) -> Masks:
        """Which passages of each segment a search may return: the live ones ``where`` admits."""
        if where is None:
            return [segment.live if segment.info.deleted else None for segment in self.segments]
        return [
            articles.admitted(where)[articles.of_row] & segment.live
            for segment, articles in zip(self.segments, self._articles, strict=True)
        ]

    @cached_property
    def _articles(self) -> list[_Articles]:
        # Made at the first filtered search, not at load: it reads every segment's articles.
        return [_Articles.of(segment, self._published) for segment in self.segments]


@dataclass(frozen=True)
class _Articles:
    """A segment's articles as arrays, so that a filter is applied to all of them at once
    (a loop over thousands of articles took milliseconds per search: benchmark 12)."""

    number: dict[str, int]  # article name -> its number in the segment
    days: np.ndarray  # each article's publication date (``day_number``)
    of_row: np.ndarray  # each row's article number

    @classmethod
    def of(cls, segment: Segment, published: Callable[[str], dt.date | None]) -> _Articles:
        names = segment.sources()
        of_row = np.zeros(segment.info.rows, dtype=np.int32)
        for number, name in enumerate(names):
            rows = segment.rows_of(name)
            of_row[rows.start : rows.stop] = number
        days = np.array([day_number(published(name)) for name in names], dtype=np.int64)
        return cls({name: number for number, name in enumerate(names)}, days, of_row)

    def admitted(self, where: Where) -> np.ndarray:
        """One bool per article: does ``where`` admit it."""
        if where.sources is None:
            admitted = np.ones(len(self.days), dtype=bool)
        else:
            admitted = np.zeros(len(self.days), dtype=bool)
            admitted[[self.number[s] for s in where.sources if s in self.number]] = True
        return admitted & where.in_range(self.days)


class Passages(Sequence[Passage]):
    """The live passages of every segment, by the index's row."""

    def __init__(self, rows: Rows):
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...
    def __getitem__(self, index: int | slice) -> Passage | list[Passage]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        segment, local = self._rows.locate(index + len(self) if index < 0 else index)
        return self._rows.segments[segment].passages[local]

    def __iter__(self) -> Iterator[Passage]:
        """Every live passage in order, in one pass over each segment."""
        for segment in self._rows.segments:
            live = segment.live if segment.info.deleted else None
            for local, passage in enumerate(segment.passages):
                if live is None or live[local]:
                    yield passage


class Vectors:
    """The vectors of every segment: two rows per passage row."""

    def __init__(self, rows: Rows, dimension: int):
        self._rows = rows
        self.dimension = dimension

    def __len__(self) -> int:
        return 2 * len(self._rows)

    @property
    def kind(self) -> IndexKind:
        """HNSW if any segment's vectors are (the others are too small to need it)."""
        kinds = {s.ann.kind for s in self._rows.segments}
        return "hnsw" if "hnsw" in kinds else "flat"

    @property
    def nbytes(self) -> int:
        return sum(s.ann.nbytes for s in self._rows.segments)

    def search(
        self, query: np.ndarray, k: int, masks: Masks | None = None
    ) -> list[tuple[int, float]]:
        """(vector row, cosine) of the ``k`` nearest vectors of passages ``masks`` allows."""
        found = []
        for i, segment in enumerate(self._rows.segments):
            mask = _mask(segment, masks, i)
            allowed = None if mask is None else np.repeat(mask, 2)
            for row, score in segment.ann.search(query, k, allowed=allowed):
                found.append((2 * self._rows.row(i, row // 2) + row % 2, score))
        return _best(found, k)

    def rows(self, rows: list[int]) -> np.ndarray:
        """The stored vectors of these vector rows, in that order."""
        if self._rows.single:
            return self._rows.segments[0].ann.rows(rows)
        out = np.zeros((len(rows), self.dimension), dtype=np.float32)
        wanted: dict[int, list[tuple[int, int]]] = {}
        for position, row in enumerate(rows):
            segment, local = self._rows.locate(row // 2)
            wanted.setdefault(segment, []).append((position, 2 * local + row % 2))
        for segment, pairs in wanted.items():
            positions, locals_ = zip(*pairs, strict=True)
            out[list(positions)] = self._rows.segments[segment].ann.rows(list(locals_))
        return out

    def vectors(self) -> np.ndarray:
        """Every live passage's two vectors, in row order (a copy)."""
        parts = [live_vectors(s) for s in self._rows.segments]
        return np.vstack(parts) if parts else np.zeros((0, self.dimension), dtype=np.float32)


class Keywords:
    """BM25 and term statistics over every segment."""

    def __init__(self, rows: Rows):
        self._rows = rows
        self._parts = [s.keywords for s in rows.segments]
        self._size = sum(len(part) for part in self._parts)  # deleted passages included

    def __len__(self) -> int:
        return len(self._rows)

    def idf(self, term: str) -> float:
        """The whole index's IDF of ``term`` (passages not yet merged away count, as in
        Lucene; with one segment it is that segment's)."""
        return bm25_idf(self._size, sum(part.doc_freq(term) for part in self._parts))

    def knows(self, term: str) -> bool:
        return any(part.knows(term) for part in self._parts)

    def terms_of(self, row: int) -> frozenset[str]:
        segment, local = self._rows.locate(row)
        return self._parts[segment].terms_of(local)

    def search(self, query: str, k: int, masks: Masks | None = None) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best ``k`` passages ``masks`` allows, positive scores."""
        words = terms(query)
        idf = self.idf if len(self._parts) > 1 else None
        found = []
        for i, segment in enumerate(self._rows.segments):
            allowed = _mask(segment, masks, i)
            for local, score in segment.keywords.search_terms(words, k, idf, allowed):
                found.append((self._rows.row(i, local), score))
        return _best(found, k)


def _mask(segment: Segment, masks: Masks | None, i: int) -> np.ndarray | None:
    if masks is not None:
        return masks[i]
    return segment.live if segment.info.deleted else None


def _best(found: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
    found.sort(key=lambda pair: -pair[1])
    return found[:k]


def live_vectors(segment: Segment) -> np.ndarray:
    """The two vectors of each live passage of ``segment``, in row order."""
    vectors = segment.ann.vectors()
    return vectors[np.repeat(segment.live, 2)] if segment.info.deleted else vectors
