"""RayEncoder: the model run on Ray actors gives the vectors a single process gives, in the
order of the texts, and an index built with it is the single-process index."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest

from embeddings import HashingEncoder, update_index
from embeddings import store as disk
from embeddings.distributed import RayEncoder
from embeddings.encoders import PACKAGED_MODEL
from tests.helpers import SEEDS, write_corpus

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'newsdesk[ray]'")


@pytest.fixture(scope="module")
def ray_encoder():
    """The hashing model on a local Ray, started as `newsdesk index --ray` starts it."""
    encoder = RayEncoder("hashing", batch_size=16)
    encoder.encode(["starts Ray"])
    yield encoder
    encoder.close()
    assert not ray.is_initialized()


def _texts(count: int) -> list[str]:
    """Texts of many lengths, so that sorting them by length reorders them."""
    return [f"passage {i} " + "about the harbor " * (i % 11) for i in range(count)]


def test_vectors_equal_single_process_in_input_order(ray_encoder):
    texts = _texts(300)  # 19 batches of 16
    vectors = ray_encoder.encode(texts)
    assert vectors.dtype == np.float32
    assert np.array_equal(vectors, HashingEncoder().encode(texts))


def test_dimension_and_no_texts(ray_encoder):
    assert ray_encoder.dimension == HashingEncoder().dimension
    assert ray_encoder.encode([]).shape == (0, ray_encoder.dimension)


def test_a_ray_started_by_the_caller_is_left_running(ray_encoder):
    other = RayEncoder("hashing", batch_size=4, workers=1)
    assert other.encode(_texts(9)).shape == (9, other.dimension)
    other.close()
    assert ray.is_initialized()


def _same_index(first: Path, second: Path) -> None:
    one, two = disk.load(first), disk.load(second)
    # Built at different times: everything else in the manifest is the same.
    assert dataclasses.replace(one.manifest, created="") == dataclasses.replace(
        two.manifest, created=""
    )
    assert one.articles == two.articles
    assert list(one.passages) == list(two.passages)
    assert np.array_equal(one.ann.vectors(), two.ann.vectors())


def test_index_built_on_ray_is_the_single_process_index(ray_encoder, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    update_index(corpus, tmp_path / "local", "hashing", 40, HashingEncoder)
    report = update_index(corpus, tmp_path / "ray", "hashing", 40, lambda: ray_encoder)
    assert report.passages_embedded > 0
    _same_index(tmp_path / "local", tmp_path / "ray")


@pytest.mark.slow
def test_real_model_on_ray_gives_the_single_process_vectors(ray_encoder, seed_engine, tmp_path):
    """The packaged MiniLM over the seeds: a vector depends on its batch by ~1e-7, so
    this holds only because the actors embed the batches a single process makes."""
    settings = seed_engine.settings
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    seed_engine.refresh()
    with RayEncoder(settings.model.name, settings.model.batch_size) as encoder:
        assert encoder.name == PACKAGED_MODEL
        update_index(
            corpus, tmp_path / "ray", encoder.name, settings.chunking.max_words, lambda: encoder
        )
    _same_index(settings.index.dir, tmp_path / "ray")
