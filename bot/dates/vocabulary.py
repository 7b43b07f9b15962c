"""Words the date layer knows: month and weekday names, small counts written as words, and
the units that make a number a quantity ("2000 troops") rather than a year."""

from __future__ import annotations

# The month table is the retrieval core's, which reads datelines with it and cannot import
# the bot: one table for both.
from embeddings.metadata import MONTH_NAMES, MONTHS

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()  # date.weekday()

MONTH_SPELLINGS = tuple(MONTHS)  # "january", ..., "jan", ..., "sept"
# "Jan", "Sept": the spellings that are not a whole name, which may end with a full stop.
SHORT_MONTHS = tuple(s for s in MONTH_SPELLINGS if s not in {n.lower() for n in MONTH_NAMES})

# Numbers up to twelve written as words: "two weeks ago" here; bot.claims and the answer
# ranker add larger ones ("fifty", "dozen") for quantities.
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
COUNTS = {"a": 1, "an": 1, **NUMBER_WORDS}  # "two weeks ago", "a year ago"

# A number followed by one of these counts things, so it is not a year or a day of the month.
UNITS = """
    percent pct minute minutes hour hours hrs second seconds day days week weeks
    month months year years people persons person troops soldiers personnel sailors marines
    officers officials staff workers employees members residents students voters votes seats
    cases deaths casualties victims missiles missile rockets shells rounds drones jets
    aircraft planes warplanes fighters ships vessels warships submarines tanks vehicles units
    km kilometers kilometres miles meters metres feet ft tons tonnes kg kilograms dollars yen
    yuan euros pounds rubles barrels acres hectares homes households copies times gmt utc jst
""".split()


def month_number(name: str) -> int:
    """1-12 for any spelling of a month: "June", "Sept.", "oct"."""
    return MONTHS[name.rstrip(".").lower()]


def weekday_number(name: str) -> int:
    """0 (Monday) to 6 (Sunday), as date.weekday() counts."""
    return WEEKDAYS.index(name.capitalize())


def short_weekday(number: int) -> str:
    """ "Thu": spelled here rather than by strftime, which follows the locale."""
    return WEEKDAYS[number][:3]
