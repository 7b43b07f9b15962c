"""Sentence boundaries with character offsets.

pysbd does the segmentation (it knows "U.S.", "Oct. 1", "Mr." and friends); this module
maps its segments back onto the original text, because everything downstream quotes
by offset and must match the file exactly.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # imported lazily: building its rule tables takes a moment

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``, shifted by ``offset``.

    Spans exclude surrounding white space and together cover every non-space character.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for segment in _segmenter().segment(text):
        piece = segment.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:
            # pysbd changed the text (it rarely does with clean=False): keep the rest whole.
            break
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    rest = text[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return [(offset + s, offset + e) for s, e in spans]
