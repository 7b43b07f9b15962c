"""What does the second ("in context") vector per passage buy? (issue 10: a measurement,
nothing is changed)

    .venv/bin/python scripts/measure_context_vector.py                  # every set
    .venv/bin/python scripts/measure_context_vector.py --only dev       # one set
    .venv/bin/python scripts/measure_context_vector.py --retrain        # and retrain

Each passage has two vectors (``embeddings/build.py``): row 2i its own text, row 2i+1 its
text read after the passage before it (``_in_context``). Every eval corpus is indexed
twice with the real model: as the build does it ("with"), and with the in-context text
replaced by the passage's own text ("without"), so that the second vector equals the first
and the searcher and the answer ranker see cos_ctx == cos_own: the index then carries
nothing beyond one vector per passage. The "without" build embeds each own text once and
stores it twice, so its time is the time of a one-vector build.

On each set it reports, with and without:

- the metrics of ``bot/evaluation.py`` (what ``newsdesk eval`` prints), by tag too;
- retrieval alone, before the answer ranker: over the cases naming their sources, whether
  the hybrid search's first k candidates (k = 1, 3, 10, 40; 40 is what the ranker scores)
  hold a passage from an expected source (``source@k``) or one holding the expected text
  from it (``answer@k``; for fact checks, a passage that is or holds one of the case's
  ``evidence_quotes``), and ``dense_answer@k`` by the dense ranking alone;
- per kind of outcome, the cases "without" loses and gains against "with" (the same case
  right in one and wrong in the other) and the sign test's p, to tell a change from noise;
- the cost: bytes of vectors with two and one vector per passage, the seconds (embedding,
  and in all) of each full build, and, as builds on a shared machine see different loads,
  the embedding of the same passages as one and as two vectors, alternated (``--timing``).

Indexes live in ``--root`` (``/tmp/ctxvec-<variant>-<set>``) and are reused: the build
skips unchanged articles, and a full build's times are kept beside the index.

``--retrain`` also runs ``scripts/train_answers.py --seed 0`` on each variant's indexes,
writing only to scratch folders (``<root>/ctxvec-train-<variant>``, never the committed
model), reports its validation figures, and scores the "without" index again with the
model retrained on it (and that model's abstention threshold).

The committed answer model reads the dense side through the better of the two cosines
(its features ``cos`` and ``cos_gap``; the abstainer's ``top_cos`` and ``max_cos``):
"without" shows it only the own cosine, lower than what it was trained on, which is what
``--retrain`` is for.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bot import engine as engine_module  # noqa: E402
from bot.constants import RANKER_CANDIDATES, RANKER_POOL  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.evaluation import evaluate, fold, load_cases  # noqa: E402
from bot.ranking.model import AnswerModel  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from embeddings import build as index_build  # noqa: E402
from embeddings import store as disk  # noqa: E402
from embeddings.encoders import Encoder, make_encoder  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "eval" / "external"
SETS = {  # name: (cases, corpus)
    "dev": (ROOT / "tests" / "data" / "dev.jsonl", ROOT / "seeds"),
    "squad2": (EXTERNAL / "squad2" / "validation.jsonl", EXTERNAL / "squad2" / "corpus"),
    "fm2": (EXTERNAL / "fm2" / "validation.jsonl", EXTERNAL / "fm2" / "corpus"),
    "semeval-c1": (EXTERNAL / "semeval-c1" / "cases.jsonl", EXTERNAL / "semeval-c1" / "corpus"),
}
# train_answers.py keeps its indexes in its cache as these; they are the sets' corpora.
TRAINING_INDEXES = {"index-squad2": "squad2", "index-seeds": "dev"}
VARIANTS = ("with", "without")
DEPTHS = (1, 3, 10, 40)
OUTCOMES = ("source_hit", "quote_hit", "abstain_ok", "verdict_ok", "evidence_hit")
BUILD_TIMES = "ctxvec-build.json"  # beside the index's generations, which the store ignores


class TimedEncoder:
    """The model, timing what the build embeds. With ``own_only`` the texts come in pairs
    (own, own): each pair is embedded once and its vector stored in both rows."""

    def __init__(self, model: Encoder, own_only: bool):
        self.model = model
        self.name = model.name
        self.own_only = own_only
        self.seconds = 0.0
        self.texts = 0

    @property
    def dimension(self) -> int:
        return self.model.dimension

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if self.own_only:
            own = texts[0::2]
            assert own == texts[1::2], "the in-context texts were not replaced"
            texts = own
        started = time.perf_counter()
        vectors = self.model.encode(texts, progress)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return np.repeat(vectors, 2, axis=0) if self.own_only else vectors


# The build's in-context text, kept as it is before any patching.
_context = getattr(index_build, "_in_context", None)


@contextmanager
def context_text(variant: str) -> Iterator[None]:
    """Builds made inside read each passage's in-context text as the variant says."""
    if variant == "with":
        yield
        return
    index_build._in_context = lambda passages, i, articles: passages[i].text
    try:
        yield
    finally:
        index_build._in_context = _context


