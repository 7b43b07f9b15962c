"""Aliases as data: demonyms, abbreviations and office titles (bot/aliases.py)."""

from __future__ import annotations

import time

import pytest

from bot.aliases import Aliases, key
from embeddings.keyword import terms


@pytest.fixture(scope="module")
def aliases() -> Aliases:
    return Aliases.load()


def _variant_keys(aliases: Aliases, phrase: str, metonyms: bool = True) -> set[str]:
    """The keys of ``phrase``'s variants: how the product compares phrases."""
    return {key(v) for v in aliases.variants(phrase, metonyms)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("American", "U.S."),
        ("Americans", "United States"),
        ("American", "Washington"),
        ("Japanese", "Japan"),
        ("Japanese", "Tokyo"),
        ("G7", "G-7"),
        ("G-7", "Group of Seven"),
        ("UN", "United Nations"),
        ("EU", "European Union"),
        ("defense chief", "Defense Secretary"),
        ("defense chiefs", "defence minister"),
        ("security chief", "national security adviser"),
        ("British", "U.K."),
    ],
)
def test_each_is_a_variant_of_the_other(aliases, a, b):
    assert key(b) in _variant_keys(aliases, a)
    # The data lists singulars: "Americans" is found as "American".
    assert key(a).removesuffix("s") in _variant_keys(aliases, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Japan", "China"), ("us", "United States"), ("who", "World Health Organization")],
)
def test_not_variants(aliases, a, b):
    assert key(b) not in _variant_keys(aliases, a)
    assert key(a) not in _variant_keys(aliases, b)


def test_capitals_can_be_left_out(aliases):
    assert key("Tokyo") in _variant_keys(aliases, "Japan")
    assert key("Tokyo") not in _variant_keys(aliases, "Japan", metonyms=False)
    assert "Tokyo" not in aliases.variants("Japanese", metonyms=False)
    assert aliases.variants("Tokyo", metonyms=False) == {"Tokyo"}


def test_unknown_phrase_has_only_itself(aliases):
    assert aliases.variants("Okinawa") == {"Okinawa"}


def test_key_keeps_short_capitals_apart():
    assert key("U.S.") == key("US") == "US"
    assert key("us") == "us"
    assert key("Self-Defense Forces") == "self defense forces"
    assert key("Japan’s") == "japan"


def test_find_longest_first(aliases):
    found = aliases.find("Did the American defense chief meet the UN Security Council? who knows")
    assert [m.text for m in found] == ["American", "defense chief", "UN Security Council"]
    assert "Security Council" in found[2].variants


def test_expand_terms(aliases):
    expanded = aliases.expand_terms("Where did the American security chief go?", terms)
    assert ("unit", "state") in expanded[("american",)]
    assert any("advis" in t for t in expanded[("secur", "chief")])


def test_loading_is_fast_and_cached():
    started = time.perf_counter()
    Aliases.load()
    assert time.perf_counter() - started < 0.2
    assert Aliases.load() is Aliases.load()
