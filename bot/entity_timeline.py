"""The timeline of a named entity: its events from every article that names it.

A retrieval timeline takes the passages closest to the query; an entity's events are
spread over many articles, most of which are about something else, so here every article
that names the entity is read, and every sentence that mentions it (see ``entities``)
becomes an event when it can be dated:

- by a date of its own ("in January 2005", "on Saturday"), as the date layer reads it;
- else, when it tells the article's news ("Airbus has announced ...", "... said"; see
  ``dates.reports_news``), by the article's news date: the day the lead gives for the
  news ("made its first test flight Tuesday") or, without one, the publication date.
  The provenance says so ("article date"). Background ("had agreed"), plans ("will") and
  statements of fact ("is Europe's largest") get no date and are left out.

The headline counts as a sentence of the article: headlines tell the news.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from embeddings import Passage
from embeddings.filters import Where
from embeddings.metadata import front_matter

from .aliases import Aliases
from .constants import LEAD_SENTENCES, NEWS_DAY_REACH
from .dates import PartialDate, TemporalExpression, find_dates, reports_news
from .entities import Entity, looks_like_name
from .events import ARTICLE_DATE, Event, Timeline, merge_duplicates, sentence_date, sort_key
from .quotes import Quote, QuoteMaker

_LOWER_WORD = re.compile(r"\b[a-z]+\b")


@dataclass(frozen=True)
class NewsDate:
    """The date an article's undated news sentences are placed at, and why."""

    date: PartialDate
    why: str


class EntityTimelines:
    def __init__(
        self,
        quotes: QuoteMaker,
        passages: Sequence[Passage],
        dates: Callable[[str], list[TemporalExpression]],
    ):
        self.quotes = quotes
        self.dates = dates  # an article's temporal expressions, by file name
        self._all = passages
        self._common: frozenset[str] | None = None  # the corpus's lower-case words

    @cached_property
    def passages(self) -> dict[str, list[Passage]]:
        """Each article's passages, by file name: grouped on the first entity timeline
        (which reads them all), not when the index is loaded."""
        grouped: dict[str, list[Passage]] = {}
        for passage in self._all:
            grouped.setdefault(passage.source, []).append(passage)
        return grouped

    def common(self, word: str) -> bool:
        """Whether ``word`` is written in lower case somewhere in the corpus: an ordinary
        word ("airlines", "force"), never a shorter form of a name on its own."""
        if self._common is None:
            self._common = frozenset(
                w for ps in self.passages.values() for p in ps for w in _LOWER_WORD.findall(p.text)
            )
        return word in self._common

    def build(self, topic: str, where: Where | None = None) -> Timeline | None:
        """The timeline of the entity ``topic`` names from the articles ``where`` admits,
        or None when the topic is not a name, no such article names it, or none of their
        sentences about it can be dated."""
        if not looks_like_name(topic):
            return None
        entity = Entity(topic, Aliases.load(), self.common)
        named = self._naming(entity, where)
        # Acronyms are defined next to the full name, so in the articles found so far.
        if entity.learn_acronyms(p.text for name in named for p in self.passages[name]):
            named = self._naming(entity, where)
        changed = self.quotes.changed_among(named)
        events = []
        for name in sorted(set(named) - set(changed)):
            events += self._article_events(entity, name)
        if not events:
            return None
        merged = merge_duplicates(events, self.quotes)
        return Timeline(topic, tuple(sorted(merged, key=sort_key)), changed=changed)

    def _naming(self, entity: Entity, where: Where | None) -> list[str]:
        """The articles ``where`` admits that name the entity (or introduce it: see
        Entity.introduced_in)."""
        articles = self.quotes.articles
        return [
            name
            for name, passages in self.passages.items()
            if (where is None or where.admits(name, articles[name].published))
            and any(
                entity.introduced_in(text)
                for text in (articles[name].title, *(p.text for p in passages))
            )
        ]

    def _article_events(self, entity: Entity, name: str) -> list[Event]:
        """The article's events about the entity: its headline and sentences that mention
        it, each with its own date or, when it tells the article's news, the news date."""
        text = self.quotes.file_text(name)
        if text is None:
            return []
        news = self._news_date(name)
        events = [e for e in (self._headline_event(entity, name, text, news),) if e]
        for passage in self.passages[name]:
            for start, end in passage.sentences:
                if not entity.mentions(text[start:end], named=True):
                    continue
                quote = self.quotes.quote_span(passage, start, end, 1.0)
                if quote is None:
                    continue
                chosen = sentence_date(self.dates(name), start, end)
                if chosen is not None and chosen.date is not None:
                    events.append(_stated(chosen, quote))
                elif event := _at_news_date(quote, news, headline=False):
                    events.append(event)
        return events

    def _news_date(self, name: str) -> NewsDate | None:
        """The day the lead gives for the news (at most a week before publication), else
        the publication date, else None."""
        published = self.quotes.articles[name].published
        if published is None:
            return None
        spans = [span for p in self.passages[name] for span in p.sentences][:LEAD_SENTENCES]
        lead_end = spans[-1][1] if spans else 0
        for found in self.dates(name):
            if found.date is None or found.date.precision != "day" or found.start >= lead_end:
                continue
            day = found.date.first_day()  # None for a day without a year ("--06-15")
            if day is not None and published - NEWS_DAY_REACH <= day <= published:
                return NewsDate(found.date, f'the day the lead gives for the news ("{found.text}")')
        return NewsDate(PartialDate.from_date(published), "the publication date")

    def _headline_event(
        self, entity: Entity, name: str, text: str, news: NewsDate | None
    ) -> Event | None:
        """The headline as an event when it names the entity: headlines tell the news."""
        article = self.quotes.articles[name]
        body = article.paragraphs[0].start if article.paragraphs else len(text)
        # After the front matter, which may repeat the title: quotes come from the article.
        after = front_matter(text)[1]
        start = text.find(article.title, after, body) if article.title else -1
        if start < 0 or not entity.mentions(article.title, named=True):
            return None
        end = start + len(article.title)
        quote = Quote(
            text[start:end],
            name,
            0,
            start,
            end,
            1.0,
            article.title,
            article.published,
            article.url,
            article.outlet,
        )
        found = find_dates(quote.text, article.published, offset=start)
        if chosen := next((d for d in found if d.date is not None), None):
            return _stated(chosen, quote)
        return _at_news_date(quote, news, headline=True)


def _stated(expression: TemporalExpression, quote: Quote) -> Event:
    return Event(
        expression.date, expression.text, expression.provenance, expression.explanation, quote
    )


def _at_news_date(quote: Quote, news: NewsDate | None, headline: bool) -> Event | None:
    """An undated sentence placed at its article's news date, when it tells the news."""
    if news is None or not reports_news(quote.text, headline):
        return None
    kind = "the headline" if headline else "the sentence tells the article's news"
    explanation = f"no date in the sentence; {kind}: placed at {news.why} ({news.date.iso()})"
    return Event(news.date, "", ARTICLE_DATE, explanation, quote)