def index_folder(root: Path, variant: str, name: str) -> Path:
    return root / f"ctxvec-{variant}-{name}"


def build_index(settings: Settings, model: Encoder, variant: str) -> dict:
    """Bring the variant's index up to date; the times of its last full build."""
    timed = TimedEncoder(model, own_only=variant == "without")
    started = time.perf_counter()
    with context_text(variant):
        report = Engine(settings, timed).build_index()
    seconds = time.perf_counter() - started
    record = settings.index.dir / BUILD_TIMES
    if report.passages_embedded and not report.unchanged:  # a full build: keep its times
        times = {
            "passages": report.passages_total,
            "texts_embedded": timed.texts,
            "embed_seconds": round(timed.seconds, 1),
            "build_seconds": round(seconds, 1),
            "passages_per_second": round(report.passages_total / timed.seconds, 1),
            "load_average_1min": round(os.getloadavg()[0], 2),
        }
        record.write_text(json.dumps(times, indent=1), encoding="utf-8")
    elif report.passages_embedded:
        print(f"{settings.index.dir}: partial build, times not kept", file=sys.stderr)
    return json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}


def vector_cost(folder: Path) -> dict:
    store = disk.load(folder)
    passages, dimension = store.manifest.passages, store.manifest.dimension
    generation = disk.current_generation(folder)
    assert generation is not None
    return {
        "passages": passages,
        "index_kind": store.manifest.index_kind,
        "vector_bytes_two_per_passage": store.ann.nbytes,
        "vector_bytes_one_per_passage": passages * dimension * 4,  # flat float32 rows
        "index_bytes_on_disk": sum(p.stat().st_size for p in generation.rglob("*") if p.is_file()),
    }


def _holds(case: dict, text: str) -> bool:
    """The passage ``text`` holds what the case expects (an ask's answer text, or one of a
    fact check's evidence quotes, either way round: passages are sentence-sized)."""
    text = fold(text)
    if case["type"] == "ask":
        return any(fold(s) in text for s in case.get("expect_text_any", []))
    return any(text in fold(q) or fold(q) in text for q in case.get("evidence_quotes", []))


def retrieval(engine: Engine, cases: list[dict]) -> dict[str, dict[str, bool]]:
    """Per case naming its sources: whether the candidates the answer ranker gets, and the
    dense ranking alone, hold what it expects within the first k."""
    searcher = engine.loaded.searcher
    queries = {"ask": "question", "factcheck": "claim"}
    scored = [
        c
        for c in cases
        if c["type"] in queries and c.get("expect_sources") and not c.get("expect_abstain")
    ]
    vectors = searcher.encoder.encode([c[queries[c["type"]]] for c in scored]) if scored else []
    out = {}
    for case, vector in zip(scored, vectors, strict=True):
        hits = searcher.search(case[queries[case["type"]]], RANKER_POOL, RANKER_POOL, vector)
        sources = set(case["expect_sources"])
        from_source = [h.passage.source in sources or bool(sources & set(h.also_in)) for h in hits]
        answer = [
            s and _holds(case, h.passage.text) for s, h in zip(from_source, hits, strict=True)
        ]
        found = {}
        for k in DEPTHS:
            found[f"source@{k}"] = any(from_source[: min(k, RANKER_CANDIDATES)])
            found[f"answer@{k}"] = any(answer[: min(k, RANKER_CANDIDATES)])
            dense = [a for a, h in zip(answer, hits, strict=True) if h.dense_rank < k]
            found[f"dense_answer@{k}"] = any(dense)
        out[case["id"]] = found
    return out


