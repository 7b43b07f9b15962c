"""Bringing the index up to date with the corpus, embedding only what changed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import store as disk
from .ann import FaissIndex
from .articles import parse_article
from .chunking import Passage, chunk_article
from .corpus import read_corpus
from .encoders import Encoder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    passages_embedded: int
    passages_total: int

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def update_index(
    corpus: Path,
    folder: Path,
    model: str,
    max_words: int,
    encoder: Callable[[], Encoder],
    rebuild: bool = False,
    progress: bool = False,
) -> BuildReport:
    """Make the index in ``folder`` match the articles in ``corpus``.

    ``encoder`` is called only if something must be embedded, so a check that finds
    nothing changed never loads the model.
    """
    files = {f.name: f for f in read_corpus(corpus)}
    hashes = {name: f.sha256 for name, f in files.items()}
    manifest = None if rebuild else disk.read_manifest(folder)
    if manifest is not None and manifest.format_version != disk.FORMAT_VERSION:
        # Written by another version of newsdesk: rebuilt from the corpus, nothing is lost.
        log.warning("the index in %s has an older format; rebuilding it", folder)
        manifest = None
    if manifest is not None:
        disk.check_compatible(manifest, folder, model, max_words)
        if manifest.files == hashes:  # nothing changed: the index is not even loaded
            return BuildReport((), (), (), len(hashes), 0, manifest.passages)
    old = disk.load(folder) if manifest is not None else None
    old_hashes = old.manifest.files if old else {}

    added = tuple(n for n in hashes if n not in old_hashes)
    changed = tuple(n for n in hashes if n in old_hashes and old_hashes[n] != hashes[n])
    removed = tuple(n for n in old_hashes if n not in hashes)
    keep = {n for n in hashes if old_hashes.get(n) == hashes[n]}

    articles, passages, vectors = {}, [], []
    if old:
        old_vectors = old.ann.vectors()
        kept = [i for i, p in enumerate(old.passages) if p.source in keep]
        passages = [old.passages[i] for i in kept]
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
    manifest = disk.Manifest(
        disk.FORMAT_VERSION, model, dimension, max_words, hashes, len(passages)
    )
    ordered = dict(sorted(articles.items()))
    disk.save(
        folder, disk.Store(manifest, ordered, passages, FaissIndex.from_vectors(matrix, dimension))
    )
    return BuildReport(added, changed, removed, len(keep), len(fresh), len(passages))


def _in_context(passages: list[Passage], i: int, articles: dict) -> str:
    """The passage after the one before it (or after the title, for an article's first).

    Its vector lets a passage like "But the government found that ..." be found by a
    question about what the previous sentence names.
    """
    before = passages[i - 1] if i else None
    if before is None or before.source != passages[i].source:
        return f"{articles[passages[i].source].title}. {passages[i].text}"
    return f"{before.text} {passages[i].text}"
