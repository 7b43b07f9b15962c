"""The index on disk: a manifest, the articles, the passages, what keyword search and
name rarity need of them, and the FAISS vectors.

Layout of the index folder::

    CURRENT            name of the generation in use, replaced atomically
    .newsdesk-lock     held by the one writer at a time (see ``lock``)
    gen-<n>/.newsdesk-generation, manifest.json (with the list of segments and their
            deleted passages), articles.json, seg-<m>/ (one folder per segment, see
            ``segments``)

Everything a reader needs is worked out by the build and saved: a reader maps or opens
the files and reads a passage, a term or a name when a question needs it, so loading an
index takes about as long for a hundred thousand passages as for fifty.

A build writes a new generation and only then points CURRENT at it, so a build that is
killed or fails leaves the previous generation intact and in use. The segments a build
keeps are hard-linked into the new generation, not copied: a segment is never written
again once a generation holds it.

The folder may hold things that are not ours (``--index`` can name any folder), so
CURRENT is read only if it names a generation, and a folder is deleted only if it is a
generation this program wrote: its marker (written first) or its manifest says so, and
no newer newsdesk wrote it. The generation CURRENT named before a build is kept until
the next one, so a reader that read CURRENT just before the switch can finish loading.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal, get_args, get_origin, get_type_hints

from .article_file import read_articles
from .articles import Article
from .combined import Keywords, Masks, Passages, Rows, Vectors
from .errors import IndexStoreError
from .filters import Where
from .lock import exclusive
from .names import NameStats
from .segments import Segment, SegmentInfo, consistent, read_segment

#: Bump when the layout or the cleaning/chunking rules change: old indexes are then rebuilt.
FORMAT_VERSION = 4
_POINTER = "CURRENT"
GENERATION = re.compile(r"gen-\d{6,}")
SEGMENT = re.compile(r"seg-\d{6,}")
MARKER = ".newsdesk-generation"
_TEMP_POINTER = re.compile(rf"{_POINTER}\.\d+\.[0-9a-f]+\.tmp")  # CURRENT.<pid>.<random>.tmp
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


class IndexReadOnlyError(IndexStoreError):
    """The index folder cannot be written; the index it holds may still be served."""


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: str
    dimension: int
    max_words: int
    files: dict[str, str]  # file name -> sha256 of its bytes
    passages: int  # live passages, in all segments
    created: str = field(
        default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    )
    segments: tuple[SegmentInfo, ...] = ()
    # Where the vectors are searched (see ``backends``): "faiss", or "qdrant" and its
    # collection.
    backend: str = "faiss"
    collection: str = ""
    # What ran the model (``encoders.Runtime``): vectors of one runtime are not another's.
    runtime: str = "torch"


@dataclass(frozen=True)
class Store:
    """A loaded index: its segments, and the views of them as one index that searches and
    answers use (see ``combined``: live passages are rows 0, 1, ...; passage i has vector
    rows 2i for its own text and 2i+1 for its text read after the passage before it, see
    ``build._in_context``; an article's passages are consecutive, in its order)."""

    manifest: Manifest
    articles: dict[str, Article]
    segments: tuple[Segment, ...]
    rows: Rows
    passages: Passages
    ann: Vectors
    keywords: Keywords  # BM25 over the passages' texts, and term statistics
    names: NameStats  # how many passages mention each token

    @classmethod
    def of(
        cls, manifest: Manifest, articles: dict[str, Article], segments: tuple[Segment, ...]
    ) -> Store:
        rows = Rows(segments, lambda name: articles[name].published if name in articles else None)
        names = NameStats.combined([s.names for s in segments])
        vectors = Vectors(rows, manifest.dimension)
        return cls(
            manifest, articles, segments, rows, Passages(rows), vectors, Keywords(rows), names
        )

    def masks(self, where: Where | None) -> Masks | None:
        """What a search may return of each segment under ``where`` (None: every live passage)."""
        if where is None:
            return None
        return self.rows.masks(where)

    def row_of(self, source: str, ordinal: int) -> int | None:
        """The row of an article's ``ordinal``-th passage (from 0), None if it has none."""
        for i, segment in enumerate(self.segments):
            rows = segment.rows_of(source)
            if ordinal < len(rows) and segment.live[rows.start]:
                return self.rows.row(i, rows.start + ordinal)
        return None

    def key_of(self, row: int) -> tuple[str, int]:
        """(article, ordinal of the passage in it) of ``row``: what names a passage
        outside this index (in Qdrant)."""
        i, local = self.rows.locate(row)
        source = self.segments[i].passages[local].source
        return source, local - self.segments[i].rows_of(source).start


def _rebuild_hint(folder: Path) -> str:
    return f"run `newsdesk index --rebuild` to rebuild {folder} from the corpus"


def _corrupt(folder: Path, detail: str) -> IndexStoreError:
    return IndexStoreError(
        f"the index in {folder} is corrupt or half-written ({detail}); {_rebuild_hint(folder)}"
    )


def current_generation(folder: Path) -> Path | None:
    """The generation CURRENT names, or None if there is no index yet.

    Anything but the name of a generation inside ``folder`` is refused, never followed.
    """
    if folder.exists() and not folder.is_dir():
        raise IndexStoreError(
            f"the index path {folder} is a file, not a folder: point --index or "
            "[index] dir at a folder"
        )
    try:
        name = (folder / _POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):  # no index yet; writing says why not
        return None
    except (OSError, ValueError) as exc:
        raise _corrupt(folder, f"{_POINTER} is unreadable: {exc}") from exc
    generation = folder / name
    if not GENERATION.fullmatch(name) or generation.is_symlink():
        raise IndexStoreError(
            f"{folder / _POINTER} names {name[:40]!r}, not a generation of this index; "
            f"{_rebuild_hint(folder)}"
        )
    return generation


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of the index in ``folder``, or None if there is no index yet."""
    generation = current_generation(folder)
    return None if generation is None else _read_manifest(generation, folder)


def _read_manifest(generation: Path, folder: Path) -> Manifest:
    try:
        data = json.loads((generation / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise _corrupt(folder, str(exc)) from exc
    if not isinstance(data, dict):
        raise _corrupt(folder, "manifest.json is not a JSON object")
    version = _declared_version(data)
    if version is None:
        raise _corrupt(folder, "manifest.json has no format version")
    if version != FORMAT_VERSION:  # another layout: keep its version only
        return Manifest(version, "", 0, 0, {}, 0)
    try:
        manifest = Manifest(**data)
    except TypeError as exc:
        raise _corrupt(folder, "manifest.json lacks keys or has unknown ones") from exc
    for name, kind in get_type_hints(Manifest).items():
        if name != "segments" and not _of_kind(getattr(manifest, name), kind):
            raise _corrupt(folder, f"manifest.json has a {name} of the wrong kind")
    segments = tuple(_segment_info(entry, folder) for entry in manifest.segments)
    return replace(manifest, segments=segments)


def _segment_info(entry: object, folder: Path) -> SegmentInfo:
    """A segment entry of the manifest, checked: its name cannot lead out of the generation."""
    try:
        info = SegmentInfo(**entry)  # type: ignore[arg-type]
    except TypeError as exc:
        raise _corrupt(folder, "manifest.json has a malformed segment") from exc
    info = replace(info, deleted=tuple(info.deleted))
    for name, kind in get_type_hints(SegmentInfo).items():
        if not _of_kind(getattr(info, name), kind):
            raise _corrupt(folder, f"manifest.json has a segment {name} of the wrong kind")
    if not SEGMENT.fullmatch(info.name) or not all(type(r) is int for r in info.deleted):
        raise _corrupt(folder, "manifest.json has a malformed segment")
    return info


def _of_kind(value: object, kind: object) -> bool:
    """Whether ``value`` is of the annotated ``kind`` (a class, a generic or a Literal)."""
    if get_origin(kind) is Literal:
        return value in get_args(kind)
    return isinstance(value, get_origin(kind) or kind)  # type: ignore[arg-type]


def _declared_version(data: object) -> int | None:
    version = data.get("format_version") if isinstance(data, dict) else None
    return version if type(version) is int else None


def check_format(manifest: Manifest, folder: Path) -> None:
    if manifest.format_version > FORMAT_VERSION:
        raise IndexStoreError(
            f"the index in {folder} has format {manifest.format_version}: it was built by "
            f"a newer newsdesk (this one reads format {FORMAT_VERSION}); upgrade newsdesk, "
            f"or run `newsdesk index --rebuild` to write a format-{FORMAT_VERSION} index "
            "beside it"
        )
    if manifest.format_version != FORMAT_VERSION:
        raise IndexStoreError(
            f"the index in {folder} has format {manifest.format_version}, this newsdesk "
            f"reads format {FORMAT_VERSION}; {_rebuild_hint(folder)}"
        )


def check_compatible(
    manifest: Manifest, folder: Path, model: str, max_words: int, runtime: str = "torch"
) -> None:
    """Refuse an index built by other code or with another model, runtime or chunk size."""
    check_format(manifest, folder)
    if manifest.model != model:
        raise IndexStoreError(
            f"the index in {folder} was built with model {manifest.model!r} but the "
            f"settings ask for {model!r}; {_rebuild_hint(folder)} with the new model"
        )
    if manifest.runtime != runtime:
        raise IndexStoreError(
            f"the index in {folder} was built with the {manifest.runtime!r} runtime but the "
            f"settings ask for {runtime!r}, whose vectors differ; {_rebuild_hint(folder)} "
            "with the new runtime"
        )
    if manifest.max_words != max_words:
        raise IndexStoreError(
            f"the index in {folder} was built with passages of at most {manifest.max_words} "
            f"words but the settings ask for {max_words}; {_rebuild_hint(folder)}"
        )


def load(folder: Path) -> Store:
    generation = current_generation(folder)
    if generation is None:
        raise IndexStoreError(f"there is no index in {folder}; run `newsdesk index`")
    manifest = _read_manifest(generation, folder)
    check_format(manifest, folder)
    try:
        articles = read_articles(generation)
        segments = tuple(read_segment(generation, info) for info in manifest.segments)
    except (OSError, ValueError, TypeError, KeyError, RuntimeError, sqlite3.Error) as exc:
        # faiss reports unreadable files as RuntimeError.
        raise _corrupt(folder, type(exc).__name__) from exc
    bad = [s.info.name for s in segments if not consistent(s, manifest.dimension)]
    if bad or sum(s.info.live for s in segments) != manifest.passages:
        raise IndexStoreError(
            f"the index in {folder} is inconsistent (segment {', '.join(bad) or 'sizes'} "
            f"disagree with the manifest); {_rebuild_hint(folder)}"
        )
    return Store.of(manifest, articles, segments)


@contextmanager
def writing(folder: Path) -> Iterator[Path]:
    """Hold the folder's write lock and reserve a new generation in it; yields the generation.

    Call ``commit`` before leaving; a generation left uncommitted (an error, an interrupt)
    is removed. Raises IndexReadOnlyError if the folder cannot be written, and
    IndexStoreError if another writer holds the lock.
    """
    with ExitStack() as stack:
        with write_errors(folder):
            folder.mkdir(parents=True, exist_ok=True)
            stack.enter_context(exclusive(folder))
            generation = _reserve(folder)
        try:
            yield generation
        except BaseException:
            if _pointer(folder) != generation.name:
                shutil.rmtree(generation, ignore_errors=True)
            raise


def commit(folder: Path, generation: Path, manifest: Manifest) -> None:
    """Finish the reserved ``generation`` (its segments and articles written) with its
    manifest, and switch CURRENT to it atomically."""
    previous = folder / name if (name := _pointer(folder)) else None
    with write_errors(folder):
        # The manifest goes last: a generation without one was never finished.
        (generation / "manifest.json").write_text(json.dumps(asdict(manifest), indent=1))
        for path in generation.rglob("*"):
            if path.is_file():
                _fsync(path)
        tmp = folder / f"{_POINTER}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        tmp.write_text(generation.name)
        _fsync(tmp)
        os.replace(tmp, folder / _POINTER)
    _remove_stale(folder, keep={generation, previous})


def _reserve(folder: Path) -> Path:
    """A new, empty generation, numbered past every name that looks like one."""
    taken = (int(p.name[4:]) for p in folder.iterdir() if GENERATION.fullmatch(p.name))
    generation = folder / f"gen-{1 + max(taken, default=0):06d}"
    generation.mkdir()
    (generation / MARKER).write_text(f"written by newsdesk (format {FORMAT_VERSION})\n")
    return generation


def _pointer(folder: Path) -> str | None:
    """What CURRENT names if that is a generation, else None: for writers, who replace it."""
    try:
        generation = current_generation(folder)
    except IndexStoreError:
        return None
    return None if generation is None else generation.name


def _remove_stale(folder: Path, keep: set[Path | None]) -> None:
    """Delete our generations but ``keep``, and dead writers' temporary pointers.

    Called with the lock held, so an unfinished generation belongs to a writer that died.
    """
    for path in folder.iterdir():
        if path not in keep and _is_ours(path):
            shutil.rmtree(path, ignore_errors=True)
        elif _TEMP_POINTER.fullmatch(path.name):
            path.unlink(missing_ok=True)


def _is_ours(path: Path) -> bool:
    """A generation this newsdesk may delete: a real folder named like one, with our
    marker or a manifest inside (older versions wrote no marker), not of a newer format."""
    if not GENERATION.fullmatch(path.name) or path.is_symlink() or not path.is_dir():
        return False
    try:
        version = _declared_version(json.loads((path / "manifest.json").read_text()))
    except (OSError, ValueError):
        version = None
    if version is None:  # unfinished, or its manifest was damaged
        return (path / MARKER).is_file()
    return version <= FORMAT_VERSION


@contextmanager
def write_errors(folder: Path) -> Iterator[None]:
    """File-system errors while writing, as one clear line."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _READ_ONLY:
            raise IndexReadOnlyError(
                f"cannot write the index in {folder} (read-only: {exc.strerror})"
            ) from exc
        raise IndexStoreError(f"cannot write the index in {folder} ({exc.strerror})") from exc
    except sqlite3.Error as exc:  # the passage and name tables (a full disk, say)
        raise IndexStoreError(f"cannot write the index in {folder} ({exc})") from exc


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
