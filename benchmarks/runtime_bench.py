"""Benchmark 13: the model runtimes (``[model] runtime``: torch, ONNX fp32, ONNX int8)
against each other: build throughput, warm ask over its floor, cold ask and its peak RSS,
and the ONNX export itself. Every figure is a ratio to torch's, measured in the same run."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from ask_bench import ASK_OVER_FLOOR, FLOOR_K, ROUNDS, measure_latencies
from build_bench import ROUNDS as BUILD_ROUNDS
from build_bench import embedded_texts
from cli_bench import COLD_RUNS, check_answered, cold_ask
from measure import (
    ChildRun,
    load_average,
    ms,
    ratio,
    round_robin,
    run_child,
    run_interleaved,
    secs,
    timed,
)
from report import Goal, Section

from bot.engine import Engine
from bot.settings import DEFAULT_CONFIG, Settings, load_settings
from embeddings import Encoder, load, make_encoder, read_corpus, update_index
from embeddings.encoders import RUNTIMES, Runtime, resolve_model_path
from embeddings.onnx_export import FILES, exported

INT8_OVER_TORCH = 2.0  # issue 13's goal for the int8 build's throughput
FOUND_RUNS = 5  # looking up an export already made takes milliseconds: a median of a few
# A cold ask run as `newsdesk` runs it, then which of the heavy libraries it imported (on
# stderr's last line, after whatever the command logged).
ASK_AND_LIST_IMPORTS = """
import json, sys
from bot.cli import main
code = main(sys.argv[1:])
heavy = [name for name in ("torch", "transformers", "sentence_transformers") if name in sys.modules]
print(json.dumps({"imported": heavy}), file=sys.stderr)
sys.exit(code)
"""


def bench_runtimes(
    settings: Settings,
    torch_encoder: Encoder,
    asked: list[str],
    seeds: Path,
    corpus: Path,
    work: Path,
    log: Callable[[str], None],
    quick: bool = False,
) -> Section:
    """``corpus`` is benchmark 1's (already written); ``torch_encoder`` is loaded and warm.
    ``quick``: one round of everything and 10 questions, to check that the benchmark runs."""
    load_before = load_average()
    folder = work / "runtimes"
    cache = folder / "onnx"  # settings.onnx_cache of every index below ``folder``
    model = settings.model
    max_words = settings.chunking.max_words
    build_rounds, ask_rounds, cold_runs = (1, 1, 1) if quick else (BUILD_ROUNDS, ROUNDS, COLD_RUNS)
    asked = asked[:10] if quick else asked

    log("13/13 exporting the model to ONNX (fp32 and int8), then finding the export made")
    path = resolve_model_path(model.name)
    _, first_export = timed(lambda: exported(path, "int8", cache))
    found = statistics.median(
        timed(lambda: exported(path, "int8", cache))[1] for _ in range(FOUND_RUNS)
    )
    export_mb = {
        variant: exported(path, variant, cache).stat().st_size / 2**20 for variant in FILES
    }

    encoders: dict[Runtime, Encoder] = {"torch": torch_encoder}
    for runtime in RUNTIMES[1:]:
        encoders[runtime] = make_encoder(model.name, model.batch_size, runtime=runtime, cache=cache)
    passages, texts = embedded_texts(corpus, max_words)
    for encoder in encoders.values():  # warm-up: first calls pay one-off costs
        encoder.encode(texts[:64])

    log(f"13/13 building {corpus.name} with each runtime, {build_rounds} round(s)")

    def build(runtime: Runtime) -> None:
        update_index(
            corpus,
            folder / f"build-{runtime}",
            model.name,
            max_words,
            lambda: encoders[runtime],
            rebuild=True,
            runtime=runtime,
        )

    builds = round_robin({r: lambda r=r: build(r) for r in RUNTIMES}, build_rounds)
    best = {r: min(builds[r].walls) for r in RUNTIMES}
    vectors = {r: load(folder / f"build-{r}").ann.vectors() for r in RUNTIMES}
    # Unit vectors: a row's dot product is its cosine to the torch model's vector.
    cosines = {r: (vectors[r] * vectors["torch"]).sum(axis=1) for r in RUNTIMES}

    log(f"13/13 warm ask with each runtime, {ask_rounds} round(s) of {len(asked)} questions")
    engines = {r: _seeds_engine(settings, r, seeds, folder, encoders[r]) for r in RUNTIMES}
    latency = measure_latencies(engines, asked, ask_rounds)

    log(f"13/13 cold `newsdesk ask` with each runtime, {cold_runs} run(s)")
    configs = {r: _config(folder, r) for r in RUNTIMES}
    commands = {
        r: cold_ask(seeds, folder / f"seeds-{r}", "--config", str(configs[r])) for r in RUNTIMES
    }
    cold = run_interleaved(commands, cold_runs)
    for done in cold.values():
        check_answered(done[0])
    imported = {r: _imports(commands[r]) for r in RUNTIMES}
    first_start = _first_start(seeds, folder, configs["onnx-int8"])
    cold_wall = {r: statistics.median(c.wall for c in cold[r]) for r in RUNTIMES}
    cold_rss = {r: statistics.median(c.max_rss_mb for c in cold[r]) for r in RUNTIMES}

    section = Section(
        "13. Model runtimes",
        f"The three values of `[model] runtime` (`torch`: sentence-transformers; `onnx`: ONNX "
        f"Runtime on an fp32 export of the model; `onnx-int8`: its weights in int8), each "
        f"against torch in the same run. *Build*: `update_index(rebuild=True)` on benchmark "
        f"1's {len(read_corpus(corpus))} articles, best of {build_rounds} round(s) taking "
        f"turns, with each runtime's encoder loaded and warmed beforehand. *Warm ask*: "
        f"benchmark 2 on the seeds index built with each runtime (its floor: that runtime's "
        f"`encoder.encode([q])` + `store.ann.search(vec, {FLOOR_K})`), {len(asked)} questions "
        f"× {ask_rounds} round(s), the runtimes taking turns by round. *Cold ask*: "
        f"benchmark 4's fresh `newsdesk ask --json` on that index with a copy of "
        f"`{DEFAULT_CONFIG}` naming the runtime, median of {cold_runs} interleaved run(s), "
        "peak RSS read as benchmark 4 reads it.",
    )
    section.table(
        ["build", "wall time", "passages/s", "texts/s", "CPU time", "throughput ÷ torch"],
        [
            [
                f"`{r}`",
                secs(best[r]),
                f"{passages / best[r]:.1f}",
                f"{len(texts) / best[r]:.1f}",
                secs(min(builds[r].cpus)),
                ratio(best["torch"] / best[r]),
            ]
            for r in RUNTIMES
        ],
    )
    section.table(
        [
            "warm ask",
            "floor p50",
            "ask p50",
            "ask p95",
            "ask ÷ floor p50",
            "ask ÷ floor p95",
            "floor p50 ÷ torch's",
            "ask p50 ÷ torch's",
        ],
        [
            [
                f"`{r}`",
                ms(latency[r].p("floor", 50)),
                ms(latency[r].p("ask", 50)),
                ms(latency[r].p("ask", 95)),
                ratio(latency[r].ratio(50)),
                ratio(latency[r].ratio(95)),
                ratio(latency[r].p("floor", 50) / latency["torch"].p("floor", 50)),
                ratio(latency[r].p("ask", 50) / latency["torch"].p("ask", 50)),
            ]
            for r in RUNTIMES
        ],
    )
    section.table(
        ["cold ask", "wall time", "peak RSS", "wall ÷ torch", "RSS ÷ torch", "imports"],
        [
            [
                f"`{r}`",
                secs(cold_wall[r]),
                f"{cold_rss[r]:.0f} MB",
                ratio(cold_wall[r] / cold_wall["torch"]),
                ratio(cold_rss[r] / cold_rss["torch"]),
                ", ".join(imported[r]) or "none of torch, transformers, sentence_transformers",
            ]
            for r in RUNTIMES
        ],
    )
    section.table(
        ["ONNX export", "wall time", "peak RSS"],
        [
            ["first export, fp32 + int8, in this process (torch imported)", secs(first_export), ""],
            [f"finding it made, in this process (median of {FOUND_RUNS})", ms(found), ""],
            [
                "first cold ask (`onnx-int8`): exports, then answers",
                secs(first_start.wall),
                f"{first_start.max_rss_mb:.0f} MB",
            ],
            [
                "cold ask (`onnx-int8`) finding it made (above)",
                secs(cold_wall["onnx-int8"]),
                f"{cold_rss['onnx-int8']:.0f} MB",
            ],
        ],
    )
    section.goals.append(
        Goal(
            "build throughput, `onnx-int8` ÷ `torch`",
            best["torch"] / best["onnx-int8"],
            INT8_OVER_TORCH,
            True,
        )
    )
    section.goals.append(
        Goal("build throughput, `onnx` ÷ `torch`", best["torch"] / best["onnx"], 1.0, True)
    )
    section.goals += [
        Goal(f"warm ask p50 ÷ floor p50, `{r}`", latency[r].ratio(50), ASK_OVER_FLOOR)
        for r in RUNTIMES
    ]
    for runtime in RUNTIMES[1:]:
        section.goals += [
            Goal(f"cold ask, `{runtime}` ÷ `torch`", cold_wall[runtime] / cold_wall["torch"], 1.0),
            Goal(
                f"cold ask's peak RSS, `{runtime}` ÷ `torch`",
                cold_rss[runtime] / cold_rss["torch"],
                1.0,
            ),
        ]
    section.notes += [
        f"Only the first goal is issue 13's; the others are for information: not slower, "
        f"not larger than torch, and benchmark 2's bound ({ASK_OVER_FLOOR:g}×) on each "
        "runtime's own floor.",
        "Ask ÷ floor is a ratio to each runtime's own floor: a faster query embedding shrinks "
        "the floor more than the ask, whose other stages (BM25, the ranker's features and "
        "models, quotes) it does not speed up; ask p50 ÷ torch's compares the runtimes.",
        f"{passages:,} passages, {len(texts):,} texts embedded per build. Rounds (wall time): "
        + "; ".join(f"{r} {', '.join(secs(w) for w in builds[r].walls)}" for r in RUNTIMES)
        + ". The CPU column (this process, all threads) is less sensitive to other work on "
        "a shared machine than wall time.",
        "Each build's vectors against torch's, cosine per passage text (min / mean): "
        + "; ".join(f"{r} {cosines[r].min():.4f} / {cosines[r].mean():.4f}" for r in RUNTIMES[1:])
        + ".",
        "Cold ask runs (wall time): "
        + "; ".join(f"{r} {', '.join(secs(c.wall) for c in cold[r])}" for r in RUNTIMES)
        + ". *Imports* is what one more run of each had imported by its end (a run through "
        "`bot.cli.main`, listing `sys.modules`).",
        f"The export: {export_mb['fp32']:.0f} MB fp32, {export_mb['int8']:.0f} MB int8, into "
        "the `onnx` folder beside the index, made once by the first process that needs it; "
        "that process also imports torch and sentence-transformers to export, which later "
        "starts do not. Finding it made (its key from the model files' sizes and times and "
        "the libraries' versions, its record checked) is part of every start of an ONNX "
        "runtime. The first cold ask is one run, on a copy of the `onnx-int8` seeds index.",
        f"Load average (1/5/15 min) before this section: {load_before}; after: {load_average()}.",
    ]
    return section


def _seeds_engine(
    settings: Settings, runtime: Runtime, seeds: Path, folder: Path, encoder: Encoder
) -> Engine:
    """An engine on the seeds with ``runtime``, its index built (and its ONNX export found)
    in ``folder``."""
    chosen = dataclasses.replace(
        settings, model=dataclasses.replace(settings.model, runtime=runtime)
    )
    engine = Engine(
        chosen.with_paths(corpus=str(seeds), index=str(folder / f"seeds-{runtime}")), encoder
    )
    engine.refresh()
    return engine


def _config(folder: Path, runtime: Runtime) -> Path:
    """A copy of the project's config with ``[model] runtime`` set to ``runtime``: the cold
    ask then runs with the settings of every other benchmark, bar the runtime."""
    text, count = re.subn(
        r'^runtime = "[^"]*"',
        f'runtime = "{runtime}"',
        DEFAULT_CONFIG.read_text("utf-8"),
        flags=re.M,
    )
    path = folder / f"newsdesk-{runtime}.toml"
    path.write_text(text, encoding="utf-8")
    if count != 1 or load_settings(path).model.runtime != runtime:
        raise RuntimeError(f"cannot set [model] runtime in a copy of {DEFAULT_CONFIG}")
    return path


def _first_start(seeds: Path, folder: Path, config: Path) -> ChildRun:
    """A cold ask on a copy of the seeds' ``onnx-int8`` index in a folder with no ONNX
    export beside it yet: it exports the model (fp32 and int8), then answers."""
    index = folder / "first-start" / "seeds-onnx-int8"
    shutil.copytree(folder / "seeds-onnx-int8", index)
    run = run_child(cold_ask(seeds, index, "--config", str(config))).check()
    check_answered(run)
    if "exporting the model" not in run.stderr:
        raise RuntimeError(f"the first cold ask did not export the model:\n{run.stderr}")
    return run


def _imports(command: list[str]) -> list[str]:
    """Which of torch, transformers and sentence-transformers ``command`` (a ``newsdesk``
    command line) imports, run through ``bot.cli.main`` in a fresh process."""
    run: ChildRun = run_child([sys.executable, "-c", ASK_AND_LIST_IMPORTS, *command[1:]]).check()
    return json.loads(run.stderr.strip().splitlines()[-1])["imported"]
