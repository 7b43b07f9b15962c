"""Train the learned answer ranker and abstention model (bot/ranking/answer_model.json).

    .venv/bin/python scripts/train_answers.py --seed 0            # fit, choose, write, report
    .venv/bin/python scripts/train_answers.py --seed 0 --no-write # report only

Fit on ``squad2/train.jsonl``, choose hyper-parameters and thresholds on
``squad2/validation.jsonl``; the dev set over the seeds is a smoke test only. Candidates
(the real model's hybrid search, k=40 from a pool of 100) are cached under ``--cache`` so
that the models can be iterated on without re-embedding. The output is deterministic
for a given seed and data. The stages live in ``scripts/answer_training/``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from answer_training.candidates import labelled  # noqa: E402
from answer_training.fitting import (  # noqa: E402
    choose_abstainer,
    choose_ranker,
    choose_threshold,
    compare_hgb,
    cross_fitted,
    question_rows,
)
from answer_training.metrics import (  # noqa: E402
    auc,
    baseline_metrics,
    calibration,
    dev_report,
    evaluate_ranking,
    threshold_table,
)
from training_common import write_model  # noqa: E402

from bot.constants import RANKER_CANDIDATES, RANKER_POOL  # noqa: E402
from bot.ranking.features import CANDIDATE_FEATURES, QUESTION_FEATURES  # noqa: E402
from bot.ranking.model import MODEL_PATH, AnswerModel  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SQUAD = SHARED / "external" / "squad2"


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

    store, squad = labelled(
        SQUAD / "corpus",
        {"train": SQUAD / "train.jsonl", "validation": SQUAD / "validation.jsonl"},
        args.cache / "index-squad2",
        args.cache,
    )
    train, valid = squad["train"], squad["validation"]
    dev_store, seeds = labelled(
        ROOT / "seeds", {"dev": SHARED / "dev.jsonl"}, args.cache / "index-seeds", args.cache
    )
    dev = seeds["dev"]
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

    ranker, chosen, report["ranker_lr"] = choose_ranker(train, valid, args.seed)
    report["chosen"] = chosen
    best_C, best_add = report["chosen"]["C"], report["chosen"]["add_threshold"]
    train_p = [ranker.probability(i["X"]) for i in train]
    valid_p = [ranker.probability(i["X"]) for i in valid]
    dev_p = [ranker.probability(i["X"]) if len(i["X"]) else np.zeros(0) for i in dev]
    report["ranker"] = {
        "train": evaluate_ranking(train, train_p, best_add),
        "validation": evaluate_ranking(valid, valid_p, best_add),
        "dev": evaluate_ranking(dev, dev_p, best_add),
        "coefficients": {
            n: round(float(c), 3) for n, c in zip(ranker.features, ranker.coef, strict=True)
        },
    }
    if args.hgb:
        report["ranker_hgb"] = compare_hgb(train, valid, best_add, args.seed)

    # Abstainer: question rows from cross-fitted ranker probabilities on train.
    cf = cross_fitted(train, ranker, best_C, args.seed)
    QX, Qy = question_rows(train, cf, best_add)
    VX, Vy = question_rows(valid, valid_p, best_add)
    DX, _ = question_rows(dev, dev_p, best_add)
    abstainer, best_qC, report["abstainer_lr"] = choose_abstainer(QX, Qy, VX, Vy, args.seed)
    pv = abstainer.probability(VX)
    pt = abstainer.probability(QX)
    report["abstainer"] = {
        "C": best_qC,
        "train_auc_answerable_vs_not": auc(pt, np.array([i["answerable"] for i in train])),
        "validation_auc_answerable_vs_not": auc(pv, np.array([i["answerable"] for i in valid])),
        "validation_auc_label": auc(pv, Vy),
        "coefficients": {
            n: round(float(c), 3) for n, c in zip(QUESTION_FEATURES, abstainer.coef, strict=True)
        },
        "calibration_validation": calibration(pv, Vy),
        "thresholds_validation": threshold_table(pv, valid, valid_p, best_add),
        "thresholds_train_crossfit": threshold_table(pt, train, cf, best_add),
    }
    chosen_t = choose_threshold(report["abstainer"]["thresholds_validation"])
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
            "candidates": {"k": RANKER_CANDIDATES, "pool": RANKER_POOL},
            "ranker_C": best_C,
            "abstainer_C": best_qC,
        },
    )
    if not args.no_write:
        write_model(args.output, model)
        # what is written is what was measured
        again = AnswerModel.load(args.output)
        assert np.allclose(again.candidate_probabilities(valid[0]["X"]), valid_p[0], atol=1e-6)
    report["seconds"] = round(time.time() - started, 1)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(summary(report), indent=1))
    return 0


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
