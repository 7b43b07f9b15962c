"""File names for ingested articles: readable, stable, and never two alike.

``dw.com-berlin-confronts-germanys-colonial-past-with-new-in-5d41402abc.txt``: the site,
the first words of the title, and a hash of what identifies the article (its normalised
URL, or its feed GUID). The same article always gets the same name, and two articles get
two names even when site and title agree (the writer still never overwrites a file: a
name already taken gets ``-2``, ``-3``…).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .urls import site_of

# Names stay well under the 255 bytes file systems allow and readable in a listing.
_MAX_WORDS_CHARS = 50
_HASH_CHARS = 10  # 40 bits: a clash is left to the writer's -2, not expected in practice


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by ``-`` (accents dropped, other
    scripts left out, so "Über uns" is "uber-uns" and "東京" is "")."""
    text = re.sub(r"['’]", "", text)  # "Germany's" is "germanys", not "germany-s"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def _shortened(words: str) -> str:
    if len(words) <= _MAX_WORDS_CHARS:
        return words
    cut = words[:_MAX_WORDS_CHARS]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def file_name(key: str, title: str, url: str = "") -> str:
    """The file name for the article identified by ``key`` (``url:…``, ``guid:…``)."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    site = re.sub(r"[^a-z0-9.-]", "", site_of(url).lower())  # hosts are ASCII (punycode)
    parts = [site, _shortened(slug(title))]
    readable = "-".join(part for part in parts if part)
    return f"{readable}-{digest}.txt" if readable else f"article-{digest}.txt"
