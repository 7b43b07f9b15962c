"""Dates relative to another (bot.dates): weekdays, "last week" and the like counted from
the publication date, and "the day before" or "the 14th" counted from a date in the text."""

from __future__ import annotations

import pytest

from bot.dates import RESOLVED, UNRESOLVED, find_dates
from tests.bot.dates.helpers import FRI_2023_01_06, MON_2024_07_29, THU_2020_09_24, D, one, read

# --- Weekdays ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, published, iso",
    [
        # past: the most recent such weekday before publication
        ("Kitamura on Wednesday affirmed close ties.", THU_2020_09_24, "2020-09-23"),
        ("They met on Monday.", THU_2020_09_24, "2020-09-21"),
        ("They met Friday.", THU_2020_09_24, "2020-09-18"),
        ("They met on Thursday.", THU_2020_09_24, "2020-09-24"),  # the publication day
        ("They met on Wednesday.", D(2021, 1, 1), "2020-12-30"),  # across New Year
        ("They met on Sunday.", D(2020, 3, 2), "2020-03-01"),
        ("They met on Saturday.", D(2020, 3, 2), "2020-02-29"),  # across a leap month end
        # future markers: the first such weekday after publication
        ("Kishida will embark on the trip on Monday.", FRI_2023_01_06, "2023-01-09"),
        ("The ministers plan to meet on Tuesday.", FRI_2023_01_06, "2023-01-10"),
        ("Talks are to be held Thursday.", FRI_2023_01_06, "2023-01-12"),
        ("He is expected to arrive on Saturday.", FRI_2023_01_06, "2023-01-07"),
        ("They will meet on Friday.", FRI_2023_01_06, "2023-01-06"),  # the publication day
        ("They will meet on Monday.", D(2020, 12, 30), "2021-01-04"),  # across New Year
        ("They will meet on Monday.", D(2020, 2, 28), "2020-03-02"),  # across February
        # "last" and "next" fix the direction and skip the publication day
        ("They met last Monday.", D(2024, 7, 29), "2024-07-22"),
        ("They meet next Monday.", D(2024, 7, 29), "2024-08-05"),
    ],
)
def test_weekdays(text, published, iso):
    found = one(text, published)
    assert (found.date.iso(), found.provenance) == (iso, RESOLVED)
    assert found.date.precision == "day"


def test_weekday_explanation_names_the_rule_and_the_publication_date():
    found = one("Kitamura on Wednesday affirmed close ties.", THU_2020_09_24)
    assert found.explanation == (
        '"on Wednesday" taken as the Wednesday before publication (Thu 2020-09-24): 2020-09-23'
    )
    ahead = one("Kishida will embark on the trip on Monday.", FRI_2023_01_06)
    assert '"will"' in ahead.explanation and "after publication" in ahead.explanation


def test_one_sentence_can_report_the_past_and_look_ahead():
    text = "Hamada said Friday that he and Austin will hold talks Thursday."
    assert read(text, FRI_2023_01_06) == [
        ("Friday", "2023-01-06", RESOLVED),  # governed by "said"
        ("Thursday", "2023-01-12", RESOLVED),  # governed by "will"
    ]


def test_possessive_weekday():
    found = one("Austin said Sunday’s meeting was very productive.", MON_2024_07_29)
    assert (found.text, found.date.iso()) == ("Sunday’s", "2024-07-28")


# --- Relative to publication ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, published, iso",
    [
        ("Suga succeeded Abe last week.", THU_2020_09_24, "2020-W38"),
        ("Prices rose last week.", D(2021, 1, 6), "2020-W53"),  # the ISO year before
        ("Kishida lands next week.", FRI_2023_01_06, "2023-W02"),
        ("Kishida lands next week.", D(2020, 12, 30), "2021-W01"),
        ("It is busy this week.", THU_2020_09_24, "2020-W39"),
        ("The strategies were adopted last month.", FRI_2023_01_06, "2022-12"),
        ("It rose last month.", D(2020, 3, 31), "2020-02"),
        ("It will rise next month.", D(2020, 12, 15), "2021-01"),
        ("It rose this month.", D(2020, 12, 15), "2020-12"),
        ("It rose last year.", THU_2020_09_24, "2019"),
        ("It rose this year.", THU_2020_09_24, "2020"),
        ("It will rise next year.", D(2020, 12, 31), "2021"),
        ("It rose earlier this year.", THU_2020_09_24, "2020"),
        ("A plan is due by the end of the year.", THU_2020_09_24, "2020"),
        ("A plan is due by the end of next year.", THU_2020_09_24, "2021"),
        ("A plan is due by the end of the month.", THU_2020_09_24, "2020-09"),
        ("He has served since September last year.", THU_2020_09_24, "2019-09"),
        ("It started in March this year.", THU_2020_09_24, "2020-03"),
        ("It started last September.", THU_2020_09_24, "2019-09"),
        ("It started last August.", THU_2020_09_24, "2020-08"),
        ("It starts next January.", THU_2020_09_24, "2021-01"),
        ("It happened yesterday.", D(2021, 1, 1), "2020-12-31"),
        ("It happens today.", THU_2020_09_24, "2020-09-24"),
        ("It happens tomorrow.", D(2020, 2, 28), "2020-02-29"),
        ("It happened the day before yesterday.", D(2020, 3, 1), "2020-02-28"),
        ("It happened three days ago.", D(2020, 3, 1), "2020-02-27"),
        ("It happened two weeks ago.", THU_2020_09_24, "2020-W37"),
        ("It happened a year ago.", THU_2020_09_24, "2019"),
        ("Last week was busy.", THU_2020_09_24, "2020-W38"),  # capitalised at sentence start
        ("Yesterday was busy.", THU_2020_09_24, "2020-09-23"),
    ],
)
def test_relative_to_publication(text, published, iso):
    found = one(text, published)
    assert (found.date.iso(), found.provenance) == (iso, RESOLVED)


