"""Nearest-neighbour search over unit vectors, behind one small class (as txtai's ``ann/``).

Inner product on unit vectors is cosine similarity. A flat (exact) index is used: at
news-corpus sizes (tens of thousands of passages) it answers in milliseconds and needs
no training, so incremental updates stay simple.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

# One query at a time is searched: FAISS's worker threads only add start-up cost there,
# and on a small machine they compete with the embedding model (measured in BENCHMARKS.md).
faiss.omp_set_num_threads(1)


class FaissIndex:
    def __init__(self, index: faiss.Index):
        self._index = index

    @classmethod
    def from_vectors(cls, vectors: np.ndarray, dimension: int) -> FaissIndex:
        index = faiss.IndexFlatIP(dimension)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> FaissIndex:
        """The saved index, memory-mapped: the vectors are read from the file as searches
        touch them, and the pages are shared by every process serving the same index.

        IO_FLAG_MMAP_IFC maps a flat index's vectors in place (IO_FLAG_MMAP copies them
        into memory for this index type); a saved generation is never written again.
        """
        return cls(faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @property
    def dimension(self) -> int:
        return self._index.d

    def __len__(self) -> int:
        return self._index.ntotal

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

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(row, cosine) of the ``k`` nearest rows, best first."""
        k = min(k, len(self))
        if k <= 0:
            return []
        scores, rows = self._index.search(query.reshape(1, -1).astype(np.float32), k)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]
