"""One claim against one sentence, piece by piece: numbers (by value and unit), dates,
names (and their aliases) in the same role, who-did-what relations, negation and
opposite verbs.

Each piece of the claim is *matched* (the sentence says the same), *contradicted* (the
sentence says something else in its place) or *absent*. The contradictions are the
``Mismatch``es shown to users; the counts are features of the verdict model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from embeddings.keyword import terms

from ..aliases import Aliases
from ..claims import (
    Name,
    Quantity,
    Relation,
    names_with_roles,
    negated,
    opposite_verbs,
    quantities,
    relations,
)
from ..dates import INVALID, PartialDate, TemporalExpression, find_dates

MismatchKind = Literal["number", "date", "name", "role", "negation", "opposite"]


@dataclass(frozen=True)
class Mismatch:
    kind: MismatchKind
    claim: str  # what the claim says
    article: str  # what the article says instead

    def as_json(self) -> dict:
        return {"kind": self.kind, "claim": self.claim, "article": self.article}


@dataclass(frozen=True)
class Tally:
    """How many of the claim's pieces of one kind a sentence matched, contradicted or lacked."""

    matched: int = 0
    contradicted: int = 0
    absent: int = 0


@dataclass(frozen=True)
class Claim:
    """The pieces of a claim, found once."""

    text: str
    terms: list[str]
    names: list[Name]
    quantities: list[Quantity]
    dates: list[tuple[str, PartialDate]]
    relations: list[Relation]
    negated: bool

    @classmethod
    def parse(cls, text: str) -> Claim:
        return cls(
            text,
            terms(text),
            names_with_roles(text),
            quantities(text),
            [(d.text, d.date) for d in find_dates(text) if d.date],
            relations(text),
            negated(text),
        )


@dataclass(frozen=True)
class Comparison:
    mismatches: tuple[Mismatch, ...]
    numbers: Tally
    dates: Tally
    names: Tally
    negated: bool  # the sentence is negated

    @property
    def confirmed(self) -> bool:
        """Every number, date and name of the claim is there, and nothing contradicts it."""
        tallies = (self.numbers, self.dates, self.names)
        return not self.mismatches and not any(t.contradicted or t.absent for t in tallies)


def dates_agree(a: PartialDate, b: PartialDate) -> bool | None:
    """True/False when the two dates share a part to compare, None when they share none."""
    pairs = [(a.year, b.year), (a.month, b.month), (a.day, b.day)]
    shared = [(x, y) for x, y in pairs if x is not None and y is not None]
    return all(x == y for x, y in shared) if shared else None


def _numbers(claim: Claim, sentence: str) -> tuple[Tally, list[Mismatch]]:
    found = quantities(sentence)
    matched, mismatches, absent = 0, [], 0
    for quantity in claim.quantities:
        same = [q for q in found if q.same_kind(quantity)]
        if any(abs(q.value - quantity.value) < 1e-9 for q in same):
            matched += 1
        elif same:
            mismatches.append(Mismatch("number", quantity.text, ", ".join(q.text for q in same)))
        else:
            absent += 1
    return Tally(matched, len(mismatches), absent), mismatches


def _dates(claim: Claim, dates: list[TemporalExpression]) -> tuple[Tally, list[Mismatch]]:
    matched, mismatches, absent = 0, [], 0
    for text, date in claim.dates:
        verdicts = [(d, dates_agree(date, d.date)) for d in dates if d.date]
        if any(v for _, v in verdicts):
            matched += 1
            continue
        wrong = [d.text for d, v in verdicts if v is False]
        # A day the calendar lacks ("February 29, 2023") never agrees: it is shown instead.
        wrong += [f"{d.text} (no such date)" for d in dates if d.provenance == INVALID]
        if wrong:
            mismatches.append(Mismatch("date", text, ", ".join(wrong)))
        else:
            absent += 1
    return Tally(matched, len(mismatches), absent), mismatches


def _known(name: Name, context_names: set[str], aliases: Aliases) -> bool:
    """The name is in the context, as written or as one of its aliases ("U.S." ~ "American").
    A name in a role ("in Tokyo") is a place: a capital does not stand for its country."""
    if name.tokens & context_names:
        return True
    return any(
        {t.replace(".", "").lower() for t in v.split()} <= context_names
        for v in aliases.variants(name.text, metonyms=not name.role) - {name.text}
    )


def _names(
    claim: Claim, sentence: str, context_names: set[str], aliases: Aliases
) -> tuple[Tally, list[Mismatch]]:
    sentence_names = names_with_roles(sentence)
    claim_tokens = {t for n in claim.names for t in n.tokens}
    matched, mismatches, absent = 0, [], 0
    for name in claim.names:
        if _known(name, context_names, aliases):
            matched += 1
            continue
        rivals = [n for n in sentence_names if n.role == name.role and not n.tokens & claim_tokens]
        if name.role and rivals:
            mismatches.append(Mismatch("name", name.text, " / ".join(n.text for n in rivals)))
        else:
            absent += 1
    theirs_all = relations(sentence) if claim.relations else []
    for mine in claim.relations:
        for theirs in theirs_all:
            if mine.conflicts(theirs):
                mismatches.append(Mismatch("role", mine.holder.text, theirs.holder.text))
    return Tally(matched, len(mismatches), absent), mismatches


def compare(
    claim: Claim,
    sentence: str,
    sentence_dates: list[TemporalExpression],
    context_names: set[str],
    aliases: Aliases,
) -> Comparison:
    """``claim`` against ``sentence`` (whose dates and surrounding names are given)."""
    numbers, number_mismatches = _numbers(claim, sentence)
    dates, date_mismatches = _dates(claim, sentence_dates)
    name_tally, name_mismatches = _names(claim, sentence, context_names, aliases)
    mismatches = number_mismatches + date_mismatches + name_mismatches
    sentence_negated = negated(sentence)
    if claim.negated != sentence_negated:
        said = ("it is not so", "it is so") if claim.negated else ("it is so", "it is not")
        mismatches.append(Mismatch("negation", *said))
    if opposite := opposite_verbs(claim.text, sentence):
        mismatches.append(Mismatch("opposite", *opposite))
    return Comparison(tuple(mismatches), numbers, dates, name_tally, sentence_negated)
