"""The ONNX files of a local sentence-transformers model: exported here from the model's
own files (nothing is downloaded), once, into a cache folder, and found there after.

An export is keyed by what makes it: the model's files (each one's path, size and
modification time, as make and git tell a changed file), the versions of torch (which
exports), onnx and ONNX Runtime (which quantises and runs it), and ``EXPORT_RECIPE`` (how
this module exports). Each key has its own folder; ``export.json`` there records the key
and, for every file made, its size, modification time and SHA-256. At every load a file
whose size or time differs from the record is hashed again (reading 110 MB of exports
at every start would cost more than the ONNX Runtime saves). So:

- a missing export is made, with a message (about 2 s for MiniLM-L6);
- a stale one (another model or library version: another key) is made again, with a
  message, and the stale folder is removed;
- a corrupt one (a file whose hash no longer matches, a half-written folder, a file
  ONNX Runtime cannot load: ``onnx_encoder``) is made again, with a message.

Two files per key: ``model.onnx`` (fp32, the transformer's last hidden state) and
``model-int8.onnx`` (its weights quantised to int8 per output channel, activations
quantised at run time: ONNX Runtime's dynamic quantisation). Per channel because one scale
per tensor lost too much: measured on the dev questions and a seed article (2026-11-29),
the vectors of the per-tensor model had a cosine to the torch model's of 0.938 at worst
(0.965 on average), the per-channel model's 0.990 (0.994), for the same speed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

from .errors import ModelError

log = logging.getLogger(__name__)

Variant = Literal["fp32", "int8"]
FILES: dict[Variant, str] = {"fp32": "model.onnx", "int8": "model-int8.onnx"}
# Bumped when the export below changes what it writes: older exports are then stale.
EXPORT_RECIPE = 1
# The ONNX operator set: 17 is the newest every ONNX Runtime since 1.14 runs.
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_key(model: Path) -> str:
    """What an export of ``model`` depends on, as one hash: the model's files (every file
    below its folder) and the versions of the exporting libraries (read from their
    installed metadata: importing torch only to ask its version would take seconds)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in model.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(model)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    libraries = ", ".join(f"{name} {version(name)}" for name in ("torch", "onnx", "onnxruntime"))
    digest.update(f"{libraries}, recipe {EXPORT_RECIPE}".encode())
    return digest.hexdigest()


def exported(model: Path, variant: Variant, cache: Path) -> Path:
    """The ONNX file of ``model`` in ``variant``, from ``cache``, exported first if it is
    missing, stale or corrupt (see the module's docstring)."""
    key = export_key(model)
    folder = cache / f"{_slug(model)}-{key[:16]}"
    path = folder / FILES[variant]
    problem = _problem(folder, key)
    if problem is None:
        return path
    stale = [p for p in cache.glob(f"{_slug(model)}-*") if p != folder] if cache.is_dir() else []
    if folder.exists():
        log.warning("the ONNX export in %s is %s: exporting the model again", folder, problem)
    elif stale:
        log.warning(
            "the ONNX export in %s was made from other model files or library versions: "
            "exporting the model again",
            stale[0],
        )
    else:
        log.warning("exporting the model %s to ONNX, once, into %s", _slug(model), folder)
    _export(model, key, folder)
    for old in stale:
        shutil.rmtree(old, ignore_errors=True)
    return path


def _problem(folder: Path, key: str) -> str | None:
    """Why the export in ``folder`` cannot be used ("missing", "corrupt: …"), or None."""
    try:
        record = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError) as exc:
        return f"corrupt (export.json: {exc})"
    if not isinstance(record, dict) or record.get("key") != key:
        return "corrupt (export.json names another export)"
    made = record.get("files", {})
    for name in FILES.values():
        try:
            if _signature(folder / name) != made.get(name, {}).get("signature") and _file_hash(
                folder / name
            ) != made.get(name, {}).get("sha256"):
                return f"corrupt ({name} is not the file it made)"
        except (OSError, AttributeError):
            return f"corrupt ({name} cannot be read)"
    return None


def _export(model: Path, key: str, folder: Path) -> None:
    """Both variants into ``folder``, written beside it and renamed into place, so that a
    killed export leaves no folder that looks whole."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        with _quiet():
            _export_fp32(model, work / FILES["fp32"])
            _quantise(work / FILES["fp32"], work / FILES["int8"])
        files = {
            name: {"sha256": _file_hash(work / name), "signature": _signature(work / name)}
            for name in FILES.values()
        }
        record = {"key": key, "model": str(model), "files": files}
        (work / "export.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
    except Exception as exc:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, ModelError):
            raise
        raise ModelError(f"cannot export the model {model} to ONNX: {exc}") from exc


def _export_fp32(model: Path, target: Path) -> None:
    """The transformer of the sentence-transformers model, traced by torch's exporter:
    token ids, attention mask and token types in, the last hidden state out, with the
    batch and the sequence length left free. Pooling happens outside (``onnx_encoder``)."""
    import torch
    from sentence_transformers import SentenceTransformer

    loaded = SentenceTransformer(str(model), device="cpu", local_files_only=True)
    transformer: Any = loaded[0].auto_model  # a transformers model: untyped here

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            output = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return output.last_hidden_state

    tokenizer: Any = loaded[0].tokenizer
    probe = tokenizer(["an example", "a longer example sentence"], padding=True)
    inputs = tuple(torch.tensor(probe[name]) for name in _INPUTS)
    free = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        LastHiddenState().eval(),
        inputs,
        str(target),
        input_names=list(_INPUTS),
        output_names=["last_hidden_state"],
        dynamic_axes={name: free for name in (*_INPUTS, "last_hidden_state")},
        opset_version=OPSET,
        dynamo=False,  # the TorchScript tracer: no onnxscript needed, and it handles BERT
    )


def _quantise(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(source, target, weight_type=QuantType.QInt8, per_channel=True)


@contextmanager
def _quiet() -> Iterator[None]:
    """The exporter's tracer warnings and the quantiser's advice (logged to the root
    logger) are about graphs in general, not this one: not shown to users."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def _signature(path: Path) -> list[int]:
    """A file's size and modification time (ns): what a rewrite changes."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _slug(model: Path) -> str:
    """A readable folder name for the model ("model" is the packaged one's folder name)."""
    name = model.parent.name if model.name == "model" else model.name
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "model"
