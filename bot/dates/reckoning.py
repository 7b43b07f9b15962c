"""Calendar arithmetic for relative and partial dates: pure functions, no text.

Counting can leave the calendar (years 1 to 9999) from an article published at its edge:
add_days and PartialDate raise OutOfCalendar then, and find_dates reads the expression as
unresolved. Years and months are counted as plain numbers here; PartialDate bounds them.
"""

from __future__ import annotations

import datetime as dt

from .model import OutOfCalendar


def add_days(day: dt.date, days: int) -> dt.date:
    """The date ``days`` after ``day`` (before it when negative), or OutOfCalendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise OutOfCalendar(f"{days:+d} days from {day.isoformat()}") from None


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """(year, month) ``by`` months away: shift_month(2021, 1, -1) == (2020, 12)."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def weekday_near(published: dt.date, weekday: int, *, forward: bool, strict: bool) -> dt.date:
    """The nearest ``weekday`` (0 = Monday) on or before publication, or on or after it when
    ``forward``. ``strict`` skips the publication day itself ("last Friday" said on a Friday
    is a week earlier, while a bare "Friday" is that day)."""
    # Days to walk from publication, in the direction of travel, to reach the weekday.
    distance = weekday - published.weekday() if forward else published.weekday() - weekday
    days = distance % 7
    if strict and days == 0:
        days = 7
    return add_days(published, days if forward else -days)


def year_step(month: int, day: int | None, published: dt.date, future: bool) -> int:
    """-1, 0 or +1: the year of a year-less month (and day) relative to publication.

    The publication year, unless that would put a past event after publication (then the
    year before: "adopted in December", published in January) or a future event before it
    (then the year after: "will meet in March", published in November). The publication's
    own month (or day) counts as neither before nor after.
    """
    given = (month, day) if day is not None else (month,)
    now = (published.month, published.day) if day is not None else (published.month,)
    if given > now and not future:
        return -1
    if given < now and future:
        return 1
    return 0


def month_step(day: int, published: dt.date, future: bool) -> int:
    """-1, 0 or +1: the month of "the 14th" relative to the publication month, by the same
    reasoning as year_step."""
    if day > published.day and not future:
        return -1
    if day < published.day and future:
        return 1
    return 0


def shift_day(year: int | None, month: int, day: int, by: int) -> dt.date:
    """The date ``by`` days from year-month-day. Without a year, a stand-in year is used:
    a leap year only for February 29 itself, so that the day before March 1 is the 28th."""
    if year is None:
        year = 2000 if (month, day) == (2, 29) else 2001
    return add_days(dt.date(year, month, day), by)
