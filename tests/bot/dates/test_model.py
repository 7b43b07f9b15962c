"""The date layer's values (bot/dates/model.py): a ``PartialDate``'s precision, ISO form,
order and agreement with an ISO date.

The expressions are tested by kind beside this module: ``test_absolute.py`` (stated and
year-less dates), ``test_relative.py`` (weekdays, relative to publication, counted from
another date), ``test_finder.py`` (what is not a date, spans and offsets, the seed articles,
speed) and ``test_edges.py`` (the edges of the calendar).
"""

from __future__ import annotations

import pytest

from bot.dates import PartialDate
from tests.bot.dates.helpers import D

# --- PartialDate ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date, precision, iso",
    [
        (PartialDate(2020, 9, 23), "day", "2020-09-23"),
        (PartialDate(2020, None, None, week=38), "week", "2020-W38"),
        (PartialDate(2020, 9, None), "month", "2020-09"),
        (PartialDate(2020, None, None), "year", "2020"),
        (PartialDate(None, 6, 15), "day", "--06-15"),
        (PartialDate(None, 6, None), "month", "--06"),
        (PartialDate(None, 2, 29), "day", "--02-29"),  # some year has it
    ],
)
def test_partial_date_precision_and_iso(date, precision, iso):
    assert date.precision == precision
    assert date.iso() == iso == str(date)


@pytest.mark.parametrize(
    "parts",
    [
        (None, None, None),  # nothing at all
        (2020, None, 5),  # a day needs its month
        (2021, 2, 29),  # not a leap year
        (None, 6, 31),  # June never has 31 days
        (2020, 13, None),
        (2021, None, None, 53),  # 2021 has 52 ISO weeks
        (None, None, None, 10),  # a week needs its year
        (2020, 1, None, 2),  # a week and a month
    ],
)
def test_partial_date_rejects_impossible_dates(parts):
    with pytest.raises(ValueError):
        PartialDate(*parts)


def test_partial_date_week_of_uses_the_iso_year():
    assert PartialDate.week_of(D(2021, 1, 1)).iso() == "2020-W53"
    assert PartialDate.week_of(D(2019, 12, 30)).iso() == "2020-W01"


def test_sort_key_orders_chronologically_then_year_less_by_month_and_day():
    expected = [
        PartialDate(2019, None, None),
        PartialDate(2020, None, None, week=1),  # starts Mon 2019-12-30
        PartialDate(2019, 12, 31),
        PartialDate(2020, None, None),
        PartialDate(2020, 1, None),
        PartialDate(2020, 1, 1),
        PartialDate(2020, 9, None, None),
        PartialDate(2020, None, None, week=38),  # Mon 2020-09-14
        PartialDate(2020, 9, 23),
        PartialDate(2035, None, None),
        PartialDate(None, 3, None),  # year unknown: after every dated one
        PartialDate(None, 3, 14),
        PartialDate(None, 6, 15),
        PartialDate(None, 6, 16),
        PartialDate(None, 12, None),
    ]
    assert sorted(reversed(expected), key=PartialDate.sort_key) == expected


@pytest.mark.parametrize(
    "date, iso, agrees",
    [
        (PartialDate(2020, 9, 23), "2020-09-23", True),
        (PartialDate(2020, 9, 23), "2020-09", True),
        (PartialDate(2020, 9, 23), "2020", True),
        (PartialDate(2020, 9, 23), "--09-23", True),
        (PartialDate(2020, 9, 23), "--09", True),
        (PartialDate(2020, 9, 23), "2020-W39", True),  # the ISO week it falls in
        (PartialDate(2020, 9, 23), "2020-09-24", False),
        (PartialDate(2020, 9, 23), "2019", False),
        (PartialDate(2020, 9, None), "2020-09-23", False),  # a part it does not know
        (PartialDate(2020, 9, None), "2020", True),
        (PartialDate(2020, None, None, 38), "2020-W38", True),
        (PartialDate(2020, None, None, 38), "2020", True),
        (PartialDate(2020, None, None, 38), "2020-09", False),  # a week has no month
        (PartialDate(None, 6, 15), "--06-15", True),
        (PartialDate(None, 6, 15), "--06", True),
        (PartialDate(None, 6, 15), "2020-06-15", False),  # the year was never known
        (PartialDate(None, 6, None), "--06-15", False),
        (PartialDate(2035, None, None), "2035", True),
    ],
)
def test_agrees_with(date, iso, agrees):
    assert date.agrees_with(iso) is agrees


@pytest.mark.parametrize("iso", ["", "20", "2020-9", "2020/09/24", "June 2020", "---15"])
def test_agrees_with_rejects_malformed_iso(iso):
    with pytest.raises(ValueError):
        PartialDate(2020, 9, 24).agrees_with(iso)
