"""Benchmark 12: filtered search against unfiltered.

A question may be narrowed to a date range and to some articles (one article, an outlet's,
or those a glob of file names matches): ``embeddings.filters.Where``, applied inside
retrieval (FAISS skips filtered-out vectors, bm25s masks their weights), so a filtered
question still gets its best passages. The issue's bound: a filtered ``Searcher.search``
stays within 1.3× of the unfiltered one's p50.

Measured on the seeds (real model, flat index) and on the ~100,000-passage corpus of
benchmark 9 (hashing encoder: no embedding time; built flat, then rewritten as HNSW from
its stored vectors, as ``[index] approximate_from`` makes it by default). The question's
vector is given, so the ratios are about retrieval alone. On HNSW a filter can also make
the search find fewer passages (the graph is walked as without the filter; only the
admitted ones are kept): the dense list of each filtered search on HNSW is compared with
flat's, on the same passages.
"""

from __future__ import annotations

import fnmatch
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from ann_bench import RECALL
from measure import ms, percentile, ratio, timed
from report import Goal, Section
from startup_bench import APPROXIMATE_FROM, SYNTHETIC_ARTICLES, write_large_corpus
from synthetic import OUTLETS

from bot.constants import RANKER_CANDIDATES, RANKER_POOL
from bot.engine import Engine
from embeddings import HashingEncoder, Searcher, Store, load, update_index
from embeddings.filters import Where

FILTERED_OVER_UNFILTERED = 1.3  # the bound on filtered ÷ unfiltered p50
ROUNDS = 5  # each question is searched this many times under each filter, after a warm-up
QUICK_ROUNDS = 2
QUICK_SYNTHETIC_ARTICLES = 300
DATE_SHARE = 0.2  # the date range admits about this share of the articles
OUTLET = OUTLETS[0]  # one of the ten outlets of the synthetic articles: ~10% of the large corpus
# A glob of file names: on the seeds two of the five, on the large corpus synthetic_00000
# to synthetic_00899 (~10% of its articles).
SEEDS_GLOB = "00[01]_*"
LARGE_GLOB = "synthetic_00[0-8]*"

FilterKind = Literal["none", "date range", "outlet", "glob", "one article", "date and outlet"]


@dataclass(frozen=True)
class Filter:
    kind: FilterKind
    where: Where | None
    described: str  # what it admits, as a reader would ask it


@dataclass(frozen=True)
class Measured:
    """One filter's searches on one index."""

    filter: Filter
    articles: int  # admitted
    passages: int  # admitted
    seconds: list[float]  # per `Searcher.search`
    dense: list[list[tuple[str, int]]]  # each question's dense list, as passage keys
    stages: dict[str, list[float]]  # seconds per call of each stage of the search

    def p(self, q: float) -> float:
        return percentile(self.seconds, q)

    @property
    def found(self) -> float:
        """The dense list's mean length (it is asked for the search's pool)."""
        return statistics.mean(len(d) for d in self.dense)


@dataclass(frozen=True)
class Index:
    """The measurements of every filter on one index."""

    name: str
    articles: int
    passages: int
    by_kind: dict[FilterKind, Measured]

    def over_unfiltered(self, kind: FilterKind, q: float) -> float:
        return self.by_kind[kind].p(q) / self.by_kind["none"].p(q)

    def worst(self) -> tuple[FilterKind, float]:
        """The filter kind with the largest p50 ratio, and that ratio."""
        kinds = [k for k in self.by_kind if k != "none"]
        worst = max(kinds, key=lambda k: self.over_unfiltered(k, 50))
        return worst, self.over_unfiltered(worst, 50)


