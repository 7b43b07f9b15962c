"""What a question is asked about: a publication-date range and a source, given as a
command's options (``since``, ``until``, ``source``) or by the dates in the question
itself ("in 2023", "since March", "last week").

Filters are applied inside retrieval (``embeddings.filters.Where``), so a filtered question
still gets its best passages. The date layer of the timelines (``bot.dates``) reads the
question's dates. A date in the question is a filter when it names a window of time:

- a lead word says so: "since March", "after 2021", "before June 2022", "until 2022",
  "between 2021 and 2023", "from 2020 to 2022";
- it counts back from now: "last week", "this year", "yesterday", "three days ago";
- "in" or "during" with a year written out: "in 2023", "in March 2023".

Fact checks read no date from their claim: the claim's date is what is checked, and
articles of other dates may contradict it.

A month without a year ("in August") names the time of an event, not a window: which
year's August is the articles' business, so it is left to retrieval. So is a year used as
a name ("the 2023 talks"). Relative dates count from today, or from the newest article when
the corpus is older than ``STALE_CORPUS`` (an archive's "last week" is its own last week).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from embeddings import Article
from embeddings.filters import NO_DAY, Where, day_number

from .constants import STALE_CORPUS
from .dates import RESOLVED, STATED, PartialDate, TemporalExpression, find_dates
from .errors import QueryError

# The first word of a date expression that makes it a window, and which end it sets.
_SINCE = {"since", "from", "after"}
_UNTIL = {"until", "till", "before", "by"}
_WITHIN = {"in", "during", "between"}
# Dates that count back from now are windows without a lead word.
_RELATIVE = re.compile(r"^(?:last|this|past|yesterday|today)\b|\bago$", re.IGNORECASE)
# What joins the two ends of "between 2021 and 2023" and "from 2020 to 2022".
_RANGE_JOIN = re.compile(r"\s*(?:and|to|-|–)\s*$", re.IGNORECASE)
_ISO_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Filters:
    """A publication-date range and a source (each optional), as the user gave them."""

    since: dt.date | None = None
    until: dt.date | None = None
    source: str = ""  # an article's file name, an outlet, or a glob of file names
    said: str = ""  # the question's words that set the dates ("in 2023"); "" for options
    counted_from: dt.date | None = None  # the day relative dates ("last week") counted from

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.source)

    @property
    def dated(self) -> bool:
        return bool(self.since or self.until)

    def describe(self) -> str:
        """The filter in words, for the answer to say what it searched ("" for none)."""
        parts = []
        if self.since and self.until:
            parts.append(f"published {self.since.isoformat()} to {self.until.isoformat()}")
        elif self.since:
            parts.append(f"published since {self.since.isoformat()}")
        elif self.until:
            parts.append(f"published until {self.until.isoformat()}")
        if parts and self.said:
            counted = (
                f", counted from {self.counted_from.isoformat()}"
                if self.counted_from and _RELATIVE.search(self.said)
                else ""
            )
            parts[0] += f" (“{self.said}” in the question{counted})"
        if self.source:
            parts.append(f"source {self.source}")
        return "articles " + ", ".join(parts) if parts else ""

    def over(self, base: Filters) -> Filters:
        """These filters, with what they leave open taken from ``base`` (a follow-up's own
        dates or source replace its conversation's; the rest carries over)."""
        dates = self if self.dated else base
        return Filters(
            dates.since,
            dates.until,
            self.source or base.source,
            dates.said,
            dates.counted_from,
        )

    def as_json(self) -> dict:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "source": self.source or None,
            "from_question": self.said or None,
        }


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Scope:
    """A question made ready for retrieval: its filters, the text to search with (the
    question without the words that set its dates) and the filter for the backend."""

    filters: Filters
    query: str
    where: Where | None
    note: str = ""  # said under the answer: a date in the question that matched no article


def reference_day(today: dt.date, newest: dt.date | None) -> dt.date:
    """The day "last week" counts from: today, or the newest article's day in an old corpus."""
    if newest is not None and newest < today - STALE_CORPUS:
        return newest
    return today


