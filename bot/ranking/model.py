"""The saved answer model: two logistic regressions and the choices made on validation.

``answer_model.json`` (written by ``scripts/train_answers.py``, never by hand) holds

* ``ranker``: P(a candidate passage holds the answer) from ``CANDIDATE_FEATURES``;
* ``abstainer``: P(the quotes shown answer the question) from ``QUESTION_FEATURES``;
* ``selection``: the best quote, then further quotes whose probability reaches
  ``add_threshold`` while the answer stays within ``max_words`` and ``max_quotes``;
* ``abstain_threshold``: abstain when the abstainer's probability is below it.

Each model is stored as feature names, standardisation (mean, scale), coefficients and
intercept: plain JSON, loaded in milliseconds, no pickle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import CANDIDATE_FEATURES, QUESTION_FEATURES

MODEL_PATH = Path(__file__).with_name("answer_model.json")


@dataclass(frozen=True)
class Logistic:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    columns: tuple[int, ...] = ()  # where each feature sits in the full feature row

    @classmethod
    def from_json(cls, data: dict, available: Sequence[str]) -> Logistic:
        """The model in ``data``, reading its features from rows laid out as ``available``."""
        features = tuple(data["features"])
        missing = [f for f in features if f not in available]
        if missing:
            raise ValueError(f"model features {missing} are not computed by this code")
        return cls(
            features,
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["coef"], dtype=np.float64),
            float(data["intercept"]),
            tuple(list(available).index(f) for f in features),
        )

    def as_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": [json_float(v) for v in self.mean],
            "scale": [json_float(v) for v in self.scale],
            "coef": [json_float(v) for v in self.coef],
            "intercept": json_float(self.intercept),
        }

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Log-odds for rows ``x`` laid out as the full feature row (or as ``features``
        when no columns are set)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        if self.columns:
            x = x[:, self.columns]
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.logit(x), -30, 30)))


def json_float(value: float) -> float:
    """``value`` to 8 significant digits, as the JSON model files store numbers."""
    return float(f"{float(value):.8g}")


@dataclass(frozen=True)
class AnswerModel:
    ranker: Logistic
    abstainer: Logistic
    add_threshold: float
    max_words: int
    max_quotes: int
    abstain_threshold: float
    meta: dict

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> AnswerModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_json(data)

    @classmethod
    def from_json(cls, data: dict) -> AnswerModel:
        selection = data["selection"]
        return cls(
            Logistic.from_json(data["ranker"], CANDIDATE_FEATURES),
            Logistic.from_json(data["abstainer"], QUESTION_FEATURES),
            float(selection["add_threshold"]),
            int(selection["max_words"]),
            int(selection["max_quotes"]),
            float(data["abstain_threshold"]),
            dict(data.get("meta", {})),
        )

    def as_json(self) -> dict:
        return {
            "ranker": self.ranker.as_json(),
            "abstainer": self.abstainer.as_json(),
            "selection": {
                "add_threshold": json_float(self.add_threshold),
                "max_words": self.max_words,
                "max_quotes": self.max_quotes,
            },
            "abstain_threshold": json_float(self.abstain_threshold),
            "meta": self.meta,
        }

    def candidate_probabilities(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0)
        return self.ranker.probability(features)

    def answer_probability(self, question_row: np.ndarray) -> float:
        return float(self.abstainer.probability(question_row)[0])

    def select(
        self,
        probabilities: np.ndarray,
        words: Sequence[int],
        max_words: int | None = None,
        max_quotes: int | None = None,
    ) -> list[int]:
        """Indexes of the quotes to show, best first (see ``select``); the limits default
        to the ones the model was chosen with."""
        return select(
            probabilities,
            words,
            self.add_threshold,
            self.max_words if max_words is None else max_words,
            self.max_quotes if max_quotes is None else max_quotes,
        )


def select(
    probabilities: np.ndarray,
    words: Sequence[int],
    add_threshold: float,
    max_words: int = 120,
    max_quotes: int = 3,
) -> list[int]:
    """The best candidate, then others (by probability) only while each is likely to hold
    the answer (``add_threshold``) and the quotes stay within ``max_words`` words."""
    if len(probabilities) == 0:
        return []
    order = np.argsort(-np.asarray(probabilities), kind="stable")
    chosen = [int(order[0])]
    total = words[chosen[0]]
    for i in order[1:]:
        if len(chosen) >= max_quotes or probabilities[i] < add_threshold:
            break
        if total + words[i] <= max_words:
            chosen.append(int(i))
            total += words[i]
    return chosen
