"""Follow-ups: a message read against the conversation's last turn, by rules of English
and the retrieval itself (no language model), and the conversations kept in memory.

A message is read as one of four kinds (``Kind``), by these rules, in this order:

1. **more** — "more", "show more", "more quotes", "next", "anything else", "tell me more"
   (a leading "and", "ok" or "so" allowed): the next best quotes of the last answer that
   were not shown yet (``Answer.more``, a page of as many as it showed at most).
2. **source** — "source?", "sources", "which article?", "what article?", "where is that
   from?", "link?", "show me the article": the article of the last answer's first quote,
   as /source shows it.
3. **elliptic** — a message that leans on the last question, so that it borrows that
   question's subject (the question without its date words) and its filters:

   - a wh-word alone, after "and", "but", "so" or "then" if any ("why?", "and when?",
     "how many?", "how come?", "why is that?"): the last question asked again with that
     wh-word, in place of its own ("what did Japan decide?" → "why did Japan decide?"), or
     before it when it had none ("did Japan drop it?" → "why did Japan drop it?");
   - a date alone ("2021?", "in 2008?", "since March?"): the last question over that
     window of publication dates, which replaces the last one's dates (its source stays);
   - a fragment after "and", "but", "also", "then", "what about", "how about", "what of"
     or "same for" that is not a question of its own ("and the Americans?", "what about
     Kono in 2020?"): its dates as above; then what is left, if it has a proper name (a
     capitalised word other than "the", "a", "an"), replaces the last question's first
     run of capitalised words after its first word, its grammatical subject in most English
     questions ("why did Japan drop Aegis Ashore?" + "and Kono?" → "why did Kono drop
     Aegis Ashore?"); when the last question names no one, or what is left names no one
     ("what about the cost?"), it is added to the question ("… about the cost?").
4. **question** — anything else, including a full question after "and" ("and why did the
   plan fail?"): asked as it is, with the filters given, borrowing nothing.

Without a last turn (a new conversation, or one forgotten after a restart or its expiry)
every message but "more" and "source?" is a question; those two are told to ask first.
Pronouns are not resolved ("why did they do it?" is a new question): which name "they" is
needs more than rules of English.

Conversations live in memory only (``Conversations``): a limit on their number and on the
turns each keeps, and an expiry; nothing is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from .answers import Answer
from .errors import QueryError
from .filtering import NO_FILTERS, Filters, question_filters

if TYPE_CHECKING:
    from .engine import ArticleInfo, Engine

Kind = Literal["question", "elliptic", "more", "source"]

# Conversations kept at once; the least recently continued is forgotten first. A turn holds
# one answer (a few quotes and their next pages, some kilobytes), so 500 conversations of
# MAX_TURNS turns stay within tens of megabytes, far more threads than a newsroom keeps busy.
MAX_CONVERSATIONS = 500
# Turns kept per conversation: only the last is read, the rest are the conversation so
# far, bounded so that a thread left talking for days cannot grow without end.
MAX_TURNS = 20
# A conversation not continued for this long is forgotten: a reply a day later is a new
# question more often than an ellipsis of one nobody remembers, and memory is freed.
EXPIRY_SECONDS = 6 * 60 * 60

_LEAD = r"(?:(?:and|ok|okay|so)\s+)?"
_MORE = re.compile(
    _LEAD + r"(?:(?:show|give me|any)\s+)?(?:more(?:\s+(?:quotes|passages|please))?|next"
    r"|anything else|tell me more)"
)
_SOURCE = re.compile(
    _LEAD + r"(?:(?:the|your)\s+)?(?:sources?|link|(?:which|what) (?:article|source)"
    r"|where (?:is|was) (?:that|this|it) from|where does (?:that|this|it) come from"
    r"|show (?:me )?the article)"
)
# A wh-word alone, and what it stands for: "how come" is "why".
_WH_ALONE = re.compile(
    r"(?:(?:and|but|so|then)\s+)?(?P<wh>why|when|where|who|what|which"
    r"|how(?:\s+(?:much|many|long|often|far))?|how come)(?:\s+(?:so|is that|was that))?"
)
_WH_WORDS = ("why", "when", "where", "who", "whom", "whose", "what", "which", "how")
# The most words a wh-phrase runs to after its wh-word: "how | many new fighter jets | did".
_WH_PHRASE_WORDS = 4
_AUXILIARIES = frozenset(
    "do does did is are was were has have had can could will would shall should may might "
    "must".split()
)
# What opens a message that continues the last question; the longest alternatives first.
_CONTINUATION = re.compile(
    r"(?:and\s+)?(?:what|how)\s+about\s+|what\s+of\s+|(?:the\s+)?same\s+for\s+"
    r"|(?:and|but|also|then),?\s+",
    re.IGNORECASE,
)
_DETERMINERS = frozenset({"the", "a", "an"})
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-.'’][A-Za-z0-9]+)*")
_END_PUNCTUATION = " ?!.,;:"


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation."""

    asked: str  # the message as written ("and why?")
    question: str  # the question searched ("why did Japan drop Aegis Ashore?")
    filters: Filters  # the filters it was searched with
    answer: Answer  # for "more": the page shown, with the pages still to show

    @classmethod
    def of(cls, answer: Answer, asked: str = "") -> Turn:
        """The turn of a question and its answer (``asked``: the message, if it differs)."""
        return cls(asked or answer.question, answer.question, answer.filters, answer)


