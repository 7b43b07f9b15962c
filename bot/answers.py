"""Answering a question: rank retrieved passages, quote the best, or abstain.

A passage's relevance is its cosine to the question (the better of its two vectors) plus
a share of the question's words it contains, weighted by rarity. The bot abstains when
the best passage is weakly related, or when most of what the question names (weighted
by rarity) appears nowhere in the corpus: "the population of Okinawa" is not answered
by a passage about Japan, however close it sounds.
"""

from __future__ import annotations

from dataclasses import dataclass

from embeddings import Hit, Searcher
from embeddings.keyword import terms
from embeddings.names import NameStats, names

from .quotes import Quote, QuoteMaker, changed_notice
from .settings import AnswerSettings

# How much the word overlap adds to the cosine; set on the dev set, and kept small so
# that paraphrases (which share few words) still rank on meaning.
COVERAGE_WEIGHT = 0.3
# Abstain when at least this share (by rarity) of the question's names is unknown.
MAX_UNKNOWN_NAMES = 0.5
CANDIDATES = 12


@dataclass(frozen=True)
class Answer:
    question: str
    quotes: tuple[Quote, ...]  # the answer; empty when abstaining
    abstained: bool
    confidence: float  # 0..1
    reason: str  # why it abstained, or "" when it answered
    closest: tuple[Quote, ...] = ()  # offered when abstaining, never as the answer
    changed: tuple[str, ...] = ()  # articles that would have been quoted but changed since

    @property
    def notice(self) -> str:
        """A note to show under the quotes ("" if none): an abstention says it in its reason."""
        return "" if self.abstained else changed_notice(self.changed)

    def as_json(self) -> dict:
        return {
            "question": self.question,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
            "quotes": [q.as_json() for q in self.quotes],
            "closest": [q.as_json() for q in self.closest],
            "changed": list(self.changed),
        }


@dataclass(frozen=True)
class Scored:
    hit: Hit
    score: float


class Ranker:
    """Scores retrieved passages against a question."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.name_stats = NameStats([p.text for p in searcher.store.passages])

    def word_coverage(self, question_terms: list[str], present: set[str] | frozenset[str]) -> float:
        """Share of the question's terms (weighted by rarity) among the ``present`` terms."""
        weights = {t: self.searcher.keywords.idf(t) for t in question_terms}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in present) / total if total else 0.0

    def unknown_names(self, question: str) -> tuple[list[str], float]:
        """The question's names the corpus never mentions, and their share by weight."""
        weights = {n: self.name_stats.weight(n) for n in names(question)}
        unknown = [n for n in weights if not self.name_stats.knows(n)]
        total = sum(weights.values())
        return unknown, (sum(weights[n] for n in unknown) / total if total else 0.0)

    def rank(self, question: str, k: int = CANDIDATES) -> list[Scored]:
        hits = self.searcher.search(question, k=k)
        question_terms = terms(question)
        scored = [
            Scored(
                hit,
                hit.dense
                + COVERAGE_WEIGHT
                * self.word_coverage(question_terms, self.searcher.keywords.terms_of(hit.row)),
            )
            for hit in hits
        ]
        return sorted(scored, key=lambda s: s.score, reverse=True)


def answer_question(
    question: str, ranker: Ranker, quotes: QuoteMaker, settings: AnswerSettings
) -> Answer:
    ranked = ranker.rank(question)
    checked = [(s, q) for s in ranked if (q := quotes.quote(s.hit.passage, s.score))]
    # An article that changed since indexing is reported when it ranks among the passages
    # that could have been shown: the answer without it may be incomplete or wrong.
    changed = quotes.changed_among(s.hit.passage.source for s in ranked[: settings.max_quotes])
    if not checked:
        reason = changed_notice(changed) or "they hold nothing on this"
        return Answer(question, (), True, 0.0, reason, changed=changed)
    best, _ = checked[0]
    confidence = min(1.0, max(0.0, (best.score - settings.min_score) / (1.0 - settings.min_score)))
    reason = ""
    unknown, unknown_share = ranker.unknown_names(question)
    if unknown_share >= MAX_UNKNOWN_NAMES:
        reason = f"they never mention {', '.join(unknown)}"
    elif best.score < settings.min_score:
        reason = "no passage is close enough to the question"
    if reason:
        # What the index says the articles lack may be in the changed ones now.
        reason = changed_notice(changed) or reason
        closest = tuple(q for _, q in checked[: settings.max_quotes])
        return Answer(question, (), True, confidence, reason, closest, changed)
    shown = tuple(
        q
        for s, q in checked[: settings.max_quotes]
        if s.score >= best.score - settings.quote_margin
    )
    return Answer(question, shown, False, confidence, "", changed=changed)
