"""Whether a sentence looks ahead or reports the past, at the place of one expression.

Tense decides ambiguous readings: a bare "on Wednesday" or a year-less "in October" lies
after publication when its sentence looks ahead ("will", "is expected to", "ahead of"...)
and before it otherwise, since news mostly reports what happened. One sentence can do both
("Hamada said Friday that he will hold talks Thursday"), so the cue that counts is the
nearest one before the expression in its sentence, or, if there is none before it, the
nearest one after it ("Kishida on Wednesday said ..."). No cue at all means the past.

Cues are found word by word (a regex with this many alternatives is slow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def _phrases(*phrases: str) -> dict[str, list[tuple[str, ...]]]:
    """First word -> the words that must follow it, longest first: {"is": [("expected",
    "to"), ("to",)]}."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        first, *rest = phrase.split()
        table.setdefault(first, []).append(tuple(rest))
    for rests in table.values():
        rests.sort(key=len, reverse=True)
    return table


# Markers of the future. "next" counts ("lands next week"), "next-generation" does not.
_AFTER_BE = ("to", "expected to", "scheduled to", "set to", "due to", "going to", "slated to")
_FUTURE = _phrases(
    "will", "won't", "won’t", "shall", "next", "upcoming", "ahead of",
    "plan to", "plans to", "planning to", "intend to", "intends to", "aim to", "aims to",
    *(f"{be} {what}" for be in ("is", "are", "am") for what in _AFTER_BE),
)  # fmt: skip
# Markers of the past: auxiliaries, common irregular verbs, and regular verbs (-ed).
_PAST_AUXILIARIES = frozenset("was were had did".split())
_PAST_VERBS = frozenset(
    "said told met held took gave made went came saw began spoke wrote sent won lost brought"
    " thought found became sought struck rose fell chose kept paid got knew ran stood broke"
    " drew flew grew threw understood".split()
)
# -ed words that are not past-tense verbs.
_NOT_VERBS = frozenset(
    "need speed seed feed proceed exceed succeed indeed breed greed heed bleed shed hundred"
    " united based naked sacred wicked".split()
)
# After these a past participle is an adjective or a passive ("its advanced weapons", "will
# be held", "of limited use"), which says nothing about when.
_BEFORE_ADJECTIVE = frozenset(
    "a an the its their his her our your my this these those more most less least very"
    " highly newly well so be been being is are am of with for in on at into from".split()
)


@dataclass(frozen=True)
class Tense:
    """Whether an expression's sentence looks ahead, and the word that decided it."""

    future: bool
    cue: str | None = None  # None: no marker in the sentence, so the past by default
    mixed: bool = False  # the sentence also has a future marker that did not decide

    def quoted_cue(self) -> str:
        return f' ("{self.cue}")' if self.cue else ""


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str
    future: bool


def tense_at(cues: list[Cue], start: int, end: int) -> Tense:
    """The tense that governs text[start:end], given the cues of its sentence."""
    before = [cue for cue in cues if cue.end <= start]
    after = [cue for cue in cues if cue.start >= end]
    deciding = before[-1] if before else (after[0] if after else None)
    if deciding is None:
        return Tense(future=False)
    mixed = any(cue.future for cue in cues)
    return Tense(deciding.future, " ".join(deciding.text.split()), mixed)


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """The tense markers in text[start:end] (one sentence), in order."""
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, start, end)]
    cues = []
    i = 0
    while i < len(words):
        length = _future_phrase(text, words, i)
        if length:  # "are expected to": one cue, so "expected" is not read as a past verb
            first, last = words[i][0], words[i + length - 1][1]
            cues.append(Cue(first, last, text[first:last], True))
            i += length
            continue
        if _is_past_marker(text, words, i):
            cues.append(Cue(words[i][0], words[i][1], text[words[i][0] : words[i][1]], False))
        i += 1
    return cues


