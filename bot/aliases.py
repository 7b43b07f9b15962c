"""Aliases: names that mean the same thing ("American" ~ "U.S." ~ "Washington").

The data is ``bot/data/aliases.toml`` (countries with their demonyms and capitals,
organisations with their abbreviations, office titles); nothing here knows a name.
Used by abstention (a question saying "American" where the articles say "U.S." is not
about something they never mention), by answer ranking (coverage counts a variant as
the word itself) and by fact checks.

The API, kept stable for its callers::

    aliases = Aliases.load()                      # the packaged data, read once
    aliases.variants("Americans")                 # {"American", "U.S.", "United States", ...}
    aliases.find("Did the American defense chief ...")    # [Match("American", ...), ...]
    aliases.expand_terms(["american"], terms)     # {"american": {("us",), ("unit", "state"), ...}}

Capitals are metonyms: "Tokyo" stands for Japan's government in "Tokyo protested", but
is a city in "the summit was held in Tokyo". Pass ``metonyms=False`` where a place must
be told apart from its country (fact-checking where an event happened).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from embeddings.names import without_possessive

DATA_PATH = Path(__file__).with_name("data") / "aliases.toml"

_WORD = re.compile(r"[A-Za-z0-9]+(?:[.\-'’][A-Za-z0-9]+)*\.?")
# Short all-capital forms ("US", "UN", "WHO") are matched only in capitals: in lower
# case they are ordinary words ("us", "who").
_SHORT_CAPS = 4
# Longest phrase looked for, in words ("Organization of the Petroleum Exporting Countries").
_MAX_WORDS = 7


def _word_key(word: str) -> str:
    word = without_possessive(word)
    compact = word.replace(".", "").replace("-", "")
    if compact.isupper() and len(compact) <= _SHORT_CAPS:
        return compact
    return word.replace(".", "").replace("-", " ").casefold()


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def key(phrase: str) -> str:
    """The form under which ``phrase`` is looked up: "U.S." -> "US", "Self-Defense" ->
    "self defense", "Defense Secretary" -> "defense secretary"."""
    return " ".join(_word_key(w) for w in _words(phrase))


@dataclass(frozen=True)
class Match:
    """An alias phrase found in a text."""

    text: str  # as written
    start: int  # character offsets in the text
    end: int
    variants: frozenset[str]  # the other ways of saying it (not ``text`` itself)


@dataclass(frozen=True)
class _Entry:
    forms: frozenset[str]  # every phrase of the group, as written in the data
    metonyms: frozenset[str]  # the subset that is a capital standing for its country


class Aliases:
    """Groups of equivalent phrases, looked up by ``key``."""

    def __init__(self, groups: Iterable[tuple[Iterable[str], Iterable[str]]]):
        """``groups``: (forms, metonyms) pairs; metonyms are forms too."""
        self._by_key: dict[str, list[_Entry]] = {}
        for forms, metonyms in groups:
            entry = _Entry(frozenset(forms) | frozenset(metonyms), frozenset(metonyms))
            for form in entry.forms:
                self._by_key.setdefault(key(form), []).append(entry)

    @classmethod
    def load(cls, path: Path = DATA_PATH) -> Aliases:
        """The aliases in ``path`` (the packaged data by default, read once per process)."""
        return _load(Path(path))

    @classmethod
    def parse(cls, data: dict) -> Aliases:
        groups: list[tuple[list[str], list[str]]] = []
        for country in data.get("countries", []):
            capital = [country["capital"]] if "capital" in country else []
            groups.append((country["names"] + country.get("demonyms", []), capital))
        for kind in ("organisations", "offices"):
            groups.extend((forms, []) for forms in data.get(kind, []))
        return cls(groups)

    def _entries(self, phrase: str) -> list[_Entry]:
        k = key(phrase)
        found = self._by_key.get(k)
        if found is None and k.endswith("s"):  # a plural: "Americans", "defense chiefs"
            found = self._by_key.get(k[:-1])
        return found or []

    def variants(self, phrase: str, metonyms: bool = True) -> frozenset[str]:
        """Every way of saying ``phrase`` in the data, ``phrase`` itself included.

        A phrase the data does not know has only itself. With ``metonyms=False`` a
        capital neither has nor is a variant of its country."""
        out = {phrase}
        for entry in self._entries(phrase):
            if not metonyms and key(phrase) in {key(m) for m in entry.metonyms}:
                continue
            out |= entry.forms if metonyms else entry.forms - entry.metonyms
        return frozenset(out)

    def find(self, text: str, metonyms: bool = True) -> list[Match]:
        """The alias phrases in ``text``, longest first at each place, left to right."""
        spans = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        found, i = [], 0
        while i < len(spans):
            for n in range(min(_MAX_WORDS, len(spans) - i), 0, -1):
                start, end = spans[i][1], spans[i + n - 1][2]
                phrase = text[start:end]
                variants = self.variants(phrase, metonyms) - {phrase}
                if variants:
                    found.append(Match(phrase, start, end, frozenset(variants)))
                    i += n
                    break
            else:
                i += 1
        return found

    def expand_terms(
        self, text: str, to_terms: Callable[[str], list[str]], metonyms: bool = True
    ) -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
        """For each alias phrase in ``text``: its terms -> the terms of each variant.

        ``to_terms`` is the caller's normaliser (e.g. ``embeddings.keyword.terms``), so
        that "American" -> {("us",), ("unit", "state"), ("america",), ...} can be compared
        with the stemmed terms of a passage."""
        out: dict[tuple[str, ...], frozenset[tuple[str, ...]]] = {}
        for match in self.find(text, metonyms):
            own = tuple(to_terms(match.text))
            others = {tuple(to_terms(v)) for v in match.variants} - {own, ()}
            if own and others:
                out[own] = out.get(own, frozenset()) | frozenset(others)
        return out


def with_alias_terms(
    present: frozenset[str], alias_terms: dict[tuple[str, ...], frozenset[tuple[str, ...]]]
) -> frozenset[str]:
    """``present`` plus each alias phrase's own terms when every term of one of its variants
    is present ("american" where a passage says "United States"); ``alias_terms`` is
    ``expand_terms`` of the question or the claim."""
    extra = {
        t
        for own, others in alias_terms.items()
        if any(set(o) <= present for o in others)
        for t in own
    }
    return present | extra if extra else present


@cache
def _load(path: Path) -> Aliases:
    with path.open("rb") as handle:
        return Aliases.parse(tomllib.load(handle))
