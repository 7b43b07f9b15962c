"""The date layer (bot.dates): finding temporal expressions and reading them as partial ISO
dates, with how each was derived.

Most cases are one sentence and the date it should give. Publication dates used below:
Thu 2020-09-24 (seed 000, from its header), Mon 2024-07-29 (seed 001), Sun 2024-10-20
(seed 003), Fri 2023-01-06 (seed 004); seed 002 has none.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.dates import RESOLVED, STATED, UNRESOLVED, PartialDate, TemporalExpression, find_dates

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
D = dt.date
THU_2020_09_24 = D(2020, 9, 24)  # seed 000
MON_2024_07_29 = D(2024, 7, 29)  # seed 001
SUN_2024_10_20 = D(2024, 10, 20)  # seed 003
FRI_2023_01_06 = D(2023, 1, 6)  # seed 004


def read(text: str, published: dt.date | None = None) -> list[tuple[str, str | None, str]]:
    """(text, iso or None, provenance) of every expression found, in order."""
    return [
        (found.text, found.date.iso() if found.date else None, found.provenance)
        for found in find_dates(text, published)
    ]


def one(text: str, published: dt.date | None = None) -> TemporalExpression:
    found = find_dates(text, published)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


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


def test_invalid_calendar_dates_lose_their_day():
    assert read("Nothing happened on February 30, 2020.") == [
        ("on February", "--02", UNRESOLVED),
        ("2020", "2020", STATED),
    ]
    assert read("Nothing happened on June 31.") == [("on June", "--06", UNRESOLVED)]


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


# --- Not dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The meeting lasted 35 minutes.",
        "China has some 400 missiles aimed at the region.",
        "The budget rose 6 percent.",
        "The budget rose 15 per cent.",
        "Japan will double its defense budget within five years.",
        "Japan has two tiers of missile defense.",
        "The plan may be dropped.",
        "They march to the ministry every week.",
        "The 2+2 talks focused on deterrence.",
        "Kyodo News, 7:02 a.m.",
        "Japan deployed 2000 troops and 1950 soldiers.",
        "The plant produced 2035 tons of steel.",
        "Theresa May said so.",
        "March organisers met the minister.",
        "He stayed at Mar-a-Lago.",
        "Jan Egeland spoke.",
        "It became the 21st Division in the 14th century.",
        "It is the 5th largest economy.",
        "The price was $2020 in 1,2020 units.",
        "The 1990s were calm.",
    ],
)
def test_not_dates(text):
    assert find_dates(text) == []


# --- Spans, order, offsets -----------------------------------------------------------------


def test_longest_match_wins_and_spans_are_exact_and_ordered():
    text = "Talks on September 24, 2020 followed talks since September last year and in 2019."
    found = find_dates(text, THU_2020_09_24)
    assert [f.text for f in found] == [
        "on September 24, 2020",
        "since September last year",
        "in 2019",
    ]
    assert all(text[f.start : f.end] == f.text for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_offset_shifts_positions_only():
    text = "They met on Monday."
    plain, shifted = find_dates(text, THU_2020_09_24)[0], find_dates(text, THU_2020_09_24, 100)[0]
    assert (shifted.start, shifted.end) == (plain.start + 100, plain.end + 100)
    assert (shifted.text, shifted.date) == (plain.text, plain.date)


def test_a_datetime_publication_date_is_taken_as_its_day():
    found = one("They met on Wednesday.", dt.datetime(2020, 9, 24, 23, 59))
    assert found.date.iso() == "2020-09-23"


def test_empty_text():
    assert find_dates("") == []


# --- The seed articles ---------------------------------------------------------------------


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_000_with_its_publication_date():
    assert read(_seed("000"), THU_2020_09_24) == [
        ("September 24, 2020", "2020-09-24", STATED),  # the dateline
        ("on Wednesday", "2020-09-23", RESOLVED),
        ("last week", "2020-W38", RESOLVED),  # Suga took over on 2020-09-16
        ("in June", "2020-06", RESOLVED),
        ("by the end of the year", "2020", RESOLVED),
        ("on Wednesday", "2020-09-23", RESOLVED),
        ("since September last year", "2019-09", RESOLVED),
    ]


def test_seed_001():
    assert read(_seed("001"), MON_2024_07_29) == [
        ("on Monday", "2024-07-29", RESOLVED),
        ("Sunday’s", "2024-07-28", RESOLVED),
        ("Monday", "2024-07-29", RESOLVED),
        ("by March 2025", "2025-03", STATED),
    ]
    assert read(_seed("001")) == [
        ("on Monday", None, UNRESOLVED),
        ("Sunday’s", None, UNRESOLVED),
        ("Monday", None, UNRESOLVED),
        ("by March 2025", "2025-03", STATED),
    ]


def test_seed_002_has_no_publication_date_and_gets_no_invented_year():
    assert read(_seed("002")) == [
        ("on 14 March", "--03-14", UNRESOLVED),
        ("the 14th", "--03-14", UNRESOLVED),  # of the month named in the paragraph before
        ("on June 15", "--06-15", UNRESOLVED),
        ("on June 16", "--06-16", UNRESOLVED),
    ]


def test_seed_003():
    found = read(_seed("003"), SUN_2024_10_20)
    assert ("on Oct. 1", "2024-10-01", RESOLVED) in found
    assert ("in August", "2024-08", RESOLVED) in found
    assert ("the same day", None, UNRESOLVED) in found  # no date earlier in its sentence


def test_seed_004():
    assert read(_seed("004"), FRI_2023_01_06) == [
        ("the day before", None, UNRESOLVED),  # "the day before Kishida lands": an event
        ("next week", "2023-W02", RESOLVED),
        ("on Monday", "2023-01-09", RESOLVED),  # "will embark ... on Monday"
        ("on Monday", "2023-01-09", RESOLVED),
        ("on Wednesday", "2023-01-11", RESOLVED),  # "will fly ... for talks on Wednesday"
        ("on Friday", "2023-01-06", RESOLVED),  # "officials said ... on Friday"
        ("in mid-December", "2022-12", RESOLVED),
        ("in October", "2022-10", RESOLVED),
        ("Friday", "2023-01-06", RESOLVED),  # "Hamada said Friday"
        ("Thursday", "2023-01-12", RESOLVED),  # "will hold ... talks Thursday"
        ("in December", "2022-12", RESOLVED),  # "adopted ... in December"
        ("on Wednesday", "2023-01-04", RESOLVED),  # "Kishida on Wednesday said"
        ("last month", "2022-12", RESOLVED),
        ("in May", "2023-05", RESOLVED),  # "the summit he will host in May"
        ("in 2035", "2035", STATED),
    ]


def test_seed_expressions_agree_with_partial_iso_answers():
    by_text = {f.text: f.date for f in find_dates(_seed("000"), THU_2020_09_24)}
    assert by_text["on Wednesday"].agrees_with("2020-09-23")
    assert by_text["on Wednesday"].agrees_with("--09-23")
    assert by_text["since September last year"].agrees_with("2019-09")
    assert not by_text["since September last year"].agrees_with("2020-09")


# --- Speed, and dateparser stays out of the hot path ----------------------------------------


def test_fast_enough_for_every_sentence_of_the_corpus():
    sentences = [s for path in sorted(SEEDS.glob("*.txt")) for s in path.read_text().split(". ")]
    sentences = [s for s in sentences if len(s.split()) >= 10]
    find_dates(sentences[0], THU_2020_09_24)  # warm up
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for sentence in sentences:
            find_dates(sentence, THU_2020_09_24)
    average = (time.perf_counter() - start) / (rounds * len(sentences))
    assert average < 0.001, f"{average * 1000:.2f} ms per sentence"


def test_dateparser_is_not_imported():
    code = (
        "import sys, datetime; from bot.dates import find_dates; "
        "find_dates('Kishida on Monday met Biden on June 15, 2020.', datetime.date(2020, 9, 24)); "
        "print('dateparser' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
