"""What the shown quotes hold and how the abstainer does: the numbers the models and
thresholds are chosen by, and the report."""

from __future__ import annotations

import numpy as np

from bot.evaluation import SHOWN, fold
from bot.ranking.model import select


def shown_metrics(item: dict, chosen: list[int]) -> dict:
    """quote_hit / source_hit / words of the quotes ``chosen`` (indexes into candidates)."""
    shown = chosen[:SHOWN]
    text = fold(" ".join(item["texts"][i] for i in shown))
    wanted = [fold(s) for s in item["case"].get("expect_text_any", [])]
    return {
        "quote_hit": any(w in text for w in wanted),
        "source_hit": any(item["from_source"][i] for i in shown),
        "words": sum(item["words"][i] for i in shown),
    }


def answered(item: dict, probs: np.ndarray, add: float) -> bool:
    """The question is answerable and the quotes selected by ``probs`` hold the answer."""
    if not item["answerable"]:
        return False
    return shown_metrics(item, select(probs, item["words"], add))["quote_hit"]


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


def threshold_table(p_answer: np.ndarray, items: list[dict], probs, add) -> list[dict]:
    rows = []
    answerable = np.array([i["answerable"] for i in items])
    hit = np.array([answered(i, p, add) for i, p in zip(items, probs, strict=True)])
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
            hits.append((not abstain) and answered(item, p, add))
    return {
        "quote_hit": round(float(np.mean(hits)), 4),
        "abstain_accuracy": round(float(np.mean(ok)), 4),
        "asks": len(items),
    }


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 4)
