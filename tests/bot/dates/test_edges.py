"""The edges of the calendar (issue 14, items 8 and 15).

Item 8: an article published 0001-01-01 or 9999-12-31 broke every timeline and fact check
that retrieved it (OverflowError), and "last year" could give year 0000 or 10000. Counting
past the calendar's edge now leaves the expression unresolved.

Item 15: impossible days ("February 29, 2023", "February 30, 2024", "April 31") were read
as another date and matched; they are now found as dates and marked invalid, an article's
impossible date is shown as a mismatch, a claim's is refused, and "the year 20000" is
compared as a number.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.claims import check_claim_form, quantities
from bot.cli import main
from bot.dates import INVALID, STATED, UNRESOLVED, PartialDate, find_dates
from bot.dates.model import OutOfCalendar
from bot.errors import QueryError
from tests.helpers import write_corpus

FIRST_DAY = dt.date(dt.MINYEAR, 1, 1)  # a Monday
LAST_DAY = dt.date(dt.MAXYEAR, 12, 31)  # a Friday

# --- the date layer ------------------------------------------------------------------------

# Expressions counted from publication, each with the edge it falls off.
PAST_THE_EDGE = [
    ("It began last year.", "last year", FIRST_DAY),
    ("It began yesterday.", "yesterday", FIRST_DAY),
    ("It began the day before yesterday.", "the day before yesterday", FIRST_DAY),
    ("It began last week.", "last week", FIRST_DAY),
    ("It began last month.", "last month", FIRST_DAY),
    ("It began two weeks ago.", "two weeks ago", FIRST_DAY),
    ("It began 999 years ago.", "999 years ago", FIRST_DAY),
    ("It began in December.", "in December", FIRST_DAY),
    ("It began on Friday.", "on Friday", FIRST_DAY),
    ("It began last December.", "last December", FIRST_DAY),
    ("It began since September last year.", "since September last year", FIRST_DAY),
    ("It began on the 31st.", "on the 31st", FIRST_DAY),
    ("It ends next year.", "next year", LAST_DAY),
    ("It ends tomorrow.", "tomorrow", LAST_DAY),
    ("It ends the day after tomorrow.", "the day after tomorrow", LAST_DAY),
    ("It ends next week.", "next week", LAST_DAY),
    ("It ends next month.", "next month", LAST_DAY),
    ("It will end in January.", "in January", LAST_DAY),
    ("It will end on Monday.", "on Monday", LAST_DAY),
    ("It ends next January.", "next January", LAST_DAY),
    ("It ends in March next year.", "in March next year", LAST_DAY),
]


@pytest.mark.parametrize("text, span, published", PAST_THE_EDGE)
def test_counting_past_the_calendar_is_unresolved(text, span, published):
    [found] = find_dates(text, published)
    assert (found.text, found.date, found.provenance) == (span, None, UNRESOLVED)
    assert "outside the calendar (years 1 to 9999)" in found.explanation


def test_counting_from_a_stated_last_day_is_unresolved():
    stated, after = find_dates("It ended on December 31, 9999, and again the day after.")
    assert stated.date == PartialDate(9999, 12, 31)
    assert (after.text, after.date, after.provenance) == ("the day after", None, UNRESOLVED)


@pytest.mark.parametrize(
    "text, published, iso",
    [
        ("It ends tomorrow.", FIRST_DAY, "0001-01-02"),
        ("It began yesterday.", LAST_DAY, "9999-12-30"),
        ("It began this week.", FIRST_DAY, "0001-W01"),
        ("It began last week.", LAST_DAY, "9999-W51"),
        ("It began in December.", LAST_DAY, "9999-12"),
        ("It began by the end of the year.", FIRST_DAY, "0001"),
    ],
)
def test_counting_inside_the_calendar_still_resolves(text, published, iso):
    [found] = find_dates(text, published)
    assert found.date.iso() == iso


@pytest.mark.parametrize("year", [0, -1, 10000, 20000])
def test_a_partial_date_outside_the_calendar_cannot_be_made(year):
    with pytest.raises(OutOfCalendar):
        PartialDate(year, None, None)
    with pytest.raises(OutOfCalendar):
        PartialDate(year, 1, 1)


@pytest.mark.parametrize(
    "text, span, why",
    [
        ("It was drafted on February 29, 2023.", "on February 29, 2023", "February 2023 has 28"),
        ("It was drafted on 29 February 2023.", "on 29 February 2023", "February 2023 has 28"),
        ("It was drafted 2023-02-29.", "2023-02-29", "February 2023 has 28 days"),
        ("It was signed on February 30, 2024.", "on February 30, 2024", "February 2024 has 29"),
        ("It was signed on April 31, 2024.", "on April 31, 2024", "April 2024 has 30 days"),
        ("It was signed on February 30.", "on February 30", "February has 29 days at most"),
        ("It was signed on 31 June.", "on 31 June", "June has 30 days at most"),
        ("It ends on February 3, 20000.", "on February 3, 20000", "years run from 1 to 9999"),
        ("It began 0000-01-01.", "0000-01-01", "years run from 1 to 9999"),
    ],
)
@pytest.mark.parametrize("published", [None, dt.date(2024, 3, 5)])
def test_impossible_days_are_found_whole_and_invalid(text, span, why, published):
    [found] = find_dates(text, published)  # not "February" or "2023" read out of it
    assert (found.text, found.date, found.provenance) == (span, None, INVALID)
    assert f'"{span}" is no such date: {why}' in found.explanation


@pytest.mark.parametrize(
    "text, iso",
    [
        ("It was drafted on February 29, 2024.", "2024-02-29"),
        ("It was signed on 2000-02-29.", "2000-02-29"),
        ("It was signed on June 15, 1850.", "1850-06-15"),  # a year is a year after a day
        ("It ends on December 31, 9999.", "9999-12-31"),
    ],
)
def test_real_days_are_still_stated(text, iso):
    [found] = find_dates(text)
    assert (found.date.iso(), found.provenance) == (iso, STATED)


# --- claims ----------------------------------------------------------------------------------


def test_a_year_beyond_the_calendar_is_a_number():
    [year] = quantities("The capsule will be opened in the year 20000.")
    assert (year.text, year.value, year.kind) == ("year 20000", 20000, "year")
    assert quantities("The capsule was opened in the year 2020.") == []  # a date, not a number


@pytest.mark.parametrize(
    "claim", ["The treaty was signed on February 30, 2024.", "It was signed on 2023-02-29."]
)
def test_a_claim_with_an_impossible_day_is_refused(claim):
    with pytest.raises(QueryError, match="is no such date: February 202[34] has 2[89] days"):
        check_claim_form(claim)


# --- timelines and fact checks over a corpus with these dates -------------------------------

ARTICLES = {
    "first.md": (
        "---\npublished: 0001-01-01\n---\n# Harbor dredging\n\n"
        "The Portville harbor dredging began last year, the harbor authority said on Monday.\n\n"
        "Two ships arrived at the Portville harbor yesterday.\n"
    ),
    "last.md": (
        "---\npublished: 9999-12-31\n---\n# Harbor dredging ends\n\n"
        "The Portville harbor dredging will end next year, the harbor authority said on Friday."
        "\n\nTwo more ships will reach the Portville harbor tomorrow.\n"
    ),
    "budget.md": (
        "---\npublished: 2024-03-05\n---\n# Council papers\n\n"
        "The Portville budget was drafted on February 29, 2023, the council said.\n\n"
        "The Portville treaty was signed on February 30, 2024 by the mayor.\n\n"
        "The Portville time capsule will be opened in the year 10000, the museum said.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path):
    """Overrides the shared corpus, so that ``fake_engine`` indexes these articles."""
    return write_corpus(tmp_path / "corpus", ARTICLES)


def test_timeline_over_articles_published_at_the_edges(fake_engine):
    timeline = fake_engine.timeline("Portville harbor dredging ships")
    events = {e.quote.text: e for e in timeline.events}
    last_year = events[
        "The Portville harbor dredging began last year, the harbor authority said on Monday."
    ]
    assert last_year.date == PartialDate(1, 1, 1)  # "on Monday", the publication day itself
    yesterday = events["Two ships arrived at the Portville harbor yesterday."]
    assert (yesterday.date, yesterday.provenance) == (None, UNRESOLVED)
    tomorrow = events["Two more ships will reach the Portville harbor tomorrow."]
    assert (tomorrow.date, tomorrow.provenance) == (None, UNRESOLVED)
    assert "outside the calendar" in tomorrow.explanation


def test_fact_check_over_articles_published_at_the_edges(fake_engine):
    check = fake_engine.factcheck("Two ships arrived at the Portville harbor yesterday.")
    assert check.verdict == "supported", check
    assert check.supports[0].quote.source == "first.md"


def test_cli_timeline_over_articles_published_at_the_edges(tmp_path, corpus, capsys):
    config = tmp_path / "edges.toml"
    config.write_text(
        f'[corpus]\ndir = "{corpus}"\n[index]\ndir = "{tmp_path / "index"}"\n'
        '[model]\nname = "hashing"\n'
    )
    assert main(["timeline", "--config", str(config), "Portville harbor ships"]) == 0
    assert "outside the calendar" in capsys.readouterr().out


def test_timeline_shows_an_impossible_day_as_such(fake_engine):
    timeline = fake_engine.timeline("Portville treaty signed by the mayor")
    [treaty] = [e for e in timeline.events if "treaty" in e.quote.text]
    assert (treaty.date, treaty.date_text, treaty.provenance) == (
        None,
        "on February 30, 2024",
        INVALID,
    )  # not "2024-02", the month alone


def test_an_impossible_day_in_an_article_never_supports_a_claim(fake_engine):
    check = fake_engine.factcheck("The Portville budget was drafted on February 29, 2024.")
    assert check.verdict == "contradicted", check
    # The hashing encoder's order of the evidence means nothing: the budget sentence's
    # mismatch must be among what is shown.
    shown = {(m.kind, m.claim, m.article) for e in check.contradicts for m in e.mismatches}
    assert ("date", "on February 29, 2024", "on February 29, 2023 (no such date)") in shown


def test_an_impossible_day_in_a_claim_is_refused(fake_engine):
    with pytest.raises(QueryError, match="February 2024 has 29 days"):
        fake_engine.factcheck("The Portville treaty was signed on February 30, 2024.")


def test_a_year_beyond_the_calendar_is_compared_as_a_number(fake_engine):
    check = fake_engine.factcheck("The Portville time capsule will be opened in the year 20000.")
    assert check.verdict == "contradicted", check
    mismatch = check.contradicts[0].mismatches[0]
    assert (mismatch.kind, mismatch.claim, mismatch.article) == (
        "number",
        "year 20000",
        "year 10000",
    )
    same = fake_engine.factcheck("The Portville time capsule will be opened in the year 10000.")
    assert same.verdict == "supported", same
