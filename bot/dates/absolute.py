"""Readers for dates written with calendar names and numbers: "September 24, 2020",
"March 2025", "2035", and the year-less "June 15" and "in August".

A year-less date takes its year from the publication date (see reckoning.year_step); with
no publication date the month and day are kept and the year stays unknown, never invented.
"""

from __future__ import annotations

from .context import Context, Reading, describe
from .model import INVALID, RESOLVED, STATED, UNRESOLVED, PartialDate, calendar_problem
from .patterns import DateHit
from .reckoning import year_step


def _no_such_day(hit: DateHit, year: int | None, month: int, day: int) -> Reading | None:
    """The reading of a day the calendar does not have ("February 30, 2024"), or None when
    it has it. Its date is None: an impossible day is never matched against another."""
    problem = calendar_problem(year, month, day)
    if problem is None:
        return None
    return Reading(None, INVALID, f'"{hit.text}" is no such date: {problem}')


def read_full(hit: DateHit, ctx: Context) -> Reading:
    month = int(hit.group("monthnum") or 0) or hit.month()
    year, day = int(hit.part("year")), int(hit.part("day"))
    if invalid := _no_such_day(hit, year, month, day):
        return invalid
    date = PartialDate(year, month, day)
    return Reading(date, STATED, f'"{hit.text}" states a full date: {date.iso()}')


def read_month_year(hit: DateHit, ctx: Context) -> Reading:
    date = PartialDate(int(hit.part("year")), hit.month(), None)
    return Reading(date, STATED, f'"{hit.text}" states a month and year: {date.iso()}')


def read_year(hit: DateHit, ctx: Context) -> Reading:
    date = PartialDate(int(hit.part("year")), None, None)
    return Reading(date, STATED, f'"{hit.text}" states a year: {date.iso()}')


def read_month_day(hit: DateHit, ctx: Context) -> Reading:
    month, day = hit.month(), int(hit.part("day"))
    return _no_such_day(hit, None, month, day) or complete_year(hit, ctx, month, day)


def read_month(hit: DateHit, ctx: Context) -> Reading:
    return complete_year(hit, ctx, hit.month(), None)


_WHICH_YEAR = {
    -1: "the year before publication",
    0: "the publication year",
    1: "the year after publication",
}


def complete_year(hit: DateHit, ctx: Context, month: int, day: int | None) -> Reading:
    """The reading of a month (and day) written without a year."""
    published = ctx.published
    if published is None:
        date = PartialDate(None, month, day)
        why = "no publication date is known to supply one"
        return Reading(date, UNRESOLVED, f'"{hit.text}" gives no year, and {why}: {date.iso()}')
    tense = ctx.tense(hit.start, hit.end)
    # "since December" looks back whatever the sentence goes on to say ("... and intends to").
    looks_back = (hit.group("lead") or "").lower() == "since"
    step = year_step(month, day, published, tense.future and not looks_back)
    cue = ' ("since")' if looks_back else tense.quoted_cue()
    year = published.year + step
    try:
        date = PartialDate(year, month, day)
    except ValueError:  # February 29 in a common year: better no year than a wrong one
        date = PartialDate(None, month, day)
        why = f"{year} has no February 29"
        return Reading(date, UNRESOLVED, f'"{hit.text}" gives no year, and {why}: {date.iso()}')
    because = ""
    if step < 0:
        because = f", as a past event{cue} cannot come after publication"
    elif step > 0:
        because = f", as the sentence looks ahead{cue}"
    taken = f"taken as {year}, {_WHICH_YEAR[step]} ({describe(published)}){because}"
    return Reading(date, RESOLVED, f'"{hit.text}" gives no year: {taken}: {date.iso()}')
