"""The committed answer model keeps its SQuAD 2.0 validation figures (slow: real model).

Sampled to stay quick (a fixed stride over the validation file): 200 answerable and 200
unanswerable questions. These guard the committed model against regressions, a few
points below what was measured: with the learned abstention switched off (the
unknown-name rule still applies), quote_hit on the whole split is 0.929 (0.925 on this
sample; issue 8 aims at 0.93); at the committed threshold, 7% of answerable and 26% of
unanswerable questions abstain on the whole split. The full figures come from
``newsdesk eval ../shared/eval/external/squad2/validation.jsonl``.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.engine import Engine
from bot.evaluation import evaluate, load_cases
from bot.settings import Settings
from tests.helpers import EXTERNAL_EVAL

SQUAD = EXTERNAL_EVAL / "squad2"
SAMPLE = 200


def _sample(cases: list[dict]) -> list[dict]:
    return cases[:: max(1, len(cases) // SAMPLE)][:SAMPLE]


def _abstain_rate(engine: Engine, cases: list[dict]) -> float:
    return sum(engine.ask(c["question"]).abstained for c in cases) / len(cases)


@pytest.mark.slow
@pytest.mark.skipif(not SQUAD.exists(), reason="the shared SQuAD 2.0 cases are not here")
def test_validation_ranking_and_abstention(tmp_path_factory):
    cases = load_cases(SQUAD / "validation.jsonl")
    answerable = _sample([c for c in cases if not c.get("expect_abstain")])
    unanswerable = _sample([c for c in cases if c.get("expect_abstain")])
    index = tmp_path_factory.mktemp("squad2-index")
    settings = Settings().with_paths(str(SQUAD / "corpus"), str(index))

    engine = Engine(settings)
    assert _abstain_rate(engine, answerable) <= 0.10
    assert _abstain_rate(engine, unanswerable) >= 0.20

    never_abstains = dataclasses.replace(
        settings, answer=dataclasses.replace(settings.answer, abstain_threshold=0.0)
    )
    ranking = evaluate(Engine(never_abstains, engine.encoder), answerable)
    assert ranking["metrics"]["ask.quote_hit"] >= 0.90
