"""Benchmark 9: start-up at 100,000 passages against start-up on the seeds.

A cold ``newsdesk ask`` should not grow with the corpus: the build saves what a reader
needs (BM25, term and name statistics, the passages), and a reader maps or opens it.
Both indexes are built with the hashing encoder, so that no embedding time is counted,
and measured in fresh processes.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
from pathlib import Path

from cli_bench import QUESTION, newsdesk
from measure import ChildRun, ms, ratio, run_child, secs
from report import Goal, Section
from synthetic import SEED_LIKE, write_corpus

from bot.settings import IndexSettings
from embeddings import HashingEncoder, update_index

# The asks run with the default settings: the indexes are built as those build them.
APPROXIMATE_FROM = IndexSettings().approximate_from

EXTERNAL = Path("../shared/eval/external")  # the eval sets' corpora (real articles)
TARGET_PASSAGES = 100_000
SYNTHETIC_ARTICLES = 8_400  # about 11 passages each: with the others, just over the target
COLD_RUNS = 3
EXTRA_SECONDS = 2.4  # the bound on what a large corpus may add to a cold ask
COLD_OVER_REAL = 1.5  # ... and on the cold ask over the seeds' with the real model
ADD_SECONDS = 2.0  # the bound on adding one article, beyond its embedding time
NO_CHANGE_SECONDS = 1.0  # ... and on `newsdesk index` (or /reindex) when nothing changed
UPDATE_RUNS = 3

# Run in a fresh process: the phases of a start-up, timed, and the memory they leave.
_PHASES = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from bot.engine import Engine
from bot.settings import load_settings
imported = time.perf_counter()
settings = load_settings(Path(sys.argv[1])).with_paths(corpus=sys.argv[2], index=sys.argv[3])
engine = Engine(settings)
engine.refresh()  # as a command starts: the index check, then the load
loaded = time.perf_counter()
rss_loaded = int(open("/proc/self/statm").read().split()[1])
answer = engine.ask(sys.argv[4])
asked = time.perf_counter()
engine.build_index()  # the check alone, again, to tell it from the load
checked = time.perf_counter()
import resource
page = resource.getpagesize() / 2**20
print(json.dumps({
    "import": imported - start, "check": checked - asked,
    "load": loaded - imported - (checked - asked), "ask": asked - loaded,
    "rss_loaded": rss_loaded * page, "quotes": len(answer.quotes),
}))
"""


def write_large_corpus(folder: Path, seeds: Path, synthetic: int) -> int:
    """The seeds, the external eval corpora and ``synthetic`` articles; returns the file count."""
    count = write_corpus(folder, len(list(seeds.iterdir())) + synthetic, SEED_LIKE, seeds)
    for corpus in sorted(EXTERNAL.glob("*/corpus")):
        for path in sorted(p for p in corpus.iterdir() if p.is_file()):
            shutil.copyfile(path, folder / f"{corpus.parent.name}_{path.name}")
            count += 1
    return count


def _config(folder: Path, model: str) -> Path:
    path = folder / f"newsdesk-{model}.toml"
    path.write_text(f'[model]\nname = "{model}"\n', encoding="utf-8")
    return path


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _time_updates(corpus: Path, seeds: Path, index: list[str], log) -> dict[str, list[ChildRun]]:
    """Fresh ``newsdesk index`` runs after adding, changing and removing one article."""
    seed = sorted(seeds.iterdir())[0]
    updates: dict[str, list[ChildRun]] = {
        "adding one article": [],
        "changing it": [],
        "removing it": [],
        "nothing changed": [],
    }
    for i in range(UPDATE_RUNS):
        log(f"9/9 updating the large index, round {i + 1}")
        added = corpus / f"update-{i}.txt"
        shutil.copyfile(seed, added)
        updates["adding one article"].append(run_child(index).check())
        added.write_text(added.read_text() + "\nA changed last line.\n")
        updates["changing it"].append(run_child(index).check())
        added.unlink()
        updates["removing it"].append(run_child(index).check())
        updates["nothing changed"].append(run_child(index).check())
    return updates