@dataclass(frozen=True)
class Reading:
    """How a message is read against the last turn, before anything is searched."""

    kind: Kind
    question: str = ""  # what to ask ("question" and "elliptic")
    filters: Filters = NO_FILTERS  # its filters ("elliptic": borrowed or replaced)


@dataclass(frozen=True)
class ArticleText:
    """An article as /source shows it: what is known of it and its kept paragraphs."""

    info: ArticleInfo
    paragraphs: tuple[tuple[int, str], ...]  # (number, text)


@dataclass(frozen=True)
class Reply:
    """What a message gets: the turn the conversation continues from, and for "source"
    the article."""

    kind: Kind
    turn: Turn
    article: ArticleText | None = None

    @property
    def answer(self) -> Answer:
        return self.turn.answer

    @property
    def heading(self) -> str:
        """How the message was read, said above the result ("" for a plain question)."""
        if self.kind == "elliptic":
            return f"Read as: {self.turn.question}"
        if self.kind == "more":
            return f"More quotes on: {self.turn.question}"
        if self.kind == "source" and self.article is not None:
            quote = self.answer.quotes[0]
            return f"The article of the first quote ({quote.source}, paragraph {quote.paragraph}):"
        return ""


def read(text: str, last: Turn | None, reference: dt.date) -> Reading:
    """The reading of ``text`` against the ``last`` turn (None: nothing to lean on), by the
    rules of the module docstring; ``reference`` is the day relative dates count from."""
    plain = " ".join(text.split()).strip(_END_PUNCTUATION)
    folded = plain.casefold()
    if _MORE.fullmatch(folded):
        return Reading("more")
    if _SOURCE.fullmatch(folded):
        return Reading("source")
    if last is None:
        return Reading("question", text)
    subject = question_filters(last.question, reference).query
    if wh := _WH_ALONE.fullmatch(folded):
        return Reading("elliptic", with_wh(subject, wh["wh"]), last.filters)
    continuation = _CONTINUATION.match(plain)
    fragment = plain[continuation.end() :] if continuation else plain
    if not fragment or (continuation and _is_question(fragment)):
        return Reading("question", text)
    dates = question_filters(fragment, reference, bare=True)
    rest = "" if dates.query == fragment else dates.query.strip(_END_PUNCTUATION)
    if not dates.filters.dated:
        rest = fragment
    if continuation is None and rest:
        return Reading("question", text)  # not a date alone, and nothing says it continues
    filters = dates.filters.over(last.filters) if dates.filters.dated else last.filters
    question = with_fragment(subject, rest) if rest else subject
    return Reading("elliptic", question, filters)


def with_wh(question: str, wh: str) -> str:
    """``question`` asked with the wh-word ``wh`` ("how come" asks why)."""
    wh = "why" if wh == "how come" else wh
    words = question.split()
    first = words[0].casefold() if words else ""
    if first in _WH_WORDS:
        # The wh-phrase ends where the inverted clause begins, at its auxiliary ("How many
        # jobs | did Airbus cut?", "Which plan | did Japan drop?"); a wh-word that is the
        # subject ("Who signed it?") is followed by its verb and is replaced alone.
        rest = words[1:]
        phrase = rest[: _WH_PHRASE_WORDS + 1]  # the phrase and the auxiliary after it
        words = rest[next((i for i, w in enumerate(phrase) if w.casefold() in _AUXILIARIES), 0) :]
    elif first in _AUXILIARIES:
        words = [first, *words[1:]]
    asked = " ".join([wh, *words]).rstrip(_END_PUNCTUATION)
    return f"{asked[0].upper()}{asked[1:]}?"


