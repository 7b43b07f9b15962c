"""What the date layer's tests share: the publication dates they read against, and reading
a sentence's expressions.

Most cases are one sentence and the date it should give. Publication dates used: Thu
2020-09-24 (seed 000, from its header), Mon 2024-07-29 (seed 001), Sun 2024-10-20 (seed
003), Fri 2023-01-06 (seed 004); seed 002 has none.
"""

from __future__ import annotations

import datetime as dt

from bot.dates import TemporalExpression, find_dates

D = dt.date
THU_2020_09_24 = D(2020, 9, 24)  # seed 000
MON_2024_07_29 = D(2024, 7, 29)  # seed 001
SUN_2024_10_20 = D(2024, 10, 20)  # seed 003
FRI_2023_01_06 = D(2023, 1, 6)  # seed 004


def read(text: str, published: dt.date | None = None) -> list[tuple[str, str | None, str]]:
    """(text, iso or None, provenance) of every expression found, in order."""
    return [
        (found.text, found.date.iso() if found.date else None, found.provenance)
        for found in find_dates(text, published)
    ]


def one(text: str, published: dt.date | None = None) -> TemporalExpression:
    found = find_dates(text, published)
    assert len(found) == 1, [f.text for f in found]
    return found[0]
