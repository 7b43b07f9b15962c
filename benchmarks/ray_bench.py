"""Benchmark 10: what `newsdesk index --ray` costs on this machine against a single process.

On one machine Ray brings no cores of its own: the actors share the cores the single
process's torch threads use. This measures the price of the pool (actors started and a
model loaded in each, texts and vectors through Ray's object store) so that the gain on
a cluster can be weighed against it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from measure import ratio, secs, timed
from report import Goal, Section

from embeddings import Encoder, load, read_corpus, update_index
from embeddings.distributed import LOCAL_CPUS, RayEncoder

ROUNDS = 2  # each build takes most of a minute; the two sides alternate


def bench_ray(
    encoder: Encoder, model: str, batch_size: int, max_words: int, corpus: Path, work: Path
) -> Section:
    """Full builds of ``corpus`` in one process (``encoder``, loaded) and on a local Ray."""
    articles = len(read_corpus(corpus))
    single, on_ray = work / "single-index", work / "ray-index"

    def build(index: Path, with_encoder: Encoder) -> int:
        report = update_index(corpus, index, model, max_words, lambda: with_encoder, rebuild=True)
        return report.passages_embedded

    with RayEncoder(model, batch_size) as ray_encoder:
        # Ray's start and a first pool (one model load per actor), as a first build pays.
        _, start = timed(lambda: ray_encoder.encode(["start Ray and load the model"]))
        single_times, ray_times = [], []
        for _ in range(ROUNDS):
            passages, wall = timed(lambda: build(single, encoder))
            single_times.append(wall)
            _, wall = timed(lambda: build(on_ray, ray_encoder))
            ray_times.append(wall)
    alone, pooled = min(single_times), min(ray_times)
    difference = float(np.abs(load(single).ann.vectors() - load(on_ray).ann.vectors()).max())

    section = Section(
        "10. Bulk embedding on Ray",
        f"`update_index(rebuild=True)` on {articles} articles ({passages:,} passages, two "
        f"texts each) in one process (the model loaded beforehand, torch on all cores) and "
        f"with `RayEncoder` (`newsdesk index --ray`) on a local Ray of {LOCAL_CPUS} CPUs: "
        f"{LOCAL_CPUS} actors of one thread, each loading the model at the start of each "
        f"build (included), batch_size={batch_size}. Ray's own start is measured apart. "
        f"Best of {ROUNDS} alternating rounds.",
    )
    section.table(
        ["", "wall time", "passages/s"],
        [
            ["single process", secs(alone), f"{passages / alone:.1f}"],
            ["on a local Ray", secs(pooled), f"{passages / pooled:.1f}"],
            ["Ray ÷ single process (throughput)", ratio(alone / pooled), ""],
        ],
    )
    section.goals.append(
        Goal("build throughput on a local Ray ÷ single process", alone / pooled, 0.8, True)
    )
    section.notes += [
        f"Starting the local Ray and a first pool of actors (once per `newsdesk index "
        f"--ray`): {secs(start)}.",
        f"Rounds (single / Ray): {', '.join(secs(t) for t in single_times)} / "
        f"{', '.join(secs(t) for t in ray_times)}.",
        f"Check: the two indexes' vectors are identical (largest difference {difference:.1e}).",
        "On a cluster the pool has one actor per CPU (or per GPU) of every node: the same "
        "build then divides its embedding time by the number of workers, less these costs.",
    ]
    return section
