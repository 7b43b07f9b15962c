"""The two values the date layer hands out: a partial calendar date, and a temporal
expression found in a text (where it is, what it says, and how its date was derived).

News rarely writes a full date, so a date here may lack its year ("June 15"), its day
("in August") or both ("2035"), or be an ISO week ("last week").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from .vocabulary import MONTH_NAMES

# How a date was derived (TemporalExpression.provenance).
Provenance = Literal["stated", "resolved", "unresolved", "invalid"]
STATED: Final = "stated"  # the text says it in full: "September 24, 2020", "March 2025", "2035"
RESOLVED: Final = "resolved"  # relative or partial, completed from the publication date
# Relative or year-less, and no publication date to complete it: nothing is invented.
UNRESOLVED: Final = "unresolved"
INVALID: Final = "invalid"  # a day no calendar has: "February 30, 2024", "April 31"

# The longest each month can be in any year, so that a year-less "February 29" is allowed.
_MAX_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Coarser before finer when two dates start on the same day (see PartialDate.sort_key).
_RANK = {"year": 0, "month": 1, "week": 2, "day": 3}

# The partial ISO forms PartialDate.iso() writes and PartialDate.agrees_with() reads.
_ISO = re.compile(
    r"(?P<year>\d{4})(?:-W(?P<week>\d{2})|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
    r"|--(?P<bare_month>\d{2})(?:-(?P<bare_day>\d{2}))?"
)


class OutOfCalendar(OverflowError):
    """A date outside years 1 to 9999, the only ones ``datetime.date`` holds: "last year" in
    an article published 0001-01-01, "tomorrow" in one published 9999-12-31. PartialDate and
    reckoning.add_days raise it, and find_dates reads such an expression as unresolved."""


def days_in(month: int, year: int | None = None) -> int:
    """How many days ``month`` has in ``year``, or can have in some year (29 for February)
    when the year is unknown."""
    if year is None:
        return _MAX_DAYS[month - 1]
    return calendar.monthrange(year, month)[1]


def calendar_problem(year: int | None, month: int, day: int) -> str | None:
    """Why a written year, month and day name no day of the calendar, or None when they do:
    "February 2023 has 28 days", "June has 30 days"."""
    if year is not None and not dt.MINYEAR <= year <= dt.MAXYEAR:
        return f"years run from {dt.MINYEAR} to {dt.MAXYEAR}"
    if day <= days_in(month, year):
        return None
    month_name = MONTH_NAMES[month - 1]
    if year is None:
        return f"{month_name} has {days_in(month)} days at most"
    return f"{month_name} {year} has {days_in(month, year)} days"


@dataclass(frozen=True)
class PartialDate:
    """A calendar date with some parts unknown.

    Allowed shapes: year only; year and month; year and ISO week; year, month and day; and
    the year-less month or month and day ("--06", "--06-15") that a text gives when no
    publication date is known to supply the year. A week always comes with its ISO year.
    """

    year: int | None
    month: int | None
    day: int | None
    week: int | None = None  # ISO week ("last week"); `year` is then the ISO year

    def __post_init__(self) -> None:
        # The one bound on every date this layer makes, stated or counted.
        if self.year is not None and not dt.MINYEAR <= self.year <= dt.MAXYEAR:
            raise OutOfCalendar(f"year {self.year} is outside {dt.MINYEAR} to {dt.MAXYEAR}")
        if self.week is not None:
            self._check_week(self.week)
        elif self.month is None:
            if self.year is None or self.day is not None:
                raise ValueError(f"a date needs a month to have a day, or a year: {self!r}")
        else:
            self._check_month_and_day(self.month)

    def _check_week(self, week: int) -> None:
        if self.year is None or self.month is not None or self.day is not None:
            raise ValueError(f"an ISO week goes with its year and nothing else: {self!r}")
        # Dec 28 is always in the last ISO week of its year, so its week number is the count.
        if not 1 <= week <= dt.date(self.year, 12, 28).isocalendar().week:
            raise ValueError(f"{self.year} has no ISO week {week}")

    def _check_month_and_day(self, month: int) -> None:
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month}")
        if self.day is None:
            return
        if self.day < 1 or calendar_problem(self.year, month, self.day):
            raise ValueError(f"no such day: {self!r}")  # "2021-02-29"

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @classmethod
    def week_of(cls, day: dt.date) -> PartialDate:
        """The ISO week that contains ``day`` (its ISO year may differ near New Year)."""
        iso = day.isocalendar()
        return cls(iso.year, None, None, iso.week)

    @property
    def precision(self) -> str:
        """ "day", "week", "month" or "year": the finest part this date gives."""
        if self.day is not None:
            return "day"
        if self.week is not None:
            return "week"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO 8601 text: "2020-09-23", "2020-W38", "2020-09", "2020"; without a year,
        the truncated forms "--06-15" (month and day) and "--06" (month)."""
        if self.week is not None:
            return f"{self.year:04d}-W{self.week:02d}"
        if self.year is None:
            return f"--{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        parts = [f"{self.year:04d}"]
        parts += [f"{part:02d}" for part in (self.month, self.day) if part is not None]
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso()

    def first_day(self) -> dt.date | None:
        """The first calendar day this date covers, or None when the year is unknown."""
        if self.year is None:
            return None
        if self.week is not None:
            return dt.date.fromisocalendar(self.year, self.week, 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date | None:
        """The last calendar day this date covers, or None when the year is unknown."""
        first = self.first_day()
        if first is None or self.day is not None:
            return first
        if self.week is not None:
            return first + dt.timedelta(days=6)
        month = self.month or 12
        return dt.date(first.year, month, days_in(month, first.year))

    def sort_key(self) -> tuple[int, int, int, int]:
        """A key that orders dates chronologically.

        Dates with a year come first, by the first day they cover (Jan 1 for a year, the 1st
        for a month, the Monday for an ISO week); when two start on the same day the coarser
        comes first, so "2020" sorts before "2020-01" before "2020-01-01". Year-less dates
        come after all of them, ordered by month and then day, a month alone ("--06") before
        its days ("--06-01"). All keys are tuples of four ints, so any two compare.
        """
        rank = _RANK[self.precision]
        first = self.first_day()
        if first is not None:
            return (0, first.toordinal(), 0, rank)
        return (1, self.month or 0, self.day or 0, rank)

    def agrees_with(self, iso: str) -> bool:
        """True when every part given in the partial ISO date ``iso`` equals this date's.

        "2020-09" agrees with 2020-09-23 (and with 2020-09), not with 2020 alone; "--06-15"
        agrees with any June 15; a week ("2020-W39") agrees with that ISO week or a day in
        it. A part this date does not know never agrees. Malformed text raises ValueError.
        """
        wanted = _parse_iso(iso)
        if "week" in wanted:
            return self._iso_week() == (wanted["year"], wanted["week"])
        mine = {"year": self.year, "month": self.month, "day": self.day}
        return all(mine[part] == value for part, value in wanted.items())

    def _iso_week(self) -> tuple[int, int] | None:
        if self.week is not None:
            assert self.year is not None, "a week always comes with its ISO year"
            return (self.year, self.week)
        if self.year is not None and self.month is not None and self.day is not None:
            iso = dt.date(self.year, self.month, self.day).isocalendar()
            return (iso.year, iso.week)
        return None


def _parse_iso(iso: str) -> dict[str, int]:
    """The parts a partial ISO date gives, by name: "--06-15" -> {"month": 6, "day": 15}."""
    match = _ISO.fullmatch(iso.strip())
    if match is None:
        raise ValueError(f"not a partial ISO date: {iso!r}")
    parts = {name: int(value) for name, value in match.groupdict().items() if value}
    # A year-less date ("--06-15") gives the same parts under other group names.
    for bare in ("month", "day"):
        if f"bare_{bare}" in parts:
            parts[bare] = parts.pop(f"bare_{bare}")
    return parts


@dataclass(frozen=True)
class TemporalExpression:
    """One temporal expression found in a text, and the date it stands for."""

    start: int  # character offsets into the text given to find_dates (plus its `offset`)
    end: int
    text: str  # exactly the text between start and end, as written
    date: PartialDate | None  # None only when nothing can be said ("last week", no pub. date)
    provenance: Provenance
    explanation: str  # one line for users: what was read, from what, and the result
