"""What a claim asserts, in pieces that can be checked one by one against a sentence:
quantities (with their units), names (with the preposition that gives their role),
and polarity (negations and opposite verbs).

Everything here is plain rules over the text; ``bot.factcheck`` does the comparing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from embeddings.keyword import STOPWORDS, terms
from embeddings.names import without_possessive

from .dates import INVALID, find_dates
from .dates.vocabulary import MONTH_SPELLINGS, NUMBER_WORDS, WEEKDAYS
from .errors import QueryError

# --- quantities ---------------------------------------------------------------------------

WORD_NUMBERS = {
    **NUMBER_WORDS, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "hundred": 100, "thousand": 1000, "dozen": 12, "half": 0.5,
}  # fmt: skip
MULTIPLIERS = {
    "double": 2, "doubled": 2, "doubling": 2, "twice": 2, "twofold": 2,
    "triple": 3, "tripled": 3, "tripling": 3, "threefold": 3, "thrice": 3,
    "quadruple": 4, "quadrupled": 4, "halve": 0.5, "halved": 0.5,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Units of time, in seconds, so that "two hours" and "35 minutes" can be compared.
DURATIONS = {
    "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
    "month": 2629800, "year": 31557600, "decade": 315576000,
}  # fmt: skip

_NUMBER = re.compile(
    r"(?<![\w.-])(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    + r")(?:[-\s](?P<scale>hundred|thousand|million|billion|trillion))?"
    r"(?P<percent>\s?%|\s(?:percent|per cent))?(?!\w)",
    re.IGNORECASE,
)
_MULTIPLIER = re.compile(r"\b(?:" + "|".join(MULTIPLIERS) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_DATE_YEAR = re.compile(r"(?:19|20)\d\d")  # the years bot.dates reads on their own
# "an hour", "a week", "half an hour", "half a day": one (or half) of a unit of time, said
# in words, so that "lasted half an hour" is the same duration as "lasted 30 minutes".
_ONE_DURATION = re.compile(
    r"\b(?P<half>half\s+)?an?\s+(?P<unit>" + "|".join(DURATIONS) + r")\b(?!-)",
    re.IGNORECASE,
)
_THE_YEAR = re.compile(r"\b(?:the|in)\s+(?P<year>year)\s+\Z", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number with what it counts: ``kind`` is duration, percent, times or a unit noun."""

    text: str  # as written
    value: float
    kind: str

    def same_kind(self, other: Quantity) -> bool:
        return self.kind == other.kind


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def quantities(text: str) -> list[Quantity]:
    """Counts, durations, percentages and multipliers; years and ordinals are dates' business."""
    found = []
    for match in _NUMBER.finditer(text):
        raw = match.group("value").lower().replace(",", "")
        value = float(WORD_NUMBERS.get(raw, raw) if raw in WORD_NUMBERS else raw)
        if match.group("scale"):
            value *= SCALES[match.group("scale").lower()]
        after = text[match.end() :]
        if re.match(r"-\w+-", after):
            continue  # part of a compound word: "two-plus-two"
        shown = match.group()
        if match.group("percent"):
            kind = "percent"
        elif year := _year_number(text, match, raw):
            kind, shown = "year", year
        else:
            unit = _WORD.match(after.lstrip(" -"))
            if _DATE_YEAR.fullmatch(raw) or after.startswith(("st", "nd", "rd", "th")):
                continue  # a year or an ordinal
            if unit is None:
                continue  # a bare number: nothing to compare it with
            noun = _singular(unit.group())
            if noun in DURATIONS:
                kind, value = "duration", value * DURATIONS[noun]
            elif noun and noun not in STOPWORDS:
                kind = noun
            else:
                continue  # a bare number: nothing to compare it with
            shown = text[
                match.start() : match.end() + len(after) - len(after.lstrip(" -")) + unit.end()
            ]
        found.append(Quantity(shown, value, kind))
    for match in _MULTIPLIER.finditer(text):
        found.append(Quantity(match.group(), float(MULTIPLIERS[match.group().lower()]), "times"))
    for match in _ONE_DURATION.finditer(text):
        value = 0.5 if match.group("half") else 1.0
        noun = _singular(match.group("unit"))
        found.append(Quantity(match.group().strip(), value * DURATIONS[noun], "duration"))
    return found


def _year_number(text: str, match: re.Match[str], raw: str) -> str | None:
    """ "year 20000" as written, when a number is a year that bot.dates does not read, or
    None. Such a year ("the year 20000", "in year 3") is compared as a number: clamped to a
    date, 20000 would agree with 10000."""
    before = _THE_YEAR.search(text, max(0, match.start() - 16), match.start())
    if before is None or _DATE_YEAR.fullmatch(raw):
        return None
    return text[before.start("year") : match.end()]


