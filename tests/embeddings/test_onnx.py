"""The ONNX runtimes: the export made once and checked at every load, vectors against
torch's, the runtime recorded in the index, and what is refused."""

from __future__ import annotations

import importlib.util
import json
import logging
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from embeddings import HashingEncoder, make_encoder, update_index
from embeddings.encoders import PACKAGED_MODEL, resolve_model_path
from embeddings.errors import IndexStoreError, ModelError
from embeddings.onnx_encoder import OnnxEncoder
from embeddings.onnx_export import FILES, exported
from tests.helpers import DEV_CASES, write_corpus

QUESTIONS = [json.loads(line).get("question", "") for line in DEV_CASES.open()][:24] + [
    "A much longer text, to be padded against the short ones in its batch, about the "
    "alliance between Japan and the United States and the talks of their ministers."
]


def test_the_runtime_is_recorded_and_another_is_refused_with_the_rebuild_hint(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    update_index(corpus, tmp_path / "ix", "hashing", 40, HashingEncoder, runtime="onnx-int8")
    manifest = json.loads(next((tmp_path / "ix").glob("gen-*/manifest.json")).read_text())
    assert manifest["runtime"] == "onnx-int8"
    with pytest.raises(IndexStoreError, match="'onnx-int8' runtime .* 'torch'.*--rebuild"):
        update_index(corpus, tmp_path / "ix", "hashing", 40, HashingEncoder)
    report = update_index(corpus, tmp_path / "ix", "hashing", 40, HashingEncoder, rebuild=True)
    assert report.passages_total > 0


def test_a_model_it_cannot_pool_is_refused_with_the_torch_hint(tmp_path):
    model = tmp_path / "odd-model"
    shutil.copytree(resolve_model_path(PACKAGED_MODEL), model)
    pooling = model / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text()) | {"pooling_mode_mean_tokens": False}
    pooling.write_text(json.dumps(config))
    with pytest.raises(ModelError, match='mean or CLS pooling.*runtime = "torch"'):
        OnnxEncoder("odd", model, "int8", tmp_path / "cache").encode(["text"])


def test_without_the_extra_it_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if not installed
    encoder = make_encoder(PACKAGED_MODEL, runtime="onnx", cache=tmp_path / "cache")
    with pytest.raises(ModelError, match=r"pip install 'newsdesk\[onnx\]'"):
        encoder.encode(["text"])
    assert not (tmp_path / "cache").exists()  # nothing exported


# The rest run the real model: export it (a few seconds) once for the module.
onnx_only = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None,
    reason="the onnx extra is not installed (pip install 'newsdesk[onnx]'; make test installs it)",
)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return make_encoder(PACKAGED_MODEL).encode(QUESTIONS)


@onnx_only
@pytest.mark.slow
def test_fp32_gives_torchs_vectors_and_int8_close_ones(cache, torch_vectors):
    fp32 = make_encoder(PACKAGED_MODEL, runtime="onnx", cache=cache)
    int8 = make_encoder(PACKAGED_MODEL, runtime="onnx-int8", cache=cache, batch_size=4)
    assert fp32.dimension == int8.dimension == 384
    same = (fp32.encode(QUESTIONS) * torch_vectors).sum(axis=1)
    close = (int8.encode(QUESTIONS) * torch_vectors).sum(axis=1)
    assert same.min() > 0.9999
    assert close.min() > 0.97 and close.mean() > 0.985
    assert np.allclose(np.linalg.norm(int8.encode(QUESTIONS), axis=1), 1.0, atol=1e-5)


@onnx_only
@pytest.mark.slow
def test_the_export_is_made_once_and_found_after(cache, caplog):
    model = resolve_model_path(PACKAGED_MODEL)
    first = exported(model, "int8", cache)
    made = first.stat().st_mtime_ns
    with caplog.at_level(logging.WARNING):
        assert exported(model, "int8", cache) == first
    assert first.stat().st_mtime_ns == made and not caplog.records


@onnx_only
@pytest.mark.slow
def test_a_corrupt_export_is_made_again_with_a_message(cache, caplog):
    model = resolve_model_path(PACKAGED_MODEL)
    path = exported(model, "int8", cache)
    with path.open("r+b") as file:  # the same size, other bytes, a newer time
        file.seek(1000)
        file.write(b"\0" * 64)
    with caplog.at_level(logging.WARNING):
        again = exported(model, "int8", cache)
    assert "is corrupt (model-int8.onnx is not the file it made)" in caplog.text
    encoder = OnnxEncoder(PACKAGED_MODEL, model, "int8", cache)
    assert again == path and encoder.encode(["loads again"]).shape == (1, 384)


@onnx_only
@pytest.mark.slow
def test_an_export_of_other_files_is_stale_and_replaced(cache, caplog):
    model = resolve_model_path(PACKAGED_MODEL)
    current = exported(model, "fp32", cache).parent
    stale = current.with_name(current.name[:-16] + "0" * 16)
    shutil.copytree(current, stale)
    shutil.rmtree(current)
    with caplog.at_level(logging.WARNING):
        path = exported(model, "fp32", cache)
    assert "was made from other model files or library versions" in caplog.text
    assert path.parent == current and not stale.exists()
    assert set(FILES.values()) <= {p.name for p in current.iterdir()}


@onnx_only
@pytest.mark.slow
def test_a_text_over_128_tokens_is_embedded_as_torch_does(cache):
    """MiniLM's tokenizer.json pads and cuts at 128 tokens; sentence-transformers at 256."""
    long = " ".join(f"word{n}" for n in range(150)) + " Japan and the alliance"
    texts = [long, "short"]
    torch = make_encoder(PACKAGED_MODEL).encode(texts)
    onnx = make_encoder(PACKAGED_MODEL, runtime="onnx", cache=cache).encode(texts)
    assert (torch * onnx).sum(axis=1).min() > 0.9999
