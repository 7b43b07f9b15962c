"""Fact checks: does the corpus support a claim, contradict it, or say nothing?

Every sentence of the passages retrieved for the claim is compared with it piece by piece
(``bot.verdicts.compare``): numbers, dates, names in the same role, who-did-what
relations, negation and opposite verbs. A trained model (``bot.verdicts``, fitted on the
fm2 claims) reads how strongly the best sentences are about the claim and what those
comparisons found, and gives the verdict. The mismatches found stay the explanation
shown to users.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from embeddings.filters import Where
from embeddings.keyword import terms

from .aliases import with_alias_terms
from .answers import Ranker
from .claims import names_with_roles
from .constants import (
    ABOUT_TO_CONTRADICT,
    ABOUT_TO_SUPPORT,
    EVIDENCE_SHOWN,
    FACTCHECK_CANDIDATES,
    FACTCHECK_MIN_RELEVANCE,
    TOP_EVIDENCE,
)
from .filtering import NO_FILTERS, Filters
from .quotes import Quote, QuoteMaker, changed_notice
from .reach import independent, one_per_report
from .timeline import TimelineBuilder
from .verdicts.compare import Claim, Mismatch, compare
from .verdicts.features import Candidate, Retrieval, claim_features
from .verdicts.model import Verdict, VerdictModel

__all__ = ["Evidence", "FactCheck", "FactChecker", "Mismatch", "Stance", "Verdict"]

# Where a quote stands towards the claim it is shown for.
Stance = Literal["supports", "contradicts"]


@dataclass(frozen=True)
class Evidence:
    quote: Quote
    stance: Stance
    mismatches: tuple[Mismatch, ...] = ()

    def as_json(self) -> dict:
        return {
            "stance": self.stance,
            "quote": self.quote.as_json(),
            "mismatches": [m.as_json() for m in self.mismatches],
        }


@dataclass(frozen=True)
class FactCheck:
    claim: str
    verdict: Verdict
    reason: str
    supports: tuple[Evidence, ...] = ()
    contradicts: tuple[Evidence, ...] = ()
    closest: tuple[Quote, ...] = ()  # offered for not_found, never as evidence
    changed: tuple[str, ...] = ()  # relevant articles not checked: changed since indexing
    filters: Filters = NO_FILTERS  # what was searched (Engine.factcheck sets it)
    filter_note: str = ""  # why a date in the claim was not used, or ""
    # "the latest article on this is from March 2023" when that is old (``quotes.latest_note``)
    latest_note: str = ""
    # How many independent articles stand behind the verdict (``reach.independent``): those
    # whose sentences are shown for it or settle the claim the same way on their own.
    independent: int = 0

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.supports + self.contradicts

    @property
    def backing(self) -> str:
        """ "supported by 3 independent articles" (a verdict's backing), or "" for not_found."""
        if self.verdict == "not_found" or not self.independent:
            return ""
        articles = "article" if self.independent == 1 else "independent articles"
        return f"{self.verdict} by {self.independent} {articles}"

    @property
    def notice(self) -> str:
        """A note to show under the evidence ("" if none): not_found says it in its reason."""
        return "" if self.verdict == "not_found" else changed_notice(self.changed)

    def as_json(self) -> dict:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "reason": self.reason,
            "supports": [e.as_json() for e in self.supports],
            "contradicts": [e.as_json() for e in self.contradicts],
            "closest": [q.as_json() for q in self.closest],
            "changed": list(self.changed),
            "filters": self.filters.as_json(),
            "filter_note": self.filter_note,
            "latest_note": self.latest_note,
            "independent": self.independent,
        }


@dataclass(frozen=True)
class _Sentence:
    """A retrieved sentence compared with the claim, ready to be quoted."""

    quote: Quote
    candidate: Candidate
    score: float  # its passage's relevance
    row: int  # its passage's
    also_in: tuple[str, ...] = ()  # other articles carrying it (a copy, a close paraphrase)


