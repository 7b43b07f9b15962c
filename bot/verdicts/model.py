"""The saved verdict model: a multinomial logistic regression over ``FEATURES``.

``verdict_model.json`` (written by ``scripts/train_verdicts.py``, never by hand) holds the
classes, the feature names, the standardisation (mean, scale), one row of coefficients
and one intercept per class: plain JSON, loaded in milliseconds, no pickle. The verdict
is the most probable class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import numpy as np

from ..ranking.model import json_float
from .features import FEATURES

MODEL_PATH = Path(__file__).with_name("verdict_model.json")
# What a fact check concludes: the claim is supported, contradicted, or not found in the
# articles. The model's classes are these, in this order.
Verdict = Literal["supported", "contradicted", "not_found"]
CLASSES: tuple[Verdict, ...] = get_args(Verdict)


@dataclass(frozen=True)
class VerdictModel:
    classes: tuple[Verdict, ...]
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # one row per class
    intercept: np.ndarray
    meta: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> VerdictModel:
        return _load(Path(path))

    @classmethod
    def from_json(cls, data: dict) -> VerdictModel:
        features = tuple(data["features"])
        if features != FEATURES:
            raise ValueError("the verdict model was trained on other features: retrain it")
        if tuple(data["classes"]) != CLASSES:
            raise ValueError("the verdict model gives other verdicts: retrain it")
        return cls(
            CLASSES,
            features,
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["coef"], dtype=np.float64),
            np.asarray(data["intercept"], dtype=np.float64),
            dict(data.get("meta", {})),
        )

    def as_json(self) -> dict:
        return {
            "classes": list(self.classes),
            "features": list(self.features),
            "mean": [json_float(v) for v in self.mean],
            "scale": [json_float(v) for v in self.scale],
            "coef": [[json_float(v) for v in row] for row in self.coef],
            "intercept": [json_float(v) for v in self.intercept],
            "meta": self.meta,
        }

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """One row of class probabilities (in ``classes`` order) per feature row."""
        x = (np.atleast_2d(rows) - self.mean) / self.scale
        logits = x @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def verdict(self, row: np.ndarray) -> tuple[Verdict, float]:
        """The most probable verdict for one feature row, and its probability."""
        p = self.probabilities(row)[0]
        best = int(np.argmax(p))
        return self.classes[best], float(p[best])


@cache
def _load(path: Path) -> VerdictModel:
    return VerdictModel.from_json(json.loads(path.read_text(encoding="utf-8")))