def parse_day(text: str, reference: dt.date, *, end: bool) -> dt.date:
    """A date option ("2023-03-15", "2023-03", "2023", "March 2023", "last week") as one
    day: its first day, or its last when it ends a range (``end``). QueryError otherwise."""
    text = " ".join(text.split())
    if match := _ISO_DAY.fullmatch(text):
        year, month, number = (int(g) if g else None for g in match.groups())
        try:
            partial = PartialDate(year, month, number)
        except ValueError:  # "2023-02-30", "2023-13"
            raise QueryError(f"{text!r} is not a day of the calendar") from None
    else:
        found = find_dates(text, reference)
        if len(found) != 1 or found[0].text != text or found[0].date is None:
            raise QueryError(
                f"cannot read the date {text!r}: write it as 2023-03-15, 2023-03, 2023, "
                "'March 2023' or 'last week'"
            )
        partial = found[0].date
    day = partial.last_day() if end else partial.first_day()
    if day is None:  # a month without a year: which one is not for us to guess
        raise QueryError(f"{text!r} needs a year, e.g. '{text} {reference.year}'")
    return day


def option_filters(since: str, until: str, source: str, reference: dt.date) -> Filters:
    """The filters of a command's options ("" for an option not given), or QueryError."""
    first = parse_day(since, reference, end=False) if since.strip() else None
    last = parse_day(until, reference, end=True) if until.strip() else None
    if first and last and first > last:
        raise QueryError(f"'since' ({first.isoformat()}) is after 'until' ({last.isoformat()})")
    return Filters(first, last, source.strip(), counted_from=reference)


def question_filters(question: str, reference: dt.date, *, bare: bool = False) -> Scope:
    """The date filter the question's own words set, and the question without them.

    ``bare``: a date standing alone is a window too ("what about 2021?" in a follow-up).
    The scope's ``where`` is left to the engine, which knows the articles.
    """
    found = [
        e
        for e in find_dates(question, reference)
        if e.provenance in (STATED, RESOLVED) and e.date is not None
    ]
    since = until = None
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(found):
        expression = found[index]
        lead = expression.text.split()[0].casefold()
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            lead in ("between", "from")
            and following is not None
            and _RANGE_JOIN.fullmatch(question[expression.end : following.start])
        ):
            since, until = _first(expression.date), _last(following.date)
            spans.append((expression.start, following.end))
            index += 2
            continue
        window = _window(expression, lead, bare)
        if window is not None:
            since = window[0] or since
            until = window[1] or until
            spans.append((expression.start, expression.end))
        index += 1
    if since and until and since > until:
        since = until = None  # "since 2024 until 2020" names no window: not guessed at
    if not (since or until):
        return Scope(Filters(), question, None)
    said = " ".join(question[start:end] for start, end in spans)
    return Scope(
        Filters(since, until, said=said, counted_from=reference), _without(question, spans), None
    )


def _window(
    expression: TemporalExpression, lead: str, bare: bool
) -> tuple[dt.date | None, dt.date | None] | None:
    """(since, until) that one expression sets, or None when it is not a window."""
    date = expression.date
    assert date is not None, "only dated expressions are read"
    if lead == "after":
        last = _last(date)
        return (last + dt.timedelta(days=1) if last else None), None
    if lead in _SINCE:
        return _first(date), None
    if lead == "before":
        first = _first(date)
        return None, (first - dt.timedelta(days=1) if first else None)
    if lead in _UNTIL:
        return None, _last(date)
    relative = bool(_RELATIVE.search(expression.text))
    stated_year = expression.provenance == STATED
    if relative or (lead in _WITHIN and stated_year) or (bare and stated_year):
        return _first(date), _last(date)
    return None


def _first(date: PartialDate | None) -> dt.date | None:
    return date.first_day() if date else None


def _last(date: PartialDate | None) -> dt.date | None:
    return date.last_day() if date else None


def _without(question: str, spans: list[tuple[int, int]]) -> str:
    """The question with the spans cut out, its spacing and end punctuation tidied."""
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(question[at:start])
        at = end
    kept.append(question[at:])
    text = " ".join("".join(kept).split())
    return re.sub(r"\s+([?.!,])", r"\1", text).strip(" ,") or question


