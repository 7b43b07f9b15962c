"""Timelines: the dated events the articles report about a topic, in date order.

Each event is one sentence, quoted verbatim, with its date normalised (``bot.dates``) and
the date's provenance shown: stated in the text, resolved from the article's publication
date, or unresolved. A relevant article that dates none of its relevant sentences is
still represented, by its most relevant sentence placed at its publication date
("reported") when that is known: a timeline should not lose an article for lack of a date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from embeddings import Passage
from embeddings.search import dedup_key

from .answers import Ranker
from .dates import PartialDate, TemporalExpression, find_dates
from .quotes import Quote, QuoteMaker, changed_notice

# How many passages are considered, and how close to the best one they must score.
CANDIDATES = 30
RELEVANCE_MARGIN = 0.35
REPORTED = "reported"  # provenance of an undated statement placed at its publication date


@dataclass(frozen=True)
class Event:
    date: PartialDate | None
    date_text: str  # the temporal expression as written ("" for an undated statement)
    provenance: str  # stated, resolved, unresolved, or reported
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
        }


def section_of(event: Event) -> str:
    """Which part of a timeline an event belongs to, for display."""
    if event.date is None:
        return "Date unknown"
    if event.date.year is None:
        return "Year not stated"
    return ""


def _sort_key(event: Event) -> tuple:
    # Undated and unresolved events go last, in the order the articles tell them.
    if event.date is None:
        return (1, (), event.quote.source, event.quote.start)
    return (0, event.date.sort_key(), event.quote.source, event.quote.start)


class TimelineBuilder:
    def __init__(self, ranker: Ranker, quotes: QuoteMaker):
        self.ranker = ranker
        self.quotes = quotes
        self._dates: dict[str, list[TemporalExpression]] = {}

    def article_dates(self, name: str) -> list[TemporalExpression]:
        """Every temporal expression of an article, found once over its whole text so that
        "the 14th" can lean on a month named in an earlier paragraph."""
        if name not in self._dates:
            article = self.quotes.articles[name]
            text = self.quotes.file_text(name)
            if text is None:
                return []  # changed since indexing, perhaps only for now: not remembered
            if not article.paragraphs:
                self._dates[name] = []
            else:
                start, end = article.paragraphs[0].start, article.paragraphs[-1].end
                self._dates[name] = find_dates(text[start:end], article.published, offset=start)
        return self._dates[name]

    def _event(self, passage: Passage, span: tuple[int, int], score: float, undated_ok: bool):
        """The event told by one sentence, or None if it has no date (and none is wanted)."""
        start, end = span
        found = [d for d in self.article_dates(passage.source) if start <= d.start < end]
        if not found and not undated_ok:
            return None
        quote = self.quotes.quote_span(passage, start, end, score)
        if quote is None:
            return None
        if not found:
            published = self.quotes.articles[passage.source].published
            if published is None:
                return Event(None, "", REPORTED, "no date in the sentence or the article", quote)
            explanation = (
                f"no date in the sentence; placed at publication ({published.isoformat()})"
            )
            return Event(PartialDate.from_date(published), "", REPORTED, explanation, quote)
        # One event per sentence: its first expression that gives a date, else the first.
        chosen = next((d for d in found if d.date is not None), found[0])
        return Event(chosen.date, chosen.text, chosen.provenance, chosen.explanation, quote)

    def build(self, topic: str) -> Timeline:
        ranked = self.ranker.rank(topic, k=CANDIDATES)
        if not ranked:
            return Timeline(topic, ())
        relevant = [s for s in ranked if s.score >= ranked[0].score - RELEVANCE_MARGIN]
        changed = self.quotes.changed_among(s.hit.passage.source for s in relevant)
        events: list[Event] = []
        for scored in relevant:
            for span in scored.hit.passage.sentences:
                if event := self._event(scored.hit.passage, span, scored.score, undated_ok=False):
                    # Search already folded identical passages of other articles into this one.
                    events.append(replace(event, also_in=scored.hit.also_in))
        dated = {e.quote.source for e in events}
        for scored in relevant:  # best first: an article's most relevant sentence
            passage = scored.hit.passage
            if passage.source not in dated:
                dated.add(passage.source)
                span = passage.sentences[0]
                events.append(self._event(passage, span, scored.score, undated_ok=True))
        events = [e for e in events if e is not None]
        merged = _merge_duplicates(events)
        if not any(e.date_text for e in merged):
            closest = tuple(
                q for s in ranked[:3] if (q := self.quotes.quote(s.hit.passage, s.score))
            )
            return Timeline(topic, (), closest, changed)
        return Timeline(topic, tuple(sorted(merged, key=_sort_key)), changed=changed)


def _merge_duplicates(events: list[Event]) -> list[Event]:
    """One event per sentence text: the same sentence in several articles is shown once,
    with the other articles listed."""
    kept: dict[str, Event] = {}
    for event in events:
        key = dedup_key(event.quote.text)
        first = kept.get(key)
        if first is None:
            kept[key] = event
        elif event.quote.source != first.quote.source and event.quote.source not in first.also_in:
            kept[key] = replace(first, also_in=(*first.also_in, event.quote.source))
    return list(kept.values())
