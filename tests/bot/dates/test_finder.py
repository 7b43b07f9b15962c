"""Finding dates in text (bot.dates): what is not a date, exact spans and offsets, every
expression of the seed articles, and speed (dateparser stays out of the hot path)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest

from bot.dates import RESOLVED, STATED, UNRESOLVED, find_dates
from tests.bot.dates.helpers import (
    FRI_2023_01_06,
    MON_2024_07_29,
    SUN_2024_10_20,
    THU_2020_09_24,
    one,
    read,
)
from tests.helpers import ROOT, SEEDS

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
