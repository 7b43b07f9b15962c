"""Reading a folder of article files into memory, with warnings instead of crashes.

An article is kept as the exact text of its file (after decoding), so that every
offset the rest of the pipeline records points into what is on disk.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError

log = logging.getLogger(__name__)

#: File endings read as articles. HTML is read as text; its markup is not parsed.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")

# Tried in order. cp1252 covers most "smart quote" files saved by Windows editors;
# latin-1 decodes any byte sequence, so it is the last resort.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


@dataclass(frozen=True)
class SourceFile:
    """One article file as read from disk."""

    name: str  # base name, which is what answers cite
    path: Path
    text: str
    encoding: str
    sha256: str


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def looks_binary(data: bytes) -> bool:
    """True for files that are clearly not text (NUL bytes or mostly control bytes)."""
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.1


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode article bytes: UTF-8 first, then a warned fallback. Returns (text, encoding)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        log.warning("%s is not UTF-8; read it as %s", name, encoding)
        return text, encoding
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def read_file(path: Path) -> SourceFile | None:
    """Read one article, or return None (with a warning) for files that are not articles."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning("skipping %s: cannot read it (%s)", path.name, exc.strerror or exc)
        return None
    if not data.strip():
        log.warning("skipping %s: the file is empty", path.name)
        return None
    if looks_binary(data):
        log.warning("skipping %s: it looks like a binary file, not text", path.name)
        return None
    text, encoding = decode(data, path.name)
    return SourceFile(path.name, path, text, encoding, file_hash(data))


def list_article_paths(folder: Path) -> list[Path]:
    """The article files directly inside ``folder``, sorted by name."""
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist (set --corpus or [corpus] dir)")
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder")
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
    )


def read_corpus(folder: Path) -> list[SourceFile]:
    """Every readable article in ``folder``; raises CorpusError if there is none."""
    files = [f for f in map(read_file, list_article_paths(folder)) if f is not None]
    if not files:
        endings = ", ".join(ARTICLE_SUFFIXES)
        raise CorpusError(f"corpus folder {folder} holds no readable article ({endings} files)")
    return files
