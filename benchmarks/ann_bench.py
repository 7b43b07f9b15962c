"""Benchmark 11: approximate (HNSW) against exact (flat) vector search.

Three questions. Does HNSW find what flat finds, for real questions over real vectors? From
what size does it pay? And how deep must a search go at each size to keep recall@10 ≥ 0.95?
The search depth (faiss's efSearch) costs query time only; the build depth
(efConstruction) costs build time only, and bounds what any search depth can find.

- Real vectors: the seeds and the external eval corpora, built with the real model (the
  build's own vectors, two per passage), searched with the questions of SQuAD 2.0
  validation and the dev set: recall@10 of HNSW against flat at several search depths, and
  as the searcher asks (its 2 × pool nearest, of which the first 10 are compared).
- Synthetic vectors: clustered unit vectors of dimension 384, two per passage, added in
  steps up to 1M passages to one flat index and two HNSW indexes (faiss's default build
  depth and ann.py's): flat's p50, each build's time and memory, and at each step
  and search depth each HNSW's recall@10 and p50.
- Expanded real vectors: the real vectors above, copied with noise along their own
  principal axes in steps up to 1M passages, searched with the real questions.

The search depth by index size that these measurements set is ``search_depth`` below.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from ask_bench import FLOOR_K
from measure import ms, percentile, secs, timed
from report import Goal, Section
from startup_bench import EXTERNAL, write_large_corpus

from bot.evaluation import load_cases
from embeddings import Encoder, load, update_index
from embeddings.ann import HNSW_BUILD_DEPTH, HNSW_LINKS, FaissIndex, search_depth

REAL_DEPTHS = (16, 32, 64, 128)  # search depths tried on the real vectors
DEPTHS = (64, 128, 256, 512, 1024, 2048)  # ... and at every size of the larger sets
STEPS = (10_000, 30_000, 100_000, 300_000, 1_000_000)  # passages (two vectors each)
EXPANDED_STEPS = (100_000, 300_000, 1_000_000)  # the real vectors are ~25,000 already
QUICK_STEPS = (2_000, 5_000)
CHUNK = 100_000  # vectors added at a time
DIMENSION = 384  # all-MiniLM-L6-v2's
TOPICS = 2_000  # cluster centres of the synthetic vectors
SPREAD = 1.0  # noise around a centre: passages of one topic have cosine ~0.5, others ~0
SYNTHETIC_QUERIES = 200
# An expanded copy's noise along each principal axis of the real vectors, as a share of
# their own spread along it: a copy then has cosine ~0.90 with its source, the median
# cosine of a real vector with its nearest other real vector (both measured on the
# seeds and external corpora's MiniLM vectors).
EXPANSION_NOISE = 0.5
RECALL = 0.95  # the bound on recall@10 against flat
P50_MS = 10.0  # ... and on a query's p50 at 1M passages

# The build depth (efConstruction) compared with ann.py's HNSW_BUILD_DEPTH: faiss's
# default, and ann.py's before this benchmark's sweeps at 1M chose 80 (see ann.py).
DEFAULT_BUILD_DEPTH = 40


@dataclass(frozen=True)
class Depth:
    """One HNSW index searched at one depth, against flat: recall and p50 (seconds)."""

    depth: int
    recall: float  # recall@10 of the searcher's call: its first 10 against flat's 10
    pool_recall: float  # recall@200: flat's 200 nearest found in the searcher's 200
    p50: float  # a search for the 10 nearest
    pool_p50: float  # the searcher's call, for its 200 nearest


@dataclass(frozen=True)
class RealVectors:
    """The real model's vectors of a corpus and of real questions."""

    passages: int
    vectors: np.ndarray
    queries: np.ndarray


