"""Train the learned answer ranker and abstention model (bot/ranking/answer_model.json).

    .venv/bin/python scripts/train_answers.py --seed 0            # fit, choose, write, report
    .venv/bin/python scripts/train_answers.py --seed 0 --no-write # report only

Fit on ``squad2/train.jsonl``, choose hyper-parameters and thresholds on
``squad2/validation.jsonl``; the dev set over the seeds is a smoke test only. Candidates
(the real model's hybrid search, k=40 from a pool of 100) are cached under ``--cache`` so
that the models can be iterated on without re-embedding. The output is deterministic
for a given seed and data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.aliases import Aliases  # noqa: E402
from bot.ranking.features import (  # noqa: E402
    CANDIDATE_FEATURES,
    QUESTION_FEATURES,
    CorpusView,
    candidate_features,
    question_features,
)
from bot.ranking.model import MODEL_PATH, AnswerModel, Logistic, select  # noqa: E402
from bot.ranking.question import analyse  # noqa: E402
from bot.ranking.ranker import CANDIDATES, POOL, retrieve  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SQUAD = SHARED / "external" / "squad2"
SHOWN = 3
# Candidate feature sets tried for the ranker (all computed; the model keeps its own).
FEATURE_SETS = {
    "all": CANDIDATE_FEATURES,
    "compact": (
        "cos",
        "cos_own",
        "cos_gap",
        "coverage",
        "coverage_par",
        "bm25_rel",
        "log_dense_rank",
        "log_bm25_rank",
        "type_match",
        "type_match_par",
        "type_count",
        "new_name",
        "new_number",
        "new_date",
        "article_support",
        "log_words",
        "lead",
        "position",
        "first_in_paragraph",
    ),
    "small": (
        "cos",
        "cos_gap",
        "coverage",
        "coverage_par",
        "type_match",
        "type_match_par",
        "new_name",
        "new_number",
        "new_date",
        "article_support",
    ),
}
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip().casefold()


def load_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# ---------------------------------------------------------------------------------------
# Stage 1: candidates from the real engine (cached)
# ---------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------
# Stage 2: features and labels
# ---------------------------------------------------------------------------------------


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
                "holds": holds,
                "from_source": from_source,
                "words": [len(t.split()) for t in texts],
                "texts": texts,
                "answerable": not case.get("expect_abstain"),
                "unknown": r["unknown"],
                "baseline": r["baseline"],
            }
        )
    return out


def shown_metrics(item: dict, chosen: list[int], store=None) -> dict:
    """quote_hit / source_hit / words of the quotes ``chosen`` (indexes into candidates)."""
    shown = chosen[:SHOWN]
    text = fold(" ".join(item["texts"][i] for i in shown))
    wanted = [fold(s) for s in item["case"].get("expect_text_any", [])]
    return {
        "quote_hit": any(w in text for w in wanted),
        "source_hit": any(item["from_source"][i] for i in shown),
        "words": sum(item["words"][i] for i in shown),
    }


def first_positive_rank(item: dict, probs: np.ndarray) -> int | None:
    order = np.argsort(-probs, kind="stable")
    for rank, i in enumerate(order, start=1):
        if item["y"][i]:
            return rank
    return None


def evaluate_ranking(items: list[dict], probs: list[np.ndarray], add: float) -> dict:
    """Answerable questions only, no abstention: what the shown quotes hold."""
    hits, sources, words, ranks, recall = [], [], [], [], []
    for item, p in zip(items, probs, strict=True):
        if not item["answerable"]:
            continue
        chosen = select(p, item["words"], add)
        m = shown_metrics(item, chosen)
        hits.append(m["quote_hit"])
        sources.append(m["source_hit"])
        words.append(m["words"])
        r = first_positive_rank(item, p)
        recall.append(r is not None)
        if r is not None:
            ranks.append(r)
    return {
        "quote_hit": round(float(np.mean(hits)), 4),
        "source_hit": round(float(np.mean(sources)), 4),
        "words": round(float(np.mean(words)), 1),
        "mean_first_rank": round(float(np.mean(ranks)), 2),
        "top1": round(float(np.mean([r == 1 for r in ranks]) * np.mean(recall)), 4),
        "recall@40": round(float(np.mean(recall)), 4),
    }


def baseline_metrics(items: list[dict], store) -> dict:
    """Today's answer path (bot/answers.py as of this script): top-12, cosine + 0.3 *
    coverage, up to 3 quotes within 0.2 of the best; abstain below 0.45 or when half the
    question's names are unknown."""
    hits, sources, words, abst_a, abst_u, ranks = [], [], [], [], [], []
    for item in items:
        case = item["case"]
        ranked = item["baseline"]
        abstain = not ranked or item["unknown"] >= 0.5 or ranked[0][1] < 0.45
        if item["answerable"]:
            abst_a.append(abstain)
            shown = [row for row, s in ranked[:3] if s >= ranked[0][1] - 0.2] if ranked else []
            texts = [store.passages[r].text for r in shown]
            text = fold(" ".join(texts))
            wanted = [fold(s) for s in case.get("expect_text_any", [])]
            ok = not abstain
            hits.append(ok and any(w in text for w in wanted))
            sources.append(
                ok and any(store.passages[r].source in case["expect_sources"] for r in shown)
            )
            words.append(sum(len(t.split()) for t in texts) if ok else 0)
            for rank, (row, _) in enumerate(ranked, start=1):
                t = fold(store.passages[row].text)
                if store.passages[row].source in case["expect_sources"] and any(
                    w in t for w in wanted
                ):
                    ranks.append(rank)
                    break
        else:
            abst_u.append(abstain)
    return {
        "quote_hit": round(float(np.mean(hits)), 4),
        "source_hit": round(float(np.mean(sources)), 4),
        "words": round(float(np.mean([w for w in words if w])), 1),
        "mean_first_rank@12": round(float(np.mean(ranks)), 2),
        "abstain_answerable": round(float(np.mean(abst_a)), 4),
        "abstain_unanswerable": round(float(np.mean(abst_u)), 4) if abst_u else None,
    }


