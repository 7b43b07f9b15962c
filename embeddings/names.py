"""Names and numbers: the words a question cannot do without.

A question about "F-35 jets" or "Okinawa" is not answered by a passage that lacks them,
however similar it sounds; these helpers find such words and how rare they are.
"""

from __future__ import annotations

import math
import re
from collections import Counter

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-.'’][A-Za-z0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s$")


def without_possessive(word: str) -> str:
    """ "Japan’s" -> "Japan", "Abe's" -> "Abe"; any other word as it is."""
    return _POSSESSIVE.sub("", word)


def tokens(text: str) -> set[str]:
    """Lower-cased word tokens, possessives removed ("Japan’s" -> "japan")."""
    return {without_possessive(t.lower()) for t in _TOKEN.findall(text)}


def names(question: str) -> list[str]:
    """Capitalised words after the first, and anything with a digit, possessives removed."""
    found = []
    for i, match in enumerate(_TOKEN.finditer(question)):
        word = match.group()
        if (i > 0 and word[0].isupper() and word != "I") or any(c.isdigit() for c in word):
            found.append(without_possessive(word))
    return found


class NameStats:
    """How many passages mention each token, to weigh names by rarity."""

    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self.doc_freq = Counter(t for text in texts for t in tokens(text))

    def knows(self, name: str) -> bool:
        return name.lower() in self.doc_freq

    def weight(self, name: str) -> float:
        """IDF of a name; a name the corpus never mentions weighs the most."""
        df = self.doc_freq.get(name.lower(), 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))