def _future_phrase(text: str, words: list[tuple[int, int, str]], i: int) -> int:
    """How many words from words[i] on make a future marker (0 if they do not)."""
    word = words[i][2]
    if word == "next" and text.startswith("-", words[i][1]):  # "next-generation"
        return 0
    for rest in _FUTURE.get(word, ()):
        following = tuple(w for _, _, w in words[i + 1 : i + 1 + len(rest)])
        if following == rest:
            return 1 + len(rest)
    return 0


def _is_past_marker(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    start, _, word = words[i]
    if word in _PAST_AUXILIARIES:
        return True
    regular = word.endswith("ed") and len(word) >= 4 and word not in _NOT_VERBS
    if not (word in _PAST_VERBS or regular):
        return False
    if start > 0 and text[start - 1] == "-":  # "U.S.-developed": an adjective
        return False
    if text[max(0, start - 3) : start].rstrip().endswith(("“", '"', "‘")):  # “extended ...”
        return False
    if i == 0:
        return True
    previous = words[i - 1][2]
    return previous not in _BEFORE_ADJECTIVE and not previous.endswith(("'s", "’s"))


# Present-tense verbs of reporting: "Boeing says ...", "the airline confirms ...".
_REPORTING_PRESENT = frozenset("says say announces confirms reports states claims tells".split())
# A sentence whose first verb is one of these is a possibility or a condition, not news.
_MODALS = frozenset("would could might may should must can".split())
# Verbs of saying that close a sentence ("..., the agency said.") and the most words such
# a closing attribution has ("Boeing spokesman William Barksdale has said": 6).
_SAYING = frozenset(
    "said says say announced announces confirmed confirms stated states told reported added"
    " explained noted claimed".split()
)
_ATTRIBUTION_WORDS = 6
# Words that may stand between "had" and its participle ("had previously announced").
_ADVERBS = frozenset("not never already just also previously initially once".split())


def reports_news(sentence: str, headline: bool = False) -> bool:
    """Whether a sentence with no date of its own tells news as of its article's date.

    The first verb marker decides, as it belongs to the main clause in most news
    sentences ("Airbus announced that the engines would be replaced"): a past tense or
    a present perfect ("said", "has won", "was delayed") or a present verb of reporting
    ("says") is news; a plan ("will", "is to"), a modal ("would") or a past perfect ("had
    agreed": background to the news) is not, and neither is a sentence with no marker
    ("Airbus is Europe's largest ..."). Headlines tell news in the present ("Boeing unveils
    long-range 777") and plans with a bare "to" ("Airline to buy jets").
    """
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(sentence)]
    first_lower = next((w for start, end, w in words if sentence[start:end].islower()), "")
    if headline and first_lower == "to":
        return False
    if _ends_with_attribution(sentence, words):
        return True
    for i, (_, _, word) in enumerate(words):
        if _future_phrase(sentence, words, i) or word in _MODALS:
            return False
        if word in _REPORTING_PRESENT:
            return True
        if _is_past_marker(sentence, words, i):
            return not (word == "had" and _participle_follows(words, i))
    return headline


def _ends_with_attribution(sentence: str, words: list[tuple[int, int, str]]) -> bool:
    """ "..., the USAF has announced.": a short last clause with a verb of saying."""
    comma = max(sentence.rfind(","), sentence.rfind("''"), sentence.rfind("”"))
    last = [(i, w) for i, (start, _, w) in enumerate(words) if start > comma]
    if comma < 0 or not last or len(last) > _ATTRIBUTION_WORDS:
        return False
    return any(w in _SAYING for _, w in last) and not any(w in _MODALS for _, w in last)


def _participle_follows(words: list[tuple[int, int, str]], i: int) -> bool:
    following = [w for _, _, w in words[i + 1 : i + 4] if w not in _ADVERBS]
    if not following:
        return False
    word = following[0]
    return word == "been" or word in _PAST_VERBS or word.endswith(("ed", "en", "wn"))
