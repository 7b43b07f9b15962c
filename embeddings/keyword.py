"""Keyword search (BM25, via bm25s) and the word normalisation it shares with scoring.

Words are lower-cased, stop words dropped and Snowball-stemmed, so "lasted" meets
"last" and "deployment" meets "deployed".
"""

from __future__ import annotations

import logging
import math
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN
from bm25s.tokenization import Tokenizer

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


@lru_cache(maxsize=1)
def _stem():
    return Stemmer.Stemmer("english").stemWord


# Question and auxiliary words carry no topic: "When did X happen?" is about X.
QUESTION_WORDS = (
    "what when where which who whom whose why how did does do done is are was were be been "
    "will would can could should shall may might must has have had much many"
).split()


STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(QUESTION_WORDS)


def _tokenizer() -> Tokenizer:
    return Tokenizer(stopwords=sorted(STOPWORDS), stemmer=_stem())


def terms(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order."""
    tokenized = _tokenizer().tokenize([text], return_as="tuple", show_progress=False)
    words = {i: w for w, i in tokenized.vocab.items()}
    return [words[i] for i in tokenized.ids[0] if words[i]]


class KeywordIndex:
    """BM25 over a list of texts; also knows each term's document frequency."""

    def __init__(self, texts: list[str]):
        self._tokenizer = _tokenizer()
        tokenized = self._tokenizer.tokenize(texts, return_as="tuple", show_progress=False)
        self._bm25 = bm25s.BM25()
        self._size = len(texts)
        if texts:
            self._bm25.index(tokenized, show_progress=False)
        self._doc_freq = np.zeros(len(tokenized.vocab), dtype=np.int64)
        words = {i: w for w, i in tokenized.vocab.items()}
        # Each text's terms, kept so that scoring a passage never tokenises it again.
        self._doc_terms = [frozenset(words[i] for i in ids) for ids in tokenized.ids]
        for ids in tokenized.ids:
            self._doc_freq[np.unique(np.asarray(ids, dtype=np.int64))] += 1
        self._vocab = tokenized.vocab

    def terms_of(self, row: int) -> frozenset[str]:
        """The stemmed content words of text ``row``."""
        return self._doc_terms[row]

    def idf(self, term: str) -> float:
        """Inverse document frequency; a term the corpus never uses gets the highest value."""
        df = self._doc_freq[self._vocab[term]] if term in self._vocab else 0
        return math.log(1 + (self._size - df + 0.5) / (df + 0.5))

    def knows(self, term: str) -> bool:
        return term in self._vocab

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best ``k`` texts with a positive score."""
        words = [w for w in terms(query) if w in self._vocab]
        if not words or not self._size:
            return []
        scores = self._bm25.get_scores(words)
        k = min(k, self._size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
