"""Cleaning and checking what a user typed before any search runs."""

from __future__ import annotations

import re
import unicodedata

from embeddings.keyword import STOPWORDS

from .errors import QueryError

# Zero-width and direction marks arrive with copy-pasted text and are invisible: drop them.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# A word: letters or digits, with inner dots kept so that "U.S." is one word, not "u" + "s".
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")


def has_content(text: str) -> bool:
    """True if ``text`` has a word that is not a stop word: something to search for."""
    return any(word.lower() not in STOPWORDS for word in _WORD.findall(text))


def clean_text(text: str, what: str, max_chars: int) -> str:
    """``text`` with invisible characters removed and white space folded, or QueryError."""
    text = text or ""
    # Python decodes bytes that are not UTF-8 (in arguments and on stdin) as lone
    # surrogates: such text cannot be searched, printed or sent to Discord.
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise QueryError(
            f"the {what} contains bytes that are not text (not UTF-8); please retype it"
        )
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    controls = {ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"}
    if controls:
        shown = ", ".join(sorted(f"U+{ord(ch):04X}" for ch in controls))
        raise QueryError(f"the {what} contains control characters ({shown}); please retype it")
    text = " ".join(text.split())
    if not text:
        raise QueryError(f"the {what} is empty: type a {what} about the articles")
    if len(text) > max_chars:
        raise QueryError(
            f"the {what} is {len(text):,} characters long; the limit is {max_chars:,}: "
            "ask something shorter"
        )
    if not has_content(text):
        raise QueryError(
            f"the {what} has nothing to search for (only common words and punctuation): "
            "name who or what it is about"
        )
    return text