def bench_ann(
    encoder: Encoder,
    model: str,
    max_words: int,
    seeds: Path,
    work: Path,
    log,
    questions_file: Path,
    quick: bool = False,
) -> Section:
    section = Section(
        "11. Approximate search (HNSW) against flat",
        f"`FaissIndex` of both kinds: flat (`IndexFlatIP`) and HNSW (`IndexHNSWFlat`, "
        f"{HNSW_LINKS} links; inner product on unit vectors), one query at a time on one "
        "thread, as the searcher asks. Recall@10: the share of flat's 10 nearest vectors "
        "that HNSW returns in its 10 nearest. HNSW is built with ann.py's build depth "
        f"(efConstruction) {HNSW_BUILD_DEPTH} except where faiss's default "
        f"{DEFAULT_BUILD_DEPTH} is named; the search depth (efSearch) is the one shown, and the "
        "goals use the one `search_depth` (`embeddings/ann.py`) gives "
        "at that size.",
    )
    real = _real_vectors(encoder, model, max_words, seeds, work, log, questions_file, quick)
    real_recall = _real(section, real)
    biggest = _synthetic(section, log, QUICK_STEPS if quick else STEPS)
    expanded = _expanded(section, log, real, QUICK_STEPS if quick else EXPANDED_STEPS)
    size, expanded_size = f"{biggest[0]:,}", f"{expanded[0]:,}"
    section.goals += [
        Goal(
            f"recall@10 against flat, real questions ({real.passages:,} passages, search "
            f"depth {search_depth(real.passages)})",
            real_recall,
            RECALL,
            higher_is_better=True,
            unit="",
        ),
        Goal(
            f"HNSW query p50 at {size} passages (synthetic, search depth {biggest[1].depth}, "
            "the searcher's 200 nearest)",
            1000 * biggest[1].pool_p50,
            P50_MS,
            unit="ms",
        ),
        # The issue asks for both at that size: the p50 holds only with this recall.
        Goal(
            f"HNSW recall@10 at {size} passages (synthetic, search depth {biggest[1].depth})",
            biggest[1].recall,
            RECALL,
            higher_is_better=True,
            unit="",
        ),
        Goal(
            f"HNSW recall@10 at {expanded_size} passages (expanded real vectors, real "
            f"questions, search depth {expanded[1].depth})",
            expanded[1].recall,
            RECALL,
            higher_is_better=True,
            unit="",
        ),
    ]
    return section


def _real_vectors(
    encoder: Encoder,
    model: str,
    max_words: int,
    seeds: Path,
    work: Path,
    log,
    questions_file: Path,
    quick: bool,
) -> RealVectors:
    """The seeds and external corpora built with the real model, and the eval questions."""
    corpus, index = work / "ann-corpus", work / "ann-index"
    if quick:
        corpus = seeds
    else:
        write_large_corpus(corpus, seeds, 0)  # the seeds and the external corpora
    log("11: building the seeds and external corpora with the real model")
    report, build = timed(lambda: update_index(corpus, index, model, max_words, lambda: encoder))
    cases = load_cases(EXTERNAL / "squad2" / "validation.jsonl") + load_cases(questions_file)
    asked = [c["question"] for c in cases if c["type"] == "ask"]
    vectors = load(index).ann.vectors()
    real = RealVectors(report.passages_total, vectors, np.asarray(encoder.encode(asked)))
    log(
        f"11: {real.passages:,} passages ({len(vectors):,} vectors) built in {secs(build)}, "
        f"{len(asked):,} questions"
    )
    return real


def _real(section: Section, real: RealVectors) -> float:
    """The real vectors' table; returns the recall@10 at the schedule's depth."""
    vectors, queries = real.vectors, real.queries
    flat = FaissIndex.from_vectors(vectors, vectors.shape[1])
    hnsw = _hnsw(vectors.shape[1], HNSW_BUILD_DEPTH)
    hnsw_build = timed(lambda: hnsw.add(vectors))[1]
    scheduled = search_depth(real.passages)
    flat_p50, truth = _nearest_by_flat(flat, queries)
    by_depth = {d: _depth(hnsw, queries, truth, d) for d in sorted({*REAL_DEPTHS, scheduled})}
    rows = [
        [
            _depth_label(depth, scheduled),
            f"{_searches_recall(hnsw, queries, truth, depth):.4f}",
            f"{found.recall:.4f}",
            f"{found.pool_recall:.4f}",
            ms(flat_p50),
            ms(found.p50),
            ms(found.pool_p50),
        ]
        for depth, found in by_depth.items()
    ]
    section.table(
        [
            "HNSW search depth, real vectors",
            "recall@10, search for 10",
            "recall@10",
            "recall@200",
            "flat p50",
            "HNSW p50, 10 nearest",
            "HNSW p50, 200 nearest",
        ],
        rows,
    )
    section.notes.append(
        f"Real vectors: {real.passages:,} passages ({len(vectors):,} vectors of the real "
        f"model) from the seeds and the external eval corpora; {len(queries):,} questions "
        "(SQuAD 2.0 validation and the dev set). The HNSW index over them took "
        f"{secs(hnsw_build)} to build (flat: nothing beyond the copy). Flat p50: the "
        f"searcher's {FLOOR_K} nearest. Recall@10 and recall@200, here and below, are those "
        f"of the searcher's call (its {FLOOR_K} nearest), and so are the other p50s where "
        "not said: faiss's search goes as deep as its depth, not as deep as the number asked "
        "for, so a search for 10 finds the same first 10 (the column beside), and at a "
        f"depth under {FLOOR_K} the searcher's {FLOOR_K} miss many of flat's."
    )
    return by_depth[scheduled].recall


