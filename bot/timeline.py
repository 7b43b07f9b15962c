"""Timelines: the dated events the articles report about a topic, in date order.

Each event is one sentence, quoted verbatim, with its date normalised (``bot.dates``) and
the date's provenance shown: stated in the text, resolved from the article's publication
date, or unresolved. A relevant article that dates none of its relevant sentences is
still represented, by its most relevant sentence placed at its publication date
("reported") when that is known: a timeline should not lose an article for lack of a date.

A topic that is a name ("Airbus", "Louis Gallois") gets the timeline of that entity, from
every article that names it rather than from the passages closest to the query: each
sentence that mentions it (by name, acronym or shorter form, see ``entities``) and has a
date, or reports the article's news (placed at the article's date, "article date").
"""

from __future__ import annotations

from dataclasses import replace

from embeddings import Passage
from embeddings.filters import Where

from .answers import Ranker
from .constants import TIMELINE_CANDIDATES, TIMELINE_RELEVANCE_MARGIN
from .dates import PartialDate, TemporalExpression, find_dates
from .entity_timeline import EntityTimelines
from .events import (
    ARTICLE_DATE,
    REPORTED,
    Event,
    Timeline,
    merge_duplicates,
    section_of,
    sentence_date,
    sort_key,
)
from .quotes import QuoteMaker
from .reach import same_report

__all__ = ["ARTICLE_DATE", "REPORTED", "Event", "Timeline", "TimelineBuilder", "section_of"]


class TimelineBuilder:
    def __init__(self, ranker: Ranker, quotes: QuoteMaker):
        self.ranker = ranker
        self.quotes = quotes
        self._dates: dict[str, list[TemporalExpression]] = {}
        self.entities = EntityTimelines(quotes, ranker.searcher.store.passages, self.article_dates)

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
        chosen = sentence_date(self.article_dates(passage.source), start, end)
        if chosen is None and not undated_ok:
            return None
        quote = self.quotes.quote_span(passage, start, end, score)
        if quote is None:
            return None
        if chosen is None:
            published = self.quotes.articles[passage.source].published
            if published is None:
                return Event(None, "", REPORTED, "no date in the sentence or the article", quote)
            explanation = (
                f"no date in the sentence; placed at publication ({published.isoformat()})"
            )
            return Event(PartialDate.from_date(published), "", REPORTED, explanation, quote)
        return Event(chosen.date, chosen.text, chosen.provenance, chosen.explanation, quote)

    def build(self, topic: str, where: Where | None = None) -> Timeline:
        """The timeline of ``topic`` from the articles ``where`` admits (all when None)."""
        if timeline := self.entities.build(topic, where):
            return timeline
        ranked = self.ranker.rank(topic, k=TIMELINE_CANDIDATES, where=where)
        if not ranked:
            return Timeline(topic, ())
        relevant = [s for s in ranked if s.score >= ranked[0].score - TIMELINE_RELEVANCE_MARGIN]
        changed = self.quotes.changed_among(s.hit.passage.source for s in relevant)
        events: list[Event] = []
        for scored in relevant:
            for span in scored.hit.passage.sentences:
                if event := self._event(scored.hit.passage, span, scored.score, undated_ok=False):
                    # Search already folded identical passages of other articles into this one.
                    events.append(replace(event, also_in=scored.hit.also_in))
        # A sentence is judged a paraphrase on its passage's vector and on its own text.
        rows = {
            (s.hit.passage.source, start): s.hit.row
            for s in relevant
            for start, _ in s.hit.passage.sentences
        }
        dated = {e.quote.source for e in events}
        for scored in relevant:  # best first: an article's most relevant sentence
            passage = scored.hit.passage
            if passage.source not in dated:
                dated.add(passage.source)
                span = passage.sentences[0]
                events.append(self._event(passage, span, scored.score, undated_ok=True))
        events = [e for e in events if e is not None]
        paraphrase = same_report(
            self.ranker.searcher,
            events,
            lambda e: rows.get((e.quote.source, e.quote.start)),
            lambda e: e.quote.text,
            lambda e: e.quote.source,
        )
        merged = merge_duplicates(events, self.quotes, paraphrase)
        if not any(e.date_text for e in merged):
            closest = tuple(
                q for s in ranked[:3] if (q := self.quotes.quote(s.hit.passage, s.score))
            )
            return Timeline(topic, (), closest, changed)
        return Timeline(topic, tuple(sorted(merged, key=sort_key)), changed=changed)
