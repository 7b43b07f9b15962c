"""QdrantPassages on qdrant-client's local mode (a folder, no server): dense, keyword and
hybrid search, the article and date filter inside each of them, and the collection's upkeep
(replace, delete, reopen, refuse a collection made for other vectors)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from embeddings import HashingEncoder, IndexStoreError
from embeddings.filters import Where

pytest.importorskip(
    "qdrant_client", reason="Qdrant is an optional extra: pip install 'newsdesk[qdrant]'"
)
from embeddings.qdrant_backend import QdrantPassages, passage_terms  # noqa: E402

JAN_10 = dt.date(2020, 1, 10)
JUN_1 = dt.date(2021, 6, 1)
DIMENSION = 64
ENCODER = HashingEncoder(DIMENSION)

# Every article has a passage about the harbor, so a search for it reaches every article and
# a filter shows in which articles come back. c.txt has no publication date.
ARTICLES: dict[str, tuple[dt.date | None, list[str]]] = {
    "a.txt": (
        JAN_10,
        [
            "The harbor authority approved the new pier on Monday.",
            "Fishermen protested the docking fees at the harbor.",
        ],
    ),
    "b.txt": (
        JUN_1,
        [
            "A zeppelin landed near the stadium before the match.",
            "The harbor master watched the airship from the quay.",
        ],
    ),
    "c.txt": (None, ["The old harbor pier collapsed during the storm."]),
}
PASSAGES = sum(len(texts) for _, texts in ARTICLES.values())


def _vectors(texts: list[str]) -> np.ndarray:
    """Two rows per passage, as the build makes them: the passage, then it after the one before."""
    pairs = [(text, f"{texts[i - 1]} {text}" if i else text) for i, text in enumerate(texts)]
    return ENCODER.encode([t for pair in pairs for t in pair])


def _add(store: QdrantPassages, source: str, published: dt.date | None, texts: list[str]) -> None:
    keys = [(source, i) for i in range(len(texts))]
    store.upsert(keys, texts, _vectors(texts), [published] * len(texts))


def _filled(path) -> QdrantPassages:
    store = QdrantPassages.connect("news", path=path)
    store.ensure(DIMENSION)
    for source, (published, texts) in ARTICLES.items():
        _add(store, source, published, texts)
    return store


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The three articles, for the tests that only search."""
    store = _filled(tmp_path_factory.mktemp("qdrant"))
    yield store
    store.close()


@pytest.fixture
def store(tmp_path):
    """The three articles, for a test that changes them."""
    store = _filled(tmp_path)
    yield store
    store.close()


def _query(text: str) -> np.ndarray:
    return ENCODER.encode([text])[0]


def test_dense_finds_the_passage_whose_vector_is_the_query(shared):
    text = ARTICLES["b.txt"][1][1]
    hits = shared.dense(_query(text), k=3)
    assert hits[0][0] == ("b.txt", 1)
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert len(hits) == 3
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)


def test_keyword_finds_a_rare_term_and_only_positive_scores(shared):
    hits = shared.keyword("zeppelins", k=5)  # stemmed as the passages are
    assert [key for key, _ in hits] == [("b.txt", 0)]
    assert hits[0][1] > 0
    assert shared.keyword("the of and", k=5) == []  # stop words only: no term to search


def test_hybrid_ranks_first_a_passage_both_searches_rank_high(shared):
    query = "zeppelin harbor pier"
    dense = [key for key, _ in shared.dense(_query(query), k=PASSAGES)]
    keyword = [key for key, _ in shared.keyword(query, k=PASSAGES)]
    both = ("c.txt", 0)
    # Neither search alone puts it first; each puts it second.
    assert dense.index(both) == 1
    assert keyword.index(both) == 1
    assert shared.hybrid(query, _query(query), k=3, pool=PASSAGES)[0][0] == both


SEARCHES = {
    "dense": lambda store, where: store.dense(_query("harbor"), PASSAGES, where),
    "keyword": lambda store, where: store.keyword("harbor", PASSAGES, where),
    "hybrid": lambda store, where: store.hybrid(
        "harbor", _query("harbor"), PASSAGES, PASSAGES, where
    ),
}
FILTERS = [
    (None, {"a.txt", "b.txt", "c.txt"}),
    (Where(sources=frozenset({"a.txt", "c.txt"})), {"a.txt", "c.txt"}),
    (Where(sources=frozenset()), set()),
    (Where(since=JAN_10, until=JAN_10), {"a.txt"}),  # both bounds included
    (Where(since=JUN_1), {"b.txt"}),  # the undated c.txt is outside every range
    (Where(until=JUN_1), {"a.txt", "b.txt"}),
    (Where(since=JAN_10 + dt.timedelta(days=1), until=JUN_1 - dt.timedelta(days=1)), set()),
    (Where(sources=frozenset({"b.txt", "c.txt"}), until=JUN_1), {"b.txt"}),
]


