"""Features for learned answer ranking and abstention.

``CorpusView`` holds what features need of a loaded index (worked out once per index);
``candidate_features`` gives one row of ``CANDIDATE_FEATURES`` per retrieved passage
(retrieval scores, rarity-weighted coverage alone and with its paragraph, title overlap,
position in the article, length, answer-type match), and ``question_features`` one row
of ``QUESTION_FEATURES`` per question for the abstention model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.keyword import terms
from embeddings.names import NameStats, tokens

from .answer_types import OTHER, Entities, NewEntities, entities, not_asked
from .question import QuestionInfo, negated


def position(
    paragraph: int, paragraphs: int, index_in_paragraph: int
) -> tuple[float, float, float]:
    """(share of the article before this paragraph, is the lead paragraph, is first passage).

    ``paragraph`` is 1-based among ``paragraphs``; ``index_in_paragraph`` is 0-based.
    """
    relative = (paragraph - 1) / max(1, paragraphs - 1) if paragraphs > 1 else 0.0
    return relative, float(paragraph == 1), float(index_in_paragraph == 0)


@dataclass(frozen=True)
class Retrieved:
    """What retrieval says about one candidate passage (row = passage index)."""

    row: int
    fused: float  # reciprocal-rank fusion score
    fused_rank: int  # 0-based among the candidates
    cos_own: float  # cosine of the passage's own vector
    cos_ctx: float  # cosine of its vector read after the passage before it
    dense_rank: int  # 0-based in the dense list (pool if absent)
    bm25: float  # BM25 score (0 if not in the keyword list)
    bm25_rank: int  # 0-based in the keyword list (pool if absent)
    sources: tuple[str, ...] = ()  # its article and articles holding a duplicate


class CorpusView:
    """What features need of a loaded index, each worked out when first asked for (per
    passage, paragraph or article) and then remembered, so that loading an index does
    no work per passage.

    Relies on the store's order: an article's passages are consecutive, in order.
    """

    def __init__(
        self, passages: Sequence, articles: dict, terms_of, idf, names: NameStats | None = None
    ):
        self.passages = passages
        self.articles = articles
        self.terms_of = terms_of
        self.idf = idf
        self._paragraphs: dict[tuple[str, int], list[int]] = {}
        self._article_terms: dict[str, frozenset[str]] = {}
        self._title_terms: dict[str, frozenset[str]] = {}
        self._entities: dict[int, Entities] = {}
        self._tokens: dict[tuple[str, int], frozenset[str]] = {}
        self._negated: dict[int, bool] = {}
        # The engine's unknown-name rule counts the same tokens: pass its NameStats in.
        self.names = names if names is not None else NameStats([p.text for p in passages])

    def _run(self, row: int, same) -> list[int]:
        """The consecutive rows around ``row`` (itself included) for which ``same`` holds."""
        first, last = row, row
        while first > 0 and same(self.passages[first - 1]):
            first -= 1
        while last + 1 < len(self.passages) and same(self.passages[last + 1]):
            last += 1
        return list(range(first, last + 1))

    def paragraph_rows(self, row: int) -> list[int]:
        """The rows of the paragraph passage ``row`` belongs to, in order."""
        p = self.passages[row]
        key = (p.source, p.paragraph)
        if key not in self._paragraphs:
            self._paragraphs[key] = self._run(
                row, lambda q: q.source == p.source and q.paragraph == p.paragraph
            )
        return self._paragraphs[key]

    def index_in_paragraph(self, row: int) -> int:
        return self.paragraph_rows(row).index(row)

    def article_terms(self, row: int) -> frozenset[str]:
        """The terms of every passage of the article passage ``row`` belongs to."""
        source = self.passages[row].source
        if source not in self._article_terms:
            rows = self._run(row, lambda q: q.source == source)
            self._article_terms[source] = frozenset().union(*(self.terms_of(r) for r in rows))
        return self._article_terms[source]

    def title_terms(self, source: str) -> frozenset[str]:
        if source not in self._title_terms:
            article = self.articles.get(source)
            title = article.title if article is not None else ""
            self._title_terms[source] = frozenset(terms(title or ""))
        return self._title_terms[source]

    def paragraph_count(self, source: str) -> int:
        article = self.articles.get(source)
        return max(1, len(article.paragraphs)) if article is not None else 1

    def idf_name(self, name: str) -> float:
        """Rarity of a name's rarest word among the passages (a name never seen weighs most)."""
        words = tokens(name) or {name.lower()}
        df = min(self.names.doc_freq(w) for w in words)
        return math.log(1 + (self.names.size - df + 0.5) / (df + 0.5))

    def paragraph_tokens(self, row: int) -> frozenset[str]:
        p = self.passages[row]
        key = (p.source, p.paragraph)
        if key not in self._tokens:
            rows = self.paragraph_rows(row)
            self._tokens[key] = frozenset().union(*(tokens(self.passages[r].text) for r in rows))
        return self._tokens[key]

    def negated(self, row: int) -> bool:
        if row not in self._negated:
            self._negated[row] = negated(self.passages[row].text)
        return self._negated[row]

    @classmethod
    def of(cls, searcher, names: NameStats | None = None) -> CorpusView:
        store = searcher.store
        keywords = searcher.keywords
        return cls(store.passages, store.articles, keywords.terms_of, keywords.idf, names)

    def neighbours(self, row: int) -> list[int]:
        return [r for r in self.paragraph_rows(row) if r != row]

    def paragraph_terms(self, row: int) -> frozenset[str]:
        return frozenset().union(*(self.terms_of(r) for r in self.paragraph_rows(row)))