# ---------------------------------------------------------------------------------------
# Stage 3: models
# ---------------------------------------------------------------------------------------


def fit_logistic(X, y, C: float, seed: int, names, columns=()) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=C, max_iter=2000, random_state=seed)
    model.fit((X - mean) / scale, y)
    coef = model.coef_[0].copy()
    return Logistic(tuple(names), mean, scale, coef, float(model.intercept_[0]), tuple(columns))


def stack(items: list[dict], columns=None) -> tuple[np.ndarray, np.ndarray]:
    """Candidate rows and labels of the answerable questions."""
    chosen = [i for i in items if i["answerable"]]
    X = np.vstack([i["X"] for i in chosen])
    return (X if columns is None else X[:, columns]), np.concatenate([i["y"] for i in chosen])


def question_rows(items, probs, add: float) -> tuple[np.ndarray, np.ndarray]:
    """Abstainer rows and labels (answerable and the shown quotes hold the answer)."""
    X, y = [], []
    for item, p in zip(items, probs, strict=True):
        X.append(question_features(item["q"], item["X"], p))
        chosen = select(p, item["words"], add)
        y.append(item["answerable"] and shown_metrics(item, chosen)["quote_hit"])
    return np.asarray(X), np.asarray(y, dtype=bool)


def cross_fitted(items, ranker: Logistic, C, seed, folds=5) -> list[np.ndarray]:
    """Ranker probabilities on train questions from models that never saw them."""
    rng = np.random.RandomState(seed)
    fold_of = rng.randint(0, folds, size=len(items))
    out: list[np.ndarray | None] = [None] * len(items)
    for f in range(folds):
        fit = [it for it, k in zip(items, fold_of, strict=True) if k != f]
        X, y = stack(fit, list(ranker.columns))
        model = fit_logistic(X, y, C, seed, ranker.features, ranker.columns)
        for i, k in enumerate(fold_of):
            if k == f:
                out[i] = model.probability(items[i]["X"]) if len(items[i]["X"]) else np.zeros(0)
    return out