class Catalogue:
    """The articles as filters look them up, made once per loaded index: a filtered
    question then costs no pass over every article in Python (which took 3-5 ms per
    question at 8,641 articles in benchmark 12)."""

    # Sources remembered as matched: what users type in a channel repeats; the bound only
    # keeps a stream of different globs from growing the memory.
    REMEMBERED = 1024

    def __init__(self, articles: Mapping[str, Article]):
        self.articles = articles
        self._days = np.array([day_number(a.published) for a in articles.values()], np.int64)
        by_outlet: dict[str, set[str]] = {}
        for name, article in articles.items():
            if article.outlet:
                by_outlet.setdefault(article.outlet.casefold(), set()).add(name)
        self._by_outlet = {outlet: frozenset(names) for outlet, names in by_outlet.items()}
        self._matched: dict[str, frozenset[str]] = {}

    @property
    def dated(self) -> bool:
        """Whether any article has a publication date."""
        return bool((self._days != NO_DAY).any())

    def matching(self, source: str) -> frozenset[str]:
        """The articles ``source`` names: one file name, an outlet (any case), or a glob of
        file names (``nhk-*``). QueryError when it names none."""
        if (known := self._matched.get(source)) is not None:
            return known
        matched = self._match(source)
        if len(self._matched) >= self.REMEMBERED:
            self._matched.clear()
        self._matched[source] = matched
        return matched

    def _match(self, source: str) -> frozenset[str]:
        if source in self.articles:
            return frozenset((source,))
        if by_outlet := self._by_outlet.get(source.casefold()):
            return by_outlet
        # fnmatch.filter compiles the glob once; on POSIX it matches case-sensitively.
        if _GLOB.search(source) and (by_glob := frozenset(fnmatch.filter(self.articles, source))):
            return by_glob
        raise QueryError(
            f"no article, outlet or pattern of file names matches {source!r}; /sources lists them"
        )

    def admits_any(self, where: Where) -> bool:
        """Whether ``where`` admits at least one article."""
        return bool(self._admitted_days(where).size)

    def newest(self, where: Where | None) -> dt.date | None:
        """The newest publication date among the articles ``where`` admits (all when None):
        what a filtered answer's currency is measured against."""
        days = self._admitted_days(where or Where())
        dated = days[days != NO_DAY]
        return dt.date.fromordinal(int(dated.max())) if dated.size else None

    def _admitted_days(self, where: Where) -> np.ndarray:
        """The publication days (``day_number``) of the articles ``where`` admits."""
        if where.sources is None:
            return self._days[where.in_range(self._days)]
        days = np.array([day_number(self.articles[n].published) for n in where.sources], np.int64)
        return days[where.in_range(days)]


def scope(
    question: str,
    given: Filters,
    catalogue: Catalogue,
    reference: dt.date,
    *,
    read_dates: bool = True,
) -> Scope:
    """The question's scope: the options ``given``, and (``read_dates``) the question's own
    dates when the options set none. A date in the question that admits no article is
    dropped, with a note (the articles are searched whole); options that admit none are
    refused."""
    # In a corpus that dates no article, a date in the question cannot be about publication.
    reads_dates = read_dates and not given.dated and catalogue.dated
    from_question = question_filters(question, reference) if reads_dates else None
    filters, query = given, question
    if from_question is not None and from_question.filters.dated:
        filters, query = from_question.filters.over(given), from_question.query
    sources = catalogue.matching(filters.source) if filters.source else None
    where = Where(sources, filters.since, filters.until) if filters else None
    if where is None or catalogue.admits_any(where):
        return Scope(filters, query, where)
    if from_question is not None and from_question.filters.dated:
        undated = replace(filters, since=None, until=None, said="", counted_from=None)
        note = (
            f"no article was published {_range_words(filters)} (“{filters.said}”): "
            "I searched them all"
        )
        kept = Where(sources) if sources is not None else None
        return Scope(undated, question, kept, note)
    raise QueryError(f"no article matches: {filters.describe()}; /sources lists them")


def _range_words(filters: Filters) -> str:
    if filters.since and filters.until:
        return f"between {filters.since.isoformat()} and {filters.until.isoformat()}"
    if filters.since:
        return f"since {filters.since.isoformat()}"
    assert filters.until is not None, "a dated filter has one end at least"
    return f"until {filters.until.isoformat()}"
