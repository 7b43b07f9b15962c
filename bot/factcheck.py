"""Fact checks: does the corpus support a claim, contradict it, both, or say nothing?

The claim is compared with each retrieved sentence, piece by piece (``bot.claims``):
quantities, dates, names in the same role, negation and opposite verbs. A sentence
about the same thing (it shares most of the claim's words, in its own text or the
sentence before) *supports* the claim if it confirms every number, date and name and
contradicts none; it *contradicts* it if it states something incompatible. The
thresholds are set on the dev set; the rules are the same for every claim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from embeddings import Passage
from embeddings.keyword import terms

from .answers import Ranker
from .claims import Name, Quantity, check_claim_form, names, negated, opposite_verbs
from .claims import quantities as find_quantities
from .dates import INVALID, PartialDate, find_dates
from .quotes import Quote, QuoteMaker, changed_notice
from .timeline import TimelineBuilder

CANDIDATES = 8
MIN_RELEVANCE = 0.5  # a passage scoring lower is not about the claim at all
# How much a sentence must be about the claim: the mean of its cosine to the claim and the
# share (by rarity) of the claim's words it holds. Support asks for more than contradiction,
# which must also show a concrete mismatch. Set on the dev set's claims.
ABOUT_TO_SUPPORT = 0.475
ABOUT_TO_CONTRADICT = 0.425
MIXED_RATIO = 0.85  # both sides count when the weaker is at least this strong


@dataclass(frozen=True)
class Mismatch:
    kind: str  # number, date, name, negation or opposite
    claim: str  # what the claim says
    article: str  # what the article says instead

    def as_json(self) -> dict:
        return {"kind": self.kind, "claim": self.claim, "article": self.article}


@dataclass(frozen=True)
class Evidence:
    quote: Quote
    stance: str  # supports or contradicts
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
    verdict: str  # supported, contradicted, mixed or not_found
    reason: str
    supports: tuple[Evidence, ...] = ()
    contradicts: tuple[Evidence, ...] = ()
    closest: tuple[Quote, ...] = ()  # offered for not_found, never as evidence
    changed: tuple[str, ...] = ()  # relevant articles not checked: changed since indexing

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.supports + self.contradicts

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
        }


def _dates_agree(a: PartialDate, b: PartialDate) -> bool | None:
    """True/False when the two dates share a part to compare, None when they share none."""
    pairs = [(a.year, b.year), (a.month, b.month), (a.day, b.day)]
    shared = [(x, y) for x, y in pairs if x is not None and y is not None]
    return all(x == y for x, y in shared) if shared else None


@dataclass(frozen=True)
class _Claim:
    text: str
    terms: list[str]
    names: list[Name]
    quantities: list[Quantity]
    dates: list[tuple[str, PartialDate]]


class FactChecker:
    def __init__(self, ranker: Ranker, quotes: QuoteMaker, timelines: TimelineBuilder):
        self.ranker = ranker
        self.quotes = quotes
        self.timelines = timelines  # for the dates of each article, found once
        self.passages = ranker.searcher.store.passages

    def _context_rows(self, row: int) -> list[int]:
        """The passage and the one before it in the same article: a sentence is read in context."""
        if row > 0 and self.passages[row - 1].source == self.passages[row].source:
            return [row - 1, row]
        return [row]

    def _mismatches(self, claim: _Claim, passage: Passage, span, context_names: set[str]):
        """(mismatches, everything confirmed?) of one sentence against the claim."""
        start, end = span
        sentence = passage.text[start - passage.start : end - passage.start]
        mismatches, confirmed = [], True
        found = find_quantities(sentence)
        for quantity in claim.quantities:
            same = [q for q in found if q.same_kind(quantity)]
            if any(abs(q.value - quantity.value) < 1e-9 for q in same):
                continue
            confirmed = False
            if same:
                mismatches.append(
                    Mismatch("number", quantity.text, ", ".join(q.text for q in same))
                )
        sentence_dates = [
            d for d in self.timelines.article_dates(passage.source) if start <= d.start < end
        ]
        for text, date in claim.dates:
            verdicts = [(d, _dates_agree(date, d.date)) for d in sentence_dates if d.date]
            if any(v for _, v in verdicts):
                continue
            confirmed = False
            wrong = [d.text for d, v in verdicts if v is False]
            # A day the calendar lacks ("February 29, 2023") never agrees: it is shown instead.
            wrong += [f"{d.text} (no such date)" for d in sentence_dates if d.provenance == INVALID]
            if wrong:
                mismatches.append(Mismatch("date", text, ", ".join(wrong)))
        sentence_names = names(sentence)
        claim_tokens = {t for n in claim.names for t in n.tokens}
        for name in claim.names:
            if name.tokens & context_names:
                continue
            confirmed = False
            rivals = [
                n for n in sentence_names if n.role == name.role and not n.tokens & claim_tokens
            ]
            if name.role and rivals:
                mismatches.append(Mismatch("name", name.text, " / ".join(n.text for n in rivals)))
        if negated(claim.text) != negated(sentence):
            said = (
                ("it is not so", "it is so") if negated(claim.text) else ("it is so", "it is not")
            )
            mismatches.append(Mismatch("negation", *said))
        if opposite := opposite_verbs(claim.text, sentence):
            mismatches.append(Mismatch("opposite", *opposite))
        return mismatches, confirmed

    def _aboutness(self, claim: _Claim, cosine: float, context_terms, mismatches) -> float:
        """How much a sentence (read with the one before) is about the claim: its cosine and
        its share of the claim's words, leaving out the words the sentence disputes."""
        disputed = {t for m in mismatches for t in terms(m.claim)}
        kept = [t for t in claim.terms if t not in disputed]
        return (cosine + self.ranker.word_coverage(kept, context_terms)) / 2

    def check(self, text: str) -> FactCheck:
        check_claim_form(text)
        claim = _Claim(
            text,
            terms(text),
            names(text),
            find_quantities(text),
            [(d.text, d.date) for d in find_dates(text) if d.date],
        )
        ranked = [s for s in self.ranker.rank(text, k=CANDIDATES) if s.score >= MIN_RELEVANCE]
        supports: list[tuple[float, Evidence]] = []
        contradicts: list[tuple[float, Evidence]] = []
        for scored in ranked:
            passage = scored.hit.passage
            rows = self._context_rows(scored.hit.row)
            # Worked out once per passage, from what the index already holds.
            context_terms = set().union(*(self.ranker.searcher.keywords.terms_of(r) for r in rows))
            context_names = {
                t for r in rows for n in names(self.passages[r].text) for t in n.tokens
            }
            for span in passage.sentences:
                mismatches, confirmed = self._mismatches(claim, passage, span, context_names)
                about = self._aboutness(claim, scored.hit.dense, context_terms, mismatches)
                quote = self.quotes.quote_span(passage, *span, scored.score)
                if quote is None:
                    continue
                if mismatches and about >= ABOUT_TO_CONTRADICT:
                    evidence = Evidence(quote, "contradicts", tuple(mismatches))
                    contradicts.append((scored.score, evidence))
                elif not mismatches and confirmed and about >= ABOUT_TO_SUPPORT:
                    supports.append((scored.score, Evidence(quote, "supports")))
        check = self._verdict(claim.text, supports, contradicts, ranked)
        changed = self.quotes.changed_among(s.hit.passage.source for s in ranked)
        if changed and check.verdict == "not_found":
            # What the index says the articles lack may be in the changed ones now.
            check = replace(check, reason=changed_notice(changed))
        return replace(check, changed=changed)

    def _verdict(self, claim, supports, contradicts, ranked) -> FactCheck:
        best_for = max((s for s, _ in supports), default=0.0)
        best_against = max((s for s, _ in contradicts), default=0.0)
        shown_for = tuple(e for _, e in sorted(supports, key=lambda x: -x[0])[:3])
        shown_against = tuple(e for _, e in sorted(contradicts, key=lambda x: -x[0])[:3])
        if (
            supports
            and contradicts
            and min(best_for, best_against) >= MIXED_RATIO * max(best_for, best_against)
        ):
            return FactCheck(
                claim, "mixed", "the articles hold evidence both ways", shown_for, shown_against
            )
        if supports and best_for >= best_against:
            return FactCheck(claim, "supported", "an article states it", shown_for)
        if contradicts:
            first = shown_against[0].mismatches[0]
            reason = f"the claim says {first.claim!r}, the article says {first.article!r}"
            return FactCheck(claim, "contradicted", reason, (), shown_against)
        unknown, share = self.ranker.unknown_names(claim)
        reason = (
            f"the articles never mention {', '.join(unknown)}"
            if unknown
            else "no passage of the articles settles it"
        )
        closest = tuple(q for s in ranked[:3] if (q := self.quotes.quote(s.hit.passage, s.score)))
        return FactCheck(claim, "not_found", reason, closest=closest)
