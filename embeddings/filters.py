"""Which passages a search may return: a filter every search backend applies inside its
search (so a filtered question still gets its best passages, not what is left of the
unfiltered ones)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import overload

import numpy as np

NO_DAY = 0  # ``day_number`` of an unknown date (no real day has it: 0001-01-01 is 1)


def day_number(published: dt.date | None) -> int:
    """A publication date as a number that compares as the date does (``NO_DAY``: none)."""
    return published.toordinal() if published else NO_DAY


@dataclass(frozen=True)
class Where:
    """Passages of these articles, published in this date range (bounds included).

    ``None`` leaves that part open. An article without a publication date is outside
    every date range: nothing says it is in it.
    """

    sources: frozenset[str] | None = None  # article file names
    since: dt.date | None = None
    until: dt.date | None = None

    def admits(self, source: str, published: dt.date | None) -> bool:
        if self.sources is not None and source not in self.sources:
            return False
        return self.in_range(day_number(published))

    @overload
    def in_range(self, days: int) -> bool: ...
    @overload
    def in_range(self, days: np.ndarray) -> np.ndarray: ...
    def in_range(self, days: int | np.ndarray) -> bool | np.ndarray:
        """Whether publication days (``day_number``) are in the date range: one day, or an
        array of them at once (the index masks every article of a segment this way)."""
        if self.since is None and self.until is None:
            return days >= NO_DAY  # every day, known or not
        inside = days != NO_DAY
        if self.since is not None:
            inside = inside & (days >= self.since.toordinal())
        if self.until is not None:
            inside = inside & (days <= self.until.toordinal())
        return inside
