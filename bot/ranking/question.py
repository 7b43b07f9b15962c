"""The question, analysed once: its kind, terms and their rarity, names, aliases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from embeddings.keyword import terms
from embeddings.names import names, tokens

from ..aliases import Aliases, with_alias_terms
from .answer_types import question_type


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    kind: str  # one of ANSWER_TYPES
    terms: tuple[str, ...]  # stemmed content words, distinct, in order
    weights: dict[str, float] = field(hash=False)  # term -> idf
    tokens: frozenset[str] = frozenset()  # lower-cased words, for "not in the question"
    names: tuple[str, ...] = ()  # capitalised words and numbers (embeddings.names)
    unknown_share: float = 0.0  # share (by rarity) of the names the corpus never mentions
    negated: bool = False
    # alias phrases of the question: its terms -> the terms of each other way of saying it
    aliases: dict[tuple[str, ...], frozenset[tuple[str, ...]]] = field(
        default_factory=dict, hash=False
    )

    def present(self, found: Iterable[str]) -> frozenset[str]:
        """``found`` plus the question's alias terms that one of their variants stands for
        there ("american" when a passage says "United States")."""
        return with_alias_terms(
            found if isinstance(found, frozenset) else frozenset(found), self.aliases
        )

    def names_missing(self, present: set[str] | frozenset[str], weight) -> float:
        """Share of the question's names (by ``weight``) whose words are not all ``present``."""
        found = [(n, weight(n)) for n in self.names]
        total = sum(w for _, w in found)
        missing = sum(w for n, w in found if not tokens(n) <= present)
        return missing / total if total else 0.0

    def coverage(self, present: Iterable[str] | frozenset[str]) -> float:
        """Share of the question's terms, weighted by rarity, among ``present`` (or
        stood for there by an alias)."""
        total = sum(self.weights.values())
        present = self.present(present)
        return sum(w for t, w in self.weights.items() if t in present) / total if total else 0.0

    def max_missing(self, present: frozenset[str] | set[str]) -> float:
        """The rarity of the rarest question term missing from ``present`` (0 if none)."""
        present = self.present(present)
        return max((w for t, w in self.weights.items() if t not in present), default=0.0)


def analyse(
    question: str, idf, unknown_share: float = 0.0, aliases: Aliases | None = None
) -> QuestionInfo:
    """``question`` analysed; ``idf(term)`` weighs its terms (KeywordIndex.idf)."""
    found = list(dict.fromkeys(terms(question)))
    return QuestionInfo(
        question,
        question_type(question),
        tuple(found),
        {t: idf(t) for t in found},
        frozenset(tokens(question)),
        tuple(names(question)),
        unknown_share,
        negated(question),
        (aliases or Aliases.load()).expand_terms(question, terms),
    )


# Not bot.claims.negated, on purpose: the two differ ("non-" and "n’t" count here, "cannot"
# there), and the answer model was trained on this one, the verdict model on that one.
# One detector would change a trained feature of one model or the other.
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without)\b|n['’]t\b|\bnon-", re.I)


def negated(text: str) -> bool:
    """Whether ``text`` holds a negation ("not", "never", "n't", "non-")."""
    return bool(_NEGATION.search(text))
