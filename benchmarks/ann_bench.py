"""Benchmark 11: approximate (HNSW) against exact (flat) vector search.

Two questions. Does HNSW find what flat finds, for real questions over real vectors? And
from what size does it pay?

- Recall: the seeds and the external eval corpora, built with the real model (the build's
  own vectors, two per passage), searched with the questions of SQuAD 2.0 validation and
  the dev set: recall@10 of HNSW against flat at several search depths, and as the
  searcher asks (its 2 × pool nearest, of which the first 10 are compared).
- Size: clustered synthetic unit vectors of dimension 384, two per passage, added in steps
  up to 1M passages to one flat and one HNSW index: query p50 of each, recall@10, the
  build's time and the memory at each step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from ask_bench import FLOOR_K
from measure import ms, percentile, secs, timed
from report import Goal, Section
from startup_bench import EXTERNAL, write_large_corpus

from bot.evaluation import load_cases
from embeddings import Encoder, load, update_index
from embeddings.ann import HNSW_BUILD_DEPTH, HNSW_LINKS, HNSW_SEARCH_DEPTH, FaissIndex

DEPTHS = (16, 32, HNSW_SEARCH_DEPTH, 128)
STEPS = (10_000, 30_000, 100_000, 300_000, 1_000_000)  # passages (two vectors each)
QUICK_STEPS = (2_000, 5_000)
DIMENSION = 384  # all-MiniLM-L6-v2's
TOPICS = 2_000  # cluster centres of the synthetic vectors
SPREAD = 1.0  # noise around a centre: passages of one topic have cosine ~0.5, others ~0
SYNTHETIC_QUERIES = 200
RECALL = 0.95  # the bound on recall@10 against flat
P50_MS = 10.0  # ... and on a query's p50 at 1M passages


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
        f"{HNSW_LINKS} links, build depth {HNSW_BUILD_DEPTH}, search depth "
        f"{HNSW_SEARCH_DEPTH}; inner product on unit vectors), one query at a time on one "
        "thread, as the searcher asks. Recall@10: the share of flat's 10 nearest vectors "
        "that HNSW returns in its 10 nearest.",
    )
    real_recall = _real(section, encoder, model, max_words, seeds, work, log, questions_file, quick)
    at_most = _synthetic(section, log, QUICK_STEPS if quick else STEPS)
    section.goals += [
        Goal(
            "recall@10 against flat, real questions (search depth as configured)",
            real_recall,
            RECALL,
            higher_is_better=True,
            unit="",
        ),
        Goal(
            f"HNSW query p50 at {at_most['passages']:,} passages (synthetic)",
            at_most["hnsw_ms"],
            P50_MS,
            unit="ms",
        ),
        # The issue asks for both at that size: the p50 holds only with this recall.
        Goal(
            f"HNSW recall@10 at {at_most['passages']:,} passages (synthetic)",
            at_most["recall"],
            RECALL,
            higher_is_better=True,
            unit="",
        ),
    ]
    return section


def _real(
    section: Section,
    encoder: Encoder,
    model: str,
    max_words: int,
    seeds: Path,
    work: Path,
    log,
    questions_file: Path,
    quick: bool,
) -> float:
    corpus, index = work / "ann-corpus", work / "ann-index"
    if quick:
        corpus = seeds
    else:
        write_large_corpus(corpus, seeds, 0)  # the seeds and the external corpora
    log("11: building the seeds and external corpora with the real model")
    report, build = timed(lambda: update_index(corpus, index, model, max_words, lambda: encoder))
    vectors = load(index).ann.vectors()
    cases = load_cases(EXTERNAL / "squad2" / "validation.jsonl") + load_cases(questions_file)
    asked = [c["question"] for c in cases if c["type"] == "ask"]
    queries = encoder.encode(asked)
    flat = FaissIndex.from_vectors(vectors, vectors.shape[1])
    hnsw, hnsw_build = timed(lambda: FaissIndex.from_vectors(vectors, vectors.shape[1], "hnsw"))
    rows = []
    configured = 0.0
    for k, depths in ((10, DEPTHS), (FLOOR_K, (HNSW_SEARCH_DEPTH,))):
        flat_p50, nearest = _searches(flat, queries, k)
        truth = [_rows(found[:10]) for found in nearest]
        for depth in depths:
            hnsw_p50, found = _searches(hnsw, queries, k, depth)
            recall = _recall(truth, [_rows(f[:10]) for f in found])
            if k == 10 and depth == HNSW_SEARCH_DEPTH:
                configured = recall
            rows.append(
                [
                    f"{k} nearest, depth {depth}" + (" (the searcher's call)" if k != 10 else ""),
                    f"{recall:.4f}",
                    ms(flat_p50),
                    ms(hnsw_p50),
                ]
            )
    section.table(["HNSW search, real vectors", "recall@10", "flat p50", "HNSW p50"], rows)
    section.notes.append(
        f"Real vectors: {report.passages_total:,} passages ({len(vectors):,} vectors of "
        f"{model}, built in {secs(build)}) from the seeds and the external eval corpora; "
        f"{len(asked):,} questions (SQuAD 2.0 validation and the dev set). The HNSW index "
        f"over them took {secs(hnsw_build)} to build (flat: nothing beyond the copy)."
    )
    return configured


def _synthetic(section: Section, log, steps: tuple[int, ...]) -> dict:
    rng = np.random.default_rng(11)
    centres = _unit(rng.standard_normal((TOPICS, DIMENSION)))
    queries = _clustered(rng, centres, SYNTHETIC_QUERIES)
    empty = np.zeros((0, DIMENSION), dtype=np.float32)
    flat = FaissIndex.from_vectors(empty, DIMENSION)
    hnsw = FaissIndex.from_vectors(empty, DIMENSION, "hnsw")
    built = {"flat": 0.0, "hnsw": 0.0}
    rows, last = [], {}
    for passages in steps:
        log(f"11: synthetic vectors, {passages:,} passages")
        while len(flat) < 2 * passages:
            chunk = _clustered(rng, centres, min(100_000, 2 * passages - len(flat)))
            for name, index in (("flat", flat), ("hnsw", hnsw)):
                built[name] += timed(lambda i=index, c=chunk: i.add(c))[1]
        flat_p50, nearest = _searches(flat, queries, FLOOR_K)
        truth = [_rows(found[:10]) for found in nearest]
        recall = _recall(truth, [_rows(hnsw.search(q, 10)) for q in queries])
        hnsw_p50 = _searches(hnsw, queries, FLOOR_K)[0]
        last = {"passages": passages, "hnsw_ms": 1000 * hnsw_p50, "recall": recall}
        rows.append(
            [
                f"{passages:,}",
                ms(flat_p50),
                ms(hnsw_p50),
                f"{recall:.4f}",
                secs(built["flat"]),
                secs(built["hnsw"]),
                f"{flat.nbytes / 2**20:,.0f} MB",
                f"{hnsw.nbytes / 2**20:,.0f} MB",
            ]
        )
    section.table(
        [
            "passages",
            "flat p50",
            "HNSW p50",
            "recall@10",
            "flat build",
            "HNSW build",
            "flat memory",
            "HNSW memory",
        ],
        rows,
    )
    section.notes.append(
        f"Synthetic vectors: {TOPICS:,} random topic centres, each vector a centre plus "
        f"Gaussian noise of norm {SPREAD} (cosine ~0.5 within a topic, ~0 across), "
        f"normalised; {SYNTHETIC_QUERIES} queries drawn the same way. p50 of a search for "
        f"the searcher's {FLOOR_K} nearest; recall@10 of a search for 10. Build: the "
        "seconds of adding the vectors, cumulated over the steps (an index of that size "
        "built at once); memory: the vectors plus HNSW's graph. Noise spread evenly over "
        "384 dimensions is a worst case for a graph index (real sentence vectors lie near "
        "far fewer dimensions), so the recall here is a floor, not the issue's target, "
        "which is measured on real questions above."
    )
    return last


def _unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _clustered(rng: np.random.Generator, centres: np.ndarray, count: int) -> np.ndarray:
    noise = rng.standard_normal((count, DIMENSION), dtype=np.float32) * (
        SPREAD / np.sqrt(DIMENSION)
    )
    return _unit(centres[rng.integers(0, len(centres), count)] + noise)


def _rows(found: list[tuple[int, float]]) -> set[int]:
    return {row for row, _ in found}


def _recall(truth: list[set[int]], found: list[set[int]]) -> float:
    return float(np.mean([len(t & f) / len(t) for t, f in zip(truth, found, strict=True)]))


def _searches(
    index: FaissIndex, queries: np.ndarray, k: int, depth: int | None = None
) -> tuple[float, list[list[tuple[int, float]]]]:
    """The p50 of searching each query for its ``k`` nearest, and what each found."""
    runs = [timed(lambda q=q: index.search(q, k, depth)) for q in queries]
    return percentile([wall for _, wall in runs], 50), [found for found, _ in runs]
