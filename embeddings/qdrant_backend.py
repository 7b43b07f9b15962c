"""Passages in Qdrant: the scale-out search backend (``[index] backend = "qdrant"``).

One collection per corpus holds a point per passage: its two dense vectors ("own", the
passage alone, and "ctx", the passage read after the one before it, as the build makes
them), a sparse vector of its terms ("terms") and its article, ordinal, text and
publication date as payload. Qdrant runs dense, keyword and hybrid (RRF) search with the
article and date filter of ``Where`` applied inside each search.

The same ``QdrantClient`` code serves qdrant-client's local mode (``path``: the tests and
CI) and a Qdrant server or cluster (``url``). Local mode is the server's test double, not a
faster single machine: upserts and queries are far slower than the FAISS store.

qdrant-client is an optional extra (``pip install 'newsdesk[qdrant]'``): import this
module only when the backend is Qdrant.
"""

from __future__ import annotations

import datetime as dt
import uuid
import warnings
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .errors import IndexStoreError
from .filters import Where
from .keyword import terms

#: What a user without the extra is told to run.
INSTALL_HINT = "pip install 'newsdesk[qdrant]'"

try:
    from qdrant_client import QdrantClient, models
except ImportError as exc:  # the extra is not installed
    raise IndexStoreError(
        f'[index] backend = "qdrant" needs qdrant-client, which is not installed: {INSTALL_HINT}'
    ) from exc

#: (article file name, ordinal of the passage within its article, 0-based)
PassageKey = tuple[str, int]

OWN, CTX, TERMS = "own", "ctx", "terms"  # the collection's named vectors

#: Point ids are uuid5s of the key in this namespace, so a passage keeps its id across
#: builds and re-upserting it replaces it. Any fixed UUID would do; this one is ours.
_ID_NAMESPACE = uuid.UUID("5b0c1d1e-9a4f-4c55-8a53-6e6577736465")

#: BM25's term-frequency saturation and length normalisation (its usual values).
BM25_K1 = 1.5
BM25_B = 0.75
#: The passage length (in stemmed content words) BM25 normalises against. Fixed, not the
#: collection's running mean, so a passage's weights never change as others come and go:
#: passages are at most ``[chunking] max_words`` = 40 words, about half of them content
#: words; measured means are 22.2 on the seeds and 13.4-14.4 on the external corpora.
AVG_TERMS = 20.0

#: Points sent per upsert request: small enough for a server's request size limit.
UPSERT_BATCH = 256


def point_id(key: PassageKey) -> str:
    source, ordinal = key
    return str(uuid.uuid5(_ID_NAMESPACE, f"{source}\x00{ordinal}"))


def term_index(term: str) -> int:
    """The sparse vector index of a term: a stable 32-bit hash, so no vocabulary is kept
    (two terms sharing a hash count as one)."""
    return zlib.crc32(term.encode("utf-8"))


def passage_terms(text: str) -> models.SparseVector:
    """BM25's term-frequency part per term of ``text``; Qdrant's IDF modifier adds the rest."""
    counts = Counter(term_index(term) for term in terms(text))
    length = sum(counts.values())
    norm = BM25_K1 * (1 - BM25_B + BM25_B * length / AVG_TERMS)
    indices = sorted(counts)
    values = [counts[i] * (BM25_K1 + 1) / (counts[i] + norm) for i in indices]
    return models.SparseVector(indices=indices, values=values)


def query_terms(query: str) -> models.SparseVector:
    """Each distinct term of the query, weight 1."""
    indices = sorted({term_index(term) for term in terms(query)})
    return models.SparseVector(indices=indices, values=[1.0] * len(indices))


def _filter(where: Where | None) -> models.Filter | None:
    """``Where`` as a Qdrant filter: a range on a missing date fails, as ``Where.admits``
    excludes undated articles from every date range."""
    if where is None:
        return None
    conditions: list[models.Condition] = []
    if where.sources is not None:
        conditions.append(_in_sources(where.sources))
    if where.since is not None or where.until is not None:
        conditions.append(
            models.FieldCondition(
                key="published",
                range=models.DatetimeRange(gte=_midnight(where.since), lte=_midnight(where.until)),
            )
        )
    return models.Filter(must=conditions) if conditions else None


def _in_sources(sources: Iterable[str]) -> models.FieldCondition:
    return models.FieldCondition(key="source", match=models.MatchAny(any=sorted(sources)))


def _midnight(day: dt.date | None) -> dt.datetime | None:
    """A date as a range bound: its midnight, UTC, as the stored dates are."""
    return None if day is None else dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _admits_nothing(where: Where | None) -> bool:
    # Qdrant's MatchAny with no values is not documented to match nothing: answer without it.
    return where is not None and where.sources == frozenset()


