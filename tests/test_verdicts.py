"""The learned verdict model: features, the saved model, and that training rebuilds it."""

import contextlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.verdicts.features import FEATURES
from bot.verdicts.model import CLASSES, MODEL_PATH, VerdictModel

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).with_name("data") / "verdict_features.json"
FM2 = ROOT.parent / "shared" / "eval" / "external" / "fm2"
# The committed model's fm2/validation accuracy through the whole checker (reported when
# it was trained), and how far a run may fall below it (a few claims' worth).
VALIDATION_ACCURACY = 0.63
MARGIN = 0.03


def test_the_model_loads_fast_and_gives_a_distribution():
    model = VerdictModel.load()
    assert model.classes == CLASSES and model.features == FEATURES
    p = model.probabilities(np.zeros((2, len(FEATURES))))
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0)


def test_a_model_of_other_features_is_refused():
    data = json.loads(MODEL_PATH.read_text())
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        VerdictModel.from_json(data)


def test_training_from_the_saved_features_rebuilds_the_committed_model(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_verdicts

    out = tmp_path / "model.json"
    train_verdicts.main(["--seed", "0", "--features", str(FIXTURE), "--out", str(out)])
    assert json.loads(out.read_text()) == json.loads(MODEL_PATH.read_text())


def test_the_saved_features_are_todays():
    assert json.loads(FIXTURE.read_text())["features"] == list(FEATURES)


@pytest.mark.slow
def test_fm2_validation_holds(tmp_path_factory):
    """The whole checker (real model) on a fixed sample of fm2/validation."""
    from bot.engine import Engine
    from bot.settings import load_settings
    from embeddings import QueryError

    cases = [json.loads(line) for line in (FM2 / "validation.jsonl").open()][::3]
    index = tmp_path_factory.mktemp("fm2_index")
    engine = Engine(load_settings(None).with_paths(str(FM2 / "corpus"), str(index)))
    right = 0
    for case in cases:
        # A refused claim (it reads as an opinion) counts as wrong, as eval counts it.
        with contextlib.suppress(QueryError):
            right += engine.factcheck(case["claim"]).verdict == case["expect_verdict"]
    assert right / len(cases) >= VALIDATION_ACCURACY - MARGIN