# --- names with roles -----------------------------------------------------------------------

_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*")
# Words between a preposition and the name it governs: "in the Italian city of Naples".
_FILLER = {"the", "a", "an", "and", "city", "of", "town", "prefecture", "prefectures", "country"}
_ROLE_REACH = 6  # words looked back for the preposition
_CALENDAR = set(MONTH_SPELLINGS) | {day.lower() for day in WEEKDAYS}
ROLE_PREPOSITIONS = {"in", "at", "to", "from", "with", "by", "for", "against", "near"}


@dataclass(frozen=True)
class Name:
    text: str
    tokens: frozenset[str]  # normalised: lower case, no dots, no possessive
    role: str  # the preposition governing it ("in", "with"...), or ""


def name_token(word: str) -> str:
    return without_possessive(word).replace(".", "").lower()


def _runs(text: str):
    """(start, words) of each run of capitalised words, cut at sentence ends ("Austin. The")."""
    for match in _NAME_RUN.finditer(text):
        start, run = match.start(), []
        for word in match.group().split():
            run.append(word)
            if word.endswith(".") and "." not in word[:-1]:  # "Austin." but not "U.S."
                yield start, run
                start, run = start + len(" ".join(run)) + 1, []
        if run:
            yield start, run


def names_with_roles(text: str) -> list[Name]:
    """Runs of capitalised words, each with the preposition before it (if any)."""
    found = []
    for start, run in _runs(text):
        words = [w.rstrip(".") if "." not in w[:-1] else w for w in run]
        first_of_sentence = start == 0 or text[:start].rstrip().endswith((".", "!", "?"))
        if first_of_sentence and words[0].lower() in STOPWORDS:
            words = words[1:]  # "The Japanese government" -> "Japanese"
        words = [w for w in words if w.lower() != "of"]
        if not words or all(w.lower() in _CALENDAR for w in words):
            continue  # months and weekdays are dates, compared as such
        tokens = frozenset(name_token(w) for w in words)
        found.append(Name(" ".join(words), tokens, _role(text[:start])))
    return found


def _role(before: str) -> str:
    """The preposition governing a name, looking back over articles, other names and
    "and": "in Akita and Yamaguchi", "in the Italian city of Naples"."""
    for word in reversed(before.split()[-_ROLE_REACH:]):
        if word.endswith((",", ";", ":")):
            return ""  # a clause boundary: "in Naples, Nakatani said"
        if word.lower() in ROLE_PREPOSITIONS:
            return word.lower()
        if not (word.lower() in _FILLER or word[:1].isupper()):
            return ""
    return ""


# --- relations: who did what to whom ------------------------------------------------------

_RUN = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
# "Kishida succeeded Abe", "Suga, who succeeded Shinzo Abe", "Abe was succeeded by Suga":
# a name, an optional "who" and auxiliaries, a lower-case verb, then another name.
_RELATION = re.compile(
    rf"(?P<holder>{_RUN})(?:\s*,?\s+who)?(?:\s+(?:has|had|was|were|is|also|later|then))*"
    rf"\s+(?P<verb>[a-z]{{3,}})\s+(?P<by>by\s+)?(?:the\s+)?(?P<target>{_RUN})"
)


@dataclass(frozen=True)
class Relation:
    """A name doing something to another name: ``holder`` ``verb`` ``target``."""

    holder: Name
    verb: str  # the verb's stem, so "succeeded" and "succeeds" are one relation
    target: frozenset[str]  # the target's name tokens

    def conflicts(self, other: Relation) -> bool:
        """The same relation (verb and target) held by someone else: "Kishida succeeded
        Abe" against "Suga, who succeeded Shinzo Abe"."""
        return (
            self.verb == other.verb
            and bool(self.target & other.target)
            and not self.holder.tokens & other.holder.tokens
        )


def _name_tokens(run: str) -> frozenset[str]:
    return frozenset(name_token(w) for w in run.split() if w.lower() not in STOPWORDS)


def _no_full_stop(run: str) -> str:
    """A name run without the sentence's full stop ("Suga." but not "U.S.")."""
    last = run.split()[-1]
    return run[:-1] if last.endswith(".") and "." not in last[:-1] else run


def relations(text: str) -> list[Relation]:
    """The name-verb-name relations of ``text``; a passive ("was succeeded by") is turned
    round so that the holder is the one who acts."""
    found = []
    for match in _RELATION.finditer(text):
        verb = match.group("verb")
        stems = terms(verb)
        if verb in STOPWORDS or verb in ROLE_PREPOSITIONS or not stems:
            continue
        holder, target = (_no_full_stop(match.group(g)) for g in ("holder", "target"))
        if match.group("by"):
            holder, target = target, holder
        tokens = _name_tokens(holder)
        if tokens and (target_tokens := _name_tokens(target)):
            found.append(Relation(Name(holder, tokens, ""), stems[0], target_tokens))
    return found