@pytest.mark.parametrize("search", SEARCHES.values(), ids=SEARCHES.keys())
@pytest.mark.parametrize("where, sources", FILTERS)
def test_filters_are_honoured_inside_every_search(shared, search, where, sources):
    # The hybrid case is the one local mode got wrong with a top-level filter only
    # (qdrant-client #1372): the fused results came back unfiltered.
    hits = search(shared, where)
    assert {source for (source, _), _ in hits} == sources
    dates = {source: published for source, (published, _) in ARTICLES.items()}
    assert all(where is None or where.admits(s, dates[s]) for (s, _), _ in hits)


def test_delete_sources_removes_every_passage_of_an_article(store):
    store.delete_sources(["a.txt"])
    assert len(store) == PASSAGES - 2
    for search in SEARCHES.values():
        assert {source for (source, _), _ in search(store, None)} == {"b.txt", "c.txt"}
    store.delete_sources([])  # nothing to delete
    assert len(store) == PASSAGES - 2


def test_upserting_a_passage_again_replaces_it(store):
    _add(store, "c.txt", None, ["The lighthouse keeper rang the bell."])
    assert len(store) == PASSAGES
    assert [key for key, _ in store.keyword("lighthouse", k=5)] == [("c.txt", 0)]
    assert store.keyword("storm", k=5) == []


def test_vectors_come_back_in_the_order_asked(shared):
    texts = ARTICLES["a.txt"][1]
    expected = _vectors(texts)
    got = shared.vectors([("a.txt", 1), ("a.txt", 0)])
    assert got.shape == (4, DIMENSION)
    assert np.allclose(got, expected[[2, 3, 0, 1]], atol=1e-6)


def test_vectors_of_a_missing_passage_are_refused(shared):
    with pytest.raises(IndexStoreError, match="lacks 1 passages"):
        shared.vectors([("a.txt", 0), ("nowhere.txt", 0)])


def test_reopening_the_folder_sees_the_passages(tmp_path):
    _filled(tmp_path).close()
    store = QdrantPassages.connect("news", path=tmp_path)
    try:
        store.ensure(DIMENSION)  # the collection there is accepted as it is
        assert len(store) == PASSAGES
        assert [key for key, _ in store.keyword("zeppelin", k=5)] == [("b.txt", 0)]
    finally:
        store.close()


def test_a_collection_made_for_other_vectors_is_refused(store):
    with pytest.raises(IndexStoreError, match=f"made for other vectors.*{DIMENSION + 1}-long"):
        store.ensure(DIMENSION + 1)


def test_a_second_client_on_the_same_folder_is_refused_clearly(store, tmp_path):
    with pytest.raises(IndexStoreError, match="cannot open the Qdrant folder"):
        QdrantPassages.connect("news", path=tmp_path)


@pytest.mark.parametrize(
    "where", [{}, {"path": "/tmp/x", "url": "http://localhost:6333"}], ids=["neither", "both"]
)
def test_connect_needs_exactly_one_of_path_and_url(where):
    with pytest.raises(IndexStoreError, match="exactly one of"):
        QdrantPassages.connect("news", **where)


def test_mismatched_upsert_is_refused(store):
    with pytest.raises(ValueError, match="do not match"):
        store.upsert([("d.txt", 0)], ["one text"], ENCODER.encode(["one text"]), [None])
    with pytest.raises(ValueError, match="do not match"):
        store.upsert([("d.txt", 0)], ["one text"], ENCODER.encode(["a", "b", "c"]), [None])


def test_a_passage_without_content_words_is_stored_and_found_by_its_vector(store):
    _add(store, "d.txt", None, ["It was what it was."])  # stop words only: no terms
    assert len(store) == PASSAGES + 1
    assert store.dense(_query("It was what it was."), k=1)[0][0] == ("d.txt", 0)


def test_term_weights_saturate_and_favour_short_passages():
    def weight(text: str) -> float:
        return max(passage_terms(text).values)

    once, twice = weight("harbor"), weight("harbor harbor")
    assert once < twice < 2 * once
    assert weight("harbor pier") > weight("harbor " + " ".join(f"pier{i}" for i in range(30)))