def _key(point: models.ScoredPoint | models.Record) -> PassageKey:
    payload = point.payload or {}
    return payload["source"], payload["ordinal"]


class QdrantPassages:
    """Passages with their two vectors and a sparse term vector in one Qdrant collection."""

    def __init__(self, client: QdrantClient, collection: str):
        self._client = client
        self._collection = collection

    @classmethod
    def connect(
        cls,
        collection: str,
        *,
        path: Path | None = None,
        url: str | None = None,
        api_key: str | None = None,
    ) -> QdrantPassages:
        """The collection in local mode (``path``, a folder) or on a server (``url``)."""
        if (path is None) == (url is None):
            raise IndexStoreError(
                "the Qdrant backend needs exactly one of [index] path (local mode) "
                "or [index] url (a Qdrant server)"
            )
        if path is not None:
            if api_key is not None:
                raise IndexStoreError("a Qdrant API key goes with a url, not a local path")
            try:
                client = QdrantClient(path=str(path))
            except RuntimeError as exc:  # its lock: local mode allows one client per folder
                raise IndexStoreError(f"cannot open the Qdrant folder {path}: {exc}") from exc
        else:
            client = QdrantClient(url=url, api_key=api_key)
        return cls(client, collection)

    def ensure(self, dimension: int) -> None:
        """Create the collection for ``dimension``-long vectors, or check the one there."""
        if self._client.collection_exists(self._collection):
            self._check(dimension)
            return
        self._client.create_collection(
            self._collection,
            vectors_config={
                name: models.VectorParams(size=dimension, distance=models.Distance.COSINE)
                for name in (OWN, CTX)
            },
            sparse_vectors_config={TERMS: models.SparseVectorParams(modifier=models.Modifier.IDF)},
        )
        with warnings.catch_warnings():
            # Local mode warns that it has no use for them (it scans); a server filters with
            # them, and the code is the same for both.
            warnings.filterwarnings("ignore", "Payload indexes have no effect", UserWarning)
            for field, schema in (
                ("source", models.PayloadSchemaType.KEYWORD),
                ("published", models.PayloadSchemaType.DATETIME),
            ):
                self._client.create_payload_index(self._collection, field, schema)

    def clear(self) -> None:
        """Remove the collection and every passage in it (``ensure`` makes it again)."""
        if self._client.collection_exists(self._collection):
            self._check_ours()
            self._client.delete_collection(self._collection)

    def _check_ours(self) -> None:
        """Refuse a collection newsdesk did not make: it is never written or deleted."""
        sparse = self._client.get_collection(self._collection).config.params.sparse_vectors
        if TERMS not in (sparse or {}) or sparse[TERMS].modifier != models.Modifier.IDF:  # type: ignore[index]
            raise IndexStoreError(
                f"the Qdrant collection {self._collection!r} has no sparse vector {TERMS!r} "
                "with the IDF modifier: it was not made by newsdesk; delete it or name another one"
            )

    def _check(self, dimension: int) -> None:
        self._check_ours()
        params = self._client.get_collection(self._collection).config.params
        dense = params.vectors if isinstance(params.vectors, dict) else {}
        found = {
            name: (dense[name].size, dense[name].distance) if name in dense else None
            for name in (OWN, CTX)
        }
        wanted = (dimension, models.Distance.COSINE)
        if any(value != wanted for value in found.values()):
            raise IndexStoreError(
                f"the Qdrant collection {self._collection!r} was made for other vectors "
                f"({', '.join(f'{n}: {v}' for n, v in found.items())}), but this model makes "
                f"{dimension}-long cosine vectors: delete the collection or name another one"
            )

    def upsert(
        self,
        keys: Sequence[PassageKey],
        texts: Sequence[str],
        vectors: np.ndarray,
        published: Sequence[dt.date | None],
    ) -> None:
        """Add or replace passages; ``vectors`` has two rows per passage (own, in context)."""
        if not len(keys) == len(texts) == len(published) or len(vectors) != 2 * len(keys):
            raise ValueError(
                f"{len(keys)} keys, {len(texts)} texts, {len(published)} dates and "
                f"{len(vectors)} vectors (two per passage) do not match"
            )
        for start in range(0, len(keys), UPSERT_BATCH):
            batch = range(start, min(start + UPSERT_BATCH, len(keys)))
            self._client.upsert(
                self._collection,
                points=[
                    self._point(keys[i], texts[i], vectors[2 * i : 2 * i + 2], published[i])
                    for i in batch
                ],
                wait=True,
            )

    @staticmethod
    def _point(
        key: PassageKey, text: str, pair: np.ndarray, published: dt.date | None
    ) -> models.PointStruct:
        payload: dict[str, object] = {"source": key[0], "ordinal": key[1], "text": text}
        if published is not None:  # an undated passage has no date to match a range
            # In full (RFC 3339), the form local mode parses first: it parses the stored date
            # on every filtered search, and a bare "YYYY-MM-DD" is the last form it tries.
            payload["published"] = f"{published.isoformat()}T00:00:00Z"
        return models.PointStruct(
            id=point_id(key),
            vector={OWN: pair[0].tolist(), CTX: pair[1].tolist(), TERMS: passage_terms(text)},
            payload=payload,
        )

    def delete_sources(self, sources: Iterable[str]) -> None:
        """Remove every passage of these articles."""
        names = set(sources)
        if not names:
            return
        self._client.delete(
            self._collection,
            points_selector=models.FilterSelector(filter=models.Filter(must=[_in_sources(names)])),
            wait=True,
        )

    def dense(
        self, vector: np.ndarray, k: int, where: Where | None = None
    ) -> list[tuple[PassageKey, float]]:
        """The best ``k`` passages by the better of their two cosines, best first."""
        if _admits_nothing(where):
            return []
        query_filter = _filter(where)
        # A passage in the top k by its better cosine is in the top k of that vector's
        # search, so k from each is enough.
        responses = self._client.query_batch_points(
            self._collection,
            requests=[
                models.QueryRequest(
                    query=vector.tolist(),
                    using=name,
                    filter=query_filter,
                    limit=k,
                    with_payload=["source", "ordinal"],
                )
                for name in (OWN, CTX)
            ],
        )
        best: dict[PassageKey, float] = {}
        for response in responses:
            for point in response.points:
                key = _key(point)
                best[key] = max(best.get(key, -1.0), point.score)
        return sorted(best.items(), key=lambda item: -item[1])[:k]

    def keyword(
        self, query: str, k: int, where: Where | None = None
    ) -> list[tuple[PassageKey, float]]:
        """The best ``k`` passages by BM25 over the query's terms, positive scores only."""
        sparse = query_terms(query)
        if not sparse.indices or _admits_nothing(where):
            return []
        response = self._client.query_points(
            self._collection,
            query=sparse,
            using=TERMS,
            query_filter=_filter(where),
            limit=k,
            with_payload=["source", "ordinal"],
        )
        # Local mode keeps points that score 0 where a server drops them (qdrant-client #1454).
        return [(_key(point), point.score) for point in response.points if point.score > 0]

    def hybrid(
        self, query: str, vector: np.ndarray, k: int, pool: int, where: Where | None = None
    ) -> list[tuple[PassageKey, float]]:
        """The best ``k`` passages by reciprocal rank fusion of the own-vector, in-context
        vector and keyword searches, each ``pool`` deep."""
        if _admits_nothing(where):
            return []
        query_filter = _filter(where)
        # The filter goes inside every prefetch as well as on the query: local mode has
        # ignored a top-level filter on a fusion of prefetches (qdrant-client #1372) where a
        # server applies it; inside each prefetch every version of both does.
        prefetch = [
            models.Prefetch(query=vector.tolist(), using=name, filter=query_filter, limit=pool)
            for name in (OWN, CTX)
        ]
        sparse = query_terms(query)
        if sparse.indices:
            prefetch.append(
                models.Prefetch(query=sparse, using=TERMS, filter=query_filter, limit=pool)
            )
        response = self._client.query_points(
            self._collection,
            prefetch=prefetch,
            query=models.FusionQuery(fusion=models.Fusion.RRF),
            query_filter=query_filter,
            limit=k,
            with_payload=["source", "ordinal"],
        )
        return [(_key(point), point.score) for point in response.points]

    def vectors(self, keys: Sequence[PassageKey]) -> np.ndarray:
        """Two rows per key (own, in context), in the order of the keys."""
        records = self._client.retrieve(
            self._collection,
            ids=[point_id(key) for key in keys],
            with_payload=["source", "ordinal"],
            with_vectors=[OWN, CTX],
        )
        by_key = {_key(r): r.vector for r in records if isinstance(r.vector, dict)}
        missing = [key for key in keys if key not in by_key]
        if missing:
            raise IndexStoreError(
                f"the Qdrant collection {self._collection!r} lacks {len(missing)} passages, "
                f"e.g. {missing[0][0]} #{missing[0][1]}: rebuild the index"
            )
        rows = [by_key[key][name] for key in keys for name in (OWN, CTX)]
        return np.asarray(rows, dtype=np.float32).reshape(2 * len(keys), -1)

    def __len__(self) -> int:
        return self._client.count(self._collection, exact=True).count

    def close(self) -> None:
        self._client.close()