def _synthetic(section: Section, log, steps: tuple[int, ...]) -> tuple[int, Depth]:
    """The synthetic vectors' tables; returns the largest size and its scheduled depth's
    figures (ann.py's build depth)."""
    rng = np.random.default_rng(11)
    centres = _unit(rng.standard_normal((TOPICS, DIMENSION)))
    queries = _clustered(rng, centres, SYNTHETIC_QUERIES)
    empty = np.zeros((0, DIMENSION), dtype=np.float32)
    indexes = {
        "flat": FaissIndex.from_vectors(empty, DIMENSION),
        "default": _hnsw(DIMENSION, DEFAULT_BUILD_DEPTH),
        "configured": _hnsw(DIMENSION, HNSW_BUILD_DEPTH),
    }
    built = dict.fromkeys(indexes, 0.0)
    sizes, depths, last = [], [], None
    for passages in steps:
        log(f"11: synthetic vectors, {passages:,} passages")
        while len(indexes["flat"]) < 2 * passages:
            chunk = _clustered(rng, centres, min(CHUNK, 2 * passages - len(indexes["flat"])))
            for name, index in indexes.items():
                built[name] += timed(lambda i=index, c=chunk: i.add(c))[1]
        flat_p50, truth = _nearest_by_flat(indexes["flat"], queries)
        scheduled = search_depth(passages)
        for depth in DEPTHS:
            default = _depth(indexes["default"], queries, truth, depth)
            configured = _depth(indexes["configured"], queries, truth, depth)
            depths.append(
                [
                    f"{passages:,}",
                    _depth_label(depth, scheduled),
                    f"{default.recall:.4f}",
                    ms(default.pool_p50),
                    f"{configured.recall:.4f}",
                    f"{configured.pool_recall:.4f}",
                    ms(configured.p50),
                    ms(configured.pool_p50),
                ]
            )
            if depth == scheduled:
                last = (passages, configured)
        sizes.append(
            [
                f"{passages:,}",
                ms(flat_p50),
                secs(built["flat"]),
                secs(built["default"]),
                secs(built["configured"]),
                _mb(indexes["flat"]),
                _mb(indexes["configured"]),
            ]
        )
    section.table(
        [
            "passages",
            "flat p50",
            "flat build",
            f"HNSW build, build depth {DEFAULT_BUILD_DEPTH}",
            f"HNSW build, build depth {HNSW_BUILD_DEPTH}",
            "flat memory",
            "HNSW memory",
        ],
        sizes,
    )
    section.table(
        [
            "passages",
            "search depth",
            f"recall@10, build depth {DEFAULT_BUILD_DEPTH}",
            f"p50, build depth {DEFAULT_BUILD_DEPTH}",
            f"recall@10, build depth {HNSW_BUILD_DEPTH}",
            "recall@200",
            "p50, 10 nearest",
            "p50, 200 nearest",
        ],
        depths,
    )
    section.notes.append(
        f"Synthetic vectors: {TOPICS:,} random topic centres, each vector a centre plus "
        f"Gaussian noise of norm {SPREAD} (cosine ~0.5 within a topic, ~0 across), "
        f"normalised; {SYNTHETIC_QUERIES} queries drawn the same way. Flat p50 and the p50 "
        f"of build depth {DEFAULT_BUILD_DEPTH}: the searcher's {FLOOR_K} nearest. Build: the "
        "seconds of adding the vectors, cumulated over the steps (an index of that size built "
        "at once), for the three indexes built side by side; memory: the vectors plus HNSW's "
        "graph (the same for both build depths: the links per vector are fixed). Noise "
        "spread evenly over 384 dimensions is a worst case for a graph index (real sentence "
        "vectors lie near far fewer dimensions)."
    )
    assert last is not None, "every step searches at its scheduled depth"
    return last


