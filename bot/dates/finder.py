"""find_dates: match every pattern, keep the longest of overlapping matches, and read them
in text order (so that "the day before" and "the 14th" can look back at earlier ones)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from . import absolute, anchored, relative
from .context import Context, Reading
from .model import UNRESOLVED, OutOfCalendar, TemporalExpression
from .patterns import DateHit, Spec, find_hits

READERS: dict[str, Callable[[DateHit, Context], Reading]] = {
    "full": absolute.read_full,
    "month_day": absolute.read_month_day,
    "month_year": absolute.read_month_year,
    "month": absolute.read_month,
    "year": absolute.read_year,
    "weekday": relative.read_weekday,
    "relative_unit": relative.read_relative_unit,
    "month_relative_year": relative.read_month_relative_year,
    "relative_month": relative.read_relative_month,
    "day_word": relative.read_day_word,
    "ago": relative.read_ago,
    "day_offset": anchored.read_day_offset,
    "ordinal_day": anchored.read_ordinal_day,
}


def find_dates(
    text: str, published: dt.date | None = None, offset: int = 0
) -> list[TemporalExpression]:
    """Every temporal expression in ``text`` (a sentence, a paragraph or a whole article),
    in order and non-overlapping: where matches overlap the longest wins, then the earlier.

    ``published`` completes relative and year-less dates; without it they stay unresolved
    and nothing is invented. ``offset`` is added to every start and end, for callers that
    pass a piece of a larger text.
    """
    if isinstance(published, dt.datetime):  # a datetime is a date, but counts in seconds
        published = published.date()
    ctx = Context(text, published)
    for spec, hit in _longest_first(find_hits(text)):
        date, provenance, explanation = _read(spec, hit, ctx)
        ctx.found.append(
            TemporalExpression(hit.start, hit.end, hit.text, date, provenance, explanation)
        )
    if not offset:
        return ctx.found
    return [
        dataclasses.replace(found, start=found.start + offset, end=found.end + offset)
        for found in ctx.found
    ]


def _read(spec: Spec, hit: DateHit, ctx: Context) -> Reading:
    """The reader's reading, or unresolved when counting left the calendar ("yesterday" in
    an article published 0001-01-01): a date that cannot be held is not guessed at."""
    try:
        return READERS[spec.kind](hit, ctx)
    except OutOfCalendar:
        why = f"would fall outside the calendar (years {dt.MINYEAR} to {dt.MAXYEAR})"
        return Reading(None, UNRESOLVED, f'"{hit.text}" {why}')


def _longest_first(hits: Iterable[tuple[Spec, DateHit]]) -> list[tuple[Spec, DateHit]]:
    """The hits that survive overlaps (longest first, then earliest), in text order."""
    ranked = sorted(hits, key=lambda pair: (pair[1].start - pair[1].end, pair[1].start))
    kept: list[tuple[Spec, DateHit]] = []
    for spec, hit in ranked:
        if all(hit.end <= other.start or hit.start >= other.end for _, other in kept):
            kept.append((spec, hit))
    return sorted(kept, key=lambda pair: pair[1].start)
