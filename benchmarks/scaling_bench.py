"""Benchmark 5: build time and warm ask latency as the corpus grows."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ask_bench import ASK_OVER_FLOOR, Latency, measure_latency
from build_bench import embedded_texts
from cli_bench import no_change_index
from measure import ChildRun, ms, ratio, secs, timed, timed_cpu
from report import Goal, Section
from synthetic import SHORT, write_corpus

from bot.engine import Engine
from bot.settings import Settings
from embeddings import BuildReport, Encoder, load, read_corpus, update_index
from embeddings.build import _in_context

ASK_ROUNDS = 2
CALIBRATION_TEXTS = 1000


@dataclass(frozen=True)
class Size:
    articles: int
    report: BuildReport
    built: float  # wall seconds
    build_cpu: float  # CPU seconds of this process (all threads) during the build
    model_cpu: float  # CPU seconds per text of the model alone, on a sample of the texts
    loaded: float
    latency: Latency
    cli: ChildRun

    @property
    def texts(self) -> int:
        return 2 * self.report.passages_total


def _model_cpu_per_text(encoder: Encoder, index: Path) -> float:
    """CPU seconds per text of the bare model, on an even sample of the build's texts.

    CPU time rather than wall time: a sample takes seconds, and on a shared machine a
    burst of someone else's work would swing its wall time far more than its CPU time.
    """
    store = load(index)
    step = max(1, len(store.passages) // (CALIBRATION_TEXTS // 2))
    sample = [
        t
        for i in range(0, len(store.passages), step)
        for t in (store.passages[i].text, _in_context(store.passages, i, store.articles))
    ]
    _, _, cpu = timed_cpu(lambda: encoder.encode(sample))
    return cpu / len(sample)


def _measure_size(
    settings: Settings,
    encoder: Encoder,
    asked: list[str],
    corpus: Path,
    index: Path,
    log: Callable[[str], None],
) -> Size:
    articles = len(list(corpus.iterdir()))
    log(f"scaling: building {articles:,} articles")
    report, built, build_cpu = timed_cpu(
        lambda: update_index(
            corpus,
            index,
            settings.model.name,
            settings.chunking.max_words,
            lambda: encoder,
            rebuild=True,
        )
    )
    model_cpu = _model_cpu_per_text(encoder, index)
    engine = Engine(settings.with_paths(corpus=str(corpus), index=str(index)), encoder)
    _, loaded = timed(engine.refresh)  # the no-change check, then loading the index
    log(f"scaling: asking on {articles:,} articles")
    latency = measure_latency(engine, asked, ASK_ROUNDS)
    cli = no_change_index(corpus, index)[0]
    return Size(articles, report, built, build_cpu, model_cpu, loaded, latency, cli)


def bench_scaling(
    settings: Settings,
    encoder: Encoder,
    asked: list[str],
    seeds: Path,
    work: Path,
    sizes: tuple[int, ...],
    log: Callable[[str], None],
) -> Section:
    measured = []
    for size in sizes:
        corpus, index = work / f"corpus-{size}", work / f"index-{size}"
        write_corpus(corpus, size, SHORT, seeds)
        measured.append(_measure_size(settings, encoder, asked, corpus, index, log))
        shutil.rmtree(index)
        shutil.rmtree(corpus)

    largest = measured[-1]
    per_article = largest.report.passages_total / largest.articles
    seed_passages, _ = embedded_texts(seeds, settings.chunking.max_words)
    per_seed = seed_passages / len(read_corpus(seeds))
    section = Section(
        "5. Scaling",
        "The seeds plus deterministic synthetic articles (seed sentences recombined, with "
        "names and numbers varied by a seeded RNG) at each size. **Scaled down:** to keep "
        "`make bench` within ~15 minutes on 2 cores, the synthetic articles here are shorter "
        f"than the seeds ({SHORT.paragraphs[0]}-{SHORT.paragraphs[1]} paragraphs of "
        f"{SHORT.sentences[0]}-{SHORT.sentences[1]} sentences: {per_article:.1f} passages per "
        f"article against the seeds' {per_seed:.1f}), so {largest.articles:,} of them hold as "
        f"many passages as ~{largest.report.passages_total / per_seed:,.0f} seed-length "
        "articles.",
    )
    section.table(
        [
            "articles",
            "passages",
            "build",
            "texts/s",
            "build CPU",
            "CPU per text: build",
            "CPU per text: model alone",
            "build ÷ model (CPU)",
        ],
        [
            [
                f"{s.articles:,}",
                f"{s.report.passages_total:,}",
                secs(s.built),
                f"{s.texts / s.built:.0f}",
                secs(s.build_cpu),
                ms(s.build_cpu / s.texts),
                ms(s.model_cpu),
                ratio(s.build_cpu / s.texts / s.model_cpu),
            ]
            for s in measured
        ],
    )
    section.table(
        [
            "articles",
            "load",
            "FAISS p50",
            "floor p50",
            "ask p50",
            "ask p95",
            "ask ÷ floor (p50)",
            "no-change `newsdesk index`",
            "its peak RSS",
        ],
        [
            [
                f"{s.articles:,}",
                secs(s.loaded),
                ms(s.latency.p("faiss", 50)),
                ms(s.latency.p("floor", 50)),
                ms(s.latency.p("ask", 50)),
                ms(s.latency.p("ask", 95)),
                ratio(s.latency.ratio(50)),
                secs(s.cli.wall),
                f"{s.cli.max_rss_mb:.0f} MB",
            ]
            for s in measured
        ],
    )
    at = f"at {largest.articles:,} articles"
    section.goals += [
        Goal(
            f"warm ask p50 ÷ floor p50 {at} (target of 2)",
            largest.latency.ratio(50),
            ASK_OVER_FLOOR,
        ),
        Goal(f"no-change `newsdesk index` {at} (target of 3)", largest.cli.wall, 1.0, unit="s"),
    ]
    section.notes += [
        "Build: `update_index(rebuild=True)` with the model loaded beforehand; build CPU is "
        "this process's CPU time during it (torch uses 2 threads, so ~2× the wall time on an "
        "idle machine; less means the machine was busy).",
        f"Model alone: the model's own CPU time per text on an even sample of "
        f"{CALIBRATION_TEXTS} of the texts the build embedded, measured right after each "
        "build. Build ÷ model (CPU) is the build's CPU per text over it: the cost of the "
        "build beyond embedding, as in benchmark 1 but robust to a busy machine.",
        "Load: the first `Engine.refresh()` on the built index (no-change check, then loading "
        "the index and building BM25 and name statistics).",
        f"FAISS / floor / ask: warm, over {len(asked)} questions × {ASK_ROUNDS}, as in "
        "benchmark 2. No-change `newsdesk index`: one fresh process on the built index.",
    ]
    return section
