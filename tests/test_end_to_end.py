"""The real model over the real seeds: the dev set's targets, and verbatim quotes."""

import pytest

from bot.evaluation import evaluate, load_cases
from tests.helpers import DEV_CASES

pytestmark = pytest.mark.slow


def test_dev_set_keeps_its_figures(seed_engine):
    """A regression guard a little below what was measured with the learned models (dev is
    a smoke test, never tuned on): source_hit 0.96, quote_hit 0.89, abstain accuracy 0.94;
    issue 8 aims at quote_hit 0.93 and abstain accuracy 0.95."""
    metrics = evaluate(seed_engine, load_cases(DEV_CASES))["metrics"]
    assert metrics["ask.source_hit"] >= 0.95
    assert metrics["ask.quote_hit"] >= 0.85
    assert metrics["ask.abstain_accuracy"] >= 0.90
    assert metrics["ask.quote_words"] <= 120
    assert metrics["timeline.event_recall"] >= 0.9
    assert metrics["timeline.order_accuracy"] == 1.0
    assert metrics["factcheck.verdict_accuracy"] >= 0.9
    assert metrics["factcheck.evidence_hit"] >= 0.9


def test_quotes_match_the_seed_files(seed_engine):
    answer = seed_engine.ask("How long did the phone call between Kishi and Miller last?")
    assert any("35 minutes" in q.text for q in answer.quotes)
    for quote in answer.quotes:
        text = (seed_engine.settings.corpus.dir / quote.source).read_text(encoding="utf-8")
        assert text[quote.start : quote.end] == quote.text
        # The paragraph a quote names is the one that holds it.
        _, paragraphs = seed_engine.article_text(quote.source)
        assert quote.text in dict(paragraphs)[quote.paragraph]


def test_unanswerable_question_abstains(seed_engine):
    answer = seed_engine.ask("What is the population of Okinawa?")
    assert answer.abstained and not answer.quotes and answer.closest


def test_reindex_of_unchanged_seeds_embeds_nothing(seed_engine):
    assert seed_engine.refresh().passages_embedded == 0


def test_relative_dates_resolve_against_the_dateline(seed_engine):
    timeline = seed_engine.timeline("Kitamura meetings in Washington")
    wednesday = next(e for e in timeline.events if e.date_text == "on Wednesday")
    assert wednesday.date.iso() == "2020-09-23" and wednesday.provenance == "resolved"
    assert wednesday.quote.source == "000_b176e87083eeab5c.txt"


@pytest.mark.parametrize(
    "claim, verdict, kind",
    [
        ("Taro Kono announced the halt on June 15.", "supported", None),
        ("Taro Kono announced the halt on June 20.", "contradicted", "date"),
        ("Shinzo Abe refused to halt the Aegis deployment.", "contradicted", "opposite"),
        ("Blinken said the alliance is weaker than ever.", "contradicted", "opposite"),
        ("Kishida will visit five nations.", "contradicted", "number"),
        ("The meeting in Naples was held on the fringes of a NATO summit.", "not_found", None),
    ],
)
def test_fact_checks_beyond_the_dev_set(seed_engine, claim, verdict, kind):
    check = seed_engine.factcheck(claim)
    assert check.verdict == verdict
    if kind:
        assert check.contradicts[0].mismatches[0].kind == kind
