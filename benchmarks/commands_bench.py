"""Warm latency of timelines and fact checks, against the same floor as ``ask``
(embed the text + FAISS search), on the seeds index."""

from __future__ import annotations

from pathlib import Path

from ask_bench import FLOOR_K, ROUNDS
from measure import ms, percentile, ratio, timed
from report import Section

from bot.engine import Engine
from bot.evaluation import load_cases


def _inputs(dev_cases: Path) -> dict[str, list[str]]:
    """Timeline topics and fact-check claims: the dev set's, topped up with its questions
    turned into topics, so that each command is timed on a few dozen inputs."""
    cases = load_cases(dev_cases)
    topics = [c["topic"] for c in cases if c["type"] == "timeline"]
    topics += [c["question"].rstrip("?") for c in cases if c["type"] == "ask"]
    claims = [c["claim"] for c in cases if c["type"] == "factcheck"]
    return {"timeline": topics, "check": claims}


def bench_commands(engine: Engine, dev_cases: Path) -> Section:
    loaded = engine.loaded
    commands = {"timeline": engine.timeline, "check": engine.factcheck}
    rows = []
    for name, inputs in _inputs(dev_cases).items():
        run = commands[name]
        for text in inputs:  # warm-up, also fills the per-article date cache
            run(text)
        floor, command = [], []
        for _ in range(ROUNDS):
            for text in inputs:
                vector = timed(lambda t=text: engine.encoder.encode([t]))
                floor.append(
                    vector[1] + timed(lambda v=vector[0]: loaded.store.ann.search(v, FLOOR_K))[1]
                )
                command.append(timed(lambda t=text, run=run: run(t))[1])
        rows.append(
            [
                f"`newsdesk {name}` ({len(inputs)} inputs)",
                ms(percentile(floor, 50)),
                ms(percentile(command, 50)),
                ms(percentile(command, 95)),
                ratio(percentile(command, 50) / percentile(floor, 50)),
            ]
        )
    section = Section(
        "6. Timeline and fact-check latency",
        "Warm `Engine.timeline` and `Engine.factcheck` on the seeds index against the floor "
        f"(embed the text + FAISS search for {FLOOR_K}), interleaved per input, each input "
        f"timed {ROUNDS} times after a warm-up pass. Inputs: the dev set's timeline topics "
        "topped up with its questions as topics; its fact-check claims. No goal is set; the "
        "ratios are recorded to catch regressions.",
    )
    section.table(["command", "floor p50", "p50", "p95", "p50 ÷ floor p50"], rows)
    return section
