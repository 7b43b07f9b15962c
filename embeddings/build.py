"""Bringing the index up to date with the corpus, embedding only what changed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import store as disk
from .ann import FaissIndex, kind_for
from .articles import parse_article
from .chunking import Passage, chunk_article
from .corpus import SourceFile, read_corpus
from .encoders import Encoder
from .keyword import KeywordIndex
from .names import NameStats

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    passages_embedded: int
    passages_total: int
    saved: bool = True  # False: the index folder is read-only and still holds the old index

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        """One line for people: what the update did (every front end says it the same way)."""
        if not self.saved:
            return "index not saved (read-only folder): serving the existing one as it is"
        if not self.changed_anything and not self.passages_embedded:
            return (
                f"index is up to date ({self.unchanged} articles, {self.passages_total} passages)"
            )
        return (
            f"index updated: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.passages_embedded} passages embedded, "
            f"{self.passages_total} in all"
        )


def update_index(
    corpus: Path,
    folder: Path,
    model: str,
    max_words: int,
    encoder: Callable[[], Encoder],
    rebuild: bool = False,
    progress: bool = False,
    approximate_from: int = 0,
) -> BuildReport:
    """Make the index in ``folder`` match the articles in ``corpus``.

    ``encoder`` is called only if something must be embedded, so a check that finds
    nothing changed never loads the model (nor takes the writer's lock).

    An index of an older format is rebuilt, with a warning. One of a newer format is
    refused; ``rebuild`` then writes a new generation beside it and switches to it, and
    the newer one stays on disk for the newer newsdesk (it is never deleted). If the
    folder is read-only, the index it holds keeps being served, with a warning, and the
    report says it was not saved.

    The vectors get an HNSW index from ``approximate_from`` passages on (0: always flat).
    A changed threshold rebuilds nothing unless it changes the kind this index needs; then
    only the vector index is rebuilt, from the stored vectors (nothing is embedded).
    """
    files = {f.name: f for f in read_corpus(corpus)}
    hashes = {name: f.sha256 for name, f in files.items()}
    manifest = None if rebuild else disk.read_manifest(folder)
    if manifest is not None and manifest.format_version < disk.FORMAT_VERSION:
        # Written by an older newsdesk: rebuilt from the corpus, nothing is lost.
        log.warning("the index in %s has an older format; rebuilding it", folder)
        manifest = None
    if manifest is not None:
        disk.check_compatible(manifest, folder, model, max_words)  # refuses a newer format
        kind = kind_for(manifest.passages, approximate_from)
        if manifest.files == hashes and manifest.index_kind == kind:
            # Nothing changed: the index is not even loaded.
            return BuildReport((), (), (), len(hashes), 0, manifest.passages)
        if manifest.files == hashes:
            log.info("re-indexing the vectors as %s (%d passages)", kind, manifest.passages)
    try:
        with disk.writing(folder) as generation:
            # Loaded under the lock: another writer may have switched CURRENT since.
            old = disk.load(folder) if manifest is not None else None
            report, store = _updated(
                old, files, hashes, model, max_words, encoder, progress, approximate_from
            )
            disk.commit(folder, generation, store)
            return report
    except disk.IndexReadOnlyError:
        if disk.current_generation(folder) is None:
            raise  # nothing to serve instead
        log.warning("cannot update the index in %s (read-only): serving the existing index", folder)
        old_hashes = manifest.files if manifest else {}
        added, changed, removed, keep = _compare(old_hashes, hashes)
        total = manifest.passages if manifest else 0
        return BuildReport(added, changed, removed, len(keep), 0, total, saved=False)


def _compare(
    old: dict[str, str], new: dict[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], set[str]]:
    """The added, changed, removed and kept file names between two name -> hash maps."""
    added = tuple(n for n in new if n not in old)
    changed = tuple(n for n in new if n in old and old[n] != new[n])
    removed = tuple(n for n in old if n not in new)
    return added, changed, removed, {n for n in new if old.get(n) == new[n]}


def _updated(
    old: disk.Store | None,
    files: dict[str, SourceFile],
    hashes: dict[str, str],
    model: str,
    max_words: int,
    encoder: Callable[[], Encoder],
    progress: bool,
    approximate_from: int,
) -> tuple[BuildReport, disk.Store]:
    """The new index: ``old`` with the unchanged articles kept and the rest embedded."""
    added, changed, removed, keep = _compare(old.manifest.files if old else {}, hashes)

    articles, passages, vectors = {}, [], []
    if old:
        old_vectors = old.ann.vectors()
        kept = []
        for i, passage in enumerate(old.passages):  # one pass over the table on disk
            if passage.source in keep:
                kept.append(i)
                passages.append(passage)
        vectors.append(old_vectors[[r for i in kept for r in (2 * i, 2 * i + 1)]])
        articles = {n: a for n, a in old.articles.items() if n in keep}

    fresh: list[Passage] = []
    for name in sorted(set(hashes) - keep):
        article = parse_article(files[name])
        chunks = chunk_article(article, files[name].text, max_words)
        if not chunks:
            log.warning(
                "%s has no article text after cleaning; it is listed but not searchable", name
            )
        articles[name] = article
        fresh.extend(chunks)

    if fresh:
        model_encoder = encoder()
        texts = [t for i, p in enumerate(fresh) for t in (p.text, _in_context(fresh, i, articles))]
        vectors.append(model_encoder.encode(texts, progress=progress))
        dimension = model_encoder.dimension
    elif old:
        dimension = old.manifest.dimension  # only removals: no need to load the model
    else:
        dimension = encoder().dimension
    passages.extend(fresh)
    matrix = np.vstack(vectors) if vectors else np.zeros((0, dimension), dtype=np.float32)
    kind = kind_for(len(passages), approximate_from)
    manifest = disk.Manifest(
        disk.FORMAT_VERSION, model, dimension, max_words, hashes, len(passages), index_kind=kind
    )
    ordered = dict(sorted(articles.items()))
    # What readers need of the passages is worked out here, once, and saved with them.
    texts = [p.text for p in passages]
    store = disk.Store(
        manifest,
        ordered,
        passages,
        FaissIndex.from_vectors(matrix, dimension, kind),
        KeywordIndex(texts),
        NameStats(texts),
    )
    report = BuildReport(added, changed, removed, len(keep), len(fresh), len(passages))
    return report, store


def _in_context(passages: list[Passage], i: int, articles: dict) -> str:
    """The passage after the one before it (or after the title, for an article's first).

    Its vector lets a passage like "But the government found that ..." be found by a
    question about what the previous sentence names.
    """
    before = passages[i - 1] if i else None
    if before is None or before.source != passages[i].source:
        return f"{articles[passages[i].source].title}. {passages[i].text}"
    return f"{before.text} {passages[i].text}"
