"""What a reader needs to know beyond its own match: the publication date, the expressions
already read before it, and the tense of its sentence (see tense.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .model import PartialDate, Provenance, TemporalExpression
from .tense import Cue, Tense, find_cues, tense_at
from .vocabulary import SHORT_MONTHS, short_weekday

# Sentence ends: ". " before a capital or digit, or a line break. "U.S. Defense", "Oct. 1"
# and "Mr. Abe" are not ends (see _is_abbreviation). Not embeddings.sentences (pysbd), which
# quotes are cut with: on the seeds, SemEval, FM2 and SQuAD corpora both give the same dates,
# but pysbd made find_dates about seven times slower (2.8 ms a sentence against 0.4 ms).
_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\s*\n\s*")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt adm gov sen rep rev st mt ft no vs inc co corp"
    " ltd jr sr".split()
) | frozenset(SHORT_MONTHS)
_WORD_BEFORE = re.compile(r"[\w.]+$")


class Reading(NamedTuple):
    """What a reader makes of one match (the rest of a TemporalExpression)."""

    date: PartialDate | None
    provenance: Provenance
    explanation: str


@dataclass
class Context:
    text: str
    published: dt.date | None
    found: list[TemporalExpression] = field(default_factory=list)  # read so far, in order
    _cues: dict[int, list[Cue]] = field(default_factory=dict)  # by sentence number

    @cached_property
    def _sentences(self) -> tuple[list[int], list[int]]:
        """The starts and the ends of the text's sentences, computed when first needed."""
        spans = sentence_spans(self.text)
        return [start for start, _ in spans], [end for _, end in spans]

    def tense(self, start: int, end: int) -> Tense:
        """The tense that governs the expression at text[start:end]."""
        number = self._sentence_number(start)
        if number not in self._cues:
            starts, ends = self._sentences
            self._cues[number] = find_cues(self.text, starts[number], ends[number])
        return tense_at(self._cues[number], start, end)

    def latest(
        self, before: int, wanted: str, *, same_sentence: bool = False
    ) -> TemporalExpression | None:
        """The last expression read before offset ``before`` whose date has the part
        ``wanted`` ("month", "day"), if need be within the same sentence."""
        first = self._sentence_start(before) if same_sentence else 0
        for expression in reversed(self.found):
            if expression.start < first:
                return None
            if expression.date and getattr(expression.date, wanted) is not None:
                return expression
        return None

    def _sentence_number(self, position: int) -> int:
        starts, _ = self._sentences
        return max(bisect.bisect_right(starts, position) - 1, 0)

    def _sentence_start(self, position: int) -> int:
        starts, _ = self._sentences
        return starts[self._sentence_number(position)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``; good enough to scope tense and anchors."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        if text[end] in ".!?":
            if text[end] == "." and _is_abbreviation(text, end):
                continue
            end += 1
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_abbreviation(text: str, period: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, period - 12), period)
    if match is None:
        return False
    word = match.group()
    return "." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS


def describe(published: dt.date) -> str:
    """ "Thu 2020-09-24": the weekday helps a reader check a weekday's reading."""
    return f"{short_weekday(published.weekday())} {published.isoformat()}"
