"""A segment of an index: the passages of some articles with everything a search needs of
them, written once by a build and never changed (as Lucene's and Milvus's segments).

An index is a list of segments. A build writes one new segment for the articles it
embeds, and marks the passages of changed and removed articles as deleted in the
segments that hold them (tombstones, listed in the manifest) instead of rewriting those.
When segments pile up or one is mostly deleted, the build merges a few of them into one,
from their stored vectors (``plan_merges``). So adding an article costs work in
proportion to the article, and merging is spread over many builds: a passage is
rewritten about once per doubling of its segment's size.

Files of a segment folder: passages.sqlite, keywords/ (BM25 and term statistics),
names.sqlite, vectors.faiss (two rows per passage, see ``build``), sources.json (which
rows hold which article: an article's passages are consecutive rows).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from .ann import FaissIndex, IndexKind
from .chunking import Passage
from .keyword import KeywordIndex
from .names import NameStats
from .passage_table import PassageTable, write_passages

# More segments than this and the smallest are merged: each search visits every segment,
# so their number is kept small; a merge of small segments is cheap.
MAX_SEGMENTS = 8
# A segment with at least this share of its passages deleted is rewritten without them:
# deleted passages still cost memory and search time, and skew keyword statistics.
MAX_DELETED_SHARE = 0.5


@dataclass(frozen=True)
class SegmentInfo:
    """A segment as the manifest lists it."""

    name: str  # its folder in the generation
    rows: int  # passages written, deleted ones included
    kind: IndexKind = "flat"
    deleted: tuple[int, ...] = ()  # rows whose articles changed or were removed, sorted

    @property
    def live(self) -> int:
        return self.rows - len(self.deleted)

    def deleting(self, rows: Sequence[int]) -> SegmentInfo:
        return replace(self, deleted=tuple(sorted({*self.deleted, *rows})))


@dataclass(frozen=True)
class Segment:
    """A segment read from disk (its files mapped) or just built (in memory)."""

    info: SegmentInfo
    passages: Sequence[Passage]
    ann: FaissIndex
    keywords: KeywordIndex
    names: NameStats
    folder: Path | None = None  # where it was read from; None: not written yet

    @cached_property
    def live(self) -> np.ndarray:
        """One bool per row: not deleted."""
        live = np.ones(self.info.rows, dtype=bool)
        live[list(self.info.deleted)] = False
        return live

    @cached_property
    def _article_rows(self) -> dict[str, tuple[int, int]]:
        """Article name -> its rows [first, end); read on first use, not at load."""
        if self.folder is None:
            return _article_rows(self.passages)
        found = json.loads((self.folder / "sources.json").read_text())
        return {name: (first, end) for name, first, end in found}

    def rows_of(self, source: str) -> range:
        """The rows of an article's passages in this segment (empty if it has none here)."""
        return range(*self._article_rows.get(source, (0, 0)))

    def sources(self) -> list[str]:
        return list(self._article_rows)


def build_segment(
    name: str, passages: Sequence[Passage], vectors: np.ndarray, kind: IndexKind
) -> Segment:
    """A new segment in memory; what readers need of its passages is worked out here, once."""
    texts = [p.text for p in passages]
    return Segment(
        SegmentInfo(name, len(passages), kind),
        passages,
        FaissIndex.from_vectors(vectors, vectors.shape[1], kind),
        KeywordIndex(texts),
        NameStats(texts),
    )


def write_segment(segment: Segment, generation: Path) -> None:
    """Write a segment built here into ``generation``; one read from disk is linked."""
    folder = generation / segment.info.name
    if segment.folder is not None:
        link_tree(segment.folder, folder)
        return
    folder.mkdir()
    write_passages(folder / "passages.sqlite", segment.passages)
    segment.keywords.save(folder / "keywords")
    segment.names.save(folder / "names.sqlite")
    segment.ann.save(folder / "vectors.faiss")
    write_sources(folder, segment.passages)


def write_sources(folder: Path, passages: Sequence[Passage]) -> None:
    """Write which rows of ``passages`` hold which article (sources.json)."""
    rows = _article_rows(passages)
    (folder / "sources.json").write_text(json.dumps([[n, *r] for n, r in rows.items()]))


def read_segment(generation: Path, info: SegmentInfo) -> Segment:
    """The segment ``info`` names, its files opened or mapped; raises what the files raise."""
    folder = generation / info.name
    return Segment(
        info,
        PassageTable(folder / "passages.sqlite"),
        FaissIndex.load(folder / "vectors.faiss"),
        KeywordIndex.load(folder / "keywords"),
        NameStats.load(folder / "names.sqlite"),
        folder,
    )


def consistent(segment: Segment, dimension: int) -> bool:
    """Whether the segment's files agree with each other and with the manifest."""
    info = segment.info
    return (
        len(segment.passages) == len(segment.keywords) == segment.names.size == info.rows
        and len(segment.ann) == 2 * info.rows
        and segment.ann.dimension == dimension
        and segment.ann.kind == info.kind
        and all(0 <= row < info.rows for row in info.deleted)
    )


def plan_merges(segments: list[SegmentInfo]) -> list[list[SegmentInfo]]:
    """The groups of segments to rewrite as one each.

    A mostly deleted segment is rewritten alone; then, while there are too many, the two
    smallest are merged (sizes then grow geometrically, so a passage is rewritten a
    logarithmic number of times). Segments with no live passage are left out: dropped.
    """
    rewrite = {s.name for s in segments if len(s.deleted) >= MAX_DELETED_SHARE * s.rows}
    sizes = [(s.live, [s]) for s in segments if s.live]
    while len(sizes) > MAX_SEGMENTS:
        sizes.sort(key=lambda pair: pair[0])
        (a, first), (b, second) = sizes[0], sizes[1]
        sizes[:2] = [(a + b, first + second)]
    return [group for _, group in sizes if len(group) > 1 or group[0].name in rewrite]


def _article_rows(passages: Sequence[Passage]) -> dict[str, tuple[int, int]]:
    rows: dict[str, tuple[int, int]] = {}
    for i, passage in enumerate(passages):
        first, _ = rows.get(passage.source, (i, i))
        rows[passage.source] = (first, i + 1)
    return rows


def link_tree(source: Path, target: Path) -> None:
    """Hard-link ``source`` (a file, or every file of a folder) as ``target``: a segment is
    never written again, so generations share its files instead of copying them."""
    for path in source.rglob("*") if source.is_dir() else [source]:
        to = target / path.relative_to(source) if source.is_dir() else target
        if path.is_dir():
            to.mkdir(parents=True, exist_ok=True)
            continue
        to.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, to)
        except OSError:  # a file system without hard links
            shutil.copy2(path, to)
