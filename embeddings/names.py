"""Names and numbers: the words a question cannot do without.

A question about "F-35 jets" or "Okinawa" is not answered by a passage that lacks them,
however similar it sounds; these helpers find such words and how rare they are.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

from .passage_table import open_saved

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
    """How many passages mention each token, to weigh names by rarity.

    Counted once by the index build and saved beside it as a small SQLite table
    (``save``); a reader looks tokens up one at a time (``load``), so opening an index
    reads nothing but the table's header. An index in segments has one table per segment,
    read as one (``combined``).
    """

    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self._counted = Counter(t for text in texts for t in tokens(text))
        self._tables: list[sqlite3.Connection] = []

    def save(self, path: Path) -> None:
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("CREATE TABLE size (passages INTEGER NOT NULL)")
            db.execute("INSERT INTO size VALUES (?)", (self.size,))
            db.execute("CREATE TABLE doc_freq (token TEXT PRIMARY KEY, df INTEGER) WITHOUT ROWID")
            db.executemany("INSERT INTO doc_freq VALUES (?, ?)", sorted(self._counted.items()))

    @classmethod
    def load(cls, path: Path) -> NameStats:
        stats = cls([])
        table = open_saved(path)
        (stats.size,) = table.execute("SELECT passages FROM size").fetchone()
        stats._tables = [table]
        return stats

    @classmethod
    def combined(cls, parts: list[NameStats]) -> NameStats:
        """The counts of several loaded tables together."""
        stats = cls([])
        stats.size = sum(part.size for part in parts)
        stats._tables = [table for part in parts for table in part._tables]
        return stats

    def doc_freq(self, token: str) -> int:
        """How many passages mention ``token`` (lower-cased, as ``tokens`` gives it)."""
        if self._tables and token not in self._counted:  # looked up once, then remembered
            query = "SELECT df FROM doc_freq WHERE token = ?"
            found = (table.execute(query, (token,)).fetchone() for table in self._tables)
            self._counted[token] = sum(row[0] for row in found if row)
        return self._counted.get(token, 0)

    def knows(self, name: str) -> bool:
        return self.doc_freq(name.lower()) > 0

    def weight(self, name: str) -> float:
        """IDF of a name; a name the corpus never mentions weighs the most."""
        df = self.doc_freq(name.lower())
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))