CANDIDATE_FEATURES = (
    "cos",  # the better of own/in-context cosine
    "cos_own",
    "cos_ctx",
    "cos_gap",  # best cosine among the candidates minus this one
    "fused",  # RRF score * 60 (about 1 when first in both lists)
    "log_fused_rank",
    "log_dense_rank",
    "log_bm25_rank",
    "bm25_rel",  # BM25 / best BM25 among candidates
    "coverage",  # rarity-weighted share of question terms in the passage
    "coverage_par",  # ... in its paragraph
    "coverage_gain",  # coverage_par - coverage
    "coverage_article",
    "max_missing_idf",  # rarest question term the passage lacks
    "title_overlap",
    "article_support",  # share of the candidates' fused score from this article
    "position",  # 0 for the first paragraph .. 1 for the last
    "lead",
    "first_in_paragraph",
    "log_words",
    "type_match",  # a new entity of the asked-for kind
    "type_match_par",  # ... elsewhere in its paragraph only
    "type_count",  # log1p(count)
    "new_name",
    "new_number",
    "new_date",
    "baseline",  # today's score: cosine + 0.3 * coverage
    "names_missing_par",  # share (by rarity) of the question's names its paragraph lacks
    "negation_mismatch",  # one of question and passage is negated, the other not
    # question-level, the same for every candidate of a question
    "q_unknown_share",
    "q_typed",  # the question asks for a specific kind of answer
)


def _entities_of(view: CorpusView, row: int) -> Entities:
    found = view._entities.get(row)
    if found is None:
        found = view._entities[row] = entities(view.passages[row].text)
    return found


def _new_of(view: CorpusView, row: int, asked: frozenset[str]) -> NewEntities:
    return not_asked(_entities_of(view, row), asked)