def with_fragment(question: str, fragment: str) -> str:
    """``question`` about ``fragment`` instead: a name replaces its first name, anything
    else is added to it."""
    words = list(_WORD.finditer(fragment))
    named = any(w.group()[0].isupper() and w.group().casefold() not in _DETERMINERS for w in words)
    span = _first_name(question)
    base = question.rstrip(_END_PUNCTUATION)
    if not named or span is None:
        return f"{base} about {fragment}?"
    start, end = span
    name = fragment
    # "the Japanese side" + "the Americans": one "the" is enough.
    if (
        words
        and words[0].group().casefold() in _DETERMINERS
        and question[:start].endswith(tuple(f"{d} " for d in _DETERMINERS))
    ):
        name = fragment[words[0].end() :].strip()
    return f"{question[:start]}{name}{question[end:]}".rstrip(_END_PUNCTUATION) + "?"


def _first_name(question: str) -> tuple[int, int] | None:
    """Where the question's first run of capitalised words after its first word is."""
    run: tuple[int, int] | None = None
    for index, match in enumerate(_WORD.finditer(question)):
        word = match.group()
        capital = index > 0 and word[0].isupper() and word != "I"
        if capital and run is None:
            run = (match.start(), match.end())
        elif capital and run is not None and question[run[1] : match.start()] == " ":
            run = (run[0], match.end())
        elif run is not None:
            return run
    return run


def _is_question(fragment: str) -> bool:
    """Whether ``fragment`` is a question of its own: a wh-word or an auxiliary, then more."""
    words = fragment.split()
    return len(words) > 1 and words[0].casefold() in (*_WH_WORDS, *_AUXILIARIES)


def follow(engine: Engine, last: Turn | None, text: str, filters: Filters = NO_FILTERS) -> Reply:
    """The reply to ``text`` in a conversation whose last turn is ``last``: a new question
    is asked with ``filters`` (a command's options); QueryError for bad input, or for
    "more" and "source?" with nothing to show. The message itself is not checked as a
    question ("why?" names nothing to search for): what is asked is, by ``Engine.ask``."""
    reading = read(text, last, engine.reference_day())
    if reading.kind == "more":
        return Reply("more", _more(_previous(last, "more"), text))
    if reading.kind == "source":
        previous = _previous(last, "source?")
        if not previous.answer.quotes:
            raise QueryError("the last answer quoted no article; ask a question")
        info, paragraphs = engine.article_text(previous.answer.quotes[0].source)
        return Reply("source", previous, ArticleText(info, tuple(paragraphs)))
    given = filters if reading.kind == "question" else reading.filters
    return Reply(reading.kind, Turn.of(engine.ask(reading.question, given), text))


def _previous(last: Turn | None, asked: str) -> Turn:
    if last is None:
        raise QueryError(f"“{asked}” follows an answer: ask a question first")
    return last


def _more(last: Turn, text: str) -> Turn:
    """The last turn's next page of quotes, as a turn of its own."""
    answer = last.answer
    if not answer.more:
        raise QueryError(f"I have no more quotes on “{last.question}”")
    page = max(len(answer.quotes), 1)
    shown = replace(answer, quotes=answer.more[:page], more=answer.more[page:])
    return Turn(text, last.question, last.filters, shown)


@dataclass(frozen=True)
class _Kept:
    turns: tuple[Turn, ...]
    at: float  # when the last turn was added, by the store's clock


class Conversations:
    """The conversations going on, by key (a Discord thread's id, the terminal session):
    in memory only, at most ``limit`` of them and ``turns`` turns each, each forgotten
    ``expiry`` seconds after its last turn. ``clock`` is injectable for tests."""

    def __init__(
        self,
        *,
        limit: int = MAX_CONVERSATIONS,
        turns: int = MAX_TURNS,
        expiry: float = EXPIRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limit, self.turns, self.expiry, self.clock = limit, turns, expiry, clock
        # Least recently continued first, so that the expired and the evicted are in front.
        self._kept: OrderedDict[Hashable, _Kept] = OrderedDict()

    def __len__(self) -> int:
        self._forget_expired()
        return len(self._kept)

    def last(self, key: Hashable) -> Turn | None:
        """The conversation's last turn, or None when there is none (or it expired)."""
        self._forget_expired()
        kept = self._kept.get(key)
        return kept.turns[-1] if kept else None

    def add(self, key: Hashable, turn: Turn) -> None:
        """``turn`` is the conversation's last turn now."""
        self._forget_expired()
        kept = self._kept.pop(key, None)
        turns = (*(kept.turns if kept else ()), turn)[-self.turns :]
        self._kept[key] = _Kept(turns, self.clock())
        while len(self._kept) > self.limit:
            self._kept.popitem(last=False)

    def _forget_expired(self) -> None:
        now = self.clock()
        while self._kept:
            key, kept = next(iter(self._kept.items()))
            if now - kept.at < self.expiry:
                return
            del self._kept[key]
