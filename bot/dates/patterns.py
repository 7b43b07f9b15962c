"""The compiled regular expressions that find temporal expressions, one per shape.

Detection is ours rather than a date library's so that it is fast and predictable: each
pattern names its parts (month, day, year, weekday, ...) and a reader in absolute.py,
relative.py or anchored.py turns them into a date. A pattern is a core ("June 15",
"Monday", "2035") and a prefix matched backwards from it: a preposition ("on Monday", "by
March 2025", "since September last year") because it says how the date is used, or a
qualifier ("mid-December"). Every match with a preposition is also offered without it, in
case a longer neighbour needs the word ("the day before June 15"). find_dates keeps the
longest of overlapping matches.

Case matters for names: months and weekdays must be capitalised, which is what keeps the
verbs "may" and "march" out. May and March alone also need a preposition ("in May") so
that "Theresa May said" or a march is not read as a month.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .vocabulary import COUNTS, MONTH_NAMES, SHORT_MONTHS, UNITS, WEEKDAYS, month_number

# Cores are written as plain alternatives ("last|Last", not "(?i:last)" or "[Ll]ast"): the
# regex engine then skips ahead to where a core can start, several times faster than trying
# every position.
_FULL_MONTH = "|".join(MONTH_NAMES)
_SHORT_MONTH = "|".join(
    rf"{s.capitalize()}\.?" for s in sorted(SHORT_MONTHS, key=len, reverse=True)
)
_WEEKDAY = "|".join(WEEKDAYS)


def _either_case(words: list[str] | tuple[str, ...]) -> str:
    """ "last|Last|this|This": lower case, or capitalised at a sentence start."""
    return "|".join(f"{word}|{word.capitalize()}" for word in words)


# A number followed by a unit is a quantity ("2000 troops", "15 percent"), and one that
# runs on into more digits ("2020.5", "15:30", "2019-20") is not ours either.
_NOT_QUANTITY = rf"(?![\w%]|[.,:/-]\d|\s+(?i:{'|'.join(UNITS)}|per\s+cent)\b)"

_LEAD = (
    r"(?:(?P<lead>(?i:as\s+of|on|in|by|since|until|till|from|before|after|during|through"
    r"|throughout|between))\s+)?"
)
# "mid-December", "early 2021", "the end of March"
_QUAL = r"(?:(?P<qual>(?i:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of))[\s-]+)?"
_MONTH = rf"(?P<month>{_FULL_MONTH}|{_SHORT_MONTH})(?![\w-])"  # not "Mar-a-Lago"
_FULL_MONTH_ONLY = rf"(?P<month>{_FULL_MONTH})(?![\w-])"  # alone, "Oct" or "Jan" may be a name
_DAY = rf"(?P<day>[12]\d|3[01]|0[1-9]|[1-9])(?:st|nd|rd|th)?{_NOT_QUANTITY}"
_YEAR = rf"(?P<year>(?:19|20)\d\d){_NOT_QUANTITY}"
# After a month and day a number is a year whatever its century, and a year past 9999
# ("February 3, 20000") is still read as one, so that it can be called impossible.
_FULL_YEAR = rf"(?P<year>[1-9]\d{{3,4}}){_NOT_QUANTITY}"
_WEEKDAY_PREFIX = rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?"  # "Thursday, September 24, 2020"
_REL = rf"(?P<rel>{_either_case(['last', 'this', 'next'])})"
_POSSESSIVE = r"(?:['’]s\b)?"  # "Sunday's meeting", "last year's budget"
_THE = r"(?:the|The)\s+"


@dataclass(frozen=True)
class DateHit:
    """A match of one pattern: its core ("2035") and what came before it ("in mid-"),
    possibly without its leading preposition."""

    core: re.Match[str]
    prefix: re.Match[str] | None  # None when nothing came before the core
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.core.string[self.start : self.end]

    def group(self, name: str) -> str | None:
        """The named part, or None when the pattern has no such part, it took no part, or
        it lies outside this hit (the "on" of "on Monday" when the hit is "Monday")."""
        for match in (self.prefix, self.core):
            if match is None or name not in match.re.groupindex:
                continue
            value = match.group(name)
            if value is not None and match.start(name) >= self.start:
                return value
        return None

    def part(self, name: str) -> str:
        """The named part that the pattern of this hit always takes (a reader's "year" or
        "day"); LookupError if it is missing, which would mean a pattern and its reader
        disagree."""
        value = self.group(name)
        if value is None:
            raise LookupError(f"{self.text!r} was matched without its {name!r}")
        return value

    def month(self) -> int:
        return month_number(self.part("month"))


@dataclass(frozen=True)
class Spec:
    kind: str  # which reader turns a hit into a date (see finder.READERS)
    needs: tuple[str, ...]  # gates (below) that must all pass before the pattern is tried
    core: re.Pattern[str]  # the distinctive part, searched for first
    prefix: re.Pattern[str] | None  # what may come just before it, matched backwards
    check: Callable[[DateHit], bool] | None = None  # is this hit a date at all?


def _is_month_alone(hit: DateHit) -> bool:
    if hit.group("month") in ("May", "March"):  # also a name and a verb: "in May" only
        return bool(hit.group("lead") or hit.group("qual"))
    return True


# After "the 14th", only these words leave it a day of the month: "the 14th, Japan time",
# "the 14th at noon"; not "the 14th century", "the 21st Division", "the 5th largest".
_AFTER_ORDINAL_DAY = frozenset(
    "at in on and or but when while as with from to until till before after by for that which"
    " where".split()
)
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")


def _is_day_of_month(hit: DateHit) -> bool:
    following = _NEXT_WORD.match(hit.core.string, hit.end)
    return following is None or following.group(1).lower() in _AFTER_ORDINAL_DAY


# Cheap searches that rule patterns out before their slower full searches: most sentences
# name no month, no weekday and no year. This keeps find_dates well under a millisecond.
_GATES = {
    "digit": re.compile(r"\d"),
    "month": re.compile("|".join(name[:3] for name in MONTH_NAMES)),
    "weekday": re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"),
    "unit": re.compile(r"week|month|year"),
    "day word": re.compile(_either_case(["yesterday", "today", "tonight", "tomorrow"])),
    "ago": re.compile(r"ago\b"),
    "day": re.compile(r"day|night|morning|evening"),
    "ordinal": re.compile(r"\d(?:st|nd|rd|th)\b"),
}


# Nothing starts inside a word or a number: "$2020", "1,2020", "U.S.-June", "2+2020".
_INSIDE_CHARS = r"[\w$£€¥#&.,:/+-]"
_INSIDE = re.compile(_INSIDE_CHARS)
# The longest prefix is "throughout the beginning of " or "Wednesday, " after a lead.
_PREFIX_REACH = 40


def _spec(
    kind: str,
    needs: str,
    core: str,
    prefix: str = _LEAD,
    check: Callable[[DateHit], bool] | None = None,
) -> Spec:
    """A pattern of ``kind``: a ``core`` regex and an optional ``prefix`` regex for what may
    precede it, tried only when every gate named in ``needs`` ("digit,month") finds something
    in the text. Splitting them keeps the search fast: a regex that starts with optional
    words ("on", "in mid-") must be tried at every position, a core only where it can start.
    """
    prefix_pattern = re.compile(rf"(?<!{_INSIDE_CHARS}){prefix}\Z") if prefix else None
    return Spec(kind, tuple(needs.split(",")), re.compile(core), prefix_pattern, check)


# Days the calendar does not have ("February 30, 2024", "April 31") are matched all the same:
# the readers call them invalid, so that "February" alone is not read out of them.
SPECS = (
    _spec(
        "full",
        "digit",
        r"(?P<year>\d{4})-(?P<monthnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\w-])",
    ),
    _spec(
        "full",
        "digit,month",
        rf"{_MONTH}\s+{_DAY},?\s+{_FULL_YEAR}",
        _LEAD + _WEEKDAY_PREFIX,
    ),
    _spec(
        "full",
        "digit,month",
        rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_FULL_YEAR}",
        rf"{_LEAD}{_WEEKDAY_PREFIX}(?:{_THE})?",
    ),
    _spec("month_day", "digit,month", rf"{_MONTH}\s+{_DAY}", _LEAD + _WEEKDAY_PREFIX),
    _spec(
        "month_day",
        "digit,month",
        rf"{_DAY}\s+(?:of\s+)?{_MONTH}",
        rf"{_LEAD}{_WEEKDAY_PREFIX}(?:{_THE})?",
    ),
    _spec("month_year", "digit,month", rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}", _LEAD + _QUAL),
    _spec(
        "month_relative_year",
        "month,unit",
        rf"{_FULL_MONTH_ONLY}\s+{_REL}\s+(?i:year)\b",
        _LEAD + _QUAL,
    ),
    _spec("relative_month", "month", rf"{_REL}\s+{_FULL_MONTH_ONLY}"),
    _spec("month", "month", _FULL_MONTH_ONLY, _LEAD + _QUAL, _is_month_alone),
    _spec("year", "digit", _YEAR, _LEAD + _QUAL),
    _spec(
        "weekday",
        "weekday",
        rf"(?P<weekday>{_WEEKDAY})\b{_POSSESSIVE}(?:\s+(?i:morning|afternoon|evening|night))?",
        rf"{_LEAD}(?:{_REL}\s+)?",
    ),
    _spec(
        "relative_unit",
        "unit",
        rf"{_REL}\s+(?P<unit>week|month|year)\b{_POSSESSIVE}",
        rf"{_LEAD}(?:(?P<qual>(?i:earlier|later|early|late"
        r"|the\s+(?:end|beginning|start|middle)\s+of))\s+)?",
    ),
    # "by the end of the year": the unit the publication date falls in
    _spec(
        "relative_unit",
        "unit",
        rf"(?P<qual>{_THE}(?:end|beginning|start|middle)\s+of)\s+the\s+(?P<unit>week|month|year)\b",
    ),
    _spec(
        "day_word",
        "day word",
        rf"(?P<word>{_THE}day\s+before\s+yesterday|{_THE}day\s+after\s+tomorrow"
        rf"|{_either_case(['yesterday', 'today', 'tonight', 'tomorrow'])})\b{_POSSESSIVE}",
        rf"{_LEAD}(?:(?i:earlier|later)\s+)?",
    ),
    _spec(
        "ago",
        "ago",
        rf"(?P<count>{_either_case(list(COUNTS))}|\d{{1,3}})\s+(?P<unit>day|week|month|year)s?"
        r"\s+ago\b",
        prefix="",
    ),
    _spec(
        "day_offset",
        "day",
        rf"(?P<phrase>{_THE}(?:day|night|morning|evening)\s+(?:before|after)"
        rf"|{_THE}(?:previous|next|following|same)\s+day|(?:a|A)\s+day\s+(?:earlier|later))\b",
    ),
    _spec(
        "ordinal_day",
        "ordinal",
        rf"{_THE}(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b",
        check=_is_day_of_month,
    ),
)


def find_hits(text: str) -> Iterator[tuple[Spec, DateHit]]:
    """Every plausible match of every pattern, overlapping ones included."""
    gates: dict[str, bool] = {}
    for spec in SPECS:
        for gate in spec.needs:
            if gate not in gates:
                gates[gate] = _GATES[gate].search(text) is not None
        if not all(gates[gate] for gate in spec.needs):
            continue
        for core in spec.core.finditer(text):
            prefix = _prefix(spec, core)
            if prefix is None and _starts_inside(text, core.start()):
                continue
            for hit in _with_and_without_lead(core, prefix):
                if spec.check is None or spec.check(hit):
                    yield spec, hit


def _prefix(spec: Spec, core: re.Match[str]) -> re.Match[str] | None:
    """The longest prefix ending where the core starts, or None if there is none."""
    if spec.prefix is None:
        return None
    start = core.start()
    # Searching from the left, the first place the prefix fits is where the longest starts.
    prefix = spec.prefix.search(core.string, max(0, start - _PREFIX_REACH), start)
    return prefix if prefix and prefix.start() < start else None


def _starts_inside(text: str, position: int) -> bool:
    return position > 0 and _INSIDE.match(text, position - 1) is not None


def _with_and_without_lead(core: re.Match[str], prefix: re.Match[str] | None) -> Iterator[DateHit]:
    start = prefix.start() if prefix else core.start()
    yield DateHit(core, prefix, start, core.end())
    if prefix and "lead" in prefix.re.groupindex and prefix.group("lead"):
        start = prefix.end("lead")
        while core.string[start].isspace():
            start += 1
        yield DateHit(core, prefix, start, core.end())