def _expanded(
    section: Section, log, real: RealVectors, steps: tuple[int, ...]
) -> tuple[int, Depth]:
    """The expanded real vectors' table; returns the largest size and its scheduled depth's
    figures."""
    rng = np.random.default_rng(12)
    vectors, queries = real.vectors, real.queries
    _, spread, axes = np.linalg.svd(vectors - vectors.mean(axis=0), full_matrices=False)
    # Each row a principal axis, as long as the real vectors' standard deviation along it
    # times EXPANSION_NOISE: standard normal weights on these rows give the noise.
    noise_axes = axes * (EXPANSION_NOISE * spread / np.sqrt(len(vectors) - 1))[:, None]
    hnsw = _hnsw(vectors.shape[1], HNSW_BUILD_DEPTH)
    nearest = _Nearest(queries, FLOOR_K)
    built, rows, last, to_source = 0.0, [], None, []
    for passages in steps:
        log(f"11: expanded real vectors, {passages:,} passages")
        while len(hnsw) < 2 * passages:
            count = min(CHUNK, 2 * passages - len(hnsw))
            sources = vectors[rng.integers(0, len(vectors), count)]
            weights = rng.standard_normal((count, len(noise_axes)), dtype=np.float32)
            chunk = _unit(sources + weights @ noise_axes)
            to_source.append(float(np.median(np.sum(chunk * sources, axis=1))))
            nearest.add(chunk, len(hnsw))
            built += timed(lambda c=chunk: hnsw.add(c))[1]
        scheduled = search_depth(passages)
        for depth in DEPTHS:
            found = _depth(hnsw, queries, nearest.rows(), depth)
            rows.append(
                [
                    f"{passages:,}",
                    _depth_label(depth, scheduled),
                    f"{found.recall:.4f}",
                    f"{found.pool_recall:.4f}",
                    ms(found.p50),
                    ms(found.pool_p50),
                ]
            )
            if depth == scheduled:
                last = (passages, found)
    section.table(
        [
            "passages (expanded real vectors)",
            "search depth",
            "recall@10",
            "recall@200",
            "p50, 10 nearest",
            "p50, 200 nearest",
        ],
        rows,
    )
    section.notes.append(
        f"Expanded real vectors: the {len(vectors):,} real vectors above, each new vector a "
        "random one of them plus Gaussian noise along their principal axes (from their "
        f"covariance), {EXPANSION_NOISE} × their standard deviation along each axis, "
        f"normalised: a copy has cosine {np.median(to_source):.2f} (median) with its source, "
        "about what a real vector has with its nearest other real vector "
        f"({_nearest_other(vectors):.2f}). Searched "
        f"with the {len(queries):,} real questions; flat's nearest computed exactly in numpy "
        f"as the vectors were added. The HNSW index (build depth {HNSW_BUILD_DEPTH}) took "
        f"{secs(built)} to build. This keeps the real vectors' spectrum (far from "
        "isotropic) and their clusters, but a question's nearest are then copies of the few "
        "real passages nearest to it, told apart by noise only: a harder task than a real "
        "archive of that size, still not real text."
    )
    assert last is not None, "every step searches at its scheduled depth"
    return last


