"""Benchmark 2: warm ``Engine.ask`` latency against its floor (embed the query + FAISS search)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measure import ms, percentile, ratio, timed
from report import Goal, Section

from bot.constants import RANKER_CANDIDATES, RANKER_POOL
from bot.engine import Engine
from bot.evaluation import load_cases

ROUNDS = 3  # each question is timed this many times, after one warm-up pass
FLOOR_K = 2 * RANKER_POOL  # the search asks FAISS for 2 x its pool
# Issue 8 allows the learned ranker's features and models up to 1.5x the floor (it was 1.3x
# for the hand-set score before).
ASK_OVER_FLOOR = 1.5


def questions(dev_cases: Path) -> list[str]:
    """The dev set's questions, topped up to ~50 with its claims and topics put as questions."""
    cases = load_cases(dev_cases)
    asked = [c["question"] for c in cases if c["type"] == "ask"]
    claims = [_as_question(c["claim"]) for c in cases if c["type"] == "factcheck"]
    topics = [f"What happened with {c['topic']}?" for c in cases if c["type"] == "timeline"]
    return asked + claims + topics


def _as_question(claim: str) -> str:
    first, _, rest = claim.rstrip(".").partition(" ")
    if first in ("The", "A", "An"):
        first = first.lower()
    return f"Is it true that {first} {rest}?"


@dataclass(frozen=True)
class Latency:
    samples: dict[str, list[float]]  # stage -> seconds per call

    def p(self, stage: str, q: float) -> float:
        return percentile(self.samples[stage], q)

    def ratio(self, q: float) -> float:
        return self.p("ask", q) / self.p("floor", q)


def measure_latency(engine: Engine, asked: list[str], rounds: int = ROUNDS) -> Latency:
    """Time the floor, each stage of ``ask`` and ``ask`` itself, interleaved per question."""
    return measure_latencies({"": engine}, asked, rounds)[""]


def measure_latencies(
    engines: dict[str, Engine], asked: list[str], rounds: int = ROUNDS
) -> dict[str, Latency]:
    """``measure_latency`` of several engines at once, taking turns by round (each round
    asks every question of one engine, then of the next), so that slow spells of the
    machine hit them alike. Not by question: a runtime's threads may keep a core busy for
    a moment after a call (ONNX Runtime's spin), which would then slow the next engine."""
    stages = {name: _stages(engine, asked) for name, engine in engines.items()}
    for question in asked:  # warm-up
        for by_name in stages.values():
            for stage in by_name.values():
                stage(question)
    samples: dict[str, dict[str, list[float]]] = {
        name: {stage: [] for stage in by_name} for name, by_name in stages.items()
    }
    for _ in range(rounds):
        for name, by_name in stages.items():
            for question in asked:
                for stage, call in by_name.items():
                    samples[name][stage].append(timed(lambda c=call, q=question: c(q))[1])
    return {name: Latency(by_stage) for name, by_stage in samples.items()}


def _stages(engine: Engine, asked: list[str]) -> dict[str, Callable[[str], object]]:
    """The floor and the stages of ``engine.ask``, each a call on one of ``asked``."""
    loaded = engine.loaded
    vectors = {q: engine.encoder.encode([q]) for q in asked}
    return {
        "faiss": lambda q: loaded.store.ann.search(vectors[q], FLOOR_K),
        "floor": lambda q: loaded.store.ann.search(engine.encoder.encode([q]), FLOOR_K),
        "search": lambda q: loaded.searcher.search(q, k=RANKER_CANDIDATES, pool=RANKER_POOL),
        "rank": lambda q: loaded.learned.rank(q, loaded.ranker.unknown_names(q)[1]),
        "ask": engine.ask,
    }


def bench_ask(engine: Engine, asked: list[str]) -> Section:
    latency = measure_latency(engine, asked)
    store = engine.loaded.store
    section = Section(
        "2. Warm ask latency",
        f"`Engine.ask` on the seeds index ({len(store.articles)} articles, "
        f"{len(store.passages)} passages) against its floor, "
        f"`engine.encoder.encode([q])` + `store.ann.search(vec, {FLOOR_K})` on the same index. "
        f"{len(asked)} questions (the dev set's ask questions, topped up with its fact-check "
        f"claims and timeline topics put as questions), each timed {ROUNDS} times after one "
        "warm-up pass; the floor and each stage of ask alternate per question.",
    )
    rows = []
    for stage, label in (
        ("faiss", "FAISS search alone (query vector given)"),
        ("floor", "floor: embed query + FAISS search"),
        ("search", "`Searcher.search` (embed, FAISS, BM25, fusion, dedup)"),
        ("rank", "`LearnedRanker.rank` (search + features + both models)"),
        ("ask", "`Engine.ask` (rank + quotes + abstention)"),
    ):
        rows.append([label, ms(latency.p(stage, 50)), ms(latency.p(stage, 95))])
    rows.append(["ask ÷ floor", ratio(latency.ratio(50)), ratio(latency.ratio(95))])
    section.table(["", "p50", "p95"], rows)
    section.goals += [
        Goal("warm ask p50 ÷ floor p50", latency.ratio(50), ASK_OVER_FLOOR),
        Goal("warm ask p95 ÷ floor p95", latency.ratio(95), ASK_OVER_FLOOR),
    ]
    section.notes.append(
        "The rows between the floor and `Engine.ask` are stages of `ask`, each timed on its "
        "own (each includes the one above it), to show where the time above the floor goes."
    )
    return section