def test_relative_precision_follows_the_unit():
    assert one("Suga took over last week.", THU_2020_09_24).date.precision == "week"
    assert one("It rose last month.", THU_2020_09_24).date.precision == "month"
    assert one("It rose last year.", THU_2020_09_24).date.precision == "year"
    assert one("It is due by the end of the year.", THU_2020_09_24).date.precision == "year"


@pytest.mark.parametrize(
    "text",
    [
        "Kitamura on Wednesday affirmed close ties.",
        "Austin said Sunday’s meeting was very productive.",
        "They met Friday.",
        "Suga succeeded Abe last week.",
        "Kishida lands next week.",
        "It rose last month.",
        "It will rise next month.",
        "It rose last year.",
        "It rose this year.",
        "It will rise next year.",
        "A plan is due by the end of the year.",
        "He has served since September last year.",
        "It started last September.",
        "It happened yesterday.",
        "It happens today.",
        "It happens tomorrow.",
        "It happened two weeks ago.",
    ],
)
def test_relative_without_publication_date_is_unresolved_and_says_nothing(text):
    found = one(text)
    assert (found.date, found.provenance) == (None, UNRESOLVED)
    assert "publication date" in found.explanation


# --- Counted from another date in the text -------------------------------------------------


@pytest.mark.parametrize(
    "text, published, expected",
    [
        (
            "Abe spoke on March 1, 2020, and Kono the day before.",
            None,
            ("2020-02-29", RESOLVED),  # leap year
        ),
        ("Abe spoke on March 1, 2021, and Kono the day before.", None, ("2021-02-28", RESOLVED)),
        ("Abe spoke on March 1 and Kono the day before.", None, ("--02-28", UNRESOLVED)),
        ("Abe spoke on Jan. 1 and Kono the day before.", D(2021, 1, 5), ("2020-12-31", RESOLVED)),
        (
            "On Wednesday they met, and the next day they signed.",
            THU_2020_09_24,
            ("2020-09-24", RESOLVED),
        ),
        ("On June 15, 2020, he resigned; the same day he left.", None, ("2020-06-15", RESOLVED)),
        # nothing earlier in the sentence to count from
        ("Kono spoke the day before.", THU_2020_09_24, (None, UNRESOLVED)),
        ("Abe spoke on June 15. Kono spoke the day before.", None, (None, UNRESOLVED)),
        # "the day before <event>": counted from the event, which has no date
        (
            "Talks were held on Monday, the day before the summit.",
            THU_2020_09_24,
            (None, UNRESOLVED),
        ),
    ],
)
def test_the_day_before(text, published, expected):
    found = find_dates(text, published)[-1]
    assert found.text in ("the day before", "the next day", "the same day")
    assert (found.date.iso() if found.date else None, found.provenance) == expected


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # the month named earlier in the text, even in an earlier sentence
        (
            "Kishi called Miller on 14 March. The call lasted 35 minutes on the morning of "
            "the 14th, Japan time.",
            None,
            ("--03-14", UNRESOLVED),
        ),
        ("Kono met him on June 15, 2020 and again on the 20th.", None, ("2020-06-20", RESOLVED)),
        # else the publication month, or the month before for a past day after publication
        ("The call took place on the 14th, Japan time.", THU_2020_09_24, ("2020-09-14", RESOLVED)),
        ("The call took place on the 28th.", THU_2020_09_24, ("2020-08-28", RESOLVED)),
        ("The call took place on the 28th.", D(2021, 1, 5), ("2020-12-28", RESOLVED)),
        ("The call will take place on the 2nd.", D(2020, 12, 24), ("2021-01-02", RESOLVED)),
        ("The call took place on the 14th.", None, (None, UNRESOLVED)),
    ],
)
def test_day_of_the_month(text, published, expected):
    found = find_dates(text, published)[-1]
    assert found.text.endswith(("14th", "20th", "28th", "2nd"))
    assert (found.date.iso() if found.date else None, found.provenance) == expected
