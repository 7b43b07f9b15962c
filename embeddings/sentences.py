"""Sentence boundaries with character offsets.

pysbd does the segmentation (it knows "U.S.", "Oct. 1", "Mr." and friends); this module
maps its segments back onto the original text, because everything downstream quotes
by offset and must match the file exactly.

pysbd's time grows with the square of the text it is handed (its abbreviation pass
rewrites the whole text once per abbreviation-like word), so a 1 MB one-line article
would take minutes. It is therefore never handed more than ``WINDOW`` characters at
once: a longer text is segmented window by window, which keeps the time linear in the
text's length. A paragraph up to ``WINDOW`` characters (every paragraph of ordinary
articles) is segmented exactly as before, in one piece.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

#: The most characters pysbd sees in one call. Ordinary paragraphs are a few hundred.
WINDOW = 2000

_SPACES = " \t\n\r\f\v"


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # imported lazily: building its rule tables takes a moment

    return pysbd.Segmenter(language="en", clean=False)


def _segment(text: str) -> list[tuple[int, int]]:
    """pysbd's sentences of ``text`` as stripped (start, end) spans covering it."""
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
    return spans


def _forced_cut(window: str, start: int) -> int:
    """Where to end a window-long "sentence" that began at ``start``: its last white space.

    Text with no white space for a whole window is not prose; it is cut at the window's end.
    """
    cut = max(window.rfind(space) for space in _SPACES)
    return cut if cut > start else len(window)


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``, shifted by ``offset``.

    Spans exclude surrounding white space and together cover every non-space character.
    A run of more than ``WINDOW`` characters without a sentence end is cut at white space.
    """
    return list(iter_sentences(text, offset))


def iter_sentences(text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """The spans of ``split_sentences``, one window at a time (the first costs one window)."""
    base = 0  # where the current window starts in ``text``
    while base < len(text):
        window = text[base : base + WINDOW]
        found = _segment(window)
        if base + WINDOW >= len(text):  # the last window: every sentence in it is whole
            yield from ((offset + base + s, offset + base + e) for s, e in found)
            return
        if not found:  # a window of white space
            base += len(window)
        elif len(found) > 1:
            # The last sentence may run past the window: it starts the next window instead.
            yield from ((offset + base + s, offset + base + e) for s, e in found[:-1])
            base += found[-1][0]
        else:
            start = found[0][0]
            cut = _forced_cut(window, start)
            yield offset + base + start, offset + base + start + len(window[start:cut].rstrip())
            base += cut