def _ctx_better(engine: Engine, cases: list[dict]) -> float | None:
    """Share of the dense top 10 (over ask and fact-check queries) whose better cosine is
    the in-context vector's."""
    searcher = engine.loaded.searcher
    queries = [c.get("question") or c.get("claim") for c in cases]
    queries = [q for q in queries if isinstance(q, str)]
    better = []
    for query in queries:
        hits = searcher.search(query, RANKER_POOL, RANKER_POOL)
        top = sorted(hits, key=lambda h: h.dense_rank)[:10]
        better.extend(h.cos_ctx > h.cos_own for h in top)
    return round(float(np.mean(better)), 4) if better else None


def outcomes(result: dict, found: dict[str, dict[str, bool]]) -> dict[str, bool]:
    """Every yes/no the metrics count, per case ("id:what"), for paired comparisons."""
    out = {}
    for case in result["cases"]:
        for key in OUTCOMES:
            if key in case:
                out[f"{case['id']}:{case['type']}.{key}"] = case[key]
        for j, event in enumerate(case.get("found", ())):
            out[f"{case['id']}#{j}:timeline.event_found"] = event
    for case_id, hits in found.items():
        out |= {f"{case_id}:retrieval.{k}": v for k, v in hits.items()}
    return out


@contextmanager
def answer_model(path: Path | None) -> Iterator[None]:
    """Engines made inside load the answer model at ``path`` (None: the committed one)."""
    if path is None:
        yield
        return
    original = engine_module.AnswerModel

    class Scratch(AnswerModel):
        @classmethod
        def load(cls, _path: Path = path) -> AnswerModel:
            return AnswerModel.load(path)

    engine_module.AnswerModel = Scratch
    try:
        yield
    finally:
        engine_module.AnswerModel = original


def score(
    settings: Settings,
    model: Encoder,
    variant: str,
    cases: list[dict],
    model_path: Path | None = None,
) -> dict:
    started = time.perf_counter()
    # The index is up to date; should the engine's refresh embed anything, it does so as
    # the variant says.
    with context_text(variant), answer_model(model_path):
        engine = Engine(settings, model)
        result = evaluate(engine, cases)
        found = retrieval(engine, cases)
        ctx_better = _ctx_better(engine, cases)
    metrics = dict(result["metrics"])
    by_tag = metrics.pop("by_tag")
    for tag, tagged in by_tag.items():
        if tagged != metrics:  # a tag every case carries repeats the overall figures
            metrics |= {f"{tag}/{k}": v for k, v in tagged.items()}
    for key in next(iter(found.values()), {}):
        share = np.mean([hits[key] for hits in found.values()])
        metrics[f"retrieval.{key}"] = round(float(share), 4)
    metrics["retrieval.dense_top10_ctx_better"] = ctx_better
    return {
        "metrics": metrics,
        "counts": result["counts"] | {"retrieval": len(found)},
        "eval_seconds": round(time.perf_counter() - started, 1),
        "outcomes": outcomes(result, found),
    }


def _points(name: str, a, b) -> float | None:
    """``b - a`` in points (x100) for shares, in its own unit for words and ranks."""
    if a is None or b is None:
        return None
    unit = 1 if name.endswith(("quote_words", "first_hit_rank")) else 100
    return round((b - a) * unit, 2)


