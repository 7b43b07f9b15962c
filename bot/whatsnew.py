"""What's new on a topic (``/whatsnew``, ``newsdesk whatsnew``): what the articles report
about it that is dated after a cutoff, newest first, each item a timeline event (a
verbatim quote with its date and where the date comes from).

"Dated after the cutoff" means two things:

- retrieval searches only the articles published on or after the cutoff (``Where``, inside
  the search, so they give their best passages);
- of their events, those whose own date, as the date layer reads it, may fall on or after
  the cutoff (a month or year counts when it ends on or after it). An article published
  after the cutoff often recalls what happened years before: that background is not news.
  An event without a date of its own (or without a year) counts by its article's
  publication date.

The cutoff comes from, first that applies:

1. the ``since`` option;
2. a date in the topic itself ("harbor since April", read by the date layer);
3. the last time this channel asked about the topic (``LastAsked``): the day of that
   question, so what was published later that day shows again rather than never. A
   Discord channel or thread is a channel; the terminal (``newsdesk chat`` and
   ``newsdesk whatsnew``) is one channel, this machine's;
4. none, the first time: that is said, and the newest ``FIRST_LOOK`` items are shown.

A question is remembered (its time, against the topic without its date words) only once it
is answered. When nothing is new, the newest older item is offered, marked as older.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from embeddings.filters import Where

from .dates import PartialDate
from .events import Event
from .filtering import NO_FILTERS, Catalogue, Filters, question_filters
from .last_asked import LastAsked
from .quotes import changed_notice
from .timeline import Timeline, TimelineBuilder

# Where a cutoff comes from.
CutoffOrigin = Literal["option", "topic", "last asked", "first time"]
TERMINAL: Final = "terminal"  # the channel of the terminal front ends
# The first time, a first look rather than a history (/timeline has the history): as
# many items as an answer has quotes at most, one Discord page and one screen.
FIRST_LOOK = 5


@dataclass(frozen=True)
class WhatsNew:
    topic: str  # without the words that set its cutoff ("harbor" of "harbor since May")
    cutoff: dt.date | None  # None the first time
    origin: CutoffOrigin
    events: tuple[Event, ...]  # newest first
    older: Event | None = None  # when nothing is new: the newest item before the cutoff
    last_asked: dt.datetime | None = None  # when origin is "last asked" (UTC)
    filters: Filters = NO_FILTERS  # what was searched: the cutoff as since, until, source
    said: str = ""  # the topic's words that set the cutoff, when origin is "topic"
    more: int = 0  # the first time: items older than the newest FIRST_LOOK, not shown
    changed: tuple[str, ...] = ()  # relevant articles left out: changed since indexing

    def since_words(self) -> str:
        """The cutoff and where it came from: "since 2024-03-01, the last time this channel
        asked"."""
        if self.cutoff is None:
            return "the first time this channel asks about it"
        since = f"since {self.cutoff.isoformat()}"
        if self.origin == "topic":
            return f"{since} (“{self.said}” in the topic)"
        if self.origin == "last asked":
            assert self.last_asked is not None, "a remembered cutoff keeps its time"
            at = self.last_asked.strftime("%Y-%m-%d %H:%M UTC")
            return f"{since}, the last time this channel asked ({at})"
        return f"{since}, as asked"

    def scope_words(self) -> str:
        """The other filters (until, source) in words, or ""."""
        return Filters(until=self.filters.until, source=self.filters.source).describe()

    @property
    def notice(self) -> str:
        return changed_notice(self.changed)

    def as_json(self) -> dict:
        return {
            "topic": self.topic,
            "since": self.cutoff.isoformat() if self.cutoff else None,
            "since_from": self.origin,
            "last_asked": self.last_asked.isoformat() if self.last_asked else None,
            "events": [e.as_json() for e in self.events],
            "older": self.older.as_json() if self.older else None,
            "more": self.more,
            "filters": self.filters.as_json(),
            "changed": list(self.changed),
        }


def is_new(event: Event, cutoff: dt.date) -> bool:
    """Whether ``event`` may have happened on or after ``cutoff``: by its own date, else
    (no date, or no year) by its article's publication date."""
    last = event.date.last_day() if event.date is not None else None
    day = last if last is not None else event.quote.published
    return day is not None and day >= cutoff


def newest_first(events: Iterable[Event]) -> tuple[Event, ...]:
    """Events with a year newest first (ties as the timeline had them), then the rest."""
    dated: list[tuple[PartialDate, Event]] = []
    rest: list[Event] = []
    for event in events:
        if event.date is not None and event.date.year is not None:
            dated.append((event.date, event))
        else:
            rest.append(event)
    dated.sort(key=lambda pair: pair[0].sort_key(), reverse=True)
    return (*(event for _, event in dated), *rest)


def whats_new(
    topic: str,
    given: Filters,
    channel: str,
    *,
    timelines: TimelineBuilder,
    catalogue: Catalogue,
    reference: dt.date,
    memory: LastAsked,
    now: dt.datetime,
) -> WhatsNew:
    """What is new on ``topic`` for ``channel`` (see the module's docstring); ``now`` is
    remembered as the time of asking once the answer is made."""
    from_topic = question_filters(topic, reference) if not given.dated else None
    said = from_topic.filters if from_topic is not None else NO_FILTERS
    query = from_topic.query if from_topic is not None else topic
    origin: CutoffOrigin
    cutoff, origin = given.since, "option"
    if cutoff is None and said.since:
        cutoff, origin = said.since, "topic"
    last_asked = memory.when(channel, query) if cutoff is None else None
    if last_asked is not None:
        cutoff, origin = last_asked.date(), "last asked"
    elif cutoff is None:
        origin = "first time"
    until = given.until or said.until
    sources = catalogue.matching(given.source) if given.source else None
    searched = Filters(cutoff, until, given.source)
    timeline = _timeline(timelines, query, Where(sources, cutoff, until), catalogue)
    older, more = None, 0
    if cutoff is None:
        events = newest_first(timeline.events)
        events, more = events[:FIRST_LOOK], max(0, len(events) - FIRST_LOOK)
    else:
        events = newest_first(e for e in timeline.events if is_new(e, cutoff))
        if not events:  # the newest item before the cutoff, from any article's background
            before = _timeline(timelines, query, Where(sources, None, until), catalogue)
            older = next((e for e in newest_first(before.events) if not is_new(e, cutoff)), None)
    memory.record(channel, query, now)
    return WhatsNew(
        query,
        cutoff,
        origin,
        events,
        older,
        last_asked,
        searched,
        said.said if origin == "topic" else "",
        more,
        timeline.changed,
    )


def _timeline(
    timelines: TimelineBuilder, query: str, where: Where, catalogue: Catalogue
) -> Timeline:
    """The timeline of ``query`` over the articles ``where`` admits (none may be)."""
    if where == Where():
        return timelines.build(query)
    if not catalogue.admits_any(where):
        return Timeline(query, ())
    return timelines.build(query, where)
