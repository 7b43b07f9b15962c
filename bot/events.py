"""The values a timeline is made of: events (a dated, quoted sentence) and the timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final, Literal

from embeddings import search

from .dates import PartialDate, Provenance, TemporalExpression
from .filtering import NO_FILTERS, Filters
from .quotes import Quote, QuoteMaker, changed_notice

# Where an event's date comes from: the date its sentence gives (how it was derived), or,
# for a sentence without one, its article's.
EventProvenance = Provenance | Literal["reported", "article date"]
REPORTED: Final = "reported"  # an undated statement placed at its publication date
ARTICLE_DATE: Final = "article date"  # an undated sentence that tells the article's news


@dataclass(frozen=True)
class Event:
    date: PartialDate | None
    date_text: str  # the temporal expression as written ("" for an undated statement)
    provenance: EventProvenance
    explanation: str
    quote: Quote
    also_in: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "date": self.date.iso() if self.date else None,
            "precision": self.date.precision if self.date else None,
            "date_text": self.date_text,
            "provenance": self.provenance,
            "explanation": self.explanation,
            "quote": self.quote.as_json(),
            "also_in": list(self.also_in),
        }


@dataclass(frozen=True)
class Timeline:
    topic: str
    events: tuple[Event, ...]
    closest: tuple[Quote, ...] = ()  # offered when no event was found
    changed: tuple[str, ...] = ()  # relevant articles left out: changed since indexing
    filters: Filters = NO_FILTERS  # what was searched (Engine.timeline sets it)
    filter_note: str = ""  # why a date in the topic was not used, or ""
    # "the latest article on this is from March 2023" when that is old (``quotes.latest_note``)
    latest_note: str = ""

    @property
    def notice(self) -> str:
        """A note to show with the timeline, or "" if none."""
        return changed_notice(self.changed)

    def as_json(self) -> dict:
        return {
            "topic": self.topic,
            "events": [e.as_json() for e in self.events],
            "closest": [q.as_json() for q in self.closest],
            "changed": list(self.changed),
            "filters": self.filters.as_json(),
            "filter_note": self.filter_note,
            "latest_note": self.latest_note,
        }


def section_of(event: Event) -> str:
    """Which part of a timeline an event belongs to, for display."""
    if event.date is None:
        return "Date unknown"
    if event.date.year is None:
        return "Year not stated"
    return ""


def sort_key(event: Event) -> tuple:
    # Undated and unresolved events go last, in the order the articles tell them.
    if event.date is None:
        return (1, (), event.quote.source, event.quote.start)
    return (0, event.date.sort_key(), event.quote.source, event.quote.start)


def merge_duplicates(
    events: list[Event],
    quotes: QuoteMaker,
    paraphrase: Callable[[Event, Event], bool] | None = None,
) -> list[Event]:
    """One event per report: the same sentence in several articles, or a close paraphrase
    of it (``paraphrase``, see ``bot.reach``) of the same date, is shown once with the other
    articles listed (as search folds passages) and the reach of its quote."""

    def same(kept: Event, event: Event) -> bool:
        return paraphrase is not None and kept.date == event.date and paraphrase(kept, event)

    merged = search.merge_duplicates(events, lambda e: e.quote.text, lambda e: e.quote.source, same)
    return [
        replace(e, quote=replace(e.quote, reach=quotes.reach(e.quote.source, e.also_in)))
        for e in merged
    ]


def sentence_date(
    expressions: list[TemporalExpression], start: int, end: int
) -> TemporalExpression | None:
    """The date a sentence (``start:end``) gives: its first expression that has a date,
    else its first expression, else None."""
    found = [d for d in expressions if start <= d.start < end]
    return next((d for d in found if d.date is not None), found[0] if found else None)
