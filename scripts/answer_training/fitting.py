"""The models and thresholds: the ranker's feature set, regularisation and add
threshold, the abstainer's regularisation and abstain threshold, all chosen on
validation."""

from __future__ import annotations

import numpy as np
from training_common import fit_standardised

from bot.ranking.features import CANDIDATE_FEATURES, QUESTION_FEATURES, question_features
from bot.ranking.model import Logistic

from .metrics import answered, auc, evaluate_ranking

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
RANKER_C = (0.001, 0.01, 1.0)
ABSTAINER_C = (0.01, 0.1, 1.0, 10.0)
# Add thresholds tried (1.01: never add a second quote).
ADD_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 1.01)


def fit_logistic(X, y, C: float, seed: int, names, columns=()) -> Logistic:
    mean, scale, model = fit_standardised(X, y, C, seed)
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
        y.append(answered(item, p, add))
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


def choose_ranker(train, valid, seed: int) -> tuple[Logistic, dict, dict]:
    """Logistic regression; feature set and C chosen on validation. Within 0.01 of the best
    validation quote_hit, the smaller feature set wins (it transfers better). The add
    threshold: the fewest words whose validation quote_hit is within 0.005 of the best.
    Returns the ranker, the choice and the validation metrics of every candidate."""
    models, grid = {}, {}
    for set_name, cols in FEATURE_SETS.items():
        keep = [CANDIDATE_FEATURES.index(c) for c in cols]
        X, y = stack(train, keep)
        for C in RANKER_C:
            model = fit_logistic(X, y, C, seed, cols, keep)
            vp = [model.probability(i["X"]) for i in valid]
            models[(set_name, C)] = model
            grid[f"{set_name} C={C}"] = {str(a): evaluate_ranking(valid, vp, a) for a in ADD_GRID}

    def key(choice):
        v = grid[f"{choice[0]} C={choice[1]}"]["0.1"]
        return (round(v["quote_hit"], 2), -len(FEATURE_SETS[choice[0]]), v["quote_hit"])

    best_set, best_C = max(models, key=key)
    sel = grid[f"{best_set} C={best_C}"]
    top_hit = max(v["quote_hit"] for v in sel.values())
    best_add = max(float(a) for a, v in sel.items() if v["quote_hit"] >= top_hit - 0.005)
    chosen = {"features": best_set, "C": best_C, "add_threshold": best_add}
    return models[(best_set, best_C)], chosen, grid


def compare_hgb(train, valid, add: float, seed: int) -> dict:
    """Gradient-boosted trees on all the features, for comparison with the ranker."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = stack(train)
    hgb = HistGradientBoostingClassifier(
        max_iter=300, learning_rate=0.05, max_leaf_nodes=15, random_state=seed
    ).fit(X, y)
    hp_t = [hgb.predict_proba(i["X"])[:, 1] for i in train]
    hp_v = [hgb.predict_proba(i["X"])[:, 1] for i in valid]
    return {
        "train": evaluate_ranking(train, hp_t, add),
        "validation": {str(a): evaluate_ranking(valid, hp_v, a) for a in ADD_GRID},
    }


def choose_abstainer(QX, Qy, VX, Vy, seed: int) -> tuple[Logistic, float, dict]:
    """Logistic regression on question rows; C by validation Brier score. Returns the
    abstainer, its C and the validation metrics of every C."""
    abstainers, grid = {}, {}
    for C in ABSTAINER_C:
        m = fit_logistic(QX, Qy, C, seed, QUESTION_FEATURES)
        abstainers[C] = m
        pv = m.probability(VX)
        brier = float(np.mean((pv - Vy) ** 2))
        grid[str(C)] = {"validation_auc": auc(pv, Vy), "validation_brier": round(brier, 4)}
    best_C = min(abstainers, key=lambda C: grid[str(C)]["validation_brier"])
    return abstainers[best_C], best_C, grid


def choose_threshold(table: list[dict]) -> float:
    """The abstain threshold from the validation ``threshold_table``: the best quote_hit
    that abstains on half the unanswerable and at most 10% of the answerable questions."""
    meets = [
        r for r in table if r["abstain_unanswerable"] >= 0.5 and r["abstain_answerable"] <= 0.10
    ]
    if meets:
        return max(meets, key=lambda r: r["quote_hit_answerable"])["threshold"]
    # the best trade-off: most accurate abstaining with at most 10% false abstentions
    ok = [r for r in table if r["abstain_answerable"] <= 0.10] or table
    return max(ok, key=lambda r: (r["abstain_accuracy"], r["quote_hit_answerable"]))["threshold"]
