"""Article metadata stated in the text itself: front matter and the publication date.

Dates are never taken from file times: a copied file would change its "date".
"""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
# Every spelling a month may take, lower-cased, to its number: the name, its first three
# letters, and "sept". The one month table: the date layer (bot.dates) reads it too.
MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name.lower()[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_FULL_DATES = [
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})\b"),
]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Fields of a leading ``---`` block (``published: 2020-09-24``) and where the body starts."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    fields = {}
    for line in match.group("body").splitlines():
        if field := _FIELD.match(line):
            fields[field.group("key").lower()] = unquoted(field.group("value"))
    return fields, match.end()


def unquoted(value: str) -> str:
    """``value`` without the quote marks around it when it is quoted as in YAML
    (``"..."``, ``'...'``). A title that only starts or ends with a quote mark
    (``'Parasite' scores at Cannes``, ``A win for the Smiths'``) keeps it, and so does one
    with the same mark inside (``'Squid Game' star wins 'Emmy'``), which YAML would not
    read as quoted either."""
    quote, inside = value[:1], value[1:-1]
    if len(value) >= 2 and quote in ("'", '"') and value[-1] == quote and quote not in inside:
        return inside
    return value


def find_full_date(text: str) -> dt.date | None:
    """The first complete calendar date written in ``text`` (``September 24, 2020``).

    The dateline reader of the retrieval core, which cannot import the bot's date layer
    (``bot.dates``); that one reads full dates among every other expression, by its own rules
    (capitalised months only, a day the calendar lacks kept as invalid)."""
    found: list[tuple[int, dt.date]] = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = (
                int(parts["monthnum"]) if parts.get("monthnum") else MONTHS[parts["month"].lower()]
            )
            try:
                found.append((match.start(), dt.date(int(parts["year"]), month, int(parts["day"]))))
            except ValueError:
                continue
            break
    return min(found)[1] if found else None
