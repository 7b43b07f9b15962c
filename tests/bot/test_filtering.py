"""Filters: the options' dates and sources, the question's own dates, and an engine that
searches only what they admit (the dated corpus of tests/data/sourced)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.errors import QueryError
from bot.filtering import (
    NO_FILTERS,
    Catalogue,
    Filters,
    option_filters,
    parse_day,
    question_filters,
    reference_day,
)
from embeddings.filters import Where
from tests.helpers import sourced_engine

DAY = dt.date(2024, 10, 5)  # a Saturday


@pytest.mark.parametrize(
    ("question", "query", "since", "until"),
    [
        ("What did they agree in 2023?", "What did they agree?", "2023-01-01", "2023-12-31"),
        ("What happened since March?", "What happened?", "2024-03-01", None),
        ("Anything new last week?", "Anything new?", "2024-09-23", "2024-09-29"),
        ("Who spoke between 2021 and 2023?", "Who spoke?", "2021-01-01", "2023-12-31"),
        ("What was said from 2020 to 2022?", "What was said?", "2020-01-01", "2022-12-31"),
        ("Who resigned before June 2022?", "Who resigned?", None, "2022-05-31"),
        ("Who won after 2021?", "Who won?", "2022-01-01", None),
        ("What was signed in March 2023?", "What was signed?", "2023-03-01", "2023-03-31"),
        ("What did the minister say this year?", "What did the minister say?", "2024-01-01",
         "2024-12-31"),
    ],
)  # fmt: skip
def test_a_date_that_names_a_window_filters_and_leaves_the_question(question, query, since, until):
    scope = question_filters(question, DAY)
    assert scope.query == query
    assert scope.filters.since == (dt.date.fromisoformat(since) if since else None)
    assert scope.filters.until == (dt.date.fromisoformat(until) if until else None)
    assert scope.filters.said in question


@pytest.mark.parametrize(
    "question",
    [
        "What happened in August?",  # an event's month: which year's is the articles' business
        "What did they agree in the 2023 talks?",  # a year used as a name
        "Where will the G7 summit in May be held?",
        "Who won the 2024 election?",
        "What about 2021?",  # a bare year is a window only in a follow-up
    ],
)
def test_a_date_that_names_an_event_is_left_to_retrieval(question):
    scope = question_filters(question, DAY)
    assert not scope.filters and scope.query == question


def test_a_bare_year_is_a_window_when_asked_for():
    scope = question_filters("what about 2021?", DAY, bare=True)
    assert (scope.filters.since, scope.filters.until) == (
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
    )


def test_the_description_says_where_the_dates_came_from():
    scope = question_filters("Anything new last week?", DAY)
    assert scope.filters.describe() == (
        "articles published 2024-09-23 to 2024-09-29 "
        "(“last week” in the question, counted from 2024-10-05)"
    )
    assert Filters(source="NHK").describe() == "articles source NHK"
    assert NO_FILTERS.describe() == "" and not NO_FILTERS


def test_relative_dates_count_from_the_newest_article_of_an_archive():
    assert reference_day(DAY, dt.date(2024, 10, 1)) == DAY
    assert reference_day(DAY, dt.date(2023, 5, 2)) == dt.date(2023, 5, 2)
    assert reference_day(DAY, None) == DAY


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2023", "2023-01-01", "2023-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-03-15", "2023-03-15", "2023-03-15"),
        ("March 2023", "2023-03-01", "2023-03-31"),
        ("last week", "2024-09-23", "2024-09-29"),
        ("  2023 ", "2023-01-01", "2023-12-31"),
    ],
)
def test_date_options_read_as_their_first_or_last_day(text, first, last):
    assert parse_day(text, DAY, end=False) == dt.date.fromisoformat(first)
    assert parse_day(text, DAY, end=True) == dt.date.fromisoformat(last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-30", "is not a day of the calendar"),
        ("2023-13", "is not a day of the calendar"),
        ("soon", "cannot read the date 'soon'"),
        ("March", "cannot read the date"),
    ],
)
def test_a_date_option_that_cannot_be_read_is_refused_with_the_forms_it_takes(text, message):
    with pytest.raises(QueryError, match=message):
        parse_day(text, DAY, end=False)


def test_since_after_until_is_refused():
    with pytest.raises(QueryError, match="is after 'until'"):
        option_filters("2024", "2023", "", DAY)


@pytest.fixture(scope="module")
def dated_engine(tmp_path_factory) -> Engine:
    return sourced_engine(tmp_path_factory.mktemp("dated"))


def test_a_source_is_a_file_name_an_outlet_or_a_glob(dated_engine):
    catalogue = Catalogue(dated_engine.loaded.store.articles)
    assert catalogue.matching("rail-strike.txt") == {"rail-strike.txt"}
    assert catalogue.matching("example news") == {"harbor-expansion.txt"}
    assert catalogue.matching("*harbor*") == {"harbor-expansion.txt"}
    assert catalogue.matching("[br]*") == {"budget-debate.txt", "rail-strike.txt"}
    assert catalogue.matching("[br]*") is catalogue.matching("[br]*")  # remembered
    with pytest.raises(QueryError, match="no article, outlet or pattern .* 'nowhere'"):
        catalogue.matching("nowhere")
    assert catalogue.dated and catalogue.admits_any(Where(since=dt.date(2024, 5, 1)))
    assert not catalogue.admits_any(Where(frozenset({"budget-debate.txt"}), dt.date(2024, 5, 1)))


def test_an_answer_quotes_only_the_articles_its_filters_admit(dated_engine):
    question = "What did the Portville council do about the harbor?"
    everything = dated_engine.ask(question)
    assert "harbor-expansion.txt" in {q.source for q in everything.quotes + everything.closest}
    filters = dated_engine.filters(until="2024-03-31")
    answer = dated_engine.ask(question, filters)
    shown = answer.quotes + answer.closest
    assert shown and {q.source for q in shown} == {"budget-debate.txt"}
    assert answer.filters.until == dt.date(2024, 3, 31)
    assert answer.as_json()["filters"]["until"] == "2024-03-31"


def test_a_date_in_the_question_filters_and_is_said(dated_engine):
    answer = dated_engine.ask("What did the harbor budget debate decide in March 2024?")
    assert {q.source for q in answer.quotes + answer.closest} == {"budget-debate.txt"}
    assert answer.filters.said == "in March 2024"
    assert answer.question == "What did the harbor budget debate decide in March 2024?"


def test_a_date_in_the_question_that_admits_no_article_is_dropped_with_a_note(dated_engine):
    answer = dated_engine.ask("What did the train drivers do in 2019?")
    assert not answer.filters.dated
    assert answer.filter_note.startswith("no article was published between 2019-01-01")


def test_options_that_admit_no_article_are_refused(dated_engine):
    with pytest.raises(QueryError, match="no article matches: articles published since 2030"):
        dated_engine.ask("What happened?", dated_engine.filters(since="2030"))
    with pytest.raises(QueryError, match="'nowhere'"):
        dated_engine.filters(source="nowhere")


def test_timelines_and_fact_checks_take_the_filters(dated_engine):
    rail = dated_engine.filters(source="Northland Courier")
    timeline = dated_engine.timeline("strike", rail)
    assert {e.quote.source for e in timeline.events} <= {"rail-strike.txt"}
    assert timeline.filters.source == "Northland Courier"
    check = dated_engine.factcheck("The Portville council approved the harbor expansion.", rail)
    assert {e.quote.source for e in check.evidence} <= {"rail-strike.txt"}


def test_a_fact_check_reads_no_date_from_its_claim(dated_engine):
    check = dated_engine.factcheck("Train drivers in Northland ended a strike in 2019.")
    assert not check.filters and not check.filter_note


def test_the_terminal_says_what_was_searched(dated_engine, capsys):
    from bot.render import render_answer

    filters = dated_engine.filters(since="2024-04")
    text = render_answer(dated_engine.ask("What did the council approve?", filters))
    assert text.startswith("Searched articles published since 2024-04-01.\n\n")


def test_the_cli_takes_filter_options(tmp_path: Path, dated_engine, capsys):
    from bot.cli import main

    settings = dated_engine.settings
    config = tmp_path / "newsdesk.toml"
    config.write_text(
        f'[corpus]\ndir = "{settings.corpus.dir}"\n[index]\ndir = "{settings.index.dir}"\n'
        '[model]\nname = "hashing"\n'
    )
    assert main(["ask", "What happened?", "--config", str(config), "--source", "*rail*",
                 "--json"]) == 0  # fmt: skip
    data = capsys.readouterr().out
    assert '"source": "*rail*"' in data and "harbor-expansion.txt" not in data
    assert main(["ask", "What happened?", "--config", str(config), "--since", "soon"]) == 2
    assert "cannot read the date 'soon'" in capsys.readouterr().err


def test_currency_is_measured_against_the_newest_article_the_filters_admit(dated_engine):
    catalogue = dated_engine.loaded.catalogue
    assert catalogue.newest(None) == dt.date(2024, 5, 3)
    assert catalogue.newest(Where(until=dt.date(2024, 4, 30))) == dt.date(2024, 4, 10)
    assert catalogue.newest(Where(frozenset({"budget-debate.txt"}))) == dt.date(2024, 3, 28)
    assert catalogue.newest(Where(since=dt.date(2030, 1, 1))) is None
    # Over every article, a March quote is old news (the newest is from May); asked until
    # March, it is as current as the question allows.
    question = "Harbor budget debated"
    assert dated_engine.ask(question).latest_note == "the latest article on this is from March 2024"
    march = dated_engine.ask(question, dated_engine.filters(until="2024-03"))
    assert march.quotes and march.latest_note == ""
