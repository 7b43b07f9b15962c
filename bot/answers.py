"""Answering a question: rank retrieved passages, quote the best, or abstain.

A trained model (bot/ranking, trained by scripts/train_answers.py) gives each of a wide
pool of candidate passages the probability that it holds the answer, and the question
the probability that the best of them answer it. The answer is the best quote, plus
others only while they are likely to add an answer, within ``max_words``. The bot
abstains when that probability is below ``abstain_threshold``, or, as a hard rule, when
most of what the question names (weighted by rarity) appears nowhere in the corpus, in
any of its aliases: "the population of Okinawa" is not answered by a passage about
Japan, however close it sounds; "American" is answered where the articles say "U.S.".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from embeddings import Hit, Searcher
from embeddings.filters import Where
from embeddings.keyword import terms
from embeddings.names import NameStats, names, tokens

from .aliases import Aliases
from .constants import COVERAGE_WEIGHT, HAND_RANKED, MAX_UNKNOWN_NAMES
from .filtering import NO_FILTERS, Filters
from .quotes import Quote, QuoteMaker, changed_notice
from .ranking.ranker import LearnedRanker, Ranked
from .reach import one_per_report
from .settings import AnswerSettings

# How many pages of "more" an answer keeps (a page is ``max_quotes`` quotes). Each is one
# more quote checked against its file (a stat), taken from the pool already ranked; past
# three pages the pool's candidates are rarely about the question any more.
MORE_PAGES = 3


@dataclass(frozen=True)
class Answer:
    question: str
    quotes: tuple[Quote, ...]  # the answer; empty when abstaining
    abstained: bool
    confidence: float  # 0..1
    reason: str  # why it abstained, or "" when it answered
    closest: tuple[Quote, ...] = ()  # offered when abstaining, never as the answer
    changed: tuple[str, ...] = ()  # articles that would have been quoted but changed since
    filters: Filters = NO_FILTERS  # what was searched (Engine.ask sets it)
    filter_note: str = ""  # why a date in the question was not used, or ""
    # "the latest article on this is from March 2023" when that is old (``quotes.latest_note``)
    latest_note: str = ""
    # The next best checked quotes after those shown, best first: what "more" shows in a
    # conversation (bot/conversation.py), without a second retrieval. Empty when abstaining.
    more: tuple[Quote, ...] = ()

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
            "filters": self.filters.as_json(),
            "filter_note": self.filter_note,
            "latest_note": self.latest_note,
        }


@dataclass(frozen=True)
class Scored:
    hit: Hit
    score: float


class Ranker:
    """Scores retrieved passages against a question (for timelines and fact checks), and
    finds the question's names the corpus lacks."""

    def __init__(self, searcher: Searcher, aliases: Aliases | None = None):
        self.searcher = searcher
        self.aliases = aliases or Aliases.load()
        self.name_stats: NameStats = searcher.store.names  # counted by the index build

    def _known(self, name: str) -> bool:
        """Whether the corpus mentions ``name`` or one of its aliases ("U.S." for
        "American"); a variant of several words must have them all."""
        return self.name_stats.knows(name) or any(
            all(self.name_stats.knows(t) for t in tokens(v))
            for v in self.aliases.variants(name) - {name}
        )

    def word_coverage(self, question_terms: list[str], present: set[str] | frozenset[str]) -> float:
        """Share of the question's terms (weighted by rarity) among the ``present`` terms."""
        weights = {t: self.searcher.keywords.idf(t) for t in question_terms}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in present) / total if total else 0.0

    def unknown_names(self, question: str) -> tuple[list[str], float]:
        """The question's names the corpus never mentions, and their share by weight."""
        weights = {n: self.name_stats.weight(n) for n in names(question)}
        unknown = [n for n in weights if not self._known(n)]
        total = sum(weights.values())
        return unknown, (sum(weights[n] for n in unknown) / total if total else 0.0)

    def rank(self, question: str, k: int = HAND_RANKED, where: Where | None = None) -> list[Scored]:
        hits = self.searcher.search(question, k=k, where=where)
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
    question: str,
    ranker: Ranker,
    learned: LearnedRanker,
    quotes: QuoteMaker,
    settings: AnswerSettings,
    where: Where | None = None,
) -> Answer:
    """The answer to ``question`` from the passages ``where`` admits (all when None)."""
    unknown, unknown_share = ranker.unknown_names(question)
    ranked = _one_per_report(learned.rank(question, unknown_share, where), ranker.searcher)
    checked = _checked_quotes(ranked, quotes, learned.model.add_threshold, settings.max_quotes)
    # An article that changed since indexing is reported when it ranks among the passages
    # that could have been shown: the answer without it may be incomplete or wrong.
    changed = quotes.changed_among(h.passage.source for h in ranked.hits[: settings.max_quotes])
    if not checked:
        reason = changed_notice(changed) or "they hold nothing on this"
        return Answer(question, (), True, 0.0, reason, changed=changed)
    confidence = ranked.p_answer
    reason = ""
    if unknown_share >= MAX_UNKNOWN_NAMES:
        reason = f"they never mention {', '.join(unknown)}"
    elif confidence < settings.abstain_threshold:
        reason = "no passage answers this question"
    if reason:
        # What the index says the articles lack may be in the changed ones now.
        reason = changed_notice(changed) or reason
        closest = tuple(q for _, q in checked[: settings.max_quotes])
        return Answer(question, (), True, confidence, reason, closest, changed)
    chosen = learned.model.select(
        np.array([p for p, _ in checked]),
        [len(q.text.split()) for _, q in checked],
        max_words=settings.max_words,
        max_quotes=settings.max_quotes,
    )
    shown = tuple(checked[i][1] for i in chosen)
    more = _more_quotes(ranked, quotes, shown, MORE_PAGES * settings.max_quotes)
    return Answer(question, shown, False, confidence, "", changed=changed, more=more)


