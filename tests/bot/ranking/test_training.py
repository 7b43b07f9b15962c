"""The answer training's fitting step is deterministic: the same features and seed give
the same model file, byte for byte (the full retrain, which embeds the SQuAD 2.0 corpus,
is `make train`; here a small seeded feature set stands in for its cached candidates)."""

from __future__ import annotations

import json
import sys

import numpy as np

from bot.ranking.features import CANDIDATE_FEATURES, QUESTION_FEATURES
from bot.ranking.model import AnswerModel
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from answer_training.fitting import fit_logistic  # noqa: E402


def _features(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(400, len(CANDIDATE_FEATURES)))
    y = X[:, 0] + 0.5 * X[:, 9] + rng.normal(scale=0.5, size=400) > 1.0
    Q = rng.normal(size=(100, len(QUESTION_FEATURES)))
    qy = Q[:, 0] + rng.normal(scale=0.5, size=100) > 0
    return X, y, Q, qy


def _model_text() -> str:
    X, y, Q, qy = _features(0)
    ranker = fit_logistic(X, y, 0.01, 0, CANDIDATE_FEATURES)
    abstainer = fit_logistic(Q, qy, 1.0, 0, QUESTION_FEATURES)
    model = AnswerModel(ranker, abstainer, 0.1, 120, 3, 0.25, {"seed": 0})
    return json.dumps(model.as_json(), indent=1)


def test_fitting_is_deterministic_and_round_trips():
    first, second = _model_text(), _model_text()
    assert first == second
    model = AnswerModel.from_json(json.loads(first))
    X, *_ = _features(0)
    p = model.candidate_probabilities(X)
    assert p.shape == (len(X),) and ((p >= 0) & (p <= 1)).all()
    # the fitted ranker learned the planted signal: its first feature weighs most
    assert np.argmax(np.abs(model.ranker.coef)) == 0