def bench_startup(seeds: Path, work: Path, log, quick: bool = False) -> Section:
    """``quick``: a few hundred synthetic articles, to check that the benchmark runs."""
    corpus = work / "startup-corpus"
    articles = write_large_corpus(corpus, seeds, 300 if quick else SYNTHETIC_ARTICLES)
    indexes = {"seeds": (seeds, work / "startup-seeds"), "large": (corpus, work / "startup-large")}
    built: dict[str, int] = {}
    for name, (source, index) in indexes.items():
        log(f"9/9 building the {name} index with the hashing encoder")
        report = update_index(
            source, index, "hashing", 40, HashingEncoder, approximate_from=APPROXIMATE_FROM
        )
        built[name] = report.passages_total
    if built["large"] < TARGET_PASSAGES and not quick:
        raise RuntimeError(f"the large corpus has {built['large']:,} passages, too few")
    generation = {
        name: index / (index / "CURRENT").read_text() for name, (_, index) in indexes.items()
    }
    disk_mb = {name: _size_mb(folder) for name, folder in generation.items()}  # before updates
    vectors_mb = sum(p.stat().st_size for p in generation["large"].glob("*/vectors.faiss")) / 2**20

    hashing = _config(work, "hashing")
    real = _config(work, "all-MiniLM-L6-v2")

    def on(config: Path, source: Path, index: Path, *command: str) -> list[str]:
        """A newsdesk command line on this corpus and index."""
        paths = ("--config", str(config), "--corpus", str(source), "--index", str(index))
        return newsdesk(*command, *paths)

    commands = {
        "seeds": on(hashing, seeds, indexes["seeds"][1], "ask", "--json", QUESTION),
        "large": on(hashing, corpus, indexes["large"][1], "ask", "--json", QUESTION),
        "real": on(real, seeds, work / "startup-seeds-real", "ask", "--json", QUESTION),
    }
    run_child(commands["real"]).check()  # builds the seeds' index with the real model
    runs: dict[str, list[ChildRun]] = {name: [] for name in commands}
    phases: dict[str, list[dict]] = {"seeds": [], "large": []}
    for _ in range(COLD_RUNS):  # interleaved, so a burst of machine load hits every command
        for name, command in commands.items():
            runs[name].append(run_child(command).check())
        for name in phases:
            source, index = indexes[name]
            child = run_child(
                [sys.executable, "-c", _PHASES, str(hashing), str(source), str(index), QUESTION]
            ).check()
            phases[name].append(json.loads(child.stdout))
    wall = {name: statistics.median(r.wall for r in done) for name, done in runs.items()}
    peak = {name: statistics.median(r.max_rss_mb for r in done) for name, done in runs.items()}

    def phase(name: str, key: str) -> float:
        return statistics.median(p[key] for p in phases[name])

    update = on(hashing, corpus, indexes["large"][1], "index")
    updates = _time_updates(corpus, seeds, update, log)
    extra = wall["large"] - wall["seeds"]
    rss_bound = 2 * peak["seeds"] + vectors_mb
    section = Section(
        "9. Start-up at 100,000 passages",
        f"A corpus of {articles:,} articles ({built['large']:,} passages): the seeds, the "
        "corpora of the external eval sets and synthetic articles of seed-like length "
        f"(`benchmarks/synthetic.py`), against the seeds ({built['seeds']} passages). Both "
        "indexes are built with the `hashing` encoder, so that no embedding time is "
        f'counted. Cold `.venv/bin/newsdesk ask --json "{QUESTION}"` in fresh processes, '
        f"median of {COLD_RUNS} interleaved runs; the phases are timed by a child that runs "
        "the same steps (`Engine.refresh`, which checks the index against the corpus and "
        "loads it, one `Engine.ask`, then `Engine.build_index` alone, to time the check "
        "apart from the load) and reads its resident memory from `/proc/self/statm`.",
    )
    section.table(
        ["", "seeds (hashing)", "100k passages (hashing)", "large ÷ seeds"],
        [
            [
                "cold `newsdesk ask`, wall",
                secs(wall["seeds"]),
                secs(wall["large"]),
                ratio(wall["large"] / wall["seeds"]),
            ],
            [
                "cold `newsdesk ask`, peak RSS",
                f"{peak['seeds']:.0f} MB",
                f"{peak['large']:.0f} MB",
                ratio(peak["large"] / peak["seeds"]),
            ],
            *(
                [
                    label,
                    ms(phase("seeds", key)),
                    ms(phase("large", key)),
                    ratio(phase("large", key) / phase("seeds", key)),
                ]
                for label, key in (
                    ("phase: imports", "import"),
                    ("phase: index check (corpus listed, changed files read)", "check"),
                    ("phase: index load (refresh minus the check)", "load"),
                    ("phase: first ask", "ask"),
                )
            ),
            [
                "resident after load",
                f"{phase('seeds', 'rss_loaded'):.0f} MB",
                f"{phase('large', 'rss_loaded'):.0f} MB",
                ratio(phase("large", "rss_loaded") / phase("seeds", "rss_loaded")),
            ],
            *(
                [
                    f"`newsdesk index` after {what}",
                    "",
                    f"{secs(statistics.median(r.wall for r in done))}, "
                    f"{statistics.median(r.max_rss_mb for r in done):.0f} MB peak",
                    "",
                ]
                for what, done in updates.items()
            ),
            [
                "index on disk",
                f"{disk_mb['seeds']:.1f} MB",
                f"{disk_mb['large']:.0f} MB (vectors {vectors_mb:.0f} MB)",
                "",
            ],
        ],
    )
    projected = (wall["real"] + extra) / wall["real"]
    section.goals += [
        Goal("cold ask, 100k passages minus seeds (hashing)", extra, EXTRA_SECONDS, unit="s"),
        Goal(
            "cold ask at 100k ÷ seeds' cold ask with the real model (projected)",
            projected,
            COLD_OVER_REAL,
        ),
        Goal("peak RSS at 100k ÷ (2 × seeds' + vectors' size)", peak["large"] / rss_bound, 1.0),
        Goal(
            "`newsdesk index` adding one article at 100k (hashing: no embedding time)",
            statistics.median(r.wall for r in updates["adding one article"]),
            ADD_SECONDS,
            unit="s",
        ),
        Goal(
            "`newsdesk index` with nothing changed at 100k",
            statistics.median(r.wall for r in updates["nothing changed"]),
            NO_CHANGE_SECONDS,
            unit="s",
        ),
    ]
    section.notes += [
        f"Seeds' cold ask with the real model: {secs(wall['real'])} "
        f"({peak['real']:.0f} MB peak); the projection adds the large corpus's extra "
        f"{secs(extra)} to it, as loading the index does not depend on the encoder.",
        f"RSS bound: 2 × {peak['seeds']:.0f} MB + {vectors_mb:.0f} MB of vectors = "
        f"{rss_bound:.0f} MB. Mapped index files count in RSS only as far as they are read: "
        "after load the vectors are mapped but unread (an HNSW index's graph is read into "
        "memory at load); the first question's search reads the vectors it visits (file "
        "pages, shared by every process serving the index).",
        f"Index kinds, as the default settings build them: the large index is "
        f"{'HNSW' if built['large'] >= APPROXIMATE_FROM > 0 else 'flat'} "
        f"(`[index] approximate_from = {APPROXIMATE_FROM:,}`), the seeds' flat.",
        f"Updates: {UPDATE_RUNS} rounds, each adding one seed article under a new name, "
        "changing it, removing it, then running with nothing changed, each a fresh "
        "`newsdesk index` process on the large index (a build writes a segment for what "
        "it embeds and marks changed and removed passages deleted; see "
        "`embeddings/segments.py`). Wall times include the process start and the check "
        "of the corpus.",
        "What still grows with the corpus: the index check lists every article file and "
        "reads its size and times (an unchanged file is not read again: "
        "`embeddings/corpus_scan.py`), and the load parses `articles.json` (every article's "
        "paragraphs) and bm25s's vocabulary; no passage is read or processed at load.",
        "Runs (seeds / large / real): "
        + " / ".join(", ".join(secs(r.wall) for r in runs[name]) for name in commands)
        + ".",
    ]
    return section
