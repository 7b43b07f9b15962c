"""A sentence-transformers model run by ONNX Runtime (``[model] runtime = "onnx"`` or
``"onnx-int8"``): the model's own tokenizer (the ``tokenizers`` library, which
sentence-transformers uses too) and an export of its transformer (``onnx_export``),
then the model's pooling and unit length, here in numpy.

Neither torch nor transformers is imported to embed, only to export once: a query costs
the tokenizer and ONNX Runtime alone. Models whose modules are a transformer and a mean or
CLS pooling (and a normalisation, which every vector gets anyway) are supported; others
are refused with a message naming ``runtime = "torch"``.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ModelError
from .onnx_export import Variant, exported

if TYPE_CHECKING:
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

_MODULES = {
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
}


class OnnxEncoder:
    """Embeds with ONNX Runtime; loaded (and exported, the first time) on first use."""

    def __init__(self, name: str, path: Path, variant: Variant, cache: Path, batch_size: int = 32):
        self.name = name
        self.path = path
        self.variant = variant
        self.cache = cache
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Tokenizer | None = None
        self._pooling = "mean"

    def _load(self) -> tuple[Any, Tokenizer]:
        if self._session is None or self._tokenizer is None:
            self._pooling, max_tokens = _read_modules(self.path)
            self._tokenizer = _tokenizer(self.path, max_tokens)
            try:
                import onnxruntime  # noqa: F401  (the extra: checked before exporting)
            except ImportError as exc:
                raise ModelError(
                    "the ONNX runtimes need pip install 'newsdesk[onnx]' (onnxruntime and "
                    'onnx), or set [model] runtime = "torch"'
                ) from exc
            self._session = self._session_of(exported(self.path, self.variant, self.cache))
        return self._session, self._tokenizer

    def _session_of(self, file: Path) -> Any:
        """An ONNX Runtime session on ``file``; a file it cannot load is exported again."""
        try:
            return _session(file)
        except Exception as exc:  # onnxruntime raises its own kinds for a bad file
            log.warning("ONNX Runtime cannot load %s (%s): exporting the model again", file, exc)
            (file.parent / "export.json").unlink(missing_ok=True)
            return _session(exported(self.path, self.variant, self.cache))

    @property
    def dimension(self) -> int:
        session, _ = self._load()
        return int(session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text. Texts go in batches of similar
        length (longest first, as sentence-transformers does), so little is padding."""
        session, tokenizer = self._load()
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            encodings = tokenizer.encode_batch([texts[i] for i in rows])
            inputs = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            hidden = session.run(None, inputs)[0]
            vectors[rows] = _pooled(hidden, inputs["attention_mask"], self._pooling)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


def _session(file: Path) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # As many threads as torch would use: the cores this process may run on (macOS and
    # Windows have no affinity call: all of them).
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    options.intra_op_num_threads = len(cores) if cores else os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: no warnings about unused initialisers
    # Its threads would otherwise spin for a while after each run, taking the cores from
    # the rest of the question (numpy's matrix products ran 10x slower just after one).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])


def _pooled(hidden: np.ndarray, mask: np.ndarray, pooling: str) -> np.ndarray:
    if pooling == "cls":
        return hidden[:, 0]
    weights = mask[..., None].astype(np.float32)
    return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)


def _read_modules(path: Path) -> tuple[str, int]:
    """The model's pooling ("mean" or "cls") and its most tokens per text, from its
    sentence-transformers files; ModelError for a model this runtime cannot run."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"] for m in modules]
        pooling_folder = next(m["path"] for m in modules if m["type"].endswith(".Pooling"))
        pooling = json.loads((path / pooling_folder / "config.json").read_text(encoding="utf-8"))
        settings = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, StopIteration) as exc:
        raise ModelError(
            f"the ONNX runtimes read a sentence-transformers folder (modules.json, a Pooling "
            f'module, sentence_bert_config.json); {path}: {exc}; use runtime = "torch"'
        ) from exc
    unsupported = set(kinds) - _MODULES
    mode = "cls" if pooling.get("pooling_mode_cls_token") else "mean"
    if unsupported or not (pooling.get("pooling_mode_mean_tokens") or mode == "cls"):
        raise ModelError(
            f"the ONNX runtimes run a transformer with mean or CLS pooling; {path} has "
            f'{", ".join(sorted(unsupported)) or "another pooling"}: use runtime = "torch"'
        )
    return mode, int(settings.get("max_seq_length", 512))


def _tokenizer(path: Path, max_tokens: int) -> Tokenizer:
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    except Exception as exc:  # tokenizers raises a bare Exception for a bad file
        raise ModelError(f"cannot read the tokenizer of {path}: {exc}") from exc
    # As sentence-transformers calls it: cut at the model's max_seq_length, pad to the
    # longest text of the batch (a tokenizer.json may say otherwise: MiniLM's pads every
    # text to 128 tokens and cuts there).
    tokenizer.enable_truncation(max_tokens)
    pad = _pad_token(path)
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id(pad) or 0, pad_token=pad)
    return tokenizer


def _pad_token(path: Path) -> str:
    try:
        config = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
        pad = config.get("pad_token", "[PAD]")
    except (OSError, ValueError, AttributeError):
        return "[PAD]"
    return pad.get("content", "[PAD]") if isinstance(pad, dict) else str(pad)
