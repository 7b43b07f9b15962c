"""Run every benchmark, print the figures and write them to BENCHMARKS.md (``make bench``).

``--only NAME[,NAME]`` runs some of them and replaces only their sections (and summary
rows) in the existing BENCHMARKS.md.

Each figure is a ratio against a baseline measured in the same run, because the machines
are shared and noisy; nothing is asserted. Indexes go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ann_bench import bench_ann
from ask_bench import bench_ask, questions
from build_bench import bench_build, bench_shapes
from cli_bench import bench_cold_ask, bench_no_change
from commands_bench import bench_commands
from filter_bench import bench_filters
from measure import load_average, machine_notes
from report import Section, document, replace_sections
from runtime_bench import bench_runtimes
from scaling_bench import bench_scaling
from startup_bench import bench_startup
from synthetic import SEED_LIKE, write_corpus

from bot.engine import Engine
from bot.settings import load_settings
from embeddings import Encoder, make_encoder

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
# The benchmarks by the name --only takes, in the order a full run takes them.
SECTIONS = (
    "build",
    "shapes",
    "ask",
    "commands",
    "discord",
    "no-change",
    "cold-ask",
    "scaling",
    "startup",
    "ray",
    "ann",
    "filters",
    "runtimes",
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small corpora, to check the benchmarks run"
    )
    parser.add_argument(
        "--only",
        metavar="NAME[,NAME]",
        help=f"run only these benchmarks ({', '.join(SECTIONS)}) and replace only their "
        f"parts of {OUTPUT}",
    )
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",")] if args.only else list(SECTIONS)
    if unknown := [name for name in only if name not in SECTIONS]:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose among {', '.join(SECTIONS)}")
    quick = args.quick
    build_articles, sizes = QUICK_SIZES if quick else (BUILD_ARTICLES, SCALING_SIZES)
    shape_chars = QUICK_SHAPE_CHARS if quick else SHAPE_CHARS
    os.chdir(REPO)  # settings and the seeds are found relative to the repository
    # Nothing may be fetched from a hub, here or in the child processes.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    started = time.perf_counter()
    machine = machine_notes()
    settings = load_settings()
    asked = questions(DEV_CASES)
    sections: list[Section] = []

    @cache
    def encoder() -> Encoder:
        model = make_encoder(settings.model.name, settings.model.batch_size)
        model.encode(["load the model and warm it up"])  # model load is excluded everywhere
        return model

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as temp:
        work = Path(temp)

        @cache
        def build_corpus() -> Path:
            """Benchmark 1's articles, shared by the benchmarks that build them (1, 10, 13)."""
            corpus = work / "build-corpus"
            write_corpus(corpus, build_articles, SEED_LIKE, SEEDS)
            return corpus

        @cache
        def seeds_engine() -> Engine:
            paths = settings.with_paths(corpus=str(SEEDS), index=str(work / "seeds"))
            engine = Engine(paths, encoder())
            engine.refresh()
            return engine

        def build() -> Section:
            return bench_build(
                encoder(),
                settings.model.name,
                settings.model.batch_size,
                settings.chunking.max_words,
                build_corpus(),
                work / "build-index",
            )

        def ray() -> Section:
            from ray_bench import bench_ray  # needs the Ray extra (make test installs it)

            return bench_ray(
                encoder(),
                settings.model.name,
                settings.model.batch_size,
                settings.chunking.max_words,
                build_corpus(),
                work,
            )

        def runtimes() -> Section:
            return bench_runtimes(
                settings, encoder(), asked, SEEDS, build_corpus(), work, log, quick
            )

        def discord() -> Section:
            from discord_load import bench_discord_load  # imports tests/fake_discord

            return bench_discord_load(seeds_engine(), asked, users=50)

        steps: dict[str, tuple[str, Callable[[], Section]]] = {
            "build": (f"1 build throughput ({build_articles} articles)", build),
            "shapes": (
                f"8 index time by text shape ({shape_chars:,} characters each)",
                lambda: bench_shapes(
                    encoder(),
                    settings.model.name,
                    settings.chunking.max_words,
                    shape_chars,
                    SEEDS,
                    work,
                ),
            ),
            "ask": ("2 warm ask latency", lambda: bench_ask(seeds_engine(), asked)),
            "commands": (
                "6 timeline and fact-check latency",
                lambda: bench_commands(seeds_engine(), DEV_CASES),
            ),
            "discord": ("7 Discord: simultaneous /ask", discord),
            "no-change": (
                "3 no-change `newsdesk index`",
                lambda: bench_no_change(SEEDS, work / "cli-seeds"),
            ),
            "cold-ask": (
                "4 cold `newsdesk ask`",
                lambda: bench_cold_ask(SEEDS, work / "cli-seeds"),
            ),
            "scaling": (
                "5 scaling",
                lambda: bench_scaling(settings, encoder(), asked, SEEDS, work, sizes, log),
            ),
            "startup": (
                "9 start-up at 100,000 passages",
                lambda: bench_startup(SEEDS, work, log, quick),
            ),
            "ray": ("10 bulk embedding on Ray", ray),
            "ann": (
                "11 approximate search (HNSW) against flat",
                lambda: bench_ann(
                    encoder(),
                    settings.model.name,
                    settings.chunking.max_words,
                    SEEDS,
                    work,
                    log,
                    DEV_CASES,
                    quick,
                ),
            ),
            "filters": (
                "12 filtered search against unfiltered",
                lambda: bench_filters(settings, seeds_engine(), asked, SEEDS, work, log, quick),
            ),
            "runtimes": (f"13 model runtimes ({build_articles} articles to build)", runtimes),
        }
        assert list(steps) == list(SECTIONS), "SECTIONS lists the steps, in their order"
        for name in only:
            label, step = steps[name]
            log(f"{label} [{name}]")
            section = step()
            sections.append(section)
            print(section.markdown() + "\n", flush=True)

    minutes = (time.perf_counter() - started) / 60
    machine["load average at end (1/5/15 min, this run included)"] = load_average()
    if quick:
        log(f"--quick: not writing {OUTPUT} ({minutes:.1f} min)")
        return 0
    if args.only:
        OUTPUT.write_text(
            replace_sections(OUTPUT.read_text(encoding="utf-8"), sections, minutes, args.only),
            encoding="utf-8",
        )
    else:
        OUTPUT.write_text(document(machine, sections, minutes), encoding="utf-8")
    log(f"wrote {OUTPUT} ({minutes:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
