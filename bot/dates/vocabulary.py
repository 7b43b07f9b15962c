"""Words the date layer knows: month and weekday names, small counts written as words, and
the units that make a number a quantity ("2000 troops") rather than a year."""

from __future__ import annotations

MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()  # date.weekday()

# Every spelling a month may take, lower-cased, to its number ("sept" -> 9).
_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name.lower()[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
MONTH_SPELLINGS = tuple(_MONTHS)  # every spelling above, for finders outside this package

# "two weeks ago", "a year ago"
COUNTS = {
    "a": 1,
    "an": 1,
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
    return _MONTHS[name.rstrip(".").lower()]


def weekday_number(name: str) -> int:
    """0 (Monday) to 6 (Sunday), as date.weekday() counts."""
    return WEEKDAYS.index(name.capitalize())


def short_weekday(number: int) -> str:
    """ "Thu": spelled here rather than by strftime, which follows the locale."""
    return WEEKDAYS[number][:3]
