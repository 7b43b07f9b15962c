"""Readers for expressions counted from another date in the text: "the day before", "the
same day" (from a date earlier in the sentence) and "the 14th" (a day of the month named
earlier in the text, else of the publication month)."""

from __future__ import annotations

import datetime as dt
import re

from .context import Context, Reading, describe
from .model import RESOLVED, UNRESOLVED, PartialDate, Provenance, TemporalExpression
from .patterns import DateHit
from .reckoning import month_step, shift_day, shift_month

# "the day before the summit", "the day before Kishida lands": these words after "the day
# before/after" start the event it is counted from, not a new clause.
_EVENT_STARTS = frozenset(
    "the a an his her their its our my your this that these those he she they it we i you".split()
)
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z]+)")


def read_day_offset(hit: DateHit, ctx: Context) -> Reading:
    """ "the day before" is counted from the latest day-precise date earlier in its
    sentence; "the day before the summit" from an event, which has no date here."""
    phrase = " ".join(hit.part("phrase").lower().split())
    if phrase.endswith(("before", "after")) and _names_an_event(ctx.text, hit.end):
        why = "counts from the event named after it, which has no date here"
        return Reading(None, UNRESOLVED, f'"{hit.text}" {why}')
    anchor = ctx.latest(hit.start, "day", same_sentence=True)
    if anchor is None:
        why = "counts from a date earlier in its sentence, and there is none"
        return Reading(None, UNRESOLVED, f'"{hit.text}" {why}')
    if phrase.endswith(("before", "previous day", "earlier")):
        step = -1
    else:
        step = 0 if "same" in phrase else 1
    base = anchor.date
    # latest() gives only an expression whose date has a day, and a day has its month.
    assert base is not None and base.month is not None and base.day is not None
    day = shift_day(base.year, base.month, base.day, step)
    year = day.year if base.year is not None else None  # a stand-in year stays unknown
    date = PartialDate(year, day.month, day.day)
    provenance: Provenance = RESOLVED if date.year is not None else UNRESOLVED
    counted = f'counts from "{anchor.text}" ({base.iso()})'
    return Reading(date, provenance, f'"{hit.text}" {counted}: {date.iso()}')


def _names_an_event(text: str, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    if following is None:  # punctuation or the end: "..., and Abe the day before."
        return False
    word = following.group(1)
    return word.lower() in _EVENT_STARTS or word[0].isupper()


def read_ordinal_day(hit: DateHit, ctx: Context) -> Reading:
    day = int(hit.part("day"))
    anchor = ctx.latest(hit.start, "month")
    if anchor is not None:
        return _day_of_named_month(hit, anchor, day)
    if ctx.published is not None:
        return _day_of_publication_month(hit, ctx, ctx.published, day)
    why = "gives only a day of the month, and no month or publication date is known"
    return Reading(None, UNRESOLVED, f'"{hit.text}" {why}')


def _day_of_named_month(hit: DateHit, anchor: TemporalExpression, day: int) -> Reading:
    base = anchor.date
    assert base is not None, "latest() gives only an expression whose date has a month"
    try:
        date = PartialDate(base.year, base.month, day)
    except ValueError:  # "the 31st" after "in June"
        why = f'does not fit the month named earlier ("{anchor.text}")'
        return Reading(None, UNRESOLVED, f'"{hit.text}" {why}')
    provenance: Provenance = RESOLVED if date.year is not None else UNRESOLVED
    taken = f'taken as day {day} of the month named earlier ("{anchor.text}")'
    return Reading(date, provenance, f'"{hit.text}" {taken}: {date.iso()}')


_WHICH_MONTH = {-1: "the month before", 0: "the month of", 1: "the month after"}


def _day_of_publication_month(hit: DateHit, ctx: Context, published: dt.date, day: int) -> Reading:
    """Of the publication month, unless that puts a past event after publication (then the
    month before) or a future one before it (then the month after)."""
    tense = ctx.tense(hit.start, hit.end)
    step = month_step(day, published, tense.future)
    year, month = shift_month(published.year, published.month, step)
    try:
        date = PartialDate(year, month, day)
    except ValueError:  # "the 31st" in a 30-day month
        why = f"does not fit {_WHICH_MONTH[step]} publication ({describe(published)})"
        return Reading(None, UNRESOLVED, f'"{hit.text}" {why}')
    taken = f"taken as day {day} of {_WHICH_MONTH[step]} publication ({describe(published)})"
    return Reading(date, RESOLVED, f'"{hit.text}" {taken}: {date.iso()}')
