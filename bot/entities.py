"""Mentions of a named entity (a company, a person, a product, an agency) in news text.

News names an entity in full once and then shortens it, so a mention is any of:

- its name, or the name without "The" and legal designators ("The Boeing Company" ->
  "Boeing"), and the variants the alias data knows ("United States Air Force" ->
  "U.S. Air Force");
- an acronym the name contains ("EADS" in "... Company EADS N.V.") or that some article
  defines next to the long form: "Singapore Airlines (SIA)";
- in an article that has named it, a shorter form: the model designation of a product
  ("A380" for "Airbus A380", "787 Dreamliner"), a person's surname ("Gallois" for "Louis
  Gallois"), the name without its country ("Air Force").

A shorter form alone is ambiguous ("Carson" is many people), which is why it only counts
where the article has given the full name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from .aliases import Aliases

Form = Literal["name", "acronym", "short"]

# Words that say what kind of body a name is, not which one: dropped to get the name's core.
_DESIGNATORS = frozenset(
    "company co corporation corp incorporated inc limited ltd plc llc nv sa ag gmbh holdings"
    " group".split()
)
# Lower-case words a name may contain ("Bank of America", "Aeronautic Defence and Space").
_CONNECTORS = frozenset("of and the de du der von van for on & -".split())
# A definition: the long form followed by its acronym in brackets.
_ACRONYM = r"\s*\(\s*([A-Z][A-Za-z&]{1,7})\s*\)"
_WORD_BEFORE = re.compile(r"([\w.&-]+)(?:['’]s)?\s+$")
_WORD_AFTER = re.compile(r"\s+([\w.&-]+)")
_OPENERS = " \t`'\"“‘("


def looks_like_name(topic: str) -> bool:
    """True when ``topic`` reads as a proper name ("Boeing 787 Dreamliner", "Louis
    Gallois", "EADS"), not a description ("halt of the Aegis deployment")."""
    words = topic.split()
    if not words or len(words) > 8:
        return False
    named = [w for w in words if w.lower() not in _CONNECTORS]
    return bool(named) and all(w[0].isupper() or any(c.isdigit() for c in w) for w in named)


def core_name(name: str) -> str:
    """The name without a leading "The" and trailing designators and punctuation."""
    words = name.replace(",", " ").split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 1 and words[-1].lower().replace(".", "") in _DESIGNATORS:
        words = words[:-1]
    return " ".join(words)


def is_acronym_of(acronym: str, long_form: str) -> bool:
    """ "SIA" for "Singapore Airlines", "USAF" for "United States Air Force": same first
    letter, and the acronym's letters appear in order in the long form."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    text = long_form.lower()
    if len(letters) < 2 or not text or text[0] != letters[0]:
        return False
    position = 0
    for letter in letters:
        position = text.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for all ``forms`` as whole words (longest first), spaces matching any."""
    alternatives = [
        r"\s+".join(re.escape(w) for w in form.split())
        for form in sorted(set(forms), key=len, reverse=True)
        if form.strip()
    ]
    if not alternatives:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w])")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    form: Form