# --- polarity -------------------------------------------------------------------------------

NEGATIONS = {"not", "no", "never", "neither", "nor", "without", "n't", "cannot", "none"}
OPPOSITES = [
    ({"agree", "agreed", "agrees", "accept", "accepted", "approve", "approved"},
     {"refuse", "refused", "refuses", "reject", "rejected", "decline", "declined"}),
    ({"increase", "increased", "raise", "raised", "rise", "rose", "expand", "expanded"},
     {"decrease", "decreased", "cut", "reduce", "reduced", "fall", "fell", "shrink"}),
    ({"win", "won", "wins"}, {"lose", "lost", "loses"}),
    ({"confirm", "confirmed", "affirm", "affirmed", "reaffirmed"}, {"deny", "denied"}),
    ({"support", "supported", "backed"}, {"oppose", "opposed"}),
    ({"continue", "continued", "advance"}, {"halt", "halted", "stop", "stopped", "abandon",
                                            "abandoned", "drop", "dropped"}),
    ({"stronger", "strengthen", "strengthened"}, {"weaker", "weaken", "weakened"}),
    ({"more", "higher", "larger", "bigger"}, {"less", "fewer", "lower", "smaller"}),
    ({"before", "earlier"}, {"after", "later"}),
    ({"first"}, {"last"}),
]  # fmt: skip


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z']+", text.replace("n't", " n't"))}


def negated(text: str) -> bool:
    # The verdict model was trained on this detector; the answer model's negation
    # (bot.ranking.question.negated) differs slightly and stays apart for the same reason.
    return bool(words(text) & NEGATIONS) or "n't" in text


def opposite_verbs(claim: str, sentence: str) -> tuple[str, str] | None:
    """A verb of the claim whose opposite the sentence uses instead, as (claim's, sentence's)."""
    claim_words, sentence_words = words(claim), words(sentence)
    for one, other in OPPOSITES:
        for mine, theirs in ((one, other), (other, one)):
            said, instead = claim_words & mine, sentence_words & theirs
            if said and instead and not sentence_words & mine:
                return sorted(said)[0], sorted(instead)[0]
    return None


# --- is it a claim at all? ------------------------------------------------------------------

_QUESTION_START = re.compile(
    r"^(?:who|what|when|where|why|how|which|whom|whose|is|are|was|were|do|does|did|can|"
    r"could|will|would|should|has|have|had)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"^(?:i|we)\s+(?:think|believe|feel|guess)\b|\bin my (?:opinion|view)\b|"
    r"\b(?:best|worst|terrible|wonderful|awful|stupid|brilliant|disgraceful)\b",
    re.IGNORECASE,
)


# A subordinate clause with no main clause after it ("Whether Japan dropped Aegis Ashore",
# "If the budget doubles") asserts nothing. A main clause would follow a comma, a colon,
# a dash or "then". "That" counts only before a subject ("that the", "that it"): before a
# noun it is a demonstrative ("That agreement was signed in 2021").
_SUBORDINATE_ONLY = re.compile(
    r"^(?:whether|if|unless|although|though|even (?:if|though)|as if|whereas|because(?! of)|"
    r"that(?= (?:the|a|an|it|he|she|they|we|there|its|his|her|their)\b))\s+(?P<rest>[^,;:—]+)$",
    re.IGNORECASE,
)


def check_claim_form(claim: str) -> None:
    """QueryError with a helpful message if ``claim`` is a question, an opinion or a
    subordinate clause."""
    if (fragment := _SUBORDINATE_ONLY.match(claim)) and " then " not in claim.lower():
        rest = fragment.group("rest").rstrip("?!. ")
        raise QueryError(
            f"that is a subordinate clause ({claim.split()[0]!r} …), not a claim: state it "
            f"as a fact to check, e.g. {rest[:1].upper() + rest[1:]!r}"
        )
    if claim.endswith("?") or _QUESTION_START.match(claim):
        raise QueryError(
            "that is a question, not a claim: ask it with /ask (or `newsdesk ask`), or state "
            "it as a claim to check, e.g. 'Japan plans to double its defense budget'"
        )
    if _OPINION.search(claim):
        raise QueryError(
            "that reads as an opinion; I can only check statements of fact against the "
            "articles, e.g. 'Kishi and Miller spoke for 35 minutes'"
        )
    check_claim_dates(claim)


def check_claim_dates(claim: str) -> None:
    """QueryError if ``claim`` gives a day the calendar does not have ("February 30, 2024"):
    no article can bear it out, and a user more likely mistyped the date than meant it."""
    for found in find_dates(claim):
        if found.provenance == INVALID:
            raise QueryError(f"{found.explanation}; correct the date and check the claim again")
