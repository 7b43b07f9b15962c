"""Does a cross-encoder fine-tuned from the packaged MiniLM pay for itself? (issue 8,
items 2 and 4: a measurement, nothing is wired in)

    .venv/bin/python scripts/measure_cross_encoder.py --seed 0

For every squad2/train question, the committed answer model's top ``--top`` candidates
become (question, passage) pairs, labelled by whether the passage holds an expected
answer from an expected source. A ``BertForSequenceClassification`` head is put on the
packaged all-MiniLM-L6-v2 and fine-tuned on those pairs on the CPU (one epoch, AdamW,
linear warm-up and decay, fixed seed). On squad2/validation it reports:

- AUC of answerable vs unanswerable for the committed abstainer, for the cross-encoder's
  best score over the top candidates, and for the top candidate's score;
- hit@1 of the committed ranking against re-ranking the top candidates by the
  cross-encoder;
- the share of unanswerable questions abstained on, at the threshold that abstains on
  at most 10% of the answerable ones, for the abstainer, the cross-encoder and both.

Candidates come from the training cache of ``scripts/train_answers.py``.
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
from answer_training.fitting import question_rows  # noqa: E402
from answer_training.metrics import auc  # noqa: E402

from bot.ranking.model import AnswerModel  # noqa: E402
from embeddings.encoders import PACKAGED_MODEL, resolve_model_path  # noqa: E402

SQUAD = ROOT.parent / "shared" / "eval" / "external" / "squad2"
BATCH = 32
MAX_TOKENS = 128


def top_pairs(items, model: AnswerModel, top: int):
    """Per question: its item, the ranker's probabilities, and (question, text, holds)
    for the ``top`` best candidates, best first."""
    out = []
    for item in items:
        p = model.candidate_probabilities(item["X"]) if len(item["X"]) else np.zeros(0)
        order = np.argsort(-p)[:top]
        q = item["case"]["question"]
        out.append((item, p, [(q, item["texts"][j], bool(item["y"][j])) for j in order]))
    return out


def fine_tune(pairs, seed: int, lr: float):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(seed)
    path = resolve_model_path(PACKAGED_MODEL)
    tokenizer = AutoTokenizer.from_pretrained(path)
    net = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    steps = len(pairs) // BATCH
    optimizer = torch.optim.AdamW(net.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps)
    )
    loss_of = torch.nn.BCEWithLogitsLoss()
    order = np.random.RandomState(seed).permutation(len(pairs))
    net.train()
    for step in range(steps):
        batch = [pairs[i] for i in order[step * BATCH : (step + 1) * BATCH]]
        logits = net(**encode(tokenizer, batch)).logits.squeeze(-1)
        loss = loss_of(logits, torch.tensor([float(b[2]) for b in batch]))
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        if step % 50 == 0:
            print(f"step {step}/{steps} loss {loss.item():.3f}", file=sys.stderr, flush=True)
    net.eval()
    return tokenizer, net


def encode(tokenizer, batch):
    return tokenizer(
        [b[0] for b in batch],
        [b[1] for b in batch],
        truncation=True,
        max_length=MAX_TOKENS,
        padding=True,
        return_tensors="pt",
    )


def abstains_at(scores: np.ndarray, answerable: np.ndarray, most: float = 0.10) -> dict:
    """The threshold abstaining on the most unanswerable questions while abstaining on at
    most ``most`` of the answerable ones, and both shares there."""
    best = {"threshold": None, "answerable": 0.0, "unanswerable": 0.0}
    for t in np.quantile(scores, np.linspace(0.01, 0.8, 80)):
        wrong, right = np.mean(scores[answerable] < t), np.mean(scores[~answerable] < t)
        if wrong <= most and right >= best["unanswerable"]:
            best = {
                "threshold": round(float(t), 3),
                "answerable": round(float(wrong), 3),
                "unanswerable": round(float(right), 3),
            }
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsdesk-train-cache"))
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import torch

    torch.set_num_threads(2)
    started = time.time()
    _, squad = labelled(
        SQUAD / "corpus",
        {"train": SQUAD / "train.jsonl", "validation": SQUAD / "validation.jsonl"},
        args.cache / "index-squad2",
        args.cache,
    )
    model = AnswerModel.load()
    train = top_pairs(squad["train"], model, args.top)
    valid = top_pairs(squad["validation"], model, args.top)
    pairs = [pair for _, _, ps in train for pair in ps]
    tokenizer, net = fine_tune(pairs, args.seed, args.lr)
    trained = time.time() - started

    with torch.no_grad():
        scores = [
            torch.sigmoid(net(**encode(tokenizer, ps)).logits.squeeze(-1)).numpy().reshape(-1)
            for _, _, ps in valid
        ]
    answerable = np.array([item["answerable"] for item, _, _ in valid])
    best = np.array([s.max() for s in scores])
    first = np.array([s[0] for s in scores])
    rows, _ = question_rows([v[0] for v in valid], [v[1] for v in valid], model.add_threshold)
    abstainer = model.abstainer.probability(rows)
    kept = [(ps, s) for (item, _, ps), s in zip(valid, scores, strict=True) if item["answerable"]]
    report = {
        "pairs": len(pairs),
        "positive_pairs": sum(p[2] for p in pairs),
        "train_seconds": round(trained),
        "auc_answerable": {
            "abstainer": round(auc(abstainer, answerable), 4),
            "cross_encoder_best": round(auc(best, answerable), 4),
            "cross_encoder_first": round(auc(first, answerable), 4),
        },
        "hit_at_1": {
            "ranker": round(float(np.mean([ps[0][2] for ps, _ in kept])), 4),
            "cross_encoder_rerank": round(
                float(np.mean([ps[int(np.argmax(s))][2] for ps, s in kept])), 4
            ),
        },
        "abstain_at_most_10pct_answerable": {
            "abstainer": abstains_at(abstainer, answerable),
            "cross_encoder": abstains_at(best, answerable),
            "both": abstains_at(np.sqrt(abstainer * best), answerable),
        },
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