class Entity:
    """The ways news text refers to one named entity.

    ``common(word)`` says whether a lower-case word is an ordinary word of the corpus
    ("airlines", "force"): such a word is never a shorter form on its own.
    """

    def __init__(self, name: str, aliases: Aliases, common: Callable[[str], bool]):
        self.name = " ".join(name.split())
        core = core_name(self.name)
        words = core.split()
        self.names = {self.name, core} | set(aliases.variants(core, metonyms=False))
        country_tail = self._country_tail(words, aliases)
        for prefix, tail in country_tail:
            self.names |= {f"{variant} {tail}" for variant in aliases.variants(prefix, False)}
        self.acronyms = {w for w in words if len(w) >= 2 and w.isupper() and w.isalpha()}
        self.short = {tail for _, tail in country_tail}
        # "Boeing" in "Boeing 787": its articles' "787" is the product.
        self._maker: re.Pattern[str] | None = None
        numbered = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
        if numbered and numbered[0] > 0:
            self._product_forms(words, numbered[0], common)
        elif 2 <= len(words) <= 3 and all(w.isalpha() and w[0].isupper() for w in words):
            last = words[-1]  # a person's surname, or the distinctive end of a company name
            if not last.isupper() and not common(last.lower()):
                self.short.add(last)
        self.short -= self.names | self.acronyms
        self._global = _pattern(self.names | self.acronyms)
        self._local = _pattern(self.short)

    @staticmethod
    def _country_tail(words: list[str], aliases: Aliases) -> list[tuple[str, str]]:
        """("United States", "Air Force") when the name starts with a country the alias
        data knows and goes on with more than one word (a lone "Navy" is too vague)."""
        out = []
        for cut in range(1, len(words) - 1):
            prefix = " ".join(words[:cut])
            if len(aliases.variants(prefix, metonyms=False)) > 1:
                out.append((prefix, " ".join(words[cut:])))
        return out

    def _product_forms(self, words: list[str], first: int, common: Callable[[str], bool]):
        """A maker's product, "Boeing 787 Dreamliner": the maker and model ("Boeing 787"),
        the model and its name ("787 Dreamliner"), a model with letters ("A380") and a
        coined name ("Dreamliner") name it anywhere; a bare number ("787") only in articles
        that name the maker."""
        self._maker = _pattern([" ".join(words[:first])])
        model = words[first]
        self.names |= {" ".join(words[: first + 1]), " ".join(words[first:])}
        coined = {w for w in words[first + 1 :] if w[0].isupper() and not common(w.lower())}
        self.names |= coined
        if any(c.isalpha() for c in model):
            self.names.add(model)
        else:
            self.short.add(model)

    def learn_acronyms(self, texts: Iterable[str]) -> bool:
        """Add the acronyms the texts define next to a name of the entity: "Singapore
        Airlines (SIA)". One definition anywhere in the corpus makes it an acronym of the
        entity everywhere in it. True if a new one was learned."""
        if self._global is None:
            return False
        definition = re.compile(self._global.pattern + _ACRONYM)
        found = {
            m.group(1)
            for text in texts
            for m in definition.finditer(text)
            if is_acronym_of(m.group(1), core_name(self.name))
        }
        if not found - self.acronyms:
            return False
        self.acronyms |= found
        self.short -= found
        self._global = _pattern(self.names | self.acronyms)
        self._local = _pattern(self.short)
        return True

    def named_in(self, text: str) -> bool:
        """Whether ``text`` names the entity by its name, an alias or an acronym."""
        return self._global is not None and self._global.search(text) is not None

    def introduced_in(self, text: str) -> bool:
        """Whether ``text`` names the entity, or the maker of a product entity (after which
        the model number alone refers to it)."""
        return self.named_in(text) or (self._maker is not None and bool(self._maker.search(text)))

    def mentions(self, text: str, named: bool) -> list[Mention]:
        """The mentions in ``text`` (a sentence); shorter forms only when ``named``: the
        article has named the entity."""
        found = []
        for pattern, local in ((self._global, False), (self._local if named else None, True)):
            for m in pattern.finditer(text) if pattern is not None else ():
                if local and self._inside_other_name(text, m.start(), m.end()):
                    continue
                form: Form = (
                    "short" if local else ("acronym" if m.group() in self.acronyms else "name")
                )
                found.append(Mention(m.start(), m.end(), m.group(), form))
        return sorted(found, key=lambda m: m.start)

    def _inside_other_name(self, text: str, start: int, end: int) -> bool:
        """Whether a shorter form is part of a longer name that is not this entity's: "Air
        Force" in "Royal Australian Air Force", "Carson" in "Kit Carson"."""
        before = _WORD_BEFORE.search(text, 0, start)
        if before and not text[: before.start()].strip(_OPENERS):
            before = None  # the sentence's first word is capitalised anyway: "Although"
        after = _WORD_AFTER.match(text, end)
        own = {w for form in self.names | self.acronyms for w in form.split()}
        return any(
            word is not None
            and word.group(1)[0].isupper()
            and word.group(1) not in own
            and word.group(1).lower() not in _CONNECTORS
            for word in (before, after)
        )
