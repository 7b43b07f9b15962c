"""Readers for dates relative to the publication date: weekdays ("on Wednesday"), "last
week", "next month", "this year", "yesterday", "two weeks ago", "since September last year",
"last September". Without a publication date nothing can be said of them: their date is
None rather than a guess.

dateparser is not used here on purpose: it does not resolve "last Monday" (its issue #573),
and the direction of a weekday depends on the tense of its sentence, which it does not read.
"""

from __future__ import annotations

from .context import Context, Reading, describe
from .model import RESOLVED, UNRESOLVED, PartialDate
from .patterns import DateHit
from .reckoning import add_days, shift_month, weekday_near
from .vocabulary import COUNTS, WEEKDAYS, weekday_number

_STEPS = {"last": -1, "this": 0, "next": 1}


def _no_publication_date(hit: DateHit) -> Reading:
    why = "counts from the publication date, which is not known"
    return Reading(None, UNRESOLVED, f'"{hit.text}" {why}')


def _rel(hit: DateHit) -> str:
    return (hit.group("rel") or "this").lower()


def read_weekday(hit: DateHit, ctx: Context) -> Reading:
    """A weekday lies before publication when reporting the past, after it when the sentence
    looks ahead; "last"/"next" force the direction and skip the publication day."""
    published = ctx.published
    if published is None:
        return _no_publication_date(hit)
    weekday = weekday_number(hit.part("weekday"))
    rel = _rel(hit)
    because = ""
    if rel == "this":  # "on Monday", "this Monday": the sentence decides
        tense = ctx.tense(hit.start, hit.end)
        forward, strict = tense.future, False
        if tense.future:
            because = f", as the sentence looks ahead{tense.quoted_cue()}"
        elif tense.mixed:
            because = f", as it reports a past event{tense.quoted_cue()}"
    else:
        forward, strict = rel == "next", True
    day = weekday_near(published, weekday, forward=forward, strict=strict)
    date = PartialDate.from_date(day)
    if day == published:
        where = "the publication day itself"
    else:
        where = f"the {WEEKDAYS[weekday]} {'after' if forward else 'before'} publication"
    taken = f"taken as {where} ({describe(published)}){because}"
    return Reading(date, RESOLVED, f'"{hit.text}" {taken}: {date.iso()}')


def read_relative_unit(hit: DateHit, ctx: Context) -> Reading:
    """ "last week" (ISO week), "next month", "this year", "by the end of the year"."""
    published = ctx.published
    if published is None:
        return _no_publication_date(hit)
    unit = hit.part("unit").lower()
    step = _STEPS[_rel(hit)]
    if unit == "week":
        date = PartialDate.week_of(add_days(published, 7 * step))
        unit = "ISO week"
    elif unit == "month":
        year, month = shift_month(published.year, published.month, step)
        date = PartialDate(year, month, None)
    else:
        date = PartialDate(published.year + step, None, None)
    relation = {-1: f"the {unit} before", 0: f"the {unit} of", 1: f"the {unit} after"}[step]
    return Reading(
        date,
        RESOLVED,
        f'"{hit.text}" is {relation} publication ({describe(published)}): {date.iso()}',
    )


_DAY_WORDS = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}
_COUNTED = {-2: "two days before", -1: "the day before", 0: "the day of", 1: "the day after"}
_COUNTED[2] = "two days after"


def read_day_word(hit: DateHit, ctx: Context) -> Reading:
    published = ctx.published
    if published is None:
        return _no_publication_date(hit)
    days = _DAY_WORDS[" ".join(hit.part("word").lower().split())]
    date = PartialDate.from_date(add_days(published, days))
    counted = _COUNTED[days]
    return Reading(
        date,
        RESOLVED,
        f'"{hit.text}" is {counted} publication ({describe(published)}): {date.iso()}',
    )


def read_ago(hit: DateHit, ctx: Context) -> Reading:
    """ "two weeks ago": as precise as its unit (a week ago is a week, not a day)."""
    published = ctx.published
    if published is None:
        return _no_publication_date(hit)
    count = hit.part("count").lower()
    n = COUNTS[count] if count in COUNTS else int(count)
    unit = hit.part("unit").lower()
    if unit == "day":
        date = PartialDate.from_date(add_days(published, -n))
    elif unit == "week":
        date = PartialDate.week_of(add_days(published, -7 * n))
    elif unit == "month":
        date = PartialDate(*shift_month(published.year, published.month, -n), None)
    else:
        date = PartialDate(published.year - n, None, None)
    return Reading(
        date,
        RESOLVED,
        f'"{hit.text}" counts back from publication ({describe(published)}): {date.iso()}',
    )


def read_month_relative_year(hit: DateHit, ctx: Context) -> Reading:
    """ "since September last year": the month in the year before publication."""
    published = ctx.published
    if published is None:
        return _no_publication_date(hit)
    step = _STEPS[_rel(hit)]
    date = PartialDate(published.year + step, hit.month(), None)
    year = {-1: "the year before", 0: "the year of", 1: "the year after"}[step]
    return Reading(
        date,
        RESOLVED,
        f'"{hit.text}" is in {year} publication ({describe(published)}): {date.iso()}',
    )


def read_relative_month(hit: DateHit, ctx: Context) -> Reading:
    """ "last September": the latest September before the publication month; "next
    September" the first one after it; "this September" the one in the publication year."""
    published = ctx.published
    if published is None:
        return _no_publication_date(hit)
    month, rel = hit.month(), _rel(hit)
    year = published.year
    if rel == "last" and month >= published.month:
        year -= 1
    elif rel == "next" and month <= published.month:
        year += 1
    date = PartialDate(year, month, None)
    how = {"last": "the latest before", "this": "the one in the year of", "next": "the first after"}
    taken = f"{how[rel]} publication ({describe(published)})"
    return Reading(date, RESOLVED, f'"{hit.text}" taken as {taken}: {date.iso()}')