def candidate_features(q: QuestionInfo, cands: Sequence[Retrieved], view: CorpusView) -> np.ndarray:
    """One row of ``CANDIDATE_FEATURES`` per candidate."""
    if not cands:
        return np.zeros((0, len(CANDIDATE_FEATURES)), dtype=np.float64)
    best_cos = max(max(c.cos_own, c.cos_ctx) for c in cands)
    best_bm25 = max((c.bm25 for c in cands), default=0.0) or 1.0
    fused_total = sum(c.fused for c in cands) or 1.0
    by_article: dict[str, float] = {}
    for c in cands:
        source = view.passages[c.row].source
        by_article[source] = by_article.get(source, 0.0) + c.fused
    typed = q.kind not in (OTHER,)
    rows = []
    for c in cands:
        p = view.passages[c.row]
        own_terms = view.terms_of(c.row)
        par_terms = view.paragraph_terms(c.row)
        cov = q.coverage(own_terms)
        cov_par = q.coverage(par_terms)
        cos = max(c.cos_own, c.cos_ctx)
        new = _new_of(view, c.row, q.tokens)
        count = new.of_type(q.kind)
        around = sum(_new_of(view, r, q.tokens).of_type(q.kind) for r in view.neighbours(c.row))
        relative, lead, first = position(
            p.paragraph, view.paragraph_count(p.source), view.index_in_paragraph(c.row)
        )
        rows.append(
            [
                cos,
                c.cos_own,
                c.cos_ctx,
                best_cos - cos,
                c.fused * 60.0,
                math.log1p(c.fused_rank),
                math.log1p(c.dense_rank),
                math.log1p(c.bm25_rank),
                c.bm25 / best_bm25,
                cov,
                cov_par,
                cov_par - cov,
                q.coverage(view.article_terms(c.row)),
                q.max_missing(own_terms),
                q.coverage(view.title_terms(p.source)),
                by_article[p.source] / fused_total,
                relative,
                lead,
                first,
                math.log(max(1, len(p.text.split()))),
                float(count > 0),
                float(count == 0 and around > 0),
                math.log1p(count),
                float(new.names > 0),
                float(new.numbers > 0),
                float(new.dates > 0),
                cos + 0.3 * cov,
                q.names_missing(view.paragraph_tokens(c.row), view.idf_name),
                float(q.negated != view.negated(c.row)),
                q.unknown_share,
                float(typed),
            ]
        )
    return np.asarray(rows, dtype=np.float64)


QUESTION_FEATURES = (
    "p1",  # the best candidate's probability
    "logit1",
    "p2",
    "margin",  # p1 - p2
    "p_sum5",  # sum of the five best probabilities
    "top_cos",
    "max_cos",
    "top_coverage",
    "top_coverage_par",
    "max_coverage",
    "top_max_missing_idf",
    "top_type_match",
    "top_type_match_par",
    "unknown_share",
    "typed",
    "article_support",
    "top_bm25_rel",
    "q_terms",  # log of how many content words the question has
    "top_names_missing",
    "min_names_missing5",  # the fewest missing names among the five best
    "top_negation_mismatch",
)
# Not a feature on purpose: "the question is negated". SQuAD 2.0's adversarial writers
# often add a "not", so it predicts abstention there, but it is an artifact of that data
# set, not of language: "Which country did not attend?" is a fair question.


def question_features(q: QuestionInfo, feats: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """The abstention model's row for a question: its candidates' features and probabilities."""
    idx = {name: i for i, name in enumerate(CANDIDATE_FEATURES)}
    if len(probs) == 0:
        row = np.zeros(len(QUESTION_FEATURES))
        row[QUESTION_FEATURES.index("unknown_share")] = q.unknown_share
        row[QUESTION_FEATURES.index("logit1")] = -10.0
        return row
    order = np.argsort(-probs, kind="stable")
    top = feats[order[0]]
    p = probs[order]
    p1 = float(p[0])
    p2 = float(p[1]) if len(p) > 1 else 0.0
    clipped = min(max(p1, 1e-6), 1 - 1e-6)
    return np.asarray(
        [
            p1,
            math.log(clipped / (1 - clipped)),
            p2,
            p1 - p2,
            float(p[:5].sum()),
            top[idx["cos"]],
            float(feats[:, idx["cos"]].max()),
            top[idx["coverage"]],
            top[idx["coverage_par"]],
            float(feats[:, idx["coverage"]].max()),
            top[idx["max_missing_idf"]],
            top[idx["type_match"]],
            top[idx["type_match_par"]],
            q.unknown_share,
            float(q.kind != OTHER),
            top[idx["article_support"]],
            top[idx["bm25_rel"]],
            math.log1p(len(q.terms)),
            top[idx["names_missing_par"]],
            float(feats[order[:5], idx["names_missing_par"]].min()),
            top[idx["negation_mismatch"]],
        ],
        dtype=np.float64,
    )
