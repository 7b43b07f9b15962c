"""Nearest-neighbour search over unit vectors, behind one small class (as txtai's ``ann/``).

Inner product on unit vectors is cosine similarity. Two kinds of index:

- ``flat``: exact. Up to about a hundred thousand passages it answers in milliseconds and
  costs nothing to build.
- ``hnsw``: approximate (FAISS's HNSW graph over the same stored vectors). Past
  ``[index] approximate_from`` passages a flat search scans too much memory per question;
  the graph visits a few thousand vectors instead, at the price of a slower build.
  Its parameters were chosen by benchmark 11 (``benchmarks/ann_bench.py``, BENCHMARKS.md).

Both keep every vector, so a passage's rows can be read back from either.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

import faiss
import numpy as np

# One query at a time is searched: FAISS's worker threads only add start-up cost there,
# and on a small machine they compete with the embedding model (measured in BENCHMARKS.md).
faiss.omp_set_num_threads(1)

IndexKind = Literal["flat", "hnsw"]

# HNSW's graph: each vector links to 2 × HNSW_LINKS others on the bottom layer (more links,
# better recall, a bigger graph); HNSW_BUILD_DEPTH is how many candidates a build keeps in
# hand (faiss's efConstruction), and ``search_depth`` how many a search keeps (efSearch),
# by the index's size.
# Chosen by benchmark 11 (BENCHMARKS.md) at 1M passages: with build depth 40 no search
# depth up to 2048 reached recall@10 0.90 on its synthetic vectors; 80 reached 0.976 at
# search depth 1024 (1.7 ms) in a build 1.4x as long as 40's; 128 built about twice as long.
HNSW_LINKS = 32
HNSW_BUILD_DEPTH = 80
# (passages up to, search depth): the smallest depth whose recall@10 against flat was
# ≥ 0.96 (the issue's 0.95 and a point of margin) on benchmark 11's synthetic and expanded
# real vectors at that size in every run measured (so conservative: 512 passed at 1M in
# the committed run but not in an earlier one); an index between two sizes takes the
# larger size's depth.
_SEARCH_DEPTH_UP_TO = ((30_000, 64), (100_000, 128), (300_000, 256), (1_000_000, 1024))
# A filtered HNSW search walks the graph as an unfiltered one does and keeps the allowed
# rows it meets: allowing a share s of the rows, it finds about s of what it would (at
# 100k passages, filters allowing 0.01-18% of them found 1-16% of flat's passages:
# benchmark 12). So it goes 1/s times deeper, or, when comparing the query with every
# allowed row costs less than that deeper walk, it does that (exact, over the graph's own
# stored vectors, skipping the others). One unit of search depth costs about as much as
# comparing this many rows: on benchmark 12's 100k-passage index (dimension 256), a walk
# of depth 1024 took ~1.3 ms and comparing 38k rows ~1.9 ms, 26 rows per unit; the round
# number above it favours the exact search, which misses nothing.
_ROWS_PER_DEPTH = 32


def search_depth(passages: int) -> int:
    """The HNSW search depth for an index of ``passages`` passages (two vectors each).

    Past the largest size measured, the largest depth: re-run benchmark 11 at that size."""
    for size, depth in _SEARCH_DEPTH_UP_TO:
        if passages <= size:
            return depth
    return _SEARCH_DEPTH_UP_TO[-1][1]


def kind_for(passages: int, approximate_from: int) -> IndexKind:
    """The kind of index for ``passages`` passages; ``approximate_from`` 0 means always flat."""
    return "hnsw" if 0 < approximate_from <= passages else "flat"


class FaissIndex:
    def __init__(self, index: faiss.Index):
        self._index = index
        self._set_search_depth()

    def _set_search_depth(self) -> None:
        # Set on every load and after every add, not only at build: it depends on the size,
        # and the saved value is the one of the newsdesk that built it.
        if isinstance(self._index, faiss.IndexHNSW):
            self._index.hnsw.efSearch = search_depth(self._index.ntotal // 2)

    @classmethod
    def from_vectors(
        cls, vectors: np.ndarray, dimension: int, kind: IndexKind = "flat"
    ) -> FaissIndex:
        index: faiss.Index
        if kind == "hnsw":
            index = faiss.IndexHNSWFlat(dimension, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_BUILD_DEPTH
        else:
            index = faiss.IndexFlatIP(dimension)
        built = cls(index)
        built.add(vectors)
        return built

    def add(self, vectors: np.ndarray) -> None:
        """Append ``vectors`` as the next rows (of an index built here, not a loaded one)."""
        if len(vectors):
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))
            self._set_search_depth()

    @classmethod
    def load(cls, path: Path) -> FaissIndex:
        """The saved index, memory-mapped: the vectors are read from the file as searches
        touch them, and the pages are shared by every process serving the same index.

        IO_FLAG_MMAP_IFC maps the vectors of both kinds in place (IO_FLAG_MMAP copies a
        flat index's into memory); an HNSW graph is read into memory (about a sixth of the
        vectors' size). A saved generation is never written again.
        """
        return cls(faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @property
    def kind(self) -> IndexKind:
        return "hnsw" if isinstance(self._index, faiss.IndexHNSW) else "flat"

    @property
    def dimension(self) -> int:
        return self._index.d

    def __len__(self) -> int:
        return self._index.ntotal

    @property
    def nbytes(self) -> int:
        """The bytes of vectors (and graph) a search may touch, mapped or in memory."""
        size = len(self) * self.dimension * 4
        if isinstance(self._index, faiss.IndexHNSW):
            # faiss's bundled type stubs lack these members of its C++ HNSW struct.
            graph: Any = self._index.hnsw
            size += 4 * (graph.neighbors.size() + graph.levels.size()) + 8 * graph.offsets.size()
        return size

    def rows(self, rows: list[int]) -> np.ndarray:
        """The stored vectors of ``rows``, in that order."""
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._index.reconstruct_batch(np.asarray(rows, dtype=np.int64))

    def vectors(self) -> np.ndarray:
        """All stored vectors (a copy), for a build that keeps some of them."""
        if not len(self):
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._index.reconstruct_n(0, len(self))

    def search(
        self,
        query: np.ndarray,
        k: int,
        depth: int | None = None,
        allowed: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """(row, cosine) of the ``k`` nearest rows, best first (approximately, for hnsw).

        ``depth``: an HNSW search's candidates in hand, if not ``search_depth`` (benchmark
        11 tries several); a flat search ignores it. ``allowed``: one bool per row, the rows
        the search may return (the others are skipped inside the search, so it still finds
        ``k`` if there are that many; on HNSW see ``_ROWS_PER_DEPTH``).
        """
        allowed_rows = len(self) if allowed is None else int(np.count_nonzero(allowed))
        k = min(k, allowed_rows)
        if k <= 0:
            return []
        # faiss's type stubs lack the search parameter classes and HNSW's members.
        index: Any = self._index
        if allowed is not None and isinstance(index, faiss.IndexHNSW):
            depth = depth or index.hnsw.efSearch
            deeper = math.ceil(depth * len(self) / allowed_rows)
            if allowed_rows <= _ROWS_PER_DEPTH * deeper:
                index = faiss.downcast_index(index.storage)  # exact: the stored vectors
            else:
                depth = deeper
        params: Any = None
        is_hnsw = isinstance(index, faiss.IndexHNSW)
        if depth is not None or allowed is not None:
            params = faiss.SearchParametersHNSW() if is_hnsw else faiss.SearchParameters()  # type: ignore[attr-defined]
            if depth is not None and is_hnsw:
                params.efSearch = depth
            if allowed is not None:
                bits = np.packbits(allowed, bitorder="little")  # faiss reads bit i of byte i/8
                params.sel = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
        scores, rows = index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]
