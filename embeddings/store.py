"""The index on disk: a manifest, the passages, the articles and the FAISS vectors.

Layout of the index folder::

    CURRENT            name of the generation in use, replaced atomically
    gen-<n>/manifest.json, articles.json, passages.json, vectors.faiss

A build writes a whole new generation and only then points CURRENT at it, so a build
that is killed or fails leaves the previous generation intact and in use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .ann import FaissIndex
from .articles import Article, Paragraph
from .chunking import Passage
from .errors import IndexStoreError

#: Bump when the layout or the cleaning/chunking rules change: old indexes are then rebuilt.
FORMAT_VERSION = 2
_POINTER = "CURRENT"


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: str
    dimension: int
    max_words: int
    files: dict[str, str]  # file name -> sha256 of its bytes
    passages: int
    created: str = field(
        default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    )


@dataclass(frozen=True)
class Store:
    """A loaded index.

    Passage i has two vector rows: 2i for its own text and 2i+1 for its text read after
    the passage before it (see ``build._in_context``).
    """

    manifest: Manifest
    articles: dict[str, Article]
    passages: list[Passage]
    ann: FaissIndex


def _rebuild_hint(folder: Path) -> str:
    return f"run `newsdesk index --rebuild` to rebuild {folder} from the corpus"


def current_generation(folder: Path) -> Path | None:
    pointer = folder / _POINTER
    if not pointer.exists():
        return None
    name = pointer.read_text().strip()
    return folder / name


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of the index in ``folder``, or None if there is no index yet."""
    generation = current_generation(folder)
    if generation is None:
        return None
    try:
        data = json.loads((generation / "manifest.json").read_text())
        if data.get("format_version") != FORMAT_VERSION:  # another layout: keep its version only
            return Manifest(data["format_version"], "", 0, 0, {}, 0)
        return Manifest(**data)
    except (OSError, ValueError, TypeError) as exc:
        raise IndexStoreError(
            f"the index in {folder} is corrupt or half-written ({exc}); {_rebuild_hint(folder)}"
        ) from exc


def check_compatible(manifest: Manifest, folder: Path, model: str, max_words: int) -> None:
    """Refuse an index built by other code or with another model or chunk size."""
    if manifest.format_version != FORMAT_VERSION:
        raise IndexStoreError(
            f"the index in {folder} has format {manifest.format_version}, this newsdesk "
            f"reads format {FORMAT_VERSION}; {_rebuild_hint(folder)}"
        )
    if manifest.model != model:
        raise IndexStoreError(
            f"the index in {folder} was built with model {manifest.model!r} but the "
            f"settings ask for {model!r}; {_rebuild_hint(folder)} with the new model"
        )
    if manifest.max_words != max_words:
        raise IndexStoreError(
            f"the index in {folder} was built with passages of at most {manifest.max_words} "
            f"words but the settings ask for {max_words}; {_rebuild_hint(folder)}"
        )


def load(folder: Path) -> Store:
    manifest = read_manifest(folder)
    if manifest is None:
        raise IndexStoreError(f"there is no index in {folder}; run `newsdesk index`")
    generation = current_generation(folder)
    try:
        articles = {
            a["name"]: _article(a) for a in json.loads((generation / "articles.json").read_text())
        }
        passages = [_passage(p) for p in json.loads((generation / "passages.json").read_text())]
        ann = FaissIndex.load(generation / "vectors.faiss")
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
        # faiss reports unreadable files as RuntimeError.
        raise IndexStoreError(
            f"the index in {folder} is corrupt or half-written ({type(exc).__name__}); "
            f"{_rebuild_hint(folder)}"
        ) from exc
    if len(ann) != 2 * len(passages) or ann.dimension != manifest.dimension:
        raise IndexStoreError(
            f"the index in {folder} is inconsistent ({len(passages)} passages, {len(ann)} "
            f"vectors of dimension {ann.dimension}); {_rebuild_hint(folder)}"
        )
    return Store(manifest, articles, passages, ann)


def save(folder: Path, store: Store) -> Path:
    """Write ``store`` as a new generation and switch to it atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    previous = current_generation(folder)
    number = 1 + max((_generation_number(p) for p in folder.glob("gen-*")), default=0)
    generation = folder / f"gen-{number:06d}"
    generation.mkdir()
    articles = [_article_dict(a) for a in store.articles.values()]
    (generation / "articles.json").write_text(json.dumps(articles))
    (generation / "passages.json").write_text(json.dumps([asdict(p) for p in store.passages]))
    store.ann.save(generation / "vectors.faiss")
    # The manifest goes last: a generation without one was never finished.
    (generation / "manifest.json").write_text(json.dumps(asdict(store.manifest), indent=1))
    for path in generation.iterdir():
        _fsync(path)
    tmp = folder / f"{_POINTER}.tmp"
    tmp.write_text(generation.name)
    _fsync(tmp)
    os.replace(tmp, folder / _POINTER)
    for stale in folder.glob("gen-*"):
        if stale not in (generation, previous):
            shutil.rmtree(stale, ignore_errors=True)  # unfinished builds and older generations
    if previous is not None and previous != generation:
        shutil.rmtree(previous, ignore_errors=True)
    return generation


def _generation_number(path: Path) -> int:
    try:
        return int(path.name.removeprefix("gen-"))
    except ValueError:
        return 0


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _article_dict(article: Article) -> dict:
    data = asdict(article)
    data["published"] = article.published.isoformat() if article.published else None
    return data


def _article(data: dict) -> Article:
    published = dt.date.fromisoformat(data["published"]) if data["published"] else None
    paragraphs = tuple(Paragraph(**p) for p in data["paragraphs"])
    return Article(data["name"], data["title"], published, paragraphs, data["sha256"])


def _passage(data: dict) -> Passage:
    data["sentences"] = tuple(tuple(span) for span in data["sentences"])
    return Passage(**data)
