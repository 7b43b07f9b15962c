"""Cleaning and checking what a user typed before any search runs."""

from __future__ import annotations

import re
import unicodedata

from embeddings.errors import QueryError

# Zero-width and direction marks arrive with copy-pasted text and are invisible: drop them.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_text(text: str, what: str, max_chars: int) -> str:
    """``text`` with invisible characters removed and white space folded, or QueryError."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text or ""))
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
    return text