@dataclass(frozen=True)
class Analysis:
    """What the checker found for a claim before deciding: the verdict model's input."""

    claim: Claim
    sentences: tuple[_Sentence, ...]  # best (by aboutness) first
    features: np.ndarray  # the feature row, laid out as bot.verdicts.features.FEATURES
    ranked: tuple  # the retrieved passages (Scored), best first


def _decisive(candidate: Candidate) -> Verdict | None:
    """ "contradicted" or "supported" when one sentence settles the claim on its own."""
    concrete = {m.kind for m in candidate.comparison.mismatches} - {"negation"}
    if concrete and candidate.about >= ABOUT_TO_CONTRADICT:
        return "contradicted"
    if candidate.comparison.confirmed and candidate.about >= ABOUT_TO_SUPPORT:
        return "supported"
    return None


class FactChecker:
    def __init__(
        self,
        ranker: Ranker,
        quotes: QuoteMaker,
        timelines: TimelineBuilder,
        model: VerdictModel | None = None,
    ):
        self.ranker = ranker
        self.quotes = quotes
        self.timelines = timelines  # for the dates of each article, found once
        self.passages = ranker.searcher.store.passages
        self._model = model
        self.aliases = ranker.aliases  # the engine's table, loaded once

    @property
    def model(self) -> VerdictModel:
        """The verdict model (the packaged one unless given), read on first use."""
        if self._model is None:
            self._model = VerdictModel.load()
        return self._model

    def _context_rows(self, row: int) -> list[int]:
        """The passage and the one before it in the same article: a sentence is read in context."""
        if row > 0 and self.passages[row - 1].source == self.passages[row].source:
            return [row - 1, row]
        return [row]

    def analyse(self, text: str, where: Where | None = None) -> Analysis:
        """Retrieve (among the passages ``where`` admits), compare every sentence with the
        claim, and compute the features."""
        claim = Claim.parse(text)
        ranked = self.ranker.rank(text, k=FACTCHECK_CANDIDATES, where=where)
        relevant = [s for s in ranked if s.score >= FACTCHECK_MIN_RELEVANCE]
        alias_terms = self.aliases.expand_terms(claim.text, terms)  # once per claim
        sentences = []
        for scored in relevant:
            passage = scored.hit.passage
            rows = self._context_rows(scored.hit.row)
            # Worked out once per passage, from what the index already holds.
            context_terms = frozenset().union(
                *(self.ranker.searcher.keywords.terms_of(r) for r in rows)
            )
            context_terms = with_alias_terms(context_terms, alias_terms)
            context_names = {
                t for r in rows for n in names_with_roles(self.passages[r].text) for t in n.tokens
            }
            dates = self.timelines.article_dates(passage.source)
            for start, end in passage.sentences:
                sentence = passage.text[start - passage.start : end - passage.start]
                in_sentence = [d for d in dates if start <= d.start < end]
                comparison = compare(claim, sentence, in_sentence, context_names, self.aliases)
                quote = self.quotes.quote_span(
                    passage, start, end, scored.score, scored.hit.also_in
                )
                if quote is None:
                    continue
                disputed = {t for m in comparison.mismatches for t in terms(m.claim)}
                kept = [t for t in claim.terms if t not in disputed]
                about = (scored.hit.dense + self.ranker.word_coverage(kept, context_terms)) / 2
                candidate = Candidate(comparison, about, scored.hit.dense, context_terms)
                sentences.append(
                    _Sentence(quote, candidate, scored.score, scored.hit.row, scored.hit.also_in)
                )
        sentences.sort(key=lambda s: -s.candidate.about)
        retrieval = Retrieval(
            max((s.hit.dense for s in ranked), default=0.0),
            max((s.score for s in ranked), default=0.0),
            len(relevant) / FACTCHECK_CANDIDATES,
            self.ranker.unknown_names(text)[1],
        )
        features = claim_features(
            claim,
            [s.candidate for s in sentences],
            retrieval,
            self.ranker.word_coverage,
            self.ranker.searcher.keywords.idf,
        )
        return Analysis(claim, tuple(sentences), features, tuple(ranked))

    def check(self, text: str, where: Where | None = None) -> FactCheck:
        """The verdict on ``text``, a claim the engine has already checked the form of
        (``Engine.check_claim``), from the passages ``where`` admits."""
        analysis = self.analyse(text, where)
        verdict = self._decide(analysis)
        check = self._explain(text, verdict, analysis)
        changed = self.quotes.changed_among(s.hit.passage.source for s in analysis.ranked)
        if changed and check.verdict == "not_found":
            # What the index says the articles lack may be in the changed ones now.
            check = replace(check, reason=changed_notice(changed))
        return replace(check, changed=changed)

    def _decide(self, analysis: Analysis) -> Verdict:
        """The verdict: the first of the best sentences that is squarely about the claim
        and either confirms every piece of it or states a concrete conflict (another
        number, date, name or holder, an opposite verb) decides; otherwise the model
        weighs all the evidence."""
        if not analysis.sentences:
            return "not_found"  # nothing to show for or against it
        for sentence in analysis.sentences[:TOP_EVIDENCE]:
            if decided := _decisive(sentence.candidate):
                return decided
        return self.model.verdict(analysis.features)[0]

    def _one_per_report(self, sentences: tuple[_Sentence, ...]) -> list[_Sentence]:
        """The sentences with each copy or close paraphrase (in another article) of a
        better one folded into it, each quote carrying its reach: a report is shown once."""
        merged = one_per_report(
            self.ranker.searcher,
            sentences,
            lambda s: s.row,
            lambda s: s.quote.text,
            lambda s: s.quote.source,
        )
        return [
            replace(s, quote=replace(s.quote, reach=self.quotes.reach(s.quote.source, s.also_in)))
            for s in merged
        ]

    def _explain(self, claim: str, verdict: Verdict, analysis: Analysis) -> FactCheck:
        """The verdict with its evidence: the best sentences without a mismatch for
        support, those with one (or else the best) against; and how many independent
        articles stand behind it: those of the evidence shown for it and of every other
        sentence that settles the claim the same way on its own (``_decisive``)."""
        sentences = self._one_per_report(analysis.sentences)
        if verdict == "supported":
            clean = [s for s in sentences if not s.candidate.comparison.mismatches]
            shown = tuple(
                Evidence(s.quote, "supports") for s in (clean or sentences)[:EVIDENCE_SHOWN]
            )
            # A sentence as much about the claim that says otherwise is shown too.
            against = tuple(
                Evidence(s.quote, "contradicts", s.candidate.comparison.mismatches)
                for s in sentences[:EVIDENCE_SHOWN]
                if _decisive(s.candidate) == "contradicted"
            )
            behind = [s.quote for s in sentences if _decisive(s.candidate) == "supported"]
            count = _independent([e.quote for e in shown] + behind)
            return FactCheck(
                claim, "supported", "an article states it", shown, against, independent=count
            )
        if verdict == "contradicted":
            disputed = [s for s in sentences if s.candidate.comparison.mismatches]
            shown = tuple(
                Evidence(s.quote, "contradicts", s.candidate.comparison.mismatches)
                for s in (disputed or sentences)[:EVIDENCE_SHOWN]
            )
            if disputed:
                first = shown[0].mismatches[0]
                reason = f"the claim says {first.claim!r}, the article says {first.article!r}"
            else:
                reason = "the closest statements of the articles say otherwise"
            behind = [s.quote for s in sentences if _decisive(s.candidate) == "contradicted"]
            count = _independent([e.quote for e in shown] + behind)
            return FactCheck(claim, "contradicted", reason, (), shown, independent=count)
        unknown, _ = self.ranker.unknown_names(claim)
        reason = (
            f"the articles never mention {', '.join(unknown)}"
            if unknown
            else "no passage of the articles settles it"
        )
        closest = tuple(
            q
            for s in analysis.ranked[:EVIDENCE_SHOWN]
            if (q := self.quotes.quote(s.hit.passage, s.score))
        )
        return FactCheck(claim, "not_found", reason, closest=closest)


def _independent(quotes: list[Quote]) -> int:
    """How many independent articles the ``quotes`` come from: each quote's reach (the
    articles carrying its text) is one report (``reach.independent``)."""
    return independent(q.reach.articles if q.reach else (q.source,) for q in quotes)
