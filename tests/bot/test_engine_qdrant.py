"""The whole answer path on the Qdrant backend (qdrant-client's local mode): the same
answers as the embedded index, kept in step with the corpus by every build."""

import dataclasses
import shutil

import pytest

pytest.importorskip("qdrant_client", reason="the Qdrant backend needs newsdesk[qdrant]")

from bot.engine import Engine  # noqa: E402
from bot.settings import ChunkingSettings, CorpusSettings, IndexSettings, ModelSettings, Settings  # noqa: E402
from embeddings import HashingEncoder  # noqa: E402
from embeddings import store as disk  # noqa: E402
from embeddings.filters import Where  # noqa: E402
from tests.helpers import SEEDS, CountingEncoder  # noqa: E402

QUESTIONS = [
    "Who did Shigeru Kitamura meet at the Pentagon?",
    "What did the defense ministers agree about Okinawa?",
    "When did the two leaders hold their summit?",
    "What is the capital of Mongolia?",
]


def settings(tmp_path, corpus, backend, index="index"):
    return Settings(
        corpus=CorpusSettings(corpus),
        index=IndexSettings(tmp_path / index, backend=backend),
        model=ModelSettings(name="hashing"),
        chunking=ChunkingSettings(max_words=40),
    )


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def answer(engine, question):
    result = engine.ask(question)
    return [(q.source, q.text) for q in result.quotes]


def test_answers_on_qdrant_are_those_of_the_embedded_index(tmp_path, corpus):
    faiss = Engine(settings(tmp_path, corpus, "faiss", "faiss-index"), HashingEncoder())
    qdrant = Engine(settings(tmp_path, corpus, "qdrant"), HashingEncoder())
    faiss.refresh()
    qdrant.refresh()
    manifest = disk.read_manifest(tmp_path / "index")
    assert manifest.backend == "qdrant" and manifest.collection.startswith("newsdesk-")
    assert (tmp_path / "index" / "qdrant").is_dir()
    same = sum(answer(faiss, q) == answer(qdrant, q) for q in QUESTIONS)
    assert same >= len(QUESTIONS) - 1  # keyword scores differ a little (Qdrant's own IDF)
    assert any(answer(qdrant, q) for q in QUESTIONS)  # quotes, checked against the files
    assert qdrant.timeline("Okinawa").events
    assert qdrant.factcheck("Kitamura met Austin at the Pentagon.").verdict


def test_every_build_keeps_qdrant_in_step_with_the_corpus(tmp_path, corpus):
    engine = Engine(settings(tmp_path, corpus, "qdrant"), HashingEncoder())
    engine.refresh()
    qdrant = engine.settings.index.backend_config().qdrant(tmp_path / "index")
    assert len(qdrant) == disk.read_manifest(tmp_path / "index").passages
    (corpus / "zoo.txt").write_text("Zoo news\n\nA panda was born at the city zoo.\n")
    engine.refresh()
    assert answer(engine, "Where was the panda born?")[0][0] == "zoo.txt"
    (corpus / "zoo.txt").unlink()
    removed = sorted(corpus.iterdir())[0]
    removed.unlink()
    engine.refresh()
    assert len(qdrant) == disk.read_manifest(tmp_path / "index").passages
    hits = engine._loaded.searcher.search("panda zoo", k=20)
    assert {h.passage.source for h in hits}.isdisjoint({"zoo.txt", removed.name})


def test_switching_to_qdrant_uploads_the_stored_vectors_without_embedding(tmp_path, corpus):
    Engine(settings(tmp_path, corpus, "faiss"), HashingEncoder()).refresh()
    encoder = CountingEncoder()
    engine = Engine(settings(tmp_path, corpus, "qdrant"), encoder)
    report = engine.refresh()
    assert encoder.texts == 0 and report.passages_embedded == 0
    qdrant = engine.settings.index.backend_config().qdrant(tmp_path / "index")
    assert len(qdrant) == disk.read_manifest(tmp_path / "index").passages
    found = engine.ask(QUESTIONS[0])
    assert found.quotes or found.closest  # searched and quoted from the uploaded vectors


def test_filters_are_honoured_on_qdrant(tmp_path, corpus):
    engine = Engine(settings(tmp_path, corpus, "qdrant"), HashingEncoder())
    engine.refresh()
    searcher = engine._loaded.searcher
    one = sorted(p.name for p in corpus.iterdir())[2]
    hits = searcher.search("defense ministers alliance", k=10, where=Where(frozenset({one})))
    assert hits and {h.passage.source for h in hits} == {one}


def test_a_settings_file_chooses_the_backend(tmp_path):
    index = dataclasses.replace(
        IndexSettings(tmp_path), backend="qdrant", qdrant_url="http://q:6333"
    )
    backend = index.backend_config()
    assert (backend.name, backend.qdrant_url, backend.qdrant_path) == (
        "qdrant",
        "http://q:6333",
        None,
    )
