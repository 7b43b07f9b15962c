"""Eval metrics that tell misses apart: where the answer sits among the quotes shown, and
the metrics again per tag (issue 8, item 7)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.answers import Answer
from bot.evaluation import evaluate
from bot.filtering import NO_FILTERS, Filters


@dataclass(frozen=True)
class FakeQuote:  # evaluation reads only the text and the source of a quote
    text: str
    source: str = "a.txt"


class ScriptedEngine:
    """Answers each question with the quotes given for it (none: an abstention)."""

    def __init__(self, quotes: dict[str, list[str]]):
        self.quotes = quotes

    def filters(self, since: str = "", until: str = "", source: str = "") -> Filters:
        return NO_FILTERS  # the cases here carry no filters

    def ask(self, question: str, filters: Filters = NO_FILTERS) -> Answer:
        shown = tuple(FakeQuote(t) for t in self.quotes[question])
        return Answer(question, shown, abstained=not shown, confidence=0.5, reason="")


def ask(case_id: str, question: str, tags=None, **expect) -> dict:
    case = {"id": case_id, "type": "ask", "question": question, **expect}
    return case | ({"tags": tags} if tags is not None else {})


def test_first_hit_rank_and_hits_within_the_quotes_shown():
    engine = ScriptedEngine(
        {
            "first": ["Rankine cycle.", "other"],
            "third": ["x", "y", "The RANKINE cycle"],
            "fifth": ["a", "b", "c", "d", "Rankine"],  # shown, but past the first three
            "none": ["nothing here"],
            "abstains": [],
        }
    )
    cases = [ask(q, q, expect_text_any=["Rankine"]) for q in engine.quotes]
    result = evaluate(engine, cases)
    ranks = {c["id"]: c["first_hit_rank"] for c in result["cases"]}
    assert ranks == {"first": 1, "third": 3, "fifth": 5, "none": None, "abstains": None}
    metrics = result["metrics"]
    assert metrics["ask.quote_hit"] == 0.4  # first three quotes only, as the format says
    assert metrics["ask.hit_at_1"] == 0.2
    assert metrics["ask.hit_shown"] == 0.6
    assert metrics["ask.first_hit_rank"] == 3.0  # mean of 1, 3, 5


def test_rank_metrics_leave_out_unanswerable_cases():
    engine = ScriptedEngine({"a": ["Rankine"], "u": ["a plausible wrong span"]})
    cases = [ask("a", "a", expect_text_any=["Rankine"]), ask("u", "u", expect_abstain=True)]
    result = evaluate(engine, cases)
    assert "first_hit_rank" not in result["cases"][1]
    metrics = result["metrics"]
    assert metrics["ask.hit_at_1"] == metrics["ask.hit_shown"] == metrics["ask.first_hit_rank"] == 1
    assert metrics["ask.abstain_accuracy"] == 0.5


def test_no_hit_anywhere_gives_a_null_rank():
    result = evaluate(ScriptedEngine({"q": ["x"]}), [ask("q", "q", expect_text_any=["y"])])
    assert result["metrics"]["ask.first_hit_rank"] is None
    assert result["metrics"]["ask.hit_shown"] == 0


def test_metrics_per_tag():
    engine = ScriptedEngine({"a": ["Rankine"], "b": ["x"], "u": [], "v": ["wrong span"]})
    cases = [
        ask("a", "a", ["squad2"], expect_text_any=["Rankine"]),
        ask("b", "b", ["squad2"], expect_text_any=["Rankine"]),
        ask("u", "u", ["squad2", "adversarial-unanswerable"], expect_abstain=True),
        ask("v", "v", ["squad2", "adversarial-unanswerable"], expect_abstain=True),
        ask("untagged", "a", expect_text_any=["Rankine"]),
    ]
    result = evaluate(engine, cases)
    by_tag = result["metrics"]["by_tag"]
    assert list(by_tag) == ["squad2", "adversarial-unanswerable"]
    assert by_tag["squad2"]["ask.quote_hit"] == 0.5
    assert by_tag["squad2"]["ask.abstain_accuracy"] == 0.75  # only "v" should have abstained
    adversarial = by_tag["adversarial-unanswerable"]
    assert adversarial["ask.abstain_accuracy"] == 0.5
    assert adversarial["ask.quote_hit"] is None  # no answerable case carries the tag
    assert set(adversarial) == set(result["metrics"]) - {"by_tag"}  # the same metrics
    assert result["metrics"]["ask.quote_hit"] == pytest.approx(2 / 3, abs=1e-4)
    assert [c.get("tags") for c in result["cases"]][-1] is None


def test_tags_that_are_not_a_list_of_strings_are_an_invalid_case():
    cases = [ask("t", "q", "squad2"), ask("n", "q", [1])]
    result = evaluate(ScriptedEngine({"q": ["x"]}), cases)
    assert [e["id"] for e in result["errors"]] == ["t", "n"]
    assert all("'tags'" in e["error"] for e in result["errors"])
    assert result["metrics"]["by_tag"] == {}


def test_tags_with_the_real_pipeline(fake_engine):
    question = "How much is the harbor expansion worth?"
    claim = "The harbor expansion is worth 40 million dollars."
    expect = {"expect_sources": ["alpha.txt"]}
    cases = [
        ask("hit", question, ["news"], expect_text_any=["40 million"], **expect),
        {"id": "claim", "type": "factcheck", "claim": claim, "expect_verdict": "supported",
         "tags": ["news", "claims"], **expect},
    ]  # fmt: skip
    result = evaluate(fake_engine, cases)
    news = result["metrics"]["by_tag"]["news"]
    assert news["ask.quote_hit"] == 1 and news["ask.first_hit_rank"] == 1
    assert news["factcheck.evidence_hit"] == 1
    claims = result["metrics"]["by_tag"]["claims"]
    assert claims["ask.quote_hit"] is None and claims["factcheck.evidence_hit"] == 1
