"""Benchmark 12: filtered search against unfiltered.

A question may be narrowed to a date range and to a source (one article, an outlet, or a
glob of file names): ``bot.filtering`` makes them an ``embeddings.filters.Where``, applied
inside retrieval (FAISS skips filtered-out vectors, bm25s masks their weights), so a
filtered question still gets its best passages. The issue's bound: a filtered
``Searcher.search`` stays within 1.3× of the unfiltered one's p50.

Measured on the seeds (real model, flat index) and on benchmark 9's corpus of ~100,000
passages (hashing encoder: no embedding time; built flat, then rewritten as HNSW from its
stored vectors, as ``[index] approximate_from`` makes it by default). The question's
vector is given, so the search ratios are about retrieval alone; the whole ``Engine.ask``
is timed too. On HNSW a filter could make the search find fewer passages than asked for
(the graph walk keeps only the admitted rows it meets), so each filtered search's dense
list on HNSW is compared with flat's, over the same passages.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
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
from bot.filtering import Filters
from bot.settings import Settings
from embeddings import Article, Searcher, Store
from embeddings.filters import Where

FILTERED_OVER_UNFILTERED = 1.3  # the bound on filtered ÷ unfiltered p50
SEARCH_ROUNDS = 5  # each question is searched this many times under each filter
ASK_ROUNDS = 2  # ... and asked (an ask takes ten times as long)
QUICK_SYNTHETIC_ARTICLES = 300  # --quick: a smaller large corpus, fewer questions and rounds
QUICK_QUESTIONS = 10
DATE_SHARE = 0.2  # the date range admits about this share of the articles
OUTLET = OUTLETS[0]  # one of the ten outlets of the synthetic articles: ~10% of the large corpus
# A glob of file names: on the seeds two of the five, on the large corpus synthetic_00000
# to synthetic_00899 (~10% of its articles).
SEEDS_GLOB = "00[01]_*"
LARGE_GLOB = "synthetic_00[0-8]*"

STAGES = ("scope", "masks", "dense", "keyword")  # of an ask, those a filter touches
FilterKind = Literal["none", "date range", "outlet", "glob", "one article", "date and source"]


@dataclass(frozen=True)
class Rounds:
    """How many times each question is searched and asked under each filter, after a
    warm-up pass."""

    searches: int
    asks: int


@dataclass(frozen=True)
class Filter:
    kind: FilterKind
    filters: Filters  # as a user gives them (`/ask since: until: source:`)

    def described(self) -> str:
        return self.filters.describe() or "no filter"


@dataclass(frozen=True)
class Measured:
    """One filter's searches and asks on one index."""

    filter: Filter
    articles: int  # admitted
    passages: int  # admitted
    searches: list[float]  # seconds per `Searcher.search`
    asks: list[float]  # seconds per `Engine.ask`
    dense: list[list[tuple[str, int]]]  # each question's dense list, as passage keys
    stages: dict[str, float]  # median seconds of each stage of an ask the filter touches

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

    def over_unfiltered(self, kind: FilterKind, q: float, asks: bool = False) -> float:
        def p(measured: Measured) -> float:
            return percentile(measured.asks if asks else measured.searches, q)

        return p(self.by_kind[kind]) / p(self.by_kind["none"])

    def worst(self) -> tuple[FilterKind, float]:
        """The filter kind with the largest search p50 ratio, and that ratio."""
        kinds = [k for k in self.by_kind if k != "none"]
        worst = max(kinds, key=lambda k: self.over_unfiltered(k, 50))
        return worst, self.over_unfiltered(worst, 50)


