"""How widely a quote is reported (copies, close paraphrases, ingest's near-copies) and how
current a result is (bot/reach.py, quotes.latest_note), over the dated corpus of
tests/data/sourced plus a wire copy of one of its sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bot.engine import Engine
from bot.quotes import Quote, latest_note
from bot.reach import Reach, independent, paraphrases
from bot.render import render_timeline
from tests.helpers import sourced_engine

QUAY = "Construction of the new quay will begin in June and should take two years."
WIRE_COPY = f"""---
title: Harbor plan approved
published: 2024-04-09
outlet: Wire Service
---
Harbor plan approved

{QUAY}
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return sourced_engine(tmp_path_factory.mktemp("reach"), {"harbor-wire.txt": WIRE_COPY})


def test_a_copied_sentence_is_one_event_reported_by_every_article_and_near_copy(engine):
    timeline = engine.timeline("new quay construction")
    [event] = [e for e in timeline.events if e.quote.text == QUAY]
    reach = event.quote.reach
    assert reach is not None and set(reach.articles) == {"harbor-expansion.txt", "harbor-wire.txt"}
    # Two articles, and the two near-copies ingest recorded in harbor-expansion's reported_by.
    assert reach.count == 4 and reach.earliest == dt.date(2024, 4, 9)
    assert set(reach.outlets) == {"Example News", "Other Wire", "Third Paper", "Wire Service"}
    assert event.also_in == reach.also_in  # the existing information is kept
    shown = render_timeline(timeline)
    assert "reported by 4 articles (" in shown and "earliest 2024-04-09" in shown
    assert "also reported in" not in shown
    assert event.as_json()["quote"]["reach"]["articles"] == 4


def test_a_quote_of_one_article_says_nothing_of_its_reach():
    alone = Reach(("a.txt",), 0, ("Example News",), dt.date(2024, 4, 10))
    assert alone.count == 1 and alone.line() == ""
    quote = Quote("Text.", "a.txt", 1, 0, 5, 0.5, "T", None, reach=alone)
    assert "reach" not in quote.as_json()


def test_reach_line_names_outlets_and_earliest_date():
    reach = Reach(("a.txt", "b.txt"), 1, ("NHK", "Kyodo"), dt.date(2023, 3, 1))
    assert reach.line() == "reported by 3 articles (NHK, Kyodo), earliest 2023-03-01"
    assert Reach(("a.txt", "b.txt"), 0, (), None).line() == "reported by 2 articles"


def test_independent_articles_count_each_group_once():
    # A quote carried by three articles, a second quote of one of them, and one on its own.
    groups = [("a.txt", "b.txt", "c.txt"), ("b.txt",), ("d.txt",)]
    assert independent(groups) == 2
    assert independent([]) == 0


CLOSE = (
    "The council approved a harbor expansion worth 40 million dollars on Tuesday, the mayor said.",
    "On Tuesday the council approved the 40 million dollar harbor expansion, said the mayor.",
)


def test_a_close_paraphrase_keeps_its_figures_polarity_and_words():
    assert paraphrases(*CLOSE, cosine=0.9)
    assert not paraphrases(*CLOSE, cosine=0.84)  # not close enough in meaning
    other_figure = CLOSE[1].replace("40", "45")
    assert not paraphrases(CLOSE[0], other_figure, cosine=0.95)
    negated = CLOSE[1].replace("approved", "did not approve")
    assert not paraphrases(CLOSE[0], negated, cosine=0.95)
    assert not paraphrases("Personal life | Political views", "Personal life | Views", 0.99)


def test_a_result_says_when_its_latest_article_is_old():
    def dated(day: dt.date) -> Quote:
        return Quote("Text.", "a.txt", 1, 0, 5, 0.5, "T", day)

    newest = dt.date(2024, 5, 3)
    old = [dated(dt.date(2023, 3, 14)), dated(dt.date(2022, 1, 1))]
    assert latest_note(old, newest) == "the latest article on this is from March 2023"
    assert latest_note([dated(dt.date(2024, 4, 10))], newest) == ""  # within OLD_NEWS
    assert latest_note([replace(old[0], published=None)], newest) == ""  # nothing dated
    assert latest_note(old, None) == ""  # an undated corpus


def test_citations_say_date_unknown_and_results_carry_the_note(engine):
    answer = engine.ask("When will construction of the new quay begin?")
    assert answer.latest_note == "" and "latest_note" in answer.as_json()
    from bot.render import citation

    undated = Quote("Text.", "a.txt", 1, 0, 5, 0.5, "T", None)
    assert citation(undated).endswith("T, date unknown")


def test_a_verdict_counts_the_articles_carrying_one_passage_once(engine):
    # Two articles carry the sentence (and ingest merged two more copies): one report.
    check = engine.factcheck("Construction of the new quay will begin in May.")
    assert check.verdict == "contradicted" and check.independent == 1
    assert check.backing == "contradicted by 1 article"
    assert check.as_json()["independent"] == 1


def test_a_claim_with_no_evidence_groups_nothing(engine):
    check = engine.factcheck("x")  # no sentence of any article is compared with it
    assert check.verdict == "not_found" and check.independent == 0