def filters(store: Store, glob: str) -> list[Filter]:
    """The filters measured on ``store``: none, then each kind (outlet and its combination
    only where the articles name that outlet)."""
    articles = store.articles
    names = sorted(articles)
    dated = sorted((a.published, name) for name, a in articles.items() if a.published)
    wanted = max(1, round(DATE_SHARE * len(articles)))
    first = max(0, (len(dated) - wanted) // 2)  # a window in the middle of the dates
    since, until = dated[first][0], dated[min(first + wanted, len(dated)) - 1][0]
    window = f"{since.isoformat()} to {until.isoformat()}"
    outlet = frozenset(name for name, a in articles.items() if a.outlet == OUTLET)
    one = names[len(names) // 2]
    found = [
        Filter("none", None, "no filter"),
        Filter("date range", Where(since=since, until=until), f"published {window}"),
        Filter("glob", Where(sources=_glob(names, glob)), f"files `{glob}`"),
        Filter("one article", Where(sources=frozenset([one])), f"`{one}`"),
    ]
    if outlet:
        found[2:2] = [Filter("outlet", Where(sources=outlet), f"outlet {OUTLET}")]
        found.append(
            Filter(
                "date and outlet",
                Where(sources=outlet, since=since, until=until),
                f"outlet {OUTLET}, published {window}",
            )
        )
    return found


def _glob(names: list[str], pattern: str) -> frozenset[str]:
    return frozenset(name for name in names if fnmatch.fnmatchcase(name, pattern))


def measure_index(
    name: str,
    searcher: Searcher,
    asked: list[str],
    vectors: np.ndarray,
    glob: str,
    rounds: int,
) -> Index:
    """Every filter's searches on one index, interleaved per question (so a burst of
    machine load hits every filter alike), after one warm-up pass."""
    store = searcher.store
    measured = filters(store, glob)

    def search(question: str, vector: np.ndarray, where: Where | None) -> object:
        return searcher.search(question, RANKER_CANDIDATES, RANKER_POOL, vector, where)

    for question, vector in zip(asked, vectors, strict=True):
        for f in measured:
            search(question, vector, f.where)
    seconds: dict[FilterKind, list[float]] = {f.kind: [] for f in measured}
    for _ in range(rounds):
        for question, vector in zip(asked, vectors, strict=True):
            for f in measured:
                seconds[f.kind].append(
                    timed(lambda q=question, v=vector, w=f.where: search(q, v, w))[1]
                )
    by_kind = {
        f.kind: Measured(
            f,
            sum(
                f.where is None or f.where.admits(n, a.published) for n, a in store.articles.items()
            ),
            _admitted_passages(store, f.where),
            seconds[f.kind],
            [_dense(searcher, q, v, f.where) for q, v in zip(asked, vectors, strict=True)],
            _stages(store, asked, vectors, f.where),
        )
        for f in measured
    }
    return Index(name, len(store.articles), len(store.passages), by_kind)


def _admitted_passages(store: Store, where: Where | None) -> int:
    masks = store.masks(where)
    if masks is None:
        return len(store.passages)
    return sum(int(np.count_nonzero(m)) for m in masks if m is not None)


def _dense(
    searcher: Searcher, question: str, vector: np.ndarray, where: Where | None
) -> list[tuple[str, int]]:
    """The search's dense list, as (article, ordinal) keys: the same on any index of the
    same passages."""
    dense, _, _ = searcher.retrieval.lists(question, vector, RANKER_POOL, where)
    return [searcher.store.key_of(row) for row, _ in dense]


def _stages(
    store: Store, asked: list[str], vectors: np.ndarray, where: Where | None
) -> dict[str, list[float]]:
    """The stages of a filtered search that the filter touches, timed one by one (one pass):
    the masks, the dense search and the keyword search under them."""
    stages: dict[str, Callable[[str, np.ndarray], object]] = {
        "masks": lambda q, v: store.masks(where),
        "dense": lambda q, v: store.ann.search(v, 2 * RANKER_POOL, store.masks(where)),
        "keyword": lambda q, v: store.keywords.search(q, RANKER_POOL, store.masks(where)),
    }
    seconds: dict[str, list[float]] = {name: [] for name in stages}
    for question, vector in zip(asked, vectors, strict=True):
        for name, stage in stages.items():
            seconds[name].append(timed(lambda s=stage, q=question, v=vector: s(q, v))[1])
    masks = statistics.median(seconds["masks"])
    # The dense and keyword stages build their masks too: what is left is their search.
    return {
        "masks": seconds["masks"],
        "dense": [s - masks for s in seconds["dense"]],
        "keyword": [s - masks for s in seconds["keyword"]],
    }


def _recall(hnsw: Measured, flat: Measured) -> float:
    """The mean share of flat's dense list that HNSW's holds, over the questions whose flat
    list is not empty."""
    shares = [
        len(set(h) & set(f)) / len(f) for h, f in zip(hnsw.dense, flat.dense, strict=True) if f
    ]
    return statistics.mean(shares) if shares else 1.0


def _large_indexes(
    seeds: Path, work: Path, log, asked: list[str], quick: bool, rounds: int
) -> tuple[Index, Index]:
    """The large corpus built flat, then rewritten as HNSW from its stored vectors."""
    corpus, folder = work / "filter-corpus", work / "filter-large"
    write_large_corpus(corpus, seeds, QUICK_SYNTHETIC_ARTICLES if quick else SYNTHETIC_ARTICLES)
    encoder = HashingEncoder()
    vectors = encoder.encode(asked)
    measured = []
    # --quick's corpus is under approximate_from: there any size makes it HNSW.
    for approximate_from in (0, 1 if quick else APPROXIMATE_FROM):
        kind = "flat" if approximate_from == 0 else "HNSW"
        log(f"12: building the large index ({kind}) with the hashing encoder")
        update_index(
            corpus, folder, "hashing", 40, HashingEncoder, approximate_from=approximate_from
        )
        store = load(folder)
        if store.ann.kind != kind.lower():
            raise RuntimeError(f"the large index is {store.ann.kind}, not {kind}")
        log(f"12: searching the large index ({kind}, {len(store.passages):,} passages)")
        measured.append(
            measure_index(
                f"large, {kind}", Searcher(store, encoder), asked, vectors, LARGE_GLOB, rounds
            )
        )
    return measured[0], measured[1]


def bench_filters(
    engine: Engine, asked: list[str], seeds: Path, work: Path, log, quick: bool = False
) -> Section:
    """``engine``: the seeds' (real model); the large index is built here."""
    rounds = QUICK_ROUNDS if quick else ROUNDS
    log("12: searching the seeds")
    seeds_vectors = engine.encoder.encode(asked)
    on_seeds = measure_index(
        "seeds, flat", engine.loaded.searcher, asked, seeds_vectors, SEEDS_GLOB, rounds
    )
    ask_seconds = [timed(lambda q=q: engine.ask(q))[1] for q in asked]
    flat, hnsw = _large_indexes(seeds, work, log, asked, quick, rounds)
    indexes = (on_seeds, flat, hnsw)
    section = Section(
        "12. Filtered search against unfiltered",
        f"`Searcher.search(question, {RANKER_CANDIDATES}, {RANKER_POOL}, vector, where)` as "
        "`ask` calls it, the question's vector given (so no embedding is timed), with no "
        "filter and with a `Where` of each kind: a date range in the middle of the "
        f"publication dates admitting ~{DATE_SHARE:.0%} of the articles, one outlet "
        "(~10% of the large corpus's; the seeds name none), a glob of file names, one "
        "article (the most selective), and a date range with an outlet. "
        f"{len(asked)} questions (benchmark 2's), each searched {rounds} times under every "
        "filter after one warm-up pass, the filters interleaved per question. On the "
        f"seeds ({on_seeds.articles} articles, {on_seeds.passages} passages, real model) "
        f"and on benchmark 9's large corpus ({flat.articles:,} articles, "
        f"{flat.passages:,} passages, hashing encoder, dates and outlets spread over its "
        "synthetic articles), built flat and then rewritten as HNSW from its stored "
        f"vectors (`[index] approximate_from = {APPROXIMATE_FROM:,}` makes it HNSW by "
        "default).",
    )
    rows = []
    for index in indexes:
        for kind, m in index.by_kind.items():
            rows.append(
                [
                    index.name,
                    m.filter.described,
                    f"{m.articles:,} ({m.articles / index.articles:.1%})",
                    f"{m.passages:,} ({m.passages / index.passages:.1%})",
                    ms(m.p(50)),
                    ms(m.p(95)),
                    "" if kind == "none" else ratio(index.over_unfiltered(kind, 50)),
                    "" if kind == "none" else ratio(index.over_unfiltered(kind, 95)),
                    f"{m.found:.0f}",
                    f"{_recall(m, flat.by_kind[kind]):.3f}" if index is hnsw else "",
                ]
            )
    section.table(
        [
            "index",
            "filter",
            "articles admitted",
            "passages admitted",
            "p50",
            "p95",
            "p50 ÷ unfiltered",
            "p95 ÷ unfiltered",
            f"dense list (of {RANKER_POOL})",
            "dense list's recall against flat's",
        ],
        rows,
    )
    section.table(
        ["index", "filter", "masks", "dense search", "keyword search"],
        [
            [
                index.name,
                m.filter.described,
                *(
                    f"{1000 * statistics.median(m.stages[stage]):.2f} ms"
                    for stage in ("masks", "dense", "keyword")
                ),
            ]
            for index in (flat, hnsw)
            for m in index.by_kind.values()
        ],
    )
    for index in indexes:
        kind, worst = index.worst()
        section.goals.append(
            Goal(
                f"filtered ÷ unfiltered `Searcher.search` p50, {index.name} "
                f"({index.passages:,} passages), worst filter ({kind})",
                worst,
                FILTERED_OVER_UNFILTERED,
            )
        )
    recall_kind = min(
        (k for k in hnsw.by_kind if k != "none"),
        key=lambda k: _recall(hnsw.by_kind[k], flat.by_kind[k]),
    )
    section.goals.append(
        Goal(
            f"filtered HNSW dense list's recall against flat's, worst filter ({recall_kind})",
            _recall(hnsw.by_kind[recall_kind], flat.by_kind[recall_kind]),
            RECALL,
            higher_is_better=True,
            unit="",
        )
    )
    unfiltered = on_seeds.by_kind["none"].p(50)
    section.notes += [
        "Stages (second table): one pass over the questions, medians; `masks` is "
        "`Store.masks(where)` (which passages of each segment a search may return), "
        "`dense` `store.ann.search(vector, 2 × pool, masks)` and `keyword` "
        "`store.keywords.search(question, pool, masks)`, each less the masks' median. "
        "The rest of a search (fusion, both cosines of each candidate, hits, "
        "near-duplicates) does not depend on the filter beyond the candidates' number.",
        f"Dense list: the passages of the search's dense list (it asks FAISS for "
        f"{2 * RANKER_POOL} vectors, two per passage, and keeps the best {RANKER_POOL} "
        "passages); its recall on HNSW is the mean share of flat's dense list, under the "
        "same filter, that HNSW's holds.",
        f"For scale: a warm `Engine.ask` on the seeds, unfiltered, took "
        f"{ms(statistics.median(ask_seconds))} (p50, one pass) in this run, against "
        f"{ms(unfiltered)} for its unfiltered search. `Engine.ask` takes no filter yet.",
    ]
    return section
