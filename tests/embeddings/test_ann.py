"""Flat and HNSW vector indexes: the same neighbours, the kind recorded and read back, and
a threshold that re-indexes the vectors only when the kind must change."""

import json

import numpy as np
import pytest

from embeddings import HashingEncoder, IndexStoreError, Searcher, load, update_index
from embeddings import store as disk
from embeddings.ann import FaissIndex, kind_for, search_depth
from tests.helpers import SEEDS

QUESTIONS = [
    "How long did the phone call between Kishi and Miller last?",
    "Aegis Ashore deployment halted in Akita and Yamaguchi",
    "Kihara deterrence alliance",
]


def clustered(count: int, dimension: int, seed: int) -> np.ndarray:
    """Unit vectors around 50 centres, as topics group real passages."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((50, dimension))
    vectors = centres[rng.integers(0, 50, count)] + 0.7 * rng.standard_normal((count, dimension))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_the_kind_follows_the_threshold():
    assert kind_for(99, 100) == "flat"
    assert kind_for(100, 100) == "hnsw"
    assert kind_for(10**9, 0) == "flat"  # 0: always flat


def test_hnsw_finds_the_flat_index_s_nearest_rows():
    vectors, queries = np.split(clustered(3100, 64, seed=1), [3000])
    flat = FaissIndex.from_vectors(vectors, 64)
    hnsw = FaissIndex.from_vectors(vectors, 64, "hnsw")
    assert (flat.kind, hnsw.kind) == ("flat", "hnsw")
    found = [
        len({r for r, _ in flat.search(q, 10)} & {r for r, _ in hnsw.search(q, 10)}) / 10
        for q in queries
    ]
    assert np.mean(found) >= 0.95
    # The best row, its cosine and the stored vectors are the same in both.
    for q in queries[:20]:
        [(row, cosine)] = flat.search(q, 1)
        assert hnsw.search(q, 1) == [(row, pytest.approx(cosine))]
    assert np.array_equal(hnsw.vectors(), flat.vectors())
    assert np.array_equal(hnsw.rows([7, 3]), vectors[[7, 3]])


def test_a_filtered_hnsw_search_finds_the_allowed_rows_flat_finds(tmp_path):
    vectors, queries = np.split(clustered(3100, 64, seed=4), [3000])
    flat = FaissIndex.from_vectors(vectors, 64)
    FaissIndex.from_vectors(vectors, 64, "hnsw").save(tmp_path / "vectors.faiss")
    hnsw = FaissIndex.load(tmp_path / "vectors.faiss")  # mapped, as an index is served
    rows = np.arange(len(vectors))
    # A few rows are compared one by one (exactly); most of them, by a deeper walk.
    for allowed, share in ((rows % 50 == 0, 1.0), (rows % 10 != 0, 0.95)):
        found = [
            len(
                {r for r, _ in flat.search(q, 10, allowed=allowed)}
                & {r for r, _ in hnsw.search(q, 10, allowed=allowed)}
            )
            / 10
            for q in queries
        ]
        assert np.mean(found) >= share
        assert all(allowed[r] for q in queries for r, _ in hnsw.search(q, 10, allowed=allowed))


def test_a_saved_hnsw_index_is_mapped_and_searches_as_built(tmp_path):
    vectors = clustered(500, 32, seed=3)
    built = FaissIndex.from_vectors(vectors, 32, "hnsw")
    built.save(tmp_path / "vectors.faiss")
    loaded = FaissIndex.load(tmp_path / "vectors.faiss")
    assert loaded.kind == "hnsw" and len(loaded) == 500
    for q in vectors[:20]:
        assert loaded.search(q, 10) == built.search(q, 10)
    assert np.array_equal(loaded.vectors(), vectors)


def build(index, approximate_from, encoder=None):
    encoder = encoder or HashingEncoder()
    report = update_index(
        SEEDS, index, "hashing", 40, lambda: encoder, approximate_from=approximate_from
    )
    return report


def test_the_kind_is_recorded_and_loaded_and_searches_agree(tmp_path):
    build(tmp_path / "flat", 0)
    build(tmp_path / "hnsw", 1)
    flat, hnsw = load(tmp_path / "flat"), load(tmp_path / "hnsw")
    assert ([s.kind for s in flat.manifest.segments], flat.ann.kind) == (["flat"], "flat")
    assert ([s.kind for s in hnsw.manifest.segments], hnsw.ann.kind) == (["hnsw"], "hnsw")
    assert np.array_equal(flat.ann.vectors(), hnsw.ann.vectors())
    encoder = HashingEncoder()
    for question in QUESTIONS:
        found = [Searcher(s, encoder).search(question, k=5) for s in (flat, hnsw)]
        assert [h.row for h in found[0]] == [h.row for h in found[1]]


def test_a_changed_threshold_re_indexes_only_when_the_kind_changes(tmp_path):
    index = tmp_path / "ix"
    build(index, 0)
    first = disk.current_generation(index)
    passages = disk.read_manifest(index).passages
    build(index, passages + 1)  # still flat: nothing is written
    assert disk.current_generation(index) == first

    class NoEncoder(HashingEncoder):
        def encode(self, texts, progress=False):
            raise AssertionError("nothing should be embedded")

    report = build(index, passages, NoEncoder())  # now HNSW: vectors kept, not embedded
    assert report.passages_embedded == 0
    assert disk.current_generation(index) != first
    store = load(index)
    assert [s.kind for s in store.manifest.segments] == ["hnsw"] and store.ann.kind == "hnsw"


def test_a_manifest_whose_kind_disagrees_with_the_vectors_is_refused(tmp_path):
    build(tmp_path / "ix", 0)
    path = disk.current_generation(tmp_path / "ix") / "manifest.json"
    data = json.loads(path.read_text())
    for kind, message in (("hnsw", "inconsistent"), ("ivf", "wrong kind")):
        segments = [{**data["segments"][0], "kind": kind}]
        path.write_text(json.dumps({**data, "segments": segments}))
        with pytest.raises(IndexStoreError, match=message):
            load(tmp_path / "ix")


def test_the_search_depth_grows_with_the_index():
    assert search_depth(10_000) == 64 and search_depth(1_000_000) == 1024
    assert search_depth(50_000) == search_depth(100_000) == 128  # between: the larger's
    assert search_depth(5_000_000) == 1024
    vectors = np.random.default_rng(0).standard_normal((2 * 500, 8)).astype(np.float32)
    index = FaissIndex.from_vectors(vectors, 8, "hnsw")
    assert index._index.hnsw.efSearch == search_depth(500)  # set by the build too
