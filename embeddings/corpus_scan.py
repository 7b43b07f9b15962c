"""Checking a corpus against its index without reading the articles that did not change.

Every ``newsdesk index``, ``/reindex`` and start-up compares the corpus with the index by
the SHA-256 of each file. Reading and hashing every file grows with the archive (half a
second at 8,641 articles), so the hashes are remembered by file identity (size,
modification and change times, inode), as git's index does: a file whose identity is
unchanged is not read again. A file modified within ``_RACY_NS`` of the moment the hashes
were saved is read anyway, since a change in the same clock tick would not show in its
times (git's "racily clean" entries).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import SourceFile, list_article_paths, no_articles, read_file
from .errors import CorpusError

_RACY_NS = 2_000_000_000
# size, mtime_ns, ctime_ns, inode
Identity = tuple[int, int, int, int]


@dataclass
class CorpusScan:
    """The corpus's article names and hashes; the files read while scanning are kept."""

    hashes: dict[str, str]
    _paths: dict[str, Path]
    _read: dict[str, SourceFile] = field(default_factory=dict)

    def file(self, name: str) -> SourceFile:
        """The article ``name``, read now unless the scan read it."""
        found = self._read.get(name) or read_file(self._paths[name])
        if found is None:
            raise CorpusError(f"{name} could not be read; it is no longer an article")
        return found


def scan_corpus(folder: Path, remembered: Path) -> CorpusScan:
    """Scan ``folder``'s articles, reusing the hashes saved in ``remembered`` (a JSON file,
    rewritten when they changed; a read-only place just means nothing is remembered).

    Raises CorpusError if the folder holds no readable article.
    """
    saved, saved_at = _load(remembered)
    hashes: dict[str, str] = {}
    paths: dict[str, Path] = {}
    read: dict[str, SourceFile] = {}
    entries: dict[str, list] = {}
    for article in list_article_paths(folder):
        name = article.path.name
        identity = _identity(article.path)
        entry = saved.get(name)
        if (
            identity
            and entry
            and tuple(entry[:4]) == identity
            and identity[1] < saved_at - _RACY_NS
        ):
            sha = entry[4]
        else:
            source = read_file(article.path)
            if source is None:  # not an article (empty, binary...): said by read_file
                continue
            read[name], sha = source, source.sha256
        hashes[name], paths[name] = sha, article.path
        if identity:
            entries[name] = [*identity, sha]
    if not hashes:
        raise no_articles(folder)
    if entries != saved or read:
        _save(remembered, entries)
    return CorpusScan(hashes, paths, read)


def _identity(path: Path) -> Identity | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _load(path: Path) -> tuple[dict[str, list], int]:
    try:
        data = json.loads(path.read_text())
        return dict(data["files"]), int(data["saved_ns"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}, 0  # none yet, or unreadable: every file is read


def _save(path: Path, entries: dict[str, list]) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"saved_ns": time.time_ns(), "files": entries}))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
