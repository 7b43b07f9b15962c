"""The index on disk: manifest, incremental updates, atomic swaps, refusal of mismatches."""

import json
import shutil

import pytest

from embeddings import HashingEncoder, IndexStoreError, load, update_index
from embeddings import store as disk
from tests.helpers import CountingEncoder


def build(corpus, index, encoder=None, **kw):
    encoder = encoder or CountingEncoder()
    return update_index(corpus, index, "hashing", 40, lambda: encoder, **kw), encoder


def test_manifest_records_model_dimension_format_and_hashes(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    manifest = disk.read_manifest(tmp_path / "ix")
    assert manifest.model == "hashing"
    assert manifest.dimension == 256
    assert manifest.format_version == disk.FORMAT_VERSION
    assert set(manifest.files) == {"alpha.txt", "beta.md"}
    assert all(len(h) == 64 for h in manifest.files.values())


def test_unchanged_corpus_embeds_nothing_and_never_loads_the_model(corpus, tmp_path):
    build(corpus, tmp_path / "ix")

    def no_model():
        raise AssertionError("the model must not be loaded when nothing changed")

    report = update_index(corpus, tmp_path / "ix", "hashing", 40, no_model)
    assert not report.changed_anything and report.passages_embedded == 0


def test_only_new_and_changed_files_are_embedded(corpus, tmp_path):
    first, _ = build(corpus, tmp_path / "ix")
    (corpus / "alpha.txt").write_text("Harbor deal\n\nThe council rejected the harbor plan.")
    (corpus / "gamma.txt").write_text("Zoo news\n\nA panda was born at the city zoo.")
    (corpus / "beta.md").unlink()
    report, encoder = build(corpus, tmp_path / "ix")
    assert report.added == ("gamma.txt",) and report.changed == ("alpha.txt",)
    assert report.removed == ("beta.md",)
    assert report.passages_embedded == 2 and encoder.texts == 4  # each passage: alone + in context
    store = load(tmp_path / "ix")
    assert {p.source for p in store.passages} == {"alpha.txt", "gamma.txt"}
    assert len(store.ann) == 2 * len(store.passages)


def test_a_failed_build_leaves_the_previous_index_in_use(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    before = load(tmp_path / "ix")
    (corpus / "gamma.txt").write_text("Zoo news\n\nA panda was born at the city zoo.")

    class Exploding(HashingEncoder):
        def encode(self, texts, progress=False):
            raise KeyboardInterrupt  # as if the build were killed mid-way

    with pytest.raises(KeyboardInterrupt):
        update_index(corpus, tmp_path / "ix", "hashing", 40, Exploding)
    after = load(tmp_path / "ix")
    assert after.manifest.files == before.manifest.files


def test_a_half_written_generation_is_ignored_and_cleaned_up(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    half = tmp_path / "ix" / "gen-000099"
    half.mkdir()
    (half / disk.MARKER).write_text("written by newsdesk\n")  # a build writes it first
    (half / "passages.json").write_text("[{")  # killed while writing, no manifest
    assert load(tmp_path / "ix").manifest.files  # still serves the finished generation
    (corpus / "gamma.txt").write_text("Zoo news\n\nA panda was born.")
    build(corpus, tmp_path / "ix")
    assert not half.exists()


def test_a_corrupt_index_file_is_refused_clearly(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    generation = disk.current_generation(tmp_path / "ix")
    (generation / "seg-000001" / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexStoreError, match="corrupt or half-written.*--rebuild"):
        load(tmp_path / "ix")


def test_a_truncated_manifest_is_refused_clearly(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    generation = disk.current_generation(tmp_path / "ix")
    (generation / "manifest.json").write_text('{"format_version": 1, "mod')
    with pytest.raises(IndexStoreError, match="corrupt"):
        build(corpus, tmp_path / "ix")


def test_an_index_built_with_another_model_is_refused(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    with pytest.raises(IndexStoreError, match="built with model 'hashing'.*all-MiniLM-L6-v2"):
        update_index(corpus, tmp_path / "ix", "all-MiniLM-L6-v2", 40, HashingEncoder)


def test_rebuild_replaces_an_index_of_another_model(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    generation = disk.current_generation(tmp_path / "ix")
    data = json.loads((generation / "manifest.json").read_text())
    (generation / "manifest.json").write_text(json.dumps({**data, "model": "other"}))
    report, _ = build(corpus, tmp_path / "ix", rebuild=True)
    assert report.passages_embedded == report.passages_total > 0
    assert load(tmp_path / "ix").manifest.model == "hashing"


def test_an_index_of_an_older_format_is_rebuilt(corpus, tmp_path, caplog):
    build(corpus, tmp_path / "ix")
    generation = disk.current_generation(tmp_path / "ix")
    (generation / "manifest.json").write_text(json.dumps({"format_version": 1, "model": "x"}))
    report, encoder = build(corpus, tmp_path / "ix")
    assert report.passages_embedded == report.passages_total > 0
    assert "older format" in caplog.text
    assert load(tmp_path / "ix").manifest.format_version == disk.FORMAT_VERSION


def as_format_3(index):
    """Rewrite a one-segment index in the layout of format 3: the segment's files at the
    generation's root, the vector index's kind in the manifest, no segments."""
    generation = disk.current_generation(index)
    manifest = json.loads((generation / "manifest.json").read_text())
    (segment,) = manifest.pop("segments")
    for path in (generation / segment["name"]).iterdir():
        if path.name != "sources.json":
            path.rename(generation / path.name)
    shutil.rmtree(generation / segment["name"])
    for key in ("backend", "collection"):
        del manifest[key]
    manifest.update(format_version=3, index_kind=segment["kind"])
    (generation / "manifest.json").write_text(json.dumps(manifest))


def test_an_index_of_format_3_is_upgraded_without_embedding(corpus, tmp_path):
    build(corpus, tmp_path / "ix")
    before = [p.text for p in load(tmp_path / "ix").passages]
    as_format_3(tmp_path / "ix")

    def no_model():
        raise AssertionError("an upgrade embeds nothing")

    report = update_index(corpus, tmp_path / "ix", "hashing", 40, no_model)
    assert not report.changed_anything and report.passages_embedded == 0
    store = load(tmp_path / "ix")
    assert store.manifest.format_version == disk.FORMAT_VERSION
    assert [s.name for s in store.manifest.segments] == ["seg-000001"]
    assert [p.text for p in store.passages] == before
    (corpus / "gamma.txt").write_text("Zoo news\n\nA panda was born at the city zoo.")
    report, encoder = build(corpus, tmp_path / "ix")
    assert report.added == ("gamma.txt",) and encoder.texts == 2
