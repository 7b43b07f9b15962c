"""Claim-level features for the verdict model, from the sentences retrieved for a claim.

Every sentence of the retrieved passages is compared with the claim (``compare``); the
features describe how strongly the best of them are about the claim (cosine and the
rarity-weighted share of its words they hold) and what the detectors found in them: the
claim's numbers, dates and names matched, contradicted or absent, role conflicts,
negation and opposite verbs. A claim whose page the corpus lacks retrieves weakly and
names what the corpus never mentions; a supported one is covered and confirmed; a
contradicted one is covered but for a word, a number or a name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..constants import MAX_COUNT, TOP_EVIDENCE
from .compare import Claim, Comparison, Tally

PIECES = ("numbers", "dates", "names")
FEATURES: tuple[str, ...] = (
    "best_dense",
    "best_score",
    "relevant",
    "unknown_names",
    "best_about",
    "coverage_best",
    "coverage_top",
    "missing_rarest",
    "claim_terms",
    *(
        f"{piece}_{what}"
        for piece in PIECES
        for what in ("in_claim", "matched", "contradicted", "absent")
    ),
    "role_conflict",
    "negation_best",
    "negation_top",
    "opposite_top",
    "mismatches_best",
    "confirmed_best",
    "confirmed_top",
    "claim_negated",
)


@dataclass(frozen=True)
class Candidate:
    """One retrieved sentence, compared with the claim."""

    comparison: Comparison
    about: float  # mean of its passage's cosine and its coverage of the claim's words
    dense: float  # its passage's cosine to the claim
    context_terms: frozenset[str]  # its words and those of the sentence before


@dataclass(frozen=True)
class Retrieval:
    """What retrieval said of the claim as a whole."""

    best_dense: float
    best_score: float
    relevant: float  # share of the candidate passages above the relevance floor
    unknown_names: float  # share (by rarity) of the claim's names the corpus never mentions


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _piece(claim_count: int, tallies: Sequence[Tally], best: Tally | None) -> list[float]:
    """in_claim, matched, contradicted, absent of one kind of piece over the top sentences."""
    if not claim_count:
        return [0.0, 0.0, 0.0, 0.0]
    matched = max((t.matched for t in tallies), default=0)
    contradicted = max((t.contradicted for t in tallies), default=0)
    absent = best.absent if best else claim_count
    return [
        min(claim_count, MAX_COUNT),
        _share(matched, claim_count),
        _share(contradicted, claim_count),
        _share(absent, claim_count),
    ]


def claim_features(
    claim: Claim,
    candidates: Sequence[Candidate],
    retrieval: Retrieval,
    coverage: Callable[[list[str], frozenset[str]], float],
    idf: Callable[[str], float],
) -> np.ndarray:
    """The feature row (laid out as ``FEATURES``) of ``claim`` given its ``candidates``,
    best (by aboutness) first as the fact checker sorts them; ``coverage`` and ``idf`` are
    the index's word weighting."""
    top = candidates[:TOP_EVIDENCE]
    best = top[0] if top else None
    union = frozenset().union(*(c.context_terms for c in top)) if top else frozenset()
    weights = {t: idf(t) for t in claim.terms}
    missing = [w for t, w in weights.items() if t not in union]
    comparisons = [c.comparison for c in top]
    counts = (len(claim.quantities), len(claim.dates), len(claim.names))
    row = [
        retrieval.best_dense,
        retrieval.best_score,
        retrieval.relevant,
        retrieval.unknown_names,
        best.about if best else 0.0,
        coverage(claim.terms, best.context_terms) if best else 0.0,
        coverage(claim.terms, union),
        max(missing, default=0.0) / max(weights.values(), default=1.0),
        min(len(claim.terms) / 10, MAX_COUNT),
    ]
    for piece, count in zip(PIECES, counts, strict=True):
        tallies = [getattr(c, piece) for c in comparisons]
        row += _piece(count, tallies, getattr(best.comparison, piece) if best else None)
    kinds = [{m.kind for m in c.mismatches} for c in comparisons]
    row += [
        float(any("role" in k for k in kinds)),
        float(bool(kinds) and "negation" in kinds[0]),
        _share(sum("negation" in k for k in kinds), len(kinds)),
        float(any("opposite" in k for k in kinds)),
        min(len(comparisons[0].mismatches), MAX_COUNT) if comparisons else 0.0,
        float(bool(comparisons) and comparisons[0].confirmed),
        float(any(c.confirmed for c in comparisons)),
        float(claim.negated),
    ]
    return np.asarray(row, dtype=np.float64)
