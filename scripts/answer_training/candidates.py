"""Labelled candidates: the real engine's candidates for each question (cached, so that
the models can be iterated on without re-embedding), their features and labels."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import numpy as np

from bot.aliases import Aliases
from bot.evaluation import fold
from bot.ranking.features import CorpusView, candidate_features
from bot.ranking.question import analyse
from bot.ranking.ranker import retrieve


def load_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def collect(corpus: Path, case_files: dict[str, Path], index_dir: Path, cache: Path) -> dict:
    """Per split: for each ask case, its candidates with raw retrieval scores, today's
    top-12 ranking (the baseline) and the question's unknown-name share."""
    key = _digest(*case_files.values(), *sorted(corpus.iterdir()))
    path = cache / f"candidates-{corpus.name}-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    import torch

    torch.set_num_threads(2)
    from bot.engine import Engine
    from bot.settings import load_settings

    settings = load_settings().with_paths(str(corpus), str(index_dir))
    engine = Engine(settings)
    engine.refresh()
    searcher, ranker = engine.loaded.searcher, engine.loaded.ranker
    out: dict = {"splits": {}}
    for split, file in case_files.items():
        cases = [c for c in load_cases(file) if c["type"] == "ask"]
        vectors = searcher.encoder.encode([c["question"] for c in cases])
        rows = []
        for case, vector in zip(cases, vectors, strict=True):
            q = case["question"]
            cands = [r for _, r in retrieve(searcher, q, vector)]
            baseline = [(s.hit.row, s.score) for s in ranker.rank(q)]
            _, unknown = ranker.unknown_names(q)
            rows.append({"case": case, "cands": cands, "baseline": baseline, "unknown": unknown})
        out["splits"][split] = rows
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def corpus_view(index_dir: Path):
    from embeddings import store as disk
    from embeddings.keyword import KeywordIndex

    store = disk.load(index_dir)
    keywords = KeywordIndex([p.text for p in store.passages])
    return store, CorpusView(store.passages, store.articles, keywords.terms_of, keywords.idf)


def build(rows: list[dict], store, view: CorpusView) -> list[dict]:
    """Per question: features, labels (holds an expected string, from an expected source),
    words, sources, texts."""
    out = []
    for r in rows:
        case = r["case"]
        q = analyse(case["question"], view.idf, r["unknown"], Aliases.load())
        feats = candidate_features(q, r["cands"], view)
        texts = [store.passages[c.row].text for c in r["cands"]]
        folded = [fold(t) for t in texts]
        wanted = [fold(s) for s in case.get("expect_text_any", [])]
        sources = set(case.get("expect_sources", []))
        holds = np.array([any(w in t for w in wanted) for t in folded], dtype=bool)
        from_source = np.array([bool(set(c.sources) & sources) for c in r["cands"]], dtype=bool)
        out.append(
            {
                "case": case,
                "q": q,
                "X": feats,
                "y": holds & from_source,
                "from_source": from_source,
                "words": [len(t.split()) for t in texts],
                "texts": texts,
                "answerable": not case.get("expect_abstain"),
                "unknown": r["unknown"],
                "baseline": r["baseline"],
            }
        )
    return out


def labelled(corpus: Path, case_files: dict[str, Path], index_dir: Path, cache: Path):
    """The corpus's passage store and, per split, its labelled questions (``build``)."""
    data = collect(corpus, case_files, index_dir, cache)
    store, view = corpus_view(index_dir)
    return store, {split: build(rows, store, view) for split, rows in data["splits"].items()}
