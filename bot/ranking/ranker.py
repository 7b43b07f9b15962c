"""The learned ranker: retrieve a wide pool of candidates, score each with the answer
model, and say how likely the best of them answer the question.

Built once per loaded index (``Engine._load``); ``rank`` costs one embedding, one hybrid
search and a few numpy rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embeddings import Hit, Searcher
from embeddings.filters import Where
from embeddings.names import NameStats

from ..aliases import Aliases
from ..constants import RANKER_CANDIDATES, RANKER_POOL
from .features import CorpusView, Retrieved, candidate_features, question_features
from .model import AnswerModel
from .question import analyse


def retrieve(
    searcher: Searcher,
    question: str,
    vector: np.ndarray | None = None,
    where: Where | None = None,
) -> list[tuple[Hit, Retrieved]]:
    """The candidates for ``question`` (among the passages ``where`` admits) with every
    retrieval score the features use."""
    hits = searcher.search(
        question, k=RANKER_CANDIDATES, pool=RANKER_POOL, vector=vector, where=where
    )
    return [
        (
            hit,
            Retrieved(
                hit.row,
                hit.score,
                rank,
                hit.cos_own,
                hit.cos_ctx,
                hit.dense_rank,
                hit.bm25,
                hit.bm25_rank,
                (hit.passage.source, *hit.also_in),
            ),
        )
        for rank, hit in enumerate(hits)
    ]


@dataclass(frozen=True)
class Ranked:
    hits: tuple[Hit, ...]  # the candidates, most likely to hold the answer first
    probabilities: tuple[float, ...]  # P(holds the answer), for each of ``hits``
    p_answer: float  # P(the best quotes answer the question): low means abstain


class LearnedRanker:
    def __init__(
        self,
        searcher: Searcher,
        model: AnswerModel,
        aliases: Aliases,
        names: NameStats | None = None,
    ):
        self.searcher = searcher
        self.model = model
        self.aliases = aliases
        self.view = CorpusView.of(searcher, names)

    def rank(self, question: str, unknown_share: float, where: Where | None = None) -> Ranked:
        """``unknown_share``: the share (by rarity) of the question's names the corpus
        never mentions (``Ranker.unknown_names``), a feature of both models."""
        found = retrieve(self.searcher, question, where=where)
        q = analyse(question, self.searcher.keywords.idf, unknown_share, self.aliases)
        features = candidate_features(q, [r for _, r in found], self.view)
        probabilities = self.model.candidate_probabilities(features)
        p_answer = self.model.answer_probability(question_features(q, features, probabilities))
        order = np.argsort(-probabilities, kind="stable")
        return Ranked(
            tuple(found[i][0] for i in order),
            tuple(float(probabilities[i]) for i in order),
            p_answer,
        )
