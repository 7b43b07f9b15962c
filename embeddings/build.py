"""Bringing the index up to date with the corpus, embedding only what changed."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from . import store as disk
from .ann import kind_for
from .article_file import write_articles
from .articles import Article, parse_article
from .backends import FAISS, Backend, sync
from .chunking import Passage, chunk_article
from .combined import live_vectors
from .corpus_scan import CorpusScan, scan_corpus
from .encoders import Encoder
from .segments import Segment, SegmentInfo, build_segment, plan_merges, write_segment
from .upgrade import upgrade

log = logging.getLogger(__name__)

# Beside the generations in the index folder: the corpus's file hashes by file identity,
# so that a check reads only the files that changed (see ``corpus_scan``).
REMEMBERED_HASHES = "file-hashes.json"


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
    backend: Backend = FAISS,
    runtime: str = "torch",
) -> BuildReport:
    """Make the index in ``folder`` match the articles in ``corpus``.

    ``encoder`` is called only if something must be embedded, so a check that finds
    nothing changed never loads the model (nor takes the writer's lock).

    An index of format 3 is upgraded without embedding (``upgrade``); one of an older
    format is rebuilt, with a warning. One of a newer format is
    refused; ``rebuild`` then writes a new generation beside it and switches to it, and
    the newer one stays on disk for the newer newsdesk (it is never deleted). If the
    folder is read-only, the index it holds keeps being served, with a warning, and the
    report says it was not saved.

    Added and changed articles go into a new segment; the passages of changed and removed
    ones are marked deleted where they were (see ``segments``), and segments are merged
    when they pile up. A segment's vectors get an HNSW index from ``approximate_from``
    passages on (0: always flat). A changed threshold rewrites only the segments whose
    kind it changes, from their stored vectors (nothing is embedded).

    ``runtime`` is what runs the model (``encoders.Runtime``), recorded in the manifest: an
    index of another runtime is refused, as one of another model is.

    With the Qdrant ``backend``, Qdrant is brought in step before the new generation is
    committed (see ``backends.sync``); an index new to its collection uploads every passage
    from its stored vectors.
    """
    files = scan_corpus(corpus, folder / REMEMBERED_HASHES)
    hashes = files.hashes
    manifest = None if rebuild else disk.read_manifest(folder)
    if manifest is not None and manifest.format_version < disk.FORMAT_VERSION and upgrade(folder):
        manifest = disk.read_manifest(folder)  # format 3: its files became one segment
    if manifest is not None and manifest.format_version < disk.FORMAT_VERSION:
        # Written by an older newsdesk: rebuilt from the corpus, nothing is lost.
        log.warning("the index in %s has an older format; rebuilding it", folder)
        manifest = None
    if manifest is not None:
        # Refuses a newer format, and another model or runtime.
        disk.check_compatible(manifest, folder, model, max_words, runtime)
        same_place = (manifest.backend, manifest.collection) == _place(backend, folder)
        unchanged = manifest.files == hashes and same_place
        if unchanged and not _rekinded(manifest.segments, approximate_from):
            # Nothing changed: the index is not even loaded.
            return BuildReport((), (), (), len(hashes), 0, manifest.passages)
    try:
        with disk.writing(folder) as generation:
            # Loaded under the lock: another writer may have switched CURRENT since.
            old = disk.load(folder) if manifest is not None else None
            report, new, articles, segments = _updated(
                old, files, hashes, model, max_words, encoder, progress, approximate_from
            )
            name, collection = _place(backend, folder)
            new = replace(new, backend=name, collection=collection, runtime=runtime)
            if backend.name == "qdrant":
                _sync_qdrant(backend, folder, old, report, new, articles, segments)
            with disk.write_errors(folder):
                for segment in segments:  # new ones written, kept ones linked
                    write_segment(segment, generation)
                write_articles(generation, articles)
            disk.commit(folder, generation, new)
            return report
    except disk.IndexReadOnlyError:
        if disk.current_generation(folder) is None:
            raise  # nothing to serve instead
        log.warning("cannot update the index in %s (read-only): serving the existing index", folder)
        old_hashes = manifest.files if manifest else {}
        added, changed, removed, keep = _compare(old_hashes, hashes)
        total = manifest.passages if manifest else 0
        return BuildReport(added, changed, removed, len(keep), 0, total, saved=False)


def _place(backend: Backend, folder: Path) -> tuple[str, str]:
    """What the manifest records of where the vectors are searched: (backend, collection)."""
    return backend.name, backend.collection_for(folder) if backend.name == "qdrant" else ""


def _sync_qdrant(
    backend: Backend,
    folder: Path,
    old: disk.Store | None,
    report: BuildReport,
    new: disk.Manifest,
    articles: dict[str, Article],
    segments: list[Segment],
) -> None:
    """Bring the Qdrant collection in step with the new index, before it is committed (an
    interrupted build leaves Qdrant ahead; the next build repairs it)."""
    qdrant = backend.qdrant(folder)
    # A collection new to this index is filled from scratch; so is one that lost step with
    # it (emptied, or left ahead by an interrupted build).
    everything = (
        old is None
        or (old.manifest.backend, old.manifest.collection) != (new.backend, new.collection)
        or len(qdrant) != old.manifest.passages
    )
    if everything:
        qdrant.clear()
    gone = {*report.changed, *report.removed}
    published = {n: a.published for n, a in articles.items()}.get
    sync(qdrant, published, segments, gone, new.dimension, everything)


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
    files: CorpusScan,
    hashes: dict[str, str],
    model: str,
    max_words: int,
    encoder: Callable[[], Encoder],
    progress: bool,
    approximate_from: int,
) -> tuple[BuildReport, disk.Manifest, dict[str, Article], list[Segment]]:
    """The new index: ``old``'s segments with the passages of changed and removed articles
    marked deleted, a new segment for the rest, and the merges that are due."""
    added, changed, removed, keep = _compare(old.manifest.files if old else {}, hashes)
    articles = {n: a for n, a in old.articles.items() if n in keep} if old else {}
    numbers = _segment_numbers(old.manifest.segments if old else ())
    segments = _with_deleted(old.segments, {*changed, *removed}) if old else []

    fresh: list[Passage] = []
    for name in sorted(set(hashes) - keep):
        source = files.file(name)
        article = parse_article(source)
        chunks = chunk_article(article, source.text, max_words)
        if not chunks:
            log.warning(
                "%s has no article text after cleaning; it is listed but not searchable", name
            )
        articles[name] = article
        fresh.extend(chunks)

    if fresh:
        model_encoder = encoder()
        texts = [t for i, p in enumerate(fresh) for t in (p.text, _in_context(fresh, i, articles))]
        vectors = model_encoder.encode(texts, progress=progress)
        kind = kind_for(len(fresh), approximate_from)
        segments.append(build_segment(next(numbers), fresh, vectors, kind))
        dimension = model_encoder.dimension
    elif old:
        dimension = old.manifest.dimension  # only removals: no need to load the model
    else:
        dimension = encoder().dimension

    segments = _merged(segments, numbers, approximate_from)
    total = sum(s.info.live for s in segments)
    manifest = disk.Manifest(
        disk.FORMAT_VERSION,
        model,
        dimension,
        max_words,
        hashes,
        total,
        segments=tuple(s.info for s in segments),
    )
    report = BuildReport(added, changed, removed, len(keep), len(fresh), total)
    return report, manifest, dict(sorted(articles.items())), segments


def _with_deleted(segments: tuple[Segment, ...], gone: set[str]) -> list[Segment]:
    """The segments with the passages of the ``gone`` articles marked deleted; segments
    left with no live passage are dropped."""
    kept = []
    for segment in segments:
        rows = [row for name in sorted(gone) for row in segment.rows_of(name)]
        if rows:
            segment = replace(segment, info=segment.info.deleting(rows))
        if segment.info.live:
            kept.append(segment)
    return kept


def _merged(
    segments: list[Segment], numbers: Iterator[str], approximate_from: int
) -> list[Segment]:
    """``segments`` with each group that is due (``plan_merges``, or a segment whose kind of
    vector index the threshold changed) rewritten as one segment, from the stored vectors."""
    by_name = {s.info.name: s for s in segments}
    infos = [s.info for s in segments]
    groups = plan_merges(infos)
    grouped = {info.name for group in groups for info in group}
    groups += [[i] for i in _rekinded(infos, approximate_from) if i.name not in grouped]
    for group in groups:
        parts = [by_name.pop(info.name) for info in group]
        passages = [
            p for part in parts for p, live in zip(part.passages, part.live, strict=True) if live
        ]
        vectors = np.vstack([live_vectors(part) for part in parts])
        kind = kind_for(len(passages), approximate_from)
        merged = build_segment(next(numbers), passages, vectors, kind)
        log.info("merged %d segments into %s", len(parts), merged.info.name)
        by_name[merged.info.name] = merged
    return list(by_name.values())


def _rekinded(segments: Iterable[SegmentInfo], approximate_from: int) -> list[SegmentInfo]:
    """The segments whose vectors need the other kind of index under this threshold."""
    return [s for s in segments if s.kind != kind_for(s.rows, approximate_from)]


def _segment_numbers(segments: Iterable[SegmentInfo]) -> Iterator[str]:
    """Names for new segments, numbered past every segment of the index."""
    start = 1 + max((int(s.name[4:]) for s in segments), default=0)
    return (f"seg-{n:06d}" for n in itertools.count(start))


def _in_context(passages: list[Passage], i: int, articles: dict) -> str:
    """The passage after the one before it (or after the title, for an article's first).

    Its vector lets a passage like "But the government found that ..." be found by a
    question about what the previous sentence names.
    """
    before = passages[i - 1] if i else None
    if before is None or before.source != passages[i].source:
        return f"{articles[passages[i].source].title}. {passages[i].text}"
    return f"{before.text} {passages[i].text}"