class _Nearest:
    """The exact ``k`` nearest vectors of each query, kept up to date as vectors are added."""

    SLICE = 20_000  # vectors scored at a time (queries × SLICE scores in memory)

    def __init__(self, queries: np.ndarray, k: int):
        self._queries, self._k = queries, k
        self._scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
        self._rows = np.zeros((len(queries), 0), dtype=np.int64)

    def add(self, vectors: np.ndarray, first_row: int) -> None:
        for start in range(0, len(vectors), self.SLICE):
            scores = self._queries @ vectors[start : start + self.SLICE].T
            rows = np.arange(scores.shape[1]) + first_row + start
            if scores.shape[1] > self._k:  # the slice's own k best first: a linear pass
                rows = np.argpartition(-scores, self._k, axis=1)[:, : self._k]
                scores = np.take_along_axis(scores, rows, axis=1)
                rows = rows + first_row + start
            else:
                rows = np.broadcast_to(rows, scores.shape)
            scores = np.concatenate([self._scores, scores], axis=1)
            rows = np.concatenate([self._rows, rows], axis=1)
            best = np.argsort(-scores, axis=1)[:, : self._k]
            self._scores = np.take_along_axis(scores, best, axis=1)
            self._rows = np.take_along_axis(rows, best, axis=1)

    def rows(self) -> list[list[int]]:
        return self._rows.tolist()


def _nearest_other(vectors: np.ndarray, sample: int = 2_000) -> float:
    """The median cosine of a vector with its nearest other vector (of a sample of them)."""
    scores = vectors[:sample] @ vectors.T
    np.fill_diagonal(scores, -np.inf)  # itself: row i of the sample is vector i
    return float(np.median(scores.max(axis=1)))


def _hnsw(dimension: int, build_depth: int) -> FaissIndex:
    """An empty HNSW index as ``FaissIndex.from_vectors`` makes one, with this build depth
    (ann.py's is the one HNSW_BUILD_DEPTH)."""
    index = faiss.IndexHNSWFlat(dimension, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = build_depth
    return FaissIndex(index)


def _nearest_by_flat(flat: FaissIndex, queries: np.ndarray) -> tuple[float, list[list[int]]]:
    """The p50 of flat's search for the searcher's nearest, and the rows it found."""
    p50, found = _searches(flat, queries, FLOOR_K)
    return p50, [[row for row, _ in f] for f in found]


def _depth(index: FaissIndex, queries: np.ndarray, truth: list[list[int]], depth: int) -> Depth:
    """``index`` searched at ``depth`` against the exact nearest rows ``truth``."""
    p50 = _searches(index, queries, 10, depth)[0]
    pool_p50, found = _searches(index, queries, FLOOR_K, depth)
    rows = [[row for row, _ in f] for f in found]
    return Depth(
        depth,
        _recall([t[:10] for t in truth], [r[:10] for r in rows]),
        _recall(truth, rows),
        p50,
        pool_p50,
    )


def _searches_recall(
    index: FaissIndex, queries: np.ndarray, truth: list[list[int]], depth: int
) -> float:
    """The recall@10 of searches for the 10 nearest at ``depth``."""
    found = _searches(index, queries, 10, depth)[1]
    return _recall([t[:10] for t in truth], [[row for row, _ in f] for f in found])


def _depth_label(depth: int, scheduled: int) -> str:
    return f"**{depth}** (search_depth)" if depth == scheduled else str(depth)


def _mb(index: FaissIndex) -> str:
    return f"{index.nbytes / 2**20:,.0f} MB"


def _unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _clustered(rng: np.random.Generator, centres: np.ndarray, count: int) -> np.ndarray:
    noise = rng.standard_normal((count, DIMENSION), dtype=np.float32) * (
        SPREAD / np.sqrt(DIMENSION)
    )
    return _unit(centres[rng.integers(0, len(centres), count)] + noise)


def _recall(truth: list[list[int]], found: list[list[int]]) -> float:
    """The mean share of each query's ``truth`` rows that it ``found``."""
    return float(
        np.mean([len(set(t) & set(f)) / len(t) for t, f in zip(truth, found, strict=True)])
    )


def _searches(
    index: FaissIndex, queries: np.ndarray, k: int, depth: int | None = None
) -> tuple[float, list[list[tuple[int, float]]]]:
    """The p50 of searching each query for its ``k`` nearest, and what each found."""
    runs = [timed(lambda q=q: index.search(q, k, depth)) for q in queries]
    return percentile([wall for _, wall in runs], 50), [found for found, _ in runs]