def filters(articles: Mapping[str, Article], glob: str) -> list[Filter]:
    """The filters measured over ``articles``: none, then each kind (the outlet only where
    the articles name it; the date range with a source: the outlet, or else the glob)."""
    names = sorted(articles)
    dated = sorted((a.published, name) for name, a in articles.items() if a.published)
    wanted = max(1, round(DATE_SHARE * len(articles)))
    first = max(0, (len(dated) - wanted) // 2)  # a window in the middle of the dates
    since, until = dated[first][0], dated[min(first + wanted, len(dated)) - 1][0]
    named = any(a.outlet == OUTLET for a in articles.values())
    return [
        Filter("none", Filters()),
        Filter("date range", Filters(since=since, until=until)),
        *([Filter("outlet", Filters(source=OUTLET))] if named else []),
        Filter("glob", Filters(source=glob)),
        Filter("one article", Filters(source=names[len(names) // 2])),
        Filter(
            "date and source", Filters(since=since, until=until, source=OUTLET if named else glob)
        ),
    ]


def measure_index(name: str, engine: Engine, asked: list[str], glob: str, rounds: Rounds) -> Index:
    """Every filter's searches and asks on the engine's index."""
    searcher = engine.loaded.searcher
    store = searcher.store
    vectors = engine.encoder.encode(asked)
    measured = filters(store.articles, glob)
    # Each filter as the engine makes it from the options (the question's own dates are not
    # read when the options set a filter, nor here).
    where = {f.kind: engine.scope(asked[0], f.filters, read_dates=False).where for f in measured}

    def search(question: str, vector: np.ndarray, f: Filter) -> object:
        return searcher.search(question, RANKER_CANDIDATES, RANKER_POOL, vector, where[f.kind])

    searches = _interleaved(search, asked, vectors, measured, rounds.searches)
    asks = _interleaved(
        lambda q, _, f: engine.ask(q, f.filters), asked, vectors, measured, rounds.asks
    )
    by_kind = {
        f.kind: Measured(
            f,
            sum(_admits(where[f.kind], n, a) for n, a in store.articles.items()),
            _admitted_passages(store, where[f.kind]),
            searches[f.kind],
            asks[f.kind],
            [_dense(searcher, q, v, where[f.kind]) for q, v in zip(asked, vectors, strict=True)],
            _stages(engine, asked, vectors, f, where[f.kind]),
        )
        for f in measured
    }
    return Index(name, len(store.articles), len(store.passages), by_kind)


def _interleaved(
    call: Callable[[str, np.ndarray, Filter], object],
    asked: list[str],
    vectors: np.ndarray,
    measured: list[Filter],
    rounds: int,
) -> dict[FilterKind, list[float]]:
    """Seconds of ``call`` per question and filter, ``rounds`` times after a warm-up pass,
    the filters interleaved per question (so a burst of machine load hits them alike)."""
    seconds: dict[FilterKind, list[float]] = {f.kind: [] for f in measured}
    for round_ in range(rounds + 1):
        for question, vector in zip(asked, vectors, strict=True):
            for f in measured:
                _, wall = timed(lambda q=question, v=vector, f=f: call(q, v, f))
                if round_:  # round 0 warms up
                    seconds[f.kind].append(wall)
    return seconds


def _admits(where: Where | None, name: str, article: Article) -> bool:
    return where is None or where.admits(name, article.published)


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
    engine: Engine, asked: list[str], vectors: np.ndarray, f: Filter, where: Where | None
) -> dict[str, float]:
    """The median seconds of the stages of an ask that the filter touches, over one pass:
    making it from the options as ``Engine.ask`` does, its masks, and the dense and keyword
    searches under them (less the masks)."""
    store = engine.loaded.store
    stages: dict[str, Callable[[str, np.ndarray], object]] = {
        "scope": lambda q, v: engine.scope(q, f.filters),
        "masks": lambda q, v: store.masks(where),
        "dense": lambda q, v: store.ann.search(v, 2 * RANKER_POOL, store.masks(where)),
        "keyword": lambda q, v: store.keywords.search(q, RANKER_POOL, store.masks(where)),
    }
    seconds: dict[str, list[float]] = {name: [] for name in stages}
    for question, vector in zip(asked, vectors, strict=True):
        for name, stage in stages.items():
            seconds[name].append(timed(lambda s=stage, q=question, v=vector: s(q, v))[1])
    medians = {name: statistics.median(s) for name, s in seconds.items()}
    searches = ("dense", "keyword")
    return {name: m - (medians["masks"] if name in searches else 0) for name, m in medians.items()}


def _recall(hnsw: Measured, flat: Measured) -> float:
    """The mean share of flat's dense list that HNSW's holds, over the questions whose flat
    list is not empty."""
    shares = [
        len(set(h) & set(f)) / len(f) for h, f in zip(hnsw.dense, flat.dense, strict=True) if f
    ]
    return statistics.mean(shares) if shares else 1.0


def _large_indexes(
    settings: Settings, seeds: Path, work: Path, log, asked: list[str], quick: bool, rounds: Rounds
) -> tuple[Index, Index]:
    """Benchmark 9's large corpus with the hashing encoder, built flat, then rewritten as
    HNSW from its stored vectors (a changed ``approximate_from`` embeds nothing)."""
    corpus = work / "filter-corpus"
    write_large_corpus(corpus, seeds, QUICK_SYNTHETIC_ARTICLES if quick else SYNTHETIC_ARTICLES)
    large = settings.with_paths(corpus=str(corpus), index=str(work / "filter-large"))
    large = replace(large, model=replace(large.model, name="hashing"))
    measured = []
    # --quick's corpus is under approximate_from: there any size makes it HNSW.
    for kind, approximate_from in (("flat", 0), ("hnsw", 1 if quick else APPROXIMATE_FROM)):
        log(f"12: building the large index ({kind}) with the hashing encoder")
        engine = Engine(
            replace(large, index=replace(large.index, approximate_from=approximate_from))
        )
        engine.refresh()
        store = engine.loaded.store
        if store.ann.kind != kind:
            raise RuntimeError(f"the large index is {store.ann.kind}, not {kind}")
        log(f"12: searching the large index ({kind}, {len(store.passages):,} passages)")
        measured.append(measure_index(f"large, {kind}", engine, asked, LARGE_GLOB, rounds))
    return measured[0], measured[1]


def bench_filters(
    settings: Settings,
    seeds_engine: Engine,
    asked: list[str],
    seeds: Path,
    work: Path,
    log,
    quick: bool = False,
) -> Section:
    """``seeds_engine``: the seeds' (real model); the large index is built here."""
    rounds = Rounds(1, 1) if quick else Rounds(SEARCH_ROUNDS, ASK_ROUNDS)
    asked = asked[:QUICK_QUESTIONS] if quick else asked
    log("12: searching the seeds")
    on_seeds = measure_index("seeds, flat", seeds_engine, asked, SEEDS_GLOB, rounds)
    flat, hnsw = _large_indexes(settings, seeds, work, log, asked, quick, rounds)
    indexes = (on_seeds, flat, hnsw)
    section = Section(
        "12. Filtered search against unfiltered",
        f"`Searcher.search(question, {RANKER_CANDIDATES}, {RANKER_POOL}, vector, where)` as "
        "`ask` calls it, the question's vector given (so no embedding is timed), and "
        "`Engine.ask(question, filters)`, with no filter and with one of each kind, given "
        "as the options `since`, `until` and `source` (`bot.filtering` makes them a "
        "`Where`): a date range in the middle of the publication dates admitting "
        f"~{DATE_SHARE:.0%} of the articles, one outlet (~10% of the large corpus's; the "
        "seeds name none), a glob of file names, one article (the most selective), and the "
        f"date range with a source. {len(asked)} questions (benchmark 2's), each searched "
        f"{rounds.searches} times and asked {rounds.asks} times under every filter after a "
        "warm-up pass, the filters interleaved per question. On the seeds "
        f"({on_seeds.articles} articles, {on_seeds.passages} passages, real model) and on "
        f"benchmark 9's large corpus ({flat.articles:,} articles, {flat.passages:,} "
        "passages, hashing encoder, dates and outlets spread over its synthetic articles), "
        "built flat and then rewritten as HNSW from its stored vectors "
        f"(`[index] approximate_from = {APPROXIMATE_FROM:,}` makes it HNSW by default).",
    )
    rows = []
    for index in indexes:
        for kind, m in index.by_kind.items():
            filtered = kind != "none"
            rows.append(
                [
                    index.name,
                    m.filter.described(),
                    f"{m.articles:,} ({m.articles / index.articles:.1%})",
                    f"{m.passages:,} ({m.passages / index.passages:.1%})",
                    ms(percentile(m.searches, 50)),
                    ms(percentile(m.searches, 95)),
                    ratio(index.over_unfiltered(kind, 50)) if filtered else "",
                    ratio(index.over_unfiltered(kind, 95)) if filtered else "",
                    ms(percentile(m.asks, 50)),
                    ratio(index.over_unfiltered(kind, 50, asks=True)) if filtered else "",
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
            "search p50",
            "search p95",
            "search p50 ÷ unfiltered",
            "search p95 ÷ unfiltered",
            "ask p50",
            "ask p50 ÷ unfiltered",
            f"dense list (of {RANKER_POOL})",
            "dense list's recall against flat's",
        ],
        rows,
    )
    section.table(
        ["index", "filter", "`Engine.scope`", "masks", "dense search", "keyword search"],
        [
            [
                index.name,
                m.filter.described(),
                *(f"{1000 * m.stages[stage]:.2f} ms" for stage in STAGES),
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
    recalls = {k: _recall(m, flat.by_kind[k]) for k, m in hnsw.by_kind.items() if k != "none"}
    worst_recall = min(recalls, key=lambda k: recalls[k])
    section.goals.append(
        Goal(
            f"filtered HNSW dense list's recall against flat's, worst filter ({worst_recall})",
            recalls[worst_recall],
            RECALL,
            higher_is_better=True,
            unit="",
        )
    )
    worst_kind = hnsw.worst()[0]
    section.notes += [
        "Stages (second table): medians over one pass of the questions; `Engine.scope` "
        "makes the filter from the options as `Engine.ask` does (`bot/filtering.py`: it "
        "reads the question's own dates when the options give none, matches the source "
        "against the articles, checks that some article is admitted), `masks` is "
        "`Store.masks(where)` (which passages of each segment a search may return), "
        f"`dense` `store.ann.search(vector, {2 * RANKER_POOL}, masks)` and `keyword` "
        f"`store.keywords.search(question, {RANKER_POOL}, masks)`, each less the masks' "
        "median. The rest of a search (fusion, both cosines of each candidate, hits, "
        "near-duplicates) depends on the filter only through the candidates' number.",
        f"Dense list: the passages of the search's dense list (it asks FAISS for "
        f"{2 * RANKER_POOL} vectors, two per passage, and keeps the best {RANKER_POOL} "
        "passages); on HNSW, its recall is the mean share of flat's dense list, under the "
        "same filter, that HNSW's holds. The hashing encoder's vectors (word hashes) are a "
        "hard case for a graph index: the unfiltered row shows what HNSW finds of flat's "
        "on them; benchmark 11 measures HNSW on real vectors.",
        "On HNSW a filter admitting few vectors is searched exactly over them, one "
        "admitting many by a deeper graph walk, whichever costs less (`FaissIndex.search`, "
        "`embeddings/ann.py`; the recall column shows what they find of flat's). An exact "
        "search reads every admitted vector, so its time grows with them: the "
        f"{worst_kind}'s dense stage ({hnsw.by_kind[worst_kind].passages:,} passages) took "
        f"{ms(hnsw.by_kind[worst_kind].stages['dense'])}, the unfiltered graph walk "
        f"{ms(hnsw.by_kind['none'].stages['dense'])}.",
        "`Engine.ask` includes embedding the question (the real model on the seeds, the "
        "hashing encoder on the large corpus), ranking, quoting, and making the filter "
        "from the options (`Engine.scope`).",
    ]
    return section
