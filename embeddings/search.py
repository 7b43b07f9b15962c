"""Hybrid retrieval: dense (FAISS) and keyword (BM25) lists fused by reciprocal rank.

Dense search finds paraphrases ("phone call" ~ "telephone conversation"); keyword search
finds exact names and numbers that a small embedding model blurs. Reciprocal rank
fusion needs no score calibration between the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import Field, dataclass, replace
from functools import lru_cache
from typing import Any, ClassVar, Protocol, TypeVar

import numpy as np

from .backends import FaissRetrieval, Retrieval
from .chunking import Passage
from .encoders import Encoder
from .filters import Where
from .store import Store


@dataclass(frozen=True)
class Hit:
    row: int
    passage: Passage
    score: float  # fused reciprocal-rank score
    dense: float  # cosine similarity to the query
    also_in: tuple[str, ...] = ()  # other articles carrying (nearly) the same passage
    # What each list said of it, for learned ranking (ranks are 0-based; ``pool`` when
    # the passage is not in that list, BM25 0 then).
    cos_own: float = 0.0  # cosine of the passage's own vector
    cos_ctx: float = 0.0  # cosine of its vector read after the passage before it
    dense_rank: int = 0
    bm25: float = 0.0
    bm25_rank: int = 0


@lru_cache(maxsize=65536)  # the same passages come back question after question
def dedup_key(text: str) -> str:
    """Text reduced to lower-case words: passages equal under it are the same passage."""
    return re.sub(r"\W+", " ", text.casefold()).strip()


class Reported(Protocol):
    """A dataclass that lists the other articles carrying its text (a Hit, a timeline Event)."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def also_in(self) -> tuple[str, ...]: ...


_R = TypeVar("_R", bound=Reported)


def merge_duplicates(
    items: Iterable[_R],
    text: Callable[[_R], str],
    source: Callable[[_R], str],
    same: Callable[[_R, _R], bool] | None = None,
) -> list[_R]:
    """One item per text, in first-seen order: an item whose text equals a kept one's under
    ``dedup_key`` (a copy), or that ``same(kept, item)`` says reports the same thing (a
    close paraphrase, see ``bot.reach``), is folded into the first: it keeps its place and
    lists, in ``also_in``, the other articles that carry the text."""
    kept: dict[str, _R] = {}
    for item in items:
        key = dedup_key(text(item))
        if key not in kept and same is not None:
            key = next((k for k, first in kept.items() if same(first, item)), key)
        first = kept.get(key)
        if first is None:
            kept[key] = item
        elif source(item) != source(first) and source(item) not in first.also_in:
            kept[key] = replace(first, also_in=(*first.also_in, source(item)))
    return list(kept.values())


class Searcher:
    """Questions to passages: candidate lists from the backend (``backends``), made hits."""

    def __init__(self, store: Store, encoder: Encoder, retrieval: Retrieval | None = None):
        self.store = store
        self.encoder = encoder
        self.keywords = store.keywords
        self.retrieval = retrieval or FaissRetrieval(store)

    def embed(self, text: str) -> np.ndarray:
        return self.encoder.encode([text])[0]

    def own_vectors(self, rows: list[int]) -> np.ndarray:
        """The vectors of the passages' own texts (unit length), one row each: the index
        keeps them locally whatever backend searches them."""
        return self.store.ann.rows([2 * row for row in rows])

    def cosines(self, rows: list[int], vector: np.ndarray) -> np.ndarray:
        """Each passage's cosine to ``vector``: the better of its two vectors."""
        return self.retrieval.pair_cosines(rows, vector).max(axis=1)

    def search(
        self,
        query: str,
        k: int = 10,
        pool: int = 50,
        vector: np.ndarray | None = None,
        where: Where | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query`` that ``where`` admits, near-duplicates
        collapsed."""
        vector = self.embed(query) if vector is None else vector
        dense, keyword, fused = self.retrieval.lists(query, vector, pool, where)
        rows = [row for row, _ in fused]
        cosines = self.retrieval.pair_cosines(rows, vector)
        dense_rank = {row: rank for rank, (row, _) in enumerate(dense)}
        bm25 = {row: (rank, score) for rank, (row, score) in enumerate(keyword)}
        hits = []
        for (row, score), (own, ctx) in zip(fused, cosines, strict=True):
            b_rank, b_score = bm25.get(row, (pool, 0.0))
            hits.append(
                Hit(
                    row,
                    self.store.passages[row],
                    score,
                    float(max(own, ctx)),
                    cos_own=float(own),
                    cos_ctx=float(ctx),
                    dense_rank=dense_rank.get(row, pool),
                    bm25=b_score,
                    bm25_rank=b_rank,
                )
            )
        hits = merge_duplicates(hits, lambda h: h.passage.text, lambda h: h.passage.source)
        return hits[:k]
