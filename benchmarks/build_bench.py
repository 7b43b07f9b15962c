"""Benchmarks 1 and 8: build throughput against raw encoding, and index time by text shape."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from measure import ratio, round_robin, secs, timed
from report import Goal, Section
from synthetic import SEED_LIKE, ArticleMaker, seed_sentences

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
    timings = round_robin({"build": build, "baseline": baseline}, ROUNDS)
    build_times, build_cpu = timings["build"].walls, timings["build"].cpus
    baseline_times, baseline_cpu = timings["baseline"].walls, timings["baseline"].cpus
    vectors = np.asarray(timings["baseline"].result)
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


SHAPES = ("prose", "one line", "one word per line")


def write_shapes(folder: Path, size: int, seeds: Path) -> dict[str, Path]:
    """Three corpora of about ``size`` characters of the same words, one per text shape.

    "prose" is synthetic articles of seed-like length; "one line" is all their words as a
    single line, and "one word per line" the same words one to a line: the shapes that
    made sentence splitting quadratic (issue 14).
    """
    maker = ArticleMaker(seed_sentences(seeds))
    articles: list[str] = []
    while sum(map(len, articles)) < size:
        articles.append(maker.text(len(articles), SEED_LIKE))
    words = " ".join(articles).split()
    texts = {
        "prose": articles,
        "one line": [" ".join(words) + "\n"],
        "one word per line": ["\n".join(words) + "\n"],
    }
    corpora = {}
    for shape in SHAPES:
        corpora[shape] = folder / shape.replace(" ", "-")
        corpora[shape].mkdir(parents=True)
        for number, text in enumerate(texts[shape]):
            (corpora[shape] / f"article_{number:05d}.txt").write_text(text, "utf-8")
    return corpora


def _index_once(
    encoder: Encoder, model: str, max_words: int, corpus: Path, index: Path
) -> tuple[int, int, float, float]:
    """Characters and passages of ``corpus``, its prepare time and its full build time."""
    chars = sum(len(s.text) for s in read_corpus(corpus))
    passages = embedded_texts(corpus, max_words)[0]
    # Preparing takes seconds, so its best of a few rounds is cheap and steadier.
    prepare = min(timed(lambda: embedded_texts(corpus, max_words))[1] for _ in range(ROUNDS))
    _, built = timed(
        lambda: update_index(corpus, index, model, max_words, lambda: encoder, rebuild=True)
    )
    return chars, passages, prepare, built


def bench_shapes(
    encoder: Encoder, model: str, max_words: int, size: int, seeds: Path, work: Path
) -> Section:
    """Index time of the same words as articles, as one line and one word per line."""
    corpora = write_shapes(work / "shapes", size, seeds)
    rows, per_char = [], {}
    for shape, corpus in corpora.items():
        index = work / f"{corpus.name}.idx"
        chars, passages, prepare, built = _index_once(encoder, model, max_words, corpus, index)
        per_char[shape] = (prepare / chars, built / chars)
        rows.append([shape, f"{chars:,}", f"{passages:,}", secs(prepare), secs(built)])
    prose = per_char["prose"]
    for row, shape in zip(rows, SHAPES, strict=True):
        row += [ratio(per_char[shape][0] / prose[0]), ratio(per_char[shape][1] / prose[1])]
    worst = max(per_char[s][1] / prose[1] for s in SHAPES)

    section = Section(
        "8. Index time by text shape",
        f"`update_index(rebuild=True)` on about {size / 1e6:g} MB of text in three shapes made "
        "of the same words: synthetic articles of seed-like length (prose), all their words "
        "as one line, and one word per line. Sentence splitting used to take time quadratic "
        "in a paragraph's length (a 1 MB one-line article: minutes); it must now stay linear. "
        "*Prepare* is reading, cleaning and cutting into passages (all the build does before "
        "embedding); *build* is the whole index build with the model loaded beforehand. "
        "Ratios are per character, against prose, measured in the same run.",
    )
    section.table(
        ["shape", "characters", "passages", "prepare", "build", "prepare ÷ prose", "build ÷ prose"],
        rows,
    )
    section.goals.append(Goal("index time per character, worst shape ÷ prose", worst, 2.0))
    section.notes.append(
        f"Prepare is the best of {ROUNDS} rounds; the build is one round each, as the point is "
        "the order of growth, not a few percent. The build ratio follows the number of "
        "passages embedded, which differs a little between the shapes."
    )
    return section
