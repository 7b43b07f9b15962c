"""What a question asks for, and which entities of each kind a passage holds.

Rules true of English in general: the question word and, after "what"/"which", the head
noun give the kind of answer (``question_type``); dates, numbers and the shapes of names
give a passage's entities (``entities``), and those the question does not already hold
are its candidate answers (``not_asked``). No word lists of topics: only function
words, calendar words, number words, titles and place heads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from embeddings.keyword import STOPWORDS
from embeddings.names import tokens

from ..dates.vocabulary import MONTH_SPELLINGS, NUMBER_WORDS, WEEKDAYS

# ---------------------------------------------------------------------------------------
# What a question asks for
# ---------------------------------------------------------------------------------------

PERSON, DATE, PLACE, NUMBER, NAME, REASON, OTHER = (
    "person",
    "date",
    "place",
    "number",
    "name",
    "reason",
    "other",
)
ANSWER_TYPES = (PERSON, DATE, PLACE, NUMBER, NAME, REASON, OTHER)

# Head nouns after "what"/"which" ("which city", "what year"), by the kind of answer.
_HEAD_NOUNS = {
    DATE: "year years century centuries decade decades date dates month months day days "
    "era period time times age season",
    PLACE: "city cities town towns country countries state states place places location "
    "locations region regions area areas continent continents island islands river rivers "
    "province provinces county counties village villages capital port site nation nations "
    "mountain mountains lake lakes sea seas ocean oceans district districts",
    NUMBER: "percentage percent proportion fraction number numbers amount amounts size "
    "population temperature speed distance length height weight rate ratio cost price "
    "total quantity share sum depth width mass",
    PERSON: "person people man men woman women king kings queen queens president presidents "
    "leader leaders scientist scientists author authors emperor ruler rulers minister "
    "general player players writer writers politician politicians inventor explorer "
    "physicist philosopher chemist mathematician artist composer officer official "
    "governor senator pope monarch member members individual individuals",
    NAME: "company companies team teams organization organizations organisation group "
    "groups party parties university universities school schools newspaper network "
    "channel agency agencies band club clubs firm firms brand institution institutions "
    "treaty act law show language languages tribe tribes dynasty empire movement book "
    "film ship station church",
}
_HEAD = {w: kind for kind, words in _HEAD_NOUNS.items() for w in words.split()}
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d[\d,.]*")
# Measurement adjectives after "how": "how long", "how far" ask for a quantity.
_HOW_QUANTITY = set("many much long far big large old tall high deep wide heavy fast often".split())


def question_type(question: str) -> str:
    """The kind of answer ``question`` asks for: one of ``ANSWER_TYPES``.

    Small rules on the question word and, after "what"/"which", the head noun:
    who/whom/whose -> person; when, "what year" -> date; where, "which city" -> place;
    how many/much/long, "what percentage" -> number; "which company" -> name;
    why -> reason; anything else -> other.
    """
    words = [w.lower() for w in _WORD.findall(question)]
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in ("who", "whom", "whose"):
            return PERSON
        if word == "when":
            return DATE
        if word == "where":
            return PLACE
        if word == "why":
            return REASON
        if word == "how" and nxt in _HOW_QUANTITY:
            return NUMBER
        if word in ("what", "which"):
            # the head noun is the first noun-ish word after optional determiners/adjectives:
            # look a few words ahead, stopping at a verb-like function word
            for ahead in words[i + 1 : i + 7]:
                if ahead in (
                    "name",
                    "names",
                    "type",
                    "types",
                    "kind",
                    "kinds",
                    "sort",
                    "of",
                    "the",
                    "a",
                    "an",
                ):
                    continue
                if ahead in _HEAD:
                    return _HEAD[ahead]
                if ahead in (
                    "is",
                    "was",
                    "are",
                    "were",
                    "did",
                    "does",
                    "do",
                    "has",
                    "have",
                    "had",
                    "can",
                    "could",
                    "will",
                    "would",
                ):
                    break
            return OTHER
    return OTHER


# ---------------------------------------------------------------------------------------
# Entities a passage holds
# ---------------------------------------------------------------------------------------

_MONTHS = list(MONTH_SPELLINGS)
_WEEKDAYS = [day.lower() for day in WEEKDAYS]
_NUMBER_WORDS = set(NUMBER_WORDS) | set(
    (
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty "
        "fifty sixty seventy eighty ninety hundred hundreds thousand thousands million "
        "millions billion billions trillion dozen dozens half quarter percent twice thrice"
    ).split()
)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})(s)?\b")
_DATE_WORDS = re.compile(
    r"\b(?:(?:" + "|".join(_MONTHS + _WEEKDAYS) + r")\b\.?(?:\s+\d{1,2}\b)?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(_MONTHS) + r")\b"
    r"|\d+(?:st|nd|rd|th)?\s+centur(?:y|ies)\b|(?:[a-z]+)\s+centur(?:y|ies)\b"
    r"|\d+\s*(?:BC|BCE|AD|CE)\b|(?:AD|BC)\s+\d+)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?(?![\w])|\b\d+(?:st|nd|rd|th)\b")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")
# Words that may join capitalised words inside one name: "University of Chicago".
_CONNECTORS = {"of", "de", "von", "van", "der", "la", "le", "du", "da", "del", "and", "the"}
_TITLES = set(
    "mr mrs ms dr sir lord lady king queen prince princess president pope saint st general "
    "emperor empress duke professor prof senator governor chancellor minister".split()
)
# Sentence-initial words that are capitalised only for being first (besides stop words).
_OPENERS = set(
    "however meanwhile moreover furthermore also still thus therefore hence today yesterday "
    "tomorrow later earlier first finally instead although though while after before during "
    "despite according many most some several other others these those his her its their "
    "our one two three yet besides nevertheless nonetheless overall currently recently "
    "initially eventually subsequently additionally consequently similarly likewise "
    "unlike like unless until upon within without".split()
)
_LOCATIVE = {"in", "at", "from", "near", "to", "across", "into", "through", "throughout"}
_PLACE_HEADS = set(
    "city town village river mountains mountain lake sea ocean island islands country state "
    "province county region valley coast bay desert peninsula strait gulf".split()
)
_REASON_CUES = re.compile(
    r"\b(?:because|due to|owing to|as a result|in order to|so that|since|led to|caused|"
    r"causes|cause|result of|resulted|reason|therefore|thus)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entities:
    """Entities found in a text, each as a lower-cased string."""

    dates: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # capitalised sequences (persons, organisations, ...)
    persons: frozenset[str] = frozenset()  # names that look like people's
    places: frozenset[str] = frozenset()  # names that look like places
    reasons: int = 0  # cue words of a cause ("because", "due to")


def _name_spans(text: str) -> list[tuple[list[str], str]]:
    """Runs of capitalised words (with inner connectors) and the word before each run."""
    raw = [m.group() for m in re.finditer(r"\w+(?:[-'’.]\w+)*|[^\w\s]", text)]
    # a full stop after a title or an initial ("Dr.", "J.") ends no sentence and no name
    words = [
        (w, 0)
        for k, w in enumerate(raw)
        if not (w == "." and k and (raw[k - 1].lower() in _TITLES or len(raw[k - 1]) == 1))
    ]
    spans: list[tuple[list[str], str]] = []
    i = 0
    sentence_start = True
    while i < len(words):
        word = words[i][0]
        if (
            _CAPITALISED.fullmatch(word)
            and not (sentence_start and (word.lower() in STOPWORDS or word.lower() in _OPENERS))
            and word.lower() not in ("i",)
        ):
            run = [word]
            j = i + 1
            while j < len(words):
                w = words[j][0]
                if _CAPITALISED.fullmatch(w):
                    run.append(w)
                    j += 1
                elif (
                    w.lower() in _CONNECTORS
                    and j + 1 < len(words)
                    and _CAPITALISED.fullmatch(words[j + 1][0])
                ):
                    run.extend([w, words[j + 1][0]])
                    j += 2
                else:
                    break
            before = words[i - 1][0].lower() if i > 0 else ""
            spans.append((run, before))
            sentence_start = False
            i = j
            continue
        sentence_start = word in (".", "!", "?", ":", ";", '"', "“", "”")
        i += 1
    return spans


def entities(text: str) -> Entities:
    """The dates, numbers, names, person-like and place-like names, and cause cues in ``text``."""
    dates = {m.group().lower() for m in _DATE_WORDS.finditer(text)}
    dates |= {m.group().lower() for m in _YEAR.finditer(text)}
    years = {m.group(1) for m in _YEAR.finditer(text)}
    numbers = {m.group().lower().rstrip(".,") for m in _NUMBER.finditer(text)} - years
    numbers |= {w for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}
    found_names, persons, places = set(), set(), set()
    for run, before in _name_spans(text):
        lowered = [w.lower().rstrip(".") for w in run]
        if all(w in _MONTHS or w in _WEEKDAYS for w in lowered if w not in _CONNECTORS):
            continue  # "March", "Tuesday": dates, not names
        name = " ".join(lowered).removeprefix("the ")
        found_names.add(name)
        heads = [w for w in lowered if w not in _CONNECTORS]
        if (
            before in _TITLES
            or heads[0] in _TITLES
            or (len(heads) >= 2 and lowered[0] != "the" and not (set(heads) & _PLACE_HEADS))
        ):
            persons.add(name)
        if before in _LOCATIVE or set(heads) & _PLACE_HEADS:
            places.add(name)
    return Entities(
        frozenset(dates),
        frozenset(numbers),
        frozenset(found_names),
        frozenset(persons),
        frozenset(places),
        len(_REASON_CUES.findall(text)),
    )


def count_new(found: Iterable[str], question_tokens: frozenset[str] | set[str]) -> int:
    """How many of ``found`` hold a word the question does not."""
    return sum(1 for item in found if not _words(item) <= question_tokens)


@lru_cache(maxsize=65536)
def _words(entity: str) -> frozenset[str]:
    """An entity's words, connectors aside; cached: the same entities recur per question."""
    return frozenset(tokens(entity) - _CONNECTORS)


@dataclass(frozen=True)
class NewEntities:
    """Counts of a passage's entities that the question does not already contain."""

    dates: int
    numbers: int
    names: int
    persons: int
    places: int
    reasons: int

    def of_type(self, kind: str) -> int:
        """New entities of the kind a question of type ``kind`` asks for."""
        return {
            PERSON: self.persons + self.names,
            DATE: self.dates,
            PLACE: self.places,
            NUMBER: self.numbers,
            NAME: self.names,
            REASON: self.reasons,
        }.get(kind, 0)


def not_asked(found: Entities, asked: frozenset[str] | set[str]) -> NewEntities:
    """Counts of the ``found`` entities that the question's tokens ``asked`` don't hold
    ("Esper" for "Who did Kitamura meet?")."""
    return NewEntities(
        count_new(found.dates, asked),
        count_new(found.numbers, asked),
        count_new(found.names, asked),
        count_new(found.persons, asked),
        count_new(found.places, asked),
        found.reasons,
    )
