"""Run every benchmark, print the figures and write them to BENCHMARKS.md (``make bench``).

Each figure is a ratio against a baseline measured in the same run, because the machines
are shared and noisy; nothing is asserted. Indexes go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from ask_bench import bench_ask, questions
from build_bench import bench_build, bench_shapes
from cli_bench import bench_cold_ask, bench_no_change
from commands_bench import bench_commands
from measure import load_average, machine_notes
from report import Section, document
from scaling_bench import bench_scaling
from synthetic import SEED_LIKE, write_corpus

from bot.engine import Engine
from bot.settings import load_settings
from embeddings import make_encoder

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the Discord load test uses tests/fake_discord
SEEDS = Path("seeds")
DEV_CASES = Path("tests/data/dev.jsonl")
BUILD_ARTICLES = 205  # the 5 seeds + 200 synthetic articles of seed-like length
SCALING_SIZES = (500, 2000, 5000)
SHAPE_CHARS = 1_000_000  # each text shape of benchmark 8: about 1 MB
QUICK_SIZES = (50, (100, 200, 400))  # --quick: a smoke test of the benchmarks themselves
QUICK_SHAPE_CHARS = 100_000
OUTPUT = Path("BENCHMARKS.md")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small corpora, to check the benchmarks run"
    )
    quick = parser.parse_args(argv).quick
    build_articles, sizes = QUICK_SIZES if quick else (BUILD_ARTICLES, SCALING_SIZES)
    shape_chars = QUICK_SHAPE_CHARS if quick else SHAPE_CHARS
    os.chdir(REPO)  # settings and the seeds are found relative to the repository
    # Nothing may be fetched from a hub, here or in the child processes.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    started = time.perf_counter()
    machine = machine_notes()
    settings = load_settings()
    encoder = make_encoder(settings.model.name, settings.model.batch_size)
    encoder.encode(["load the model and warm it up"])  # model load is excluded everywhere
    asked = questions(DEV_CASES)
    sections: list[Section] = []

    def done(section: Section) -> None:
        sections.append(section)
        print(section.markdown() + "\n", flush=True)

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as temp:
        work = Path(temp)
        log(f"1/8 build throughput ({build_articles} articles)")
        corpus = work / "build-corpus"
        write_corpus(corpus, build_articles, SEED_LIKE, SEEDS)
        done(
            bench_build(
                encoder,
                settings.model.name,
                settings.model.batch_size,
                settings.chunking.max_words,
                corpus,
                work / "build-index",
            )
        )
        log(f"8/8 index time by text shape ({shape_chars:,} characters each)")
        done(
            bench_shapes(
                encoder,
                settings.model.name,
                settings.chunking.max_words,
                shape_chars,
                SEEDS,
                work,
            )
        )

        log("2/8 warm ask latency")
        engine = Engine(settings.with_paths(corpus=str(SEEDS), index=str(work / "seeds")), encoder)
        engine.refresh()
        done(bench_ask(engine, asked))
        log("6/8 timeline and fact-check latency")
        done(bench_commands(engine, DEV_CASES))
        log("7/8 Discord: simultaneous /ask")
        from discord_load import bench_discord_load  # imports tests/fake_discord

        done(bench_discord_load(engine, asked, users=50))

        log("3/8 no-change `newsdesk index`")
        done(bench_no_change(SEEDS, work / "cli-seeds"))
        log("4/8 cold `newsdesk ask`")
        done(bench_cold_ask(SEEDS, work / "cli-seeds"))

        log("5/8 scaling")
        done(bench_scaling(settings, encoder, asked, SEEDS, work, sizes, log))

    minutes = (time.perf_counter() - started) / 60
    machine["load average at end (1/5/15 min, this run included)"] = load_average()
    if quick:
        log(f"--quick: not writing {OUTPUT} ({minutes:.1f} min)")
        return 0
    OUTPUT.write_text(document(machine, sections, minutes), encoding="utf-8")
    log(f"wrote {OUTPUT} ({minutes:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
