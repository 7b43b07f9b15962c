"""Where the searches run: the embedded FAISS + bm25s segments (the default) or Qdrant.

One small interface, ``Retrieval``: the dense, keyword and fused candidate lists of a
question under a filter, and the two cosines of given passages. The searcher builds its
hits from them the same way whichever backend answers.

With Qdrant, the index folder still holds the catalogue (articles, passages, term and name
statistics: what ranking and quoting read, a few hundred bytes per passage); Qdrant holds
every passage's vectors and term vector and runs the searches, so the vectors need not fit
on the machine that answers. The build keeps Qdrant in step with the corpus (``sync``) and
the manifest records the backend and collection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from .combined import live_vectors
from .filters import Where
from .segments import Segment
from .store import Store

if TYPE_CHECKING:  # qdrant-client is an optional extra
    from .qdrant_backend import PassageKey, QdrantPassages

BackendName = Literal["faiss", "qdrant"]
RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks

#: (row, score) lists, best first.
Ranked = list[tuple[int, float]]


@dataclass(frozen=True)
class Backend:
    """Which backend, and for Qdrant where: a local folder or a server."""

    name: BackendName = "faiss"
    qdrant_path: Path | None = None  # local mode; default: a "qdrant" folder in the index
    qdrant_url: str | None = None  # a Qdrant server or cluster
    api_key: str | None = None  # for the url; from the environment, never from config
    collection: str = ""  # default: one per index folder (so per corpus)

    def collection_for(self, index: Path) -> str:
        if self.collection:
            return self.collection
        return "newsdesk-" + hashlib.sha256(str(index.resolve()).encode()).hexdigest()[:12]

    def qdrant(self, index: Path) -> QdrantPassages:
        """The collection of the index in ``index`` (one client per place and process: local
        mode lets only one client open a folder)."""
        path = None if self.qdrant_url else (self.qdrant_path or index / "qdrant").resolve()
        return _connect(self.collection_for(index), path, self.qdrant_url, self.api_key)


FAISS = Backend()


@cache
def _connect(
    collection: str, path: Path | None, url: str | None, api_key: str | None
) -> QdrantPassages:
    from .qdrant_backend import QdrantPassages  # noqa: PLC0415 (the optional extra)

    return QdrantPassages.connect(collection, path=path, url=url, api_key=api_key)


class Retrieval(Protocol):
    def lists(
        self, query: str, vector: np.ndarray, pool: int, where: Where | None
    ) -> tuple[Ranked, Ranked, Ranked]:
        """(dense, keyword, fused): the ``pool`` best passages by cosine (the better of
        their two vectors), by BM25, and both lists fused by reciprocal rank."""
        ...

    def pair_cosines(self, rows: list[int], vector: np.ndarray) -> np.ndarray:
        """(own, in-context) cosine of each passage to ``vector``, one row each."""
        ...


class FaissRetrieval:
    """The searches of the embedded segments."""

    def __init__(self, store: Store):
        self.store = store

    def lists(
        self, query: str, vector: np.ndarray, pool: int, where: Where | None
    ) -> tuple[Ranked, Ranked, Ranked]:
        masks = self.store.masks(where)
        dense = _best_per_passage(self.store.ann.search(vector, 2 * pool, masks))[:pool]
        keyword = self.store.keywords.search(query, pool, masks)
        return dense, keyword, fuse(dense, keyword)

    def pair_cosines(self, rows: list[int], vector: np.ndarray) -> np.ndarray:
        if not rows:
            return np.zeros((0, 2), dtype=np.float32)
        both = self.store.ann.rows([r for row in rows for r in (2 * row, 2 * row + 1)]) @ vector
        return both.reshape(-1, 2)


class QdrantRetrieval:
    """The searches of Qdrant, fused there (RRF over prefetches), mapped to the rows of the
    catalogue; passages Qdrant has but the catalogue has not (a build interrupted after
    syncing Qdrant) are left out."""

    def __init__(self, store: Store, qdrant: QdrantPassages):
        self.store = store
        self.qdrant = qdrant

    def lists(
        self, query: str, vector: np.ndarray, pool: int, where: Where | None
    ) -> tuple[Ranked, Ranked, Ranked]:
        dense = self._rows(self.qdrant.dense(vector, pool, where))
        keyword = self._rows(self.qdrant.keyword(query, pool, where))
        fused = self._rows(self.qdrant.hybrid(query, vector, 2 * pool, pool, where))
        return dense, keyword, fused

    def pair_cosines(self, rows: list[int], vector: np.ndarray) -> np.ndarray:
        if not rows:
            return np.zeros((0, 2), dtype=np.float32)
        keys = [self.store.key_of(row) for row in rows]
        return (self.qdrant.vectors(keys) @ vector).reshape(-1, 2)

    def _rows(self, found: list[tuple[PassageKey, float]]) -> Ranked:
        rows = ((self.store.row_of(*key), score) for key, score in found)
        return [(row, score) for row, score in rows if row is not None]


def retrieval(store: Store, backend: Backend, index: Path) -> Retrieval:
    """The searches of ``store``, on the backend that holds its vectors."""
    if backend.name == "qdrant":
        return QdrantRetrieval(store, backend.qdrant(index))
    return FaissRetrieval(store)


def fuse(*rankings: Ranked) -> Ranked:
    """Reciprocal rank fusion: no score calibration between the lists is needed."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (row, _) in enumerate(ranking):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(fused.items(), key=lambda pair: -pair[1])


def _best_per_passage(rows: Ranked) -> Ranked:
    """Vector rows (best first) to passages, each at its better row's cosine."""
    seen, out = set(), []
    for row, score in rows:
        if row // 2 not in seen:
            seen.add(row // 2)
            out.append((row // 2, score))
    return out


def sync(
    qdrant: QdrantPassages,
    published: Callable[[str], dt.date | None],
    segments: list[Segment],
    gone: set[str],
    dimension: int,
    everything: bool,
) -> None:
    """Bring Qdrant to the passages of ``segments``: remove the ``gone`` articles' passages
    and add the new segments' (those not read from disk), or, with ``everything``, upload
    every live passage (a collection new to this index). Vectors come from the segments:
    nothing is embedded again. Upserts replace, so running it twice does no harm."""
    qdrant.ensure(dimension)
    qdrant.delete_sources(gone)
    for segment in segments:
        if everything or segment.folder is None:
            keys, texts, dates = [], [], []
            for key, passage in _keyed(segment):
                keys.append(key)
                texts.append(passage.text)
                dates.append(published(passage.source))
            qdrant.upsert(keys, texts, live_vectors(segment), dates)


def _keyed(segment: Segment) -> Iterator:
    """(key, passage) of each live passage of ``segment``: a key is (article, ordinal)."""
    ordinal: dict[str, int] = {}
    for passage, live in zip(segment.passages, segment.live, strict=True):
        n = ordinal[passage.source] = ordinal.get(passage.source, -1) + 1
        if live:
            yield (passage.source, n), passage