def table(results: dict, columns: list[str]) -> str:
    """One markdown table: each set's metrics in each column, and each column's
    difference from the first in points."""
    head = ["set", "metric", *columns, *(f"{c} - {columns[0]} (pt)" for c in columns[1:])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, by_column in results.items():
        first = by_column[columns[0]]["metrics"]
        for metric, value in first.items():
            values = [by_column[c]["metrics"].get(metric) for c in columns]
            if all(v is None for v in values):
                continue
            diffs = [_points(metric, value, v) for v in values[1:]]
            cells = [name, metric, *map(str, values), *map(str, diffs)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def sign_test(lost: int, gained: int) -> float:
    """Two-sided exact sign test: how likely a split at least this uneven is by chance."""
    n = lost + gained
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(lost, gained) + 1)) / 2**n
    return round(min(1.0, 2 * tail), 4)


def paired(results: dict, columns: list[str]) -> str:
    """Per set and kind of outcome: the cases each column loses and gains against the
    first (the same case, right in one and wrong in the other), with the sign test."""
    head = ["set", "outcome", "cases", *(f"{c}: lost / gained (p)" for c in columns[1:])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, by_column in results.items():
        base = by_column[columns[0]]["outcomes"]
        kinds = dict.fromkeys(key.split(":", 1)[1] for key in base)
        for kind in kinds:
            keys = [key for key in base if key.endswith(f":{kind}")]
            cells = [name, kind, str(len(keys))]
            for column in columns[1:]:
                other = by_column[column]["outcomes"]
                lost = sum(base[k] and not other[k] for k in keys)
                gained = sum(other[k] and not base[k] for k in keys)
                cells.append(f"{lost} / {gained} ({sign_test(lost, gained)})")
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def encode_timing(folder: Path, model: Encoder, passages: int, rounds: int) -> dict:
    """Seconds to embed the first ``passages`` passages of the index in ``folder`` as one
    vector each (their own texts) and as two (own and in-context texts, as the build
    embeds them), alternating ``rounds`` times so that both see the same load."""
    store = disk.load(folder)
    sample = list(store.passages[:passages])
    own = [p.text for p in sample]
    both = [t for i, p in enumerate(sample) for t in (p.text, _context(sample, i, store.articles))]
    times: dict[str, list[float]] = {"one": [], "two": []}
    for _ in range(rounds):
        for kind, texts in (("one", own), ("two", both)):
            started = time.perf_counter()
            model.encode(texts)
            times[kind].append(time.perf_counter() - started)
    one, two = min(times["one"]), min(times["two"])  # the least disturbed run of each
    return {
        "passages": len(sample),
        "one_vector_seconds": [round(t, 1) for t in times["one"]],
        "two_vectors_seconds": [round(t, 1) for t in times["two"]],
        "two_over_one_best": round(two / one, 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def retrain(root: Path, variant: str, threads: int) -> dict:
    """``train_answers.py --seed 0`` on the variant's indexes, into a scratch folder."""
    import torch
    import train_answers

    scratch = root / f"ctxvec-train-{variant}"
    scratch.mkdir(parents=True, exist_ok=True)
    for link, name in TRAINING_INDEXES.items():
        if not (scratch / link).exists():
            (scratch / link).symlink_to(index_folder(root, variant, name))
    set_threads = torch.set_num_threads
    # The training's candidate collection asks torch for 2 threads; this machine is shared.
    torch.set_num_threads = lambda n: set_threads(min(n, threads))  # type: ignore[assignment]
    try:
        # Its printout goes to stderr: stdout is this script's tables.
        with context_text(variant), redirect_stdout(sys.stderr):
            train_answers.main(
                [
                    "--seed",
                    "0",
                    "--cache",
                    str(scratch),
                    "--output",
                    str(scratch / "answer_model.json"),
                    "--report",
                    str(scratch / "report.json"),
                ]
            )
    finally:
        torch.set_num_threads = set_threads
    report = json.loads((scratch / "report.json").read_text(encoding="utf-8"))
    return {
        "model": str(scratch / "answer_model.json"),
        "chosen": report["chosen"],
        "ranker_validation": report["ranker"]["validation"],
        "ranker_dev": report["ranker"]["dev"],
        "abstainer_validation_auc": report["abstainer"]["validation_auc_answerable_vs_not"],
        "cos_coefficients": {
            k: v for k, v in report["ranker"]["coefficients"].items() if k.startswith("cos")
        },
        "dev": report["dev"],
    }


def with_threshold_of(settings: Settings, model_path: Path) -> Settings:
    """``settings`` with the abstention threshold chosen with the model at ``model_path``,
    as a config written with that model would say."""
    threshold = AnswerModel.load(model_path).abstain_threshold
    answer = dataclasses.replace(settings.answer, abstain_threshold=threshold)
    return dataclasses.replace(settings, answer=answer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--root", type=Path, default=Path("/tmp"), help="where indexes live")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (shared machine)")
    parser.add_argument("--retrain", action="store_true", help="also retrain the answer model")
    parser.add_argument("--report", type=Path, help="write every figure as JSON here")
    parser.add_argument(
        "--timing",
        nargs=2,
        type=int,
        default=(600, 3),
        metavar=("PASSAGES", "ROUNDS"),
        help="embedding time of one and two vectors per passage, alternated, on squad2 "
        "(or the first set of --only without it)",
    )
    args = parser.parse_args(argv)
    if not callable(_context):
        parser.error("embeddings/build.py no longer has _in_context: update this script")
    import torch

    torch.set_num_threads(args.threads)
    defaults = load_settings()
    model = make_encoder(defaults.model.name, defaults.model.batch_size)
    model.encode(["warm up"])  # loads the model now, so that no build's time includes it

    settings = {
        (variant, name): defaults.with_paths(
            str(corpus), str(index_folder(args.root, variant, name))
        )
        for name, (_, corpus) in SETS.items()
        for variant in VARIANTS
    }
    builds, costs = {}, {}
    for name in args.only:
        for variant in VARIANTS:
            print(f"indexing {name} ({variant})", file=sys.stderr, flush=True)
            builds[f"{name}/{variant}"] = build_index(settings[variant, name], model, variant)
            costs[f"{name}/{variant}"] = vector_cost(settings[variant, name].index.dir)

    print("timing one and two vectors per passage", file=sys.stderr, flush=True)
    timed = "squad2" if "squad2" in args.only else args.only[0]
    timing = encode_timing(index_folder(args.root, "with", timed), model, *args.timing)
    timing["set"] = timed

    results: dict[str, dict] = {}
    for name in args.only:
        for variant in VARIANTS:
            print(f"scoring {name} ({variant})", file=sys.stderr, flush=True)
            scored = score(settings[variant, name], model, variant, load_cases(SETS[name][0]))
            results.setdefault(name, {})[variant] = scored

    columns, training = list(VARIANTS), {}
    summary = {
        "builds": builds,
        "timing": timing,
        "vector_cost": costs,
        "training": training,
        "results": results,
    }
    if args.report:  # kept now too: retraining takes long
        args.report.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    if args.retrain:
        for variant in VARIANTS:
            print(f"retraining on the {variant} indexes", file=sys.stderr, flush=True)
            training[variant] = retrain(args.root, variant, args.threads)
        retrained = Path(training["without"]["model"])
        columns.append("without, retrained")
        for name in args.only:
            print(f"scoring {name} (without, retrained)", file=sys.stderr, flush=True)
            run = with_threshold_of(settings["without", name], retrained)
            cases = load_cases(SETS[name][0])
            results[name][columns[-1]] = score(run, model, "without", cases, retrained)

    print(table(results, columns))
    print()
    print(paired(results, columns))
    print(json.dumps({k: v for k, v in summary.items() if k != "results"}, indent=1))
    if args.report:
        args.report.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
