"""Keyword search (BM25, via bm25s) and the word normalisation it shares with scoring.

Words are lower-cased, stop words dropped and Snowball-stemmed, so "lasted" meets
"last" and "deployment" meets "deployed".
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path

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
    """BM25 over a list of texts; also knows each term's document frequency and each
    text's terms.

    Built once by the index build and saved beside it (``save``); a reader maps the saved
    arrays (``load``) and reads only the vocabulary, so nothing is computed per text.
    """

    def __init__(self, texts: list[str]):
        tokenized = _tokenizer().tokenize(texts, return_as="tuple", show_progress=False)
        bm25 = bm25s.BM25()
        if texts:
            bm25.index(tokenized, show_progress=False)
        # Each text's distinct term ids, kept so that scoring a passage never tokenises it again.
        per_text = [np.unique(np.asarray(ids, dtype=np.int32)) for ids in tokenized.ids]
        term_ids = np.concatenate(per_text) if per_text else np.zeros(0, dtype=np.int32)
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(ids) for ids in per_text])
        doc_freq = np.bincount(term_ids, minlength=len(tokenized.vocab)).astype(np.int64)
        self._use(bm25 if texts else None, dict(tokenized.vocab), doc_freq, term_ids, offsets)

    def _use(
        self,
        bm25: bm25s.BM25 | None,
        vocab: dict[str, int],
        doc_freq: np.ndarray,
        term_ids: np.ndarray,
        offsets: np.ndarray,
    ) -> None:
        self._bm25 = bm25
        self._vocab = vocab
        self._doc_freq = doc_freq
        self._term_ids = term_ids  # the distinct term ids of text i: [offsets[i], offsets[i+1])
        self._offsets = offsets
        self._size = len(offsets) - 1

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` (created): bm25s's own files and our arrays."""
        folder.mkdir()
        if self._bm25 is not None:
            self._bm25.save(folder / "bm25", show_progress=False)
        np.save(folder / "doc_freq.npy", self._doc_freq)
        np.save(folder / "term_ids.npy", self._term_ids)
        np.save(folder / "offsets.npy", self._offsets)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        """The index ``save`` wrote, its arrays memory-mapped (read as queries need them)."""
        index = cls.__new__(cls)
        bm25 = None
        if (folder / "bm25").is_dir():
            bm25 = bm25s.BM25.load(folder / "bm25", mmap=True, show_progress=False)
        index._use(
            bm25,
            bm25.vocab_dict if bm25 is not None else {},  # bm25s indexed with our vocabulary
            np.load(folder / "doc_freq.npy", mmap_mode="r"),
            np.load(folder / "term_ids.npy", mmap_mode="r"),
            np.load(folder / "offsets.npy", mmap_mode="r"),
        )
        return index

    def __len__(self) -> int:
        return self._size

    @cached_property
    def _words(self) -> list[str]:
        """The vocabulary by term id, worked out on the first ``terms_of``."""
        words = [""] * len(self._vocab)
        for word, i in self._vocab.items():
            words[i] = word
        return words

    def terms_of(self, row: int) -> frozenset[str]:
        """The stemmed content words of text ``row``."""
        ids = self._term_ids[self._offsets[row] : self._offsets[row + 1]]
        words = self._words
        return frozenset(words[i] for i in ids.tolist())

    def doc_freq(self, term: str) -> int:
        """How many texts hold ``term`` (a stemmed word, as ``terms`` gives it)."""
        return int(self._doc_freq[self._vocab[term]]) if term in self._vocab else 0

    def idf(self, term: str) -> float:
        """Inverse document frequency; a term the corpus never uses gets the highest value."""
        return bm25_idf(self._size, self.doc_freq(term))

    def knows(self, term: str) -> bool:
        return term in self._vocab

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best ``k`` texts with a positive score."""
        return self.search_terms(terms(query), k)

    def search_terms(
        self,
        words: list[str],
        k: int,
        idf: Callable[[str], float] | None = None,
        allowed: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best ``k`` texts for these stemmed ``words``.

        ``idf``: the weight of each word, if not this index's own (an index in segments
        scores every segment with the whole index's, as Lucene does: BM25 is idf × a part
        that depends on the text only, so each word's scores are rescaled). ``allowed``:
        one bool per text, the texts that may be returned.
        """
        words = [w for w in words if w in self._vocab]
        if not words or self._bm25 is None:
            return []
        mask = None if allowed is None else allowed.astype(np.float32)
        if idf is None:
            scores = self._bm25.get_scores(words, weight_mask=mask)
        else:
            # A word asked twice counts twice, as in bm25s's own sum.
            scores = sum(
                (n * idf(w) / self.idf(w)) * self._bm25.get_scores([w], weight_mask=mask)
                for w, n in Counter(words).items()
            )
        k = min(k, self._size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def bm25_idf(texts: int, doc_freq: int) -> float:
    """BM25's inverse document frequency (Lucene's, as bm25s computes it)."""
    return math.log(1 + (texts - doc_freq + 0.5) / (doc_freq + 0.5))
