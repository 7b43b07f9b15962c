"""The engine on an ONNX runtime, end to end (the real model on the seeds)."""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import replace

import pytest

from bot.engine import Engine
from bot.errors import IndexStoreError
from bot.settings import load_settings
from embeddings import store
from tests.helpers import ROOT, SEEDS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("onnxruntime") is None,
        reason="the onnx extra is not installed (pip install 'newsdesk[onnx]'; make test does)",
    ),
]


def test_an_index_built_on_onnx_int8_answers_and_refuses_torch(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    settings = load_settings(ROOT / "config" / "newsdesk.toml").with_paths(
        str(tmp_path / "seeds"), str(tmp_path / "index")
    )
    int8 = Engine(replace(settings, model=replace(settings.model, runtime="onnx-int8")))
    answer = int8.ask("How long did the phone call between Kishi and Miller last?")
    assert not answer.abstained and "35 minutes" in " ".join(q.text for q in answer.quotes)
    assert store.read_manifest(settings.index.dir).runtime == "onnx-int8"
    assert (tmp_path / "onnx").is_dir()  # the export, next to the index
    with pytest.raises(IndexStoreError, match="'onnx-int8' runtime .*--rebuild"):
        Engine(settings).refresh()