def threshold_table(p_answer: np.ndarray, items: list[dict], probs, add) -> list[dict]:
    rows = []
    answerable = np.array([i["answerable"] for i in items])
    hit = np.array(
        [
            i["answerable"] and shown_metrics(i, select(p, i["words"], add))["quote_hit"]
            for i, p in zip(items, probs, strict=True)
        ]
    )
    for t in np.round(np.arange(0.05, 0.96, 0.05), 2):
        abstain = p_answer < t
        rows.append(
            {
                "threshold": float(t),
                "abstain_unanswerable": round(float(abstain[~answerable].mean()), 4)
                if (~answerable).any()
                else None,
                "abstain_answerable": round(float(abstain[answerable].mean()), 4),
                "quote_hit_answerable": round(float((hit & ~abstain)[answerable].mean()), 4),
                "abstain_accuracy": round(float((abstain == ~answerable).mean()), 4),
            }
        )
    return rows


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsdesk-train-cache"))
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--hgb", action="store_true", help="also compare gradient-boosted trees")
    parser.add_argument("--report", type=Path, help="write the full report as JSON here")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    started = time.time()
    report: dict = {}

    squad_index = args.cache / "index-squad2"
    data = collect(
        SQUAD / "corpus",
        {"train": SQUAD / "train.jsonl", "validation": SQUAD / "validation.jsonl"},
        squad_index,
        args.cache,
    )
    store, view = corpus_view(squad_index)
    train = build(data["splits"]["train"], store, view)
    valid = build(data["splits"]["validation"], store, view)
    seeds_index = args.cache / "index-seeds"
    dev_data = collect(ROOT / "seeds", {"dev": SHARED / "dev.jsonl"}, seeds_index, args.cache)
    dev_store, dev_view = corpus_view(seeds_index)
    dev = build(dev_data["splits"]["dev"], dev_store, dev_view)
    print(f"features ready in {time.time() - started:.0f}s", file=sys.stderr)

    report["baseline"] = {
        "train": baseline_metrics(train, store),
        "validation": baseline_metrics(valid, store),
        "dev": baseline_metrics(dev, dev_store),
    }
    # Baseline on the same 40 candidates, ranked by today's score (no abstention).
    base_col = CANDIDATE_FEATURES.index("baseline")
    report["baseline_score_on_40"] = {
        name: evaluate_ranking(items, [i["X"][:, base_col] for i in items], add=1.0)
        for name, items in (("train", train), ("validation", valid))
    }

    # Ranker: logistic regression; feature set and C chosen on validation. Within 0.01 of
    # the best validation quote_hit, the smaller feature set wins (it transfers better).
    add_grid = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 1.01]
    results = {}
    for set_name, cols in FEATURE_SETS.items():
        keep = [CANDIDATE_FEATURES.index(c) for c in cols]
        X, y = stack(train, keep)
        for C in (0.001, 0.01, 1.0):
            model = fit_logistic(X, y, C, args.seed, cols, keep)
            vp = [model.probability(i["X"]) for i in valid]
            results[(set_name, C)] = model
            report.setdefault("ranker_lr", {})[f"{set_name} C={C}"] = {
                str(a): evaluate_ranking(valid, vp, a) for a in add_grid
            }

    def key(choice):
        v = report["ranker_lr"][f"{choice[0]} C={choice[1]}"]["0.1"]
        return (round(v["quote_hit"], 2), -len(FEATURE_SETS[choice[0]]), v["quote_hit"])

    best_set, best_C = max(results, key=key)
    ranker = results[(best_set, best_C)]
    train_p = [ranker.probability(i["X"]) for i in train]
    valid_p = [ranker.probability(i["X"]) for i in valid]
    dev_p = [ranker.probability(i["X"]) if len(i["X"]) else np.zeros(0) for i in dev]
    # add threshold: the fewest words whose validation quote_hit is within 0.005 of the best
    sel = report["ranker_lr"][f"{best_set} C={best_C}"]
    top_hit = max(v["quote_hit"] for v in sel.values())
    best_add = max(float(a) for a, v in sel.items() if v["quote_hit"] >= top_hit - 0.005)
    report["chosen"] = {"features": best_set, "C": best_C, "add_threshold": best_add}
    report["ranker"] = {
        "train": evaluate_ranking(train, train_p, best_add),
        "validation": evaluate_ranking(valid, valid_p, best_add),
        "dev": evaluate_ranking(dev, dev_p, best_add),
        "coefficients": {
            n: round(float(c), 3) for n, c in zip(ranker.features, ranker.coef, strict=True)
        },
    }
    X, y = stack(train)

    if args.hgb:
        from sklearn.ensemble import HistGradientBoostingClassifier

        hgb = HistGradientBoostingClassifier(
            max_iter=300, learning_rate=0.05, max_leaf_nodes=15, random_state=args.seed
        ).fit(X, y)
        hp_t = [hgb.predict_proba(i["X"])[:, 1] for i in train]
        hp_v = [hgb.predict_proba(i["X"])[:, 1] for i in valid]
        report["ranker_hgb"] = {
            "train": evaluate_ranking(train, hp_t, best_add),
            "validation": {str(a): evaluate_ranking(valid, hp_v, a) for a in add_grid},
        }

    # Abstainer: question rows from cross-fitted ranker probabilities on train.
    cf = cross_fitted(train, ranker, best_C, args.seed)
    QX, Qy = question_rows(train, cf, best_add)
    VX, Vy = question_rows(valid, valid_p, best_add)
    DX, _ = question_rows(dev, dev_p, best_add)
    abstainers = {}
    for C in (0.01, 0.1, 1.0, 10.0):
        m = fit_logistic(QX, Qy, C, args.seed, QUESTION_FEATURES)
        abstainers[C] = m
        pv = m.probability(VX)
        brier = float(np.mean((pv - Vy) ** 2))
        report.setdefault("abstainer_lr", {})[str(C)] = {
            "validation_auc": auc(pv, Vy),
            "validation_brier": round(brier, 4),
        }
    best_qC = min(abstainers, key=lambda C: report["abstainer_lr"][str(C)]["validation_brier"])
    abstainer = abstainers[best_qC]
    pv = abstainer.probability(VX)
    pt = abstainer.probability(QX)
    answerable_v = np.array([i["answerable"] for i in valid])
    report["abstainer"] = {
        "C": best_qC,
        "train_auc_answerable_vs_not": auc(pt, np.array([i["answerable"] for i in train])),
        "validation_auc_answerable_vs_not": auc(pv, answerable_v),
        "validation_auc_label": auc(pv, Vy),
        "coefficients": {
            n: round(float(c), 3) for n, c in zip(QUESTION_FEATURES, abstainer.coef, strict=True)
        },
        "calibration_validation": calibration(pv, Vy),
        "thresholds_validation": threshold_table(pv, valid, valid_p, best_add),
        "thresholds_train_crossfit": threshold_table(pt, train, cf, best_add),
    }
    table = report["abstainer"]["thresholds_validation"]
    meets = [
        r for r in table if r["abstain_unanswerable"] >= 0.5 and r["abstain_answerable"] <= 0.10
    ]
    if meets:
        chosen_t = max(meets, key=lambda r: r["quote_hit_answerable"])["threshold"]
    else:  # the best trade-off: most accurate abstaining with at most 10% false abstentions
        ok = [r for r in table if r["abstain_answerable"] <= 0.10] or table
        chosen_t = max(ok, key=lambda r: (r["abstain_accuracy"], r["quote_hit_answerable"]))[
            "threshold"
        ]
    report["chosen"]["abstain_threshold"] = chosen_t
    report["chosen"]["abstainer_C"] = best_qC

    # Dev smoke test with the chosen threshold.
    pd_ = abstainer.probability(DX) if len(DX) else np.zeros(0)
    report["dev"] = dev_report(dev, dev_p, pd_, best_add, chosen_t)
    report["dev_baseline"] = report["baseline"]["dev"]

    model = AnswerModel(
        ranker,
        abstainer,
        best_add,
        120,
        3,
        chosen_t,
        {
            "trained_on": "squad2/train.jsonl",
            "chosen_on": "squad2/validation.jsonl",
            "seed": args.seed,
            "candidates": {"k": CANDIDATES, "pool": POOL},
            "ranker_C": best_C,
            "abstainer_C": best_qC,
        },
    )
    text = json.dumps(model.as_json(), indent=1) + "\n"
    if not args.no_write:
        args.output.write_text(text, encoding="utf-8")
        # what is written is what was measured
        again = AnswerModel.load(args.output)
        assert np.allclose(again.candidate_probabilities(valid[0]["X"]), valid_p[0], atol=1e-6)
    report["seconds"] = round(time.time() - started, 1)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(summary(report), indent=1))
    return 0