def _more_quotes(
    ranked: Ranked, quotes: QuoteMaker, shown: tuple[Quote, ...], count: int
) -> tuple[Quote, ...]:
    """Up to ``count`` checked quotes of the candidates after those ``shown``, most probable
    first: the rest of the pool already ranked, so "more" needs no second retrieval."""
    shown_spans = {(q.source, q.start) for q in shown}
    more: list[Quote] = []
    for hit, p in zip(ranked.hits, ranked.probabilities, strict=True):
        if len(more) >= count:
            break
        if (hit.passage.source, hit.passage.start) in shown_spans:
            continue
        if quote := quotes.quote(hit.passage, float(p), hit.also_in):
            more.append(quote)
    return tuple(more)


def _one_per_report(ranked: Ranked, searcher: Searcher) -> Ranked:
    """``ranked`` with each close paraphrase of a likelier candidate in another article
    folded into it (its ``also_in``), as search folds copies: a report is quoted once."""
    probability = dict(zip((h.row for h in ranked.hits), ranked.probabilities, strict=True))
    hits = one_per_report(
        searcher, ranked.hits, lambda h: h.row, lambda h: h.passage.text, lambda h: h.passage.source
    )
    return replace(ranked, hits=tuple(hits), probabilities=tuple(probability[h.row] for h in hits))


def _checked_quotes(
    ranked: Ranked, quotes: QuoteMaker, add_threshold: float, max_quotes: int
) -> list[tuple[float, Quote]]:
    """(probability, checked quote) of the candidates an answer could show, most probable
    first. Each quote re-reads its file's state, so it stops at the first candidate that
    can be neither shown (below ``add_threshold``) nor offered as one of the closest."""
    checked: list[tuple[float, Quote]] = []
    for hit, p in zip(ranked.hits, ranked.probabilities, strict=True):
        if len(checked) >= max_quotes and p < add_threshold:
            break
        if quote := quotes.quote(hit.passage, float(p), hit.also_in):
            checked.append((float(p), quote))
    return checked
