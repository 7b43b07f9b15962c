"""Dates named on the calendar (bot.dates): full dates, months and years stated with their
year, and year-less ones that take their year from the publication date or keep none."""

from __future__ import annotations

import pytest

from bot.dates import INVALID, RESOLVED, STATED, UNRESOLVED
from tests.bot.dates.helpers import FRI_2023_01_06, SUN_2024_10_20, D, one, read

# --- Stated dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span",
    [
        ("It was published on September 24, 2020.", "on September 24, 2020"),
        ("It was published 24 September 2020.", "24 September 2020"),
        ("It was published on Sept. 24, 2020.", "on Sept. 24, 2020"),
        ("It was published 2020-09-24.", "2020-09-24"),
        ("It was published on Thursday, September 24, 2020.", "on Thursday, September 24, 2020"),
        ("It was published on the 24th of September 2020.", "on the 24th of September 2020"),
    ],
)
@pytest.mark.parametrize("published", [None, D(2023, 1, 6)])
def test_full_dates_are_stated_whatever_the_publication_date(text, span, published):
    found = one(text, published)
    assert (found.text, found.date.iso(), found.provenance) == (span, "2020-09-24", STATED)
    assert found.date.precision == "day"


@pytest.mark.parametrize(
    "text, span, iso",
    [
        ("The headquarters will be launched by March 2025.", "by March 2025", "2025-03"),
        ("It opened in May 2020.", "in May 2020", "2020-05"),
        ("Deployment is planned in 2035.", "in 2035", "2035"),
        ("The jet enters service 2035 at the earliest.", "2035", "2035"),
        ("Growth slowed in mid-2020.", "in mid-2020", "2020"),
    ],
)
def test_stated_months_and_years(text, span, iso):
    found = one(text)
    assert (found.text, found.date.iso(), found.provenance) == (span, iso, STATED)


def test_impossible_calendar_dates_are_invalid_not_shortened():
    # Issue 14, item 15: these used to lose their day and be read as "February" and "June".
    assert read("Nothing happened on February 30, 2020.") == [
        ("on February 30, 2020", None, INVALID)
    ]
    assert read("Nothing happened on June 31.") == [("on June 31", None, INVALID)]


# --- Year-less dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, iso",
    [
        ("Kono spoke on June 15 at the ministry.", "on June 15", "--06-15"),
        ("Abe spoke to the media on June 16.", "on June 16", "--06-16"),
        ("Ishiba took office on Oct. 1, Kyodo reported.", "on Oct. 1", "--10-01"),
        ("They talked 14 March about it.", "14 March", "--03-14"),
        ("They talked on 14 March.", "on 14 March", "--03-14"),
        ("Japan released it in mid-December.", "in mid-December", "--12"),
        ("Japan gave it up in June.", "in June", "--06"),
        ("A plane intruded in August.", "in August", "--08"),
        ("Japan adopted the documents in December.", "in December", "--12"),
    ],
)
def test_year_less_dates_without_publication_date_keep_month_and_day_only(text, span, iso):
    found = one(text)
    assert (found.text, found.date.iso(), found.provenance) == (span, iso, UNRESOLVED)
    assert found.date.year is None  # never an invented year
    assert "no publication date" in found.explanation


@pytest.mark.parametrize(
    "text, published, iso",
    [
        # the publication year when that leaves a past event before publication
        ("Kono spoke on June 15.", D(2020, 9, 24), "2020-06-15"),
        ("Ishiba took office on Oct. 1.", SUN_2024_10_20, "2024-10-01"),
        ("A plane intruded in August.", SUN_2024_10_20, "2024-08"),
        ("It happened in September.", D(2020, 9, 24), "2020-09"),  # the publication month
        ("It happened on September 24.", D(2020, 9, 24), "2020-09-24"),  # the very day
        # the year before when the publication year would put a past event after publication
        ("Japan adopted the documents in December.", FRI_2023_01_06, "2022-12"),
        ("Kono spoke on June 16.", D(2021, 6, 15), "2020-06-16"),
        ("Abe resigned on Dec. 31.", D(2021, 1, 1), "2020-12-31"),
        # future markers keep a later month in the publication year ...
        ("He will host the summit in May.", FRI_2023_01_06, "2023-05"),
        ("The meeting is expected to take place on June 16.", D(2021, 6, 15), "2021-06-16"),
        # ... and push an earlier one into the next year
        ("The summit will be held in March.", D(2020, 11, 1), "2021-03"),
        ("Talks are to resume on Jan. 5.", D(2020, 12, 20), "2021-01-05"),
    ],
)
def test_year_less_dates_take_their_year_from_publication(text, published, iso):
    found = one(text, published)
    assert (found.date.iso(), found.provenance) == (iso, RESOLVED)
    assert iso[:4] in found.explanation


def test_february_29_outside_a_leap_year_stays_year_less():
    found = one("They met on Feb. 29.", D(2021, 3, 5))
    assert (found.date.iso(), found.provenance) == ("--02-29", UNRESOLVED)


def test_next_generation_is_not_a_future_marker():
    found = one("The next-generation jet in December.", FRI_2023_01_06)
    assert found.date.iso() == "2022-12"  # no tense cue at all: the past, so last December


def test_nearest_tense_cue_decides_not_the_whole_sentence():
    # "are expected to" looks ahead, but the months belong to "released", a past event.
    text = (
        "The talks are expected to focus on their new strategies, released by Japan in "
        "mid-December and the United States in October."
    )
    assert read(text, FRI_2023_01_06) == [
        ("in mid-December", "2022-12", RESOLVED),
        ("in October", "2022-10", RESOLVED),
    ]
