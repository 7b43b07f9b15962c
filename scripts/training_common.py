"""What both training scripts share: a logistic regression fitted on standardised
features (the JSON models in ``bot/`` store the standardisation and apply it themselves),
and writing a model file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


def fit_standardised(X: np.ndarray, y: np.ndarray, C: float, seed: int, class_weight=None):
    """The feature means, the feature scales (1 for a constant feature) and a scikit-learn
    ``LogisticRegression`` fitted on ``(X - mean) / scale``."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=5000, random_state=seed)
    model.fit((X - mean) / scale, y)
    return mean, scale, model


def write_model(path: Path, model) -> None:
    """``model.as_json()`` as the committed model files are written."""
    path.write_text(json.dumps(model.as_json(), indent=1) + "\n", encoding="utf-8")
