"""The date layer of the timeline: find temporal expressions in news text, normalise each
to a partial ISO date with a precision, and keep how it was derived.

    >>> import datetime as dt
    >>> [found] = find_dates("Kitamura on Wednesday affirmed ties.", dt.date(2020, 9, 24))
    >>> found.text, found.date.iso(), found.provenance
    ('on Wednesday', '2020-09-23', 'resolved')

Modules: model (PartialDate, TemporalExpression), patterns (the regexes), context (sentences,
publication date, earlier finds), tense (does a sentence look ahead?), absolute / relative /
anchored (readers by kind), reckoning (calendar arithmetic), finder (find_dates).

dateparser is not used: detection is our own regexes, and reading a matched span is a few
integer conversions; dateparser would add a slow import and does not resolve "last Monday"
(its issue #573) or read a sentence's tense.
"""

from .finder import find_dates
from .model import (
    INVALID,
    RESOLVED,
    STATED,
    UNRESOLVED,
    PartialDate,
    Provenance,
    TemporalExpression,
)
from .tense import reports_news

__all__ = [
    "INVALID",
    "RESOLVED",
    "STATED",
    "UNRESOLVED",
    "PartialDate",
    "Provenance",
    "TemporalExpression",
    "find_dates",
    "reports_news",
]
