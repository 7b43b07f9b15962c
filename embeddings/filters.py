"""Which passages a search may return: a filter every search backend applies inside its
search (so a filtered question still gets its best passages, not what is left of the
unfiltered ones)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
        if self.since is None and self.until is None:
            return True
        if published is None:
            return False
        return (self.since is None or published >= self.since) and (
            self.until is None or published <= self.until
        )
