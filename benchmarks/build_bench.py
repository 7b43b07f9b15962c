"""Benchmark 1: index build throughput against the raw model encoding the same texts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from measure import ratio, secs, timed, timed_cpu
from report import Goal, Section

from embeddings import Encoder, load, parse_article, read_corpus, update_index
from embeddings.build import _in_context  # the exact second text the build embeds
from embeddings.chunking import chunk_article
from embeddings.encoders import resolve_model_path

ROUNDS = 3  # build and baseline alternate, so a change in machine load hits both


def embedded_texts(corpus: Path, max_words: int) -> tuple[int, list[str]]:
    """The passages of ``corpus`` and the 2N texts a full build embeds, in the build's order."""
    articles, passages = {}, []
    for source in sorted(read_corpus(corpus), key=lambda s: s.name):
        article = parse_article(source)
        articles[source.name] = article
        passages.extend(chunk_article(article, source.text, max_words))
    texts = [
        t for i, p in enumerate(passages) for t in (p.text, _in_context(passages, i, articles))
    ]
    return len(passages), texts


def bench_build(
    encoder: Encoder, model: str, batch_size: int, max_words: int, corpus: Path, index: Path
) -> Section:
    from sentence_transformers import SentenceTransformer

    raw = SentenceTransformer(str(resolve_model_path(model)), device="cpu", local_files_only=True)
    (passages, texts), prepare = timed(lambda: embedded_texts(corpus, max_words))
    articles = len(read_corpus(corpus))

    def baseline() -> np.ndarray:
        return raw.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True
        )

    def build() -> None:
        update_index(corpus, index, model, max_words, lambda: encoder, rebuild=True)

    raw.encode(texts[:64], batch_size=batch_size)  # warm-up: first calls pay one-off costs
    encoder.encode(texts[:64])
    build_times, baseline_times, build_cpu, baseline_cpu = [], [], [], []
    for _ in range(ROUNDS):
        _, wall, cpu = timed_cpu(build)
        build_times.append(wall)
        build_cpu.append(cpu)
        vectors, wall, cpu = timed_cpu(baseline)
        baseline_times.append(wall)
        baseline_cpu.append(cpu)
    built, encoded = min(build_times), min(baseline_times)
    cpu_ratio = min(baseline_cpu) / min(build_cpu)
    # The baseline must embed exactly what the build embedded, or the ratio means nothing.
    difference = float(np.abs(load(index).ann.vectors() - vectors).max())

    section = Section(
        "1. Index build throughput",
        f"`update_index(rebuild=True)` on {articles} articles (the 5 seeds plus synthetic "
        f"articles of seed-like length) against `SentenceTransformer.encode` (same model, "
        f"batch_size={batch_size}, normalize_embeddings=True) on the same {len(texts):,} texts "
        f"(two per passage: the passage, and the passage after its predecessor). Both sides "
        f"use a model loaded beforehand, so model load time is excluded from both. Best of "
        f"{ROUNDS} alternating rounds.",
    )
    section.table(
        ["", "wall time", "passages/s", "texts/s", "CPU time"],
        [
            [
                "index build",
                secs(built),
                f"{passages / built:.1f}",
                f"{len(texts) / built:.1f}",
                secs(min(build_cpu)),
            ],
            [
                "raw encode (baseline)",
                secs(encoded),
                f"{passages / encoded:.1f}",
                f"{len(texts) / encoded:.1f}",
                secs(min(baseline_cpu)),
            ],
            ["build ÷ raw encode (throughput)", ratio(encoded / built), "", "", ratio(cpu_ratio)],
        ],
    )
    section.goals.append(
        Goal("build throughput ÷ raw encode throughput", encoded / built, 0.9, True)
    )
    section.notes += [
        f"{articles} articles, {passages:,} passages, {len(texts):,} texts embedded.",
        f"Rounds (build / encode): {', '.join(secs(t) for t in build_times)} / "
        f"{', '.join(secs(t) for t in baseline_times)}. The CPU column (this process, all "
        "threads) is less sensitive to other work on a shared machine than wall time.",
        f"Reading, cleaning and cutting the corpus into passages alone (pysbd sentence "
        f"splitting) took {secs(prepare)}, {prepare / built:.0%} of the build.",
        f"Check: the index's vectors equal the baseline's (largest difference {difference:.1e}).",
    ]
    return section
