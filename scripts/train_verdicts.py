"""Train the fact-check verdict model (bot/verdicts/verdict_model.json).

    .venv/bin/python scripts/train_verdicts.py --seed 0              # extract, fit, write
    .venv/bin/python scripts/train_verdicts.py --seed 0 --features tests/data/verdict_features.json

Fit on ``fm2/train.jsonl``, choose the regularisation and class weights on
``fm2/validation.jsonl``; the dev set over the seeds is a smoke test only. The features
come from the real checker (``FactChecker.analyse``) over the fm2 corpus; claim vectors
are cached under /tmp so that a second run does not re-embed. ``--features`` trains from
saved feature rows (the committed fixture) without the embedding model. The output is
deterministic for a given seed and data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training_common import fit_standardised, write_model  # noqa: E402

from bot.verdicts.features import FEATURES  # noqa: E402
from bot.verdicts.model import CLASSES, MODEL_PATH, VerdictModel  # noqa: E402

FM2 = ROOT.parent / "shared" / "eval" / "external" / "fm2"
SPLITS = ("train", "validation")
# Inverse regularisation strengths tried; the best on validation is kept.
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
WEIGHTS = (None, "balanced")


class CachedEncoder:
    """The real encoder, with the claims' vectors kept in a file between runs."""

    def __init__(self, encoder, cache: Path, texts: list[str]):
        self.encoder = encoder
        if cache.exists():
            vectors = np.load(cache)
        else:
            vectors = np.asarray(encoder.encode(texts))
            np.save(cache, vectors)
        self.known = dict(zip(texts, vectors, strict=True))

    def encode(self, texts: list[str]):
        if all(t in self.known for t in texts):
            return np.stack([self.known[t] for t in texts])
        return self.encoder.encode(texts)

    def __getattr__(self, name):
        return getattr(self.encoder, name)


def extract(index_dir: Path, vector_cache: Path) -> dict:
    """{split: {"ids", "labels", "rows"}} from the real checker over the fm2 corpus."""
    from bot.engine import Engine
    from bot.settings import load_settings
    from embeddings import make_encoder

    cases = {s: [json.loads(x) for x in (FM2 / f"{s}.jsonl").open()] for s in SPLITS}
    texts = [c["claim"] for s in SPLITS for c in cases[s]]
    settings = load_settings(None).with_paths(str(FM2 / "corpus"), str(index_dir))
    encoder = CachedEncoder(
        make_encoder(settings.model.name, settings.model.batch_size), vector_cache, texts
    )
    engine = Engine(settings, encoder)
    checker = engine.loaded.factchecks
    out = {}
    for split in SPLITS:
        rows = [checker.analyse(c["claim"]).features for c in cases[split]]
        out[split] = {
            "ids": [c["id"] for c in cases[split]],
            "labels": [c["expect_verdict"] for c in cases[split]],
            "rows": [[round(float(v), 4) for v in row] for row in rows],
        }
    return {"features": list(FEATURES), "splits": out}


def fit(X: np.ndarray, y: np.ndarray, C: float, weight, seed: int) -> VerdictModel:
    mean, scale, model = fit_standardised(X, y, C, seed, weight)
    order = [list(model.classes_).index(c) for c in CLASSES]
    return VerdictModel(CLASSES, FEATURES, mean, scale, model.coef_[order], model.intercept_[order])


def report(model: VerdictModel, X: np.ndarray, y: np.ndarray) -> dict:
    predicted = np.asarray(model.classes)[model.probabilities(X).argmax(axis=1)]
    confusion = {
        want: {got: int(np.sum((y == want) & (predicted == got))) for got in model.classes}
        for want in model.classes
    }
    recall = {c: round(float(np.mean(predicted[y == c] == c)), 4) for c in model.classes}
    return {
        "accuracy": round(float(np.mean(predicted == y)), 4),
        "recall": recall,
        "confusion (expected -> given)": confusion,
    }


def train(data: dict, seed: int) -> VerdictModel:
    if data["features"] != list(FEATURES):
        raise SystemExit("the saved features are not today's FEATURES: extract them again")
    split = {
        s: (np.asarray(d["rows"], dtype=np.float64), np.asarray(d["labels"]))
        for s, d in data["splits"].items()
    }
    (X, y), (Xv, yv) = split["train"], split["validation"]
    choices = []
    for C in C_GRID:
        for weight in WEIGHTS:
            model = fit(X, y, C, weight, seed)
            choices.append((report(model, Xv, yv)["accuracy"], -C, str(weight), model))
    # Best validation accuracy; ties go to the stronger regularisation.
    accuracy, minus_c, weight, model = max(choices, key=lambda c: c[:3])
    meta = {
        "trained_on": "fm2/train.jsonl",
        "chosen_on": "fm2/validation.jsonl",
        "seed": seed,
        "C": -minus_c,
        "class_weight": weight,
        "train": report(model, X, y),
        "validation": report(model, Xv, yv),
    }
    return VerdictModel(
        model.classes, model.features, model.mean, model.scale, model.coef, model.intercept, meta
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--features", type=Path, help="train from these saved feature rows")
    parser.add_argument("--save-features", type=Path, help="also write the extracted rows here")
    parser.add_argument("--index", type=Path, default=Path("/tmp/fm2_idx"))
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/fm2_claim_vectors.npy"))
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    if args.features:
        data = json.loads(args.features.read_text(encoding="utf-8"))
    else:
        data = extract(args.index, args.vectors)
        if args.save_features:
            args.save_features.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    model = train(data, args.seed)
    write_model(args.out, model)
    print(json.dumps(model.meta, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
