"""The passages of an index on disk, as a SQLite table read one passage at a time.

A reader opens the table and reads a passage when something asks for it, so opening an
index costs the same for five articles or a hundred thousand. Passage i is row i; an
article's passages are consecutive rows, in the order of the article.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import overload

from .chunking import Passage

# Passages asked for again soon after (a question's candidates, their neighbours) are
# kept decoded; a few thousand is a few MB.
_CACHED = 8192
_COLUMNS = "source, paragraph, start, end, text, sentences"


def write_passages(path: Path, passages: Iterable[Passage]) -> None:
    """Write ``passages`` as rows 0, 1, ... of a new table at ``path``."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE passages (row INTEGER PRIMARY KEY, source TEXT NOT NULL, "
            "paragraph INTEGER, start INTEGER, end INTEGER, text TEXT, sentences TEXT)"
        )
        db.execute("CREATE INDEX passages_by_source ON passages (source, row)")
        db.executemany(
            f"INSERT INTO passages (row, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (row, p.source, p.paragraph, p.start, p.end, p.text, json.dumps(p.sentences))
                for row, p in enumerate(passages)
            ),
        )


def open_saved(path: Path) -> sqlite3.Connection:
    """A table an index build saved, opened for reading by every thread."""
    # immutable: a saved index is never written again, so SQLite takes no locks (and
    # reads an index in a read-only folder). One connection serves every thread.
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


class PassageTable(Sequence[Passage]):
    """The passages ``write_passages`` wrote, read lazily (a ``Sequence`` of them)."""

    def __init__(self, path: Path):
        self._db = open_saved(path)
        (last,) = self._db.execute("SELECT MAX(row) FROM passages").fetchone()
        self._size = 0 if last is None else last + 1
        self._read = lru_cache(maxsize=_CACHED)(self._read_row)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...
    def __getitem__(self, index: int | slice) -> Passage | list[Passage]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(f"passage {index} of {self._size}")
        return self._read(index)

    def __iter__(self) -> Iterator[Passage]:
        """Every passage in order, in one pass over the table."""
        for values in self._db.execute(f"SELECT {_COLUMNS} FROM passages ORDER BY row"):
            yield _passage(values)

    def _read_row(self, row: int) -> Passage:
        values = self._db.execute(
            f"SELECT {_COLUMNS} FROM passages WHERE row = ?", (row,)
        ).fetchone()
        return _passage(values)


def _passage(values: tuple) -> Passage:
    source, paragraph, start, end, text, sentences = values
    spans = tuple((s, e) for s, e in json.loads(sentences))
    return Passage(source, paragraph, start, end, text, spans)
