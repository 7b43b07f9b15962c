"""Near-copies: the same text published again (a wire story on another site, a press
release printed by two papers).

A text is a set of *shingles*, its runs of five consecutive words. A new text is a
near-copy of an article when most of its shingles are already in that article: it would
add next to nothing a question could be answered from, so it is recorded as another
report of the article instead of being indexed a second time.

Why the share of the *new* text's shingles (containment) rather than the share of both
texts' shingles together (Jaccard resemblance): a wire story that one site printed whole
and another cut to its first half is a copy, and only containment says so. Measured on
trafilatura's text of the 923 real pages of its evaluation set, every pair (containment of
the shorter text in the longer; the three pairs kept in ``tests/data/web/near_copies/``
as their text without reader comments):

    pair                                                       containment  Jaccard
    the same page saved twice (3 pairs, e.g. an archive.org copy)      1.00     1.00
    granma.cu, printed inside a longer cubadebate.cu report         0.95     0.45
    a press release in djz.de and jagdverband.de (reworded)         0.72     0.51
    an EFE wire story in 24horas.cl and cooperativa.cl (edited)     0.64     0.40
    two articles of nationnews.com (same site, other stories)       0.11     0.05
    any other two of trafilatura's 923 evaluation pages           <= 0.10

So 0.8: far above texts that merely share a site's boilerplate or a topic, and below a
copy cut shorter. The reworded and edited versions (0.64-0.72) stay articles of their
own on purpose: each has sentences the other lacks, which would otherwise be lost to
search.
"""

from __future__ import annotations

import hashlib
import re

NEAR_COPY = 0.8
SHINGLE_WORDS = 5


def fingerprint(text: str) -> frozenset[int]:
    """The text's shingles, each as a signed 64-bit hash (what SQLite stores as an integer).

    Words are runs of letters and digits, lower-cased, so punctuation, quotes and line
    breaks do not tell copies apart. A text shorter than a shingle has none."""
    words = re.findall(r"\w+", text.lower())
    shingles = (
        " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    )
    return frozenset(
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big", signed=True)
        for s in shingles
    )
