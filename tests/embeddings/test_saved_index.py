"""What the build saves for readers: a loaded index scores and counts exactly as the
structures built from the passages do, without rebuilding them."""

import numpy as np
import pytest

from embeddings import HashingEncoder, load, update_index
from embeddings.keyword import KeywordIndex, terms
from embeddings.names import NameStats, tokens
from embeddings.passage_table import PassageTable
from tests.helpers import SEEDS

QUERIES = [
    "How long did the phone call between Kishi and Miller last?",
    "Aegis Ashore deployment halted in Akita and Yamaguchi",
    "Okinawa F-35 jets 2024",
    "the the of and",  # stop words only: no term to search
    "Kihara deterrence alliance",
]


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds-index")
    update_index(SEEDS, folder, "hashing", 40, HashingEncoder)
    return load(folder)


def test_the_loaded_index_reads_passages_from_disk(seeds_index):
    (segment,) = seeds_index.segments
    assert isinstance(segment.passages, PassageTable)
    listed = list(seeds_index.passages)  # one pass over the table
    assert len(listed) == len(seeds_index.passages) > 0
    assert [seeds_index.passages[i] for i in range(len(listed))] == listed
    assert seeds_index.passages[-1] == listed[-1]
    assert seeds_index.passages[1:3] == listed[1:3]
    with pytest.raises(IndexError):
        seeds_index.passages[len(listed)]


def test_bm25_scores_terms_and_idf_are_those_of_an_index_built_from_the_passages(seeds_index):
    texts = [p.text for p in seeds_index.passages]
    built, loaded = KeywordIndex(texts), seeds_index.keywords
    assert len(loaded) == len(built) == len(texts)
    for query in QUERIES:
        assert loaded.search(query, 50) == built.search(query, 50)
        for term in terms(query) + ["neverseenword"]:
            assert loaded.knows(term) == built.knows(term)
            assert loaded.idf(term) == built.idf(term)
    for row in range(len(texts)):
        assert loaded.terms_of(row) == built.terms_of(row)
        assert loaded.terms_of(row) - {""} == frozenset(terms(texts[row]))
    (segment,) = seeds_index.segments
    assert isinstance(segment.keywords._bm25.scores["data"], np.memmap)  # mapped, not read


def test_name_counts_are_those_of_the_passages(seeds_index):
    texts = [p.text for p in seeds_index.passages]
    built, loaded = NameStats(texts), seeds_index.names
    assert loaded.size == built.size == len(texts)
    for word in sorted(set().union(*(tokens(t) for t in texts)))[:300] + ["zzz", "Okinawa"]:
        assert loaded.doc_freq(word) == built.doc_freq(word)
        assert loaded.knows(word) == built.knows(word)
        assert loaded.weight(word) == built.weight(word)


def test_an_empty_corpus_saves_and_loads(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("March 3, 2021\n")  # a dateline, no text
    update_index(tmp_path / "corpus", tmp_path / "ix", "hashing", 40, HashingEncoder)
    store = load(tmp_path / "ix")
    assert len(store.passages) == len(store.keywords) == store.names.size == 0
    assert store.keywords.search("anything", 5) == []
    assert list(store.passages) == []