def calibration(p: np.ndarray, y: np.ndarray, bins: int = 5) -> list[dict]:
    edges = np.linspace(0, 1, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (p >= lo) & (p < hi if hi < 1 else p <= hi)
        if inside.any():
            out.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "n": int(inside.sum()),
                    "mean_p": round(float(p[inside].mean()), 3),
                    "observed": round(float(y[inside].mean()), 3),
                }
            )
    return out


def dev_report(items, probs, p_answer, add, threshold) -> dict:
    hits, ok = [], []
    for item, p, pa in zip(items, probs, p_answer, strict=True):
        abstain = pa < threshold
        ok.append(abstain == (not item["answerable"]))
        if item["answerable"]:
            chosen = select(p, item["words"], add)
            hits.append((not abstain) and shown_metrics(item, chosen)["quote_hit"])
    return {
        "quote_hit": round(float(np.mean(hits)), 4),
        "abstain_accuracy": round(float(np.mean(ok)), 4),
        "asks": len(items),
    }


def summary(report: dict) -> dict:
    keep = dict(report)
    keep.pop("ranker_lr", None)
    if "ranker_hgb" in keep:
        keep["ranker_hgb"] = {
            "train": keep["ranker_hgb"]["train"],
            "validation": keep["ranker_hgb"]["validation"][str(report["chosen"]["add_threshold"])],
        }
    keep["abstainer"] = dict(keep["abstainer"])
    keep["abstainer"].pop("thresholds_train_crossfit", None)
    return keep


if __name__ == "__main__":
    raise SystemExit(main())
