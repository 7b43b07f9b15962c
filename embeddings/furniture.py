"""Recognising page furniture: the parts of a saved web page that are not the article.

Rules are deliberately generic (bullets, lone labels, comment-form boilerplate) so they
carry over to corpora we have never seen; nothing here names a particular site.
"""

from __future__ import annotations

import re

# Whole-paragraph phrases that web pages wrap around articles.
_BOILERPLATE = re.compile(
    r"""^(?:
        print(?:\s+print)? | share(?:\s+this)?(?:\s+article)? | post\s+comment |
        leave\s+a\s+(?:reply|comment) | recent\s+(?:comments|posts) | source\s+link |
        advertisement | related(?:\s+(?:articles|stories|posts))? | read\s+more |
        comments? | subscribe.* | sign\s+up.* | follow\s+us.* | click\s+here.* |
        your\s+email\s+address\s+will\s+not\s+be\s+published.* |
        required\s+fields\s+are\s+marked.* | (?:previous|next)\s+(?:article|post|story)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BULLET = re.compile(r"^[•·▪◦‣*\-–—]\s+")


def word_count(text: str) -> int:
    return len(text.split())


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def is_furniture(text: str) -> bool:
    """True for a paragraph that is page furniture rather than article text."""
    text = text.strip()
    if not any(ch.isalpha() for ch in text):
        return True  # symbols, rules, lone numbers
    if _BOILERPLATE.match(text):
        return True
    words = word_count(text)
    # Navigation and metadata bullets ("• Ambassador", "• , Kyodo News , 7:02 a.m.").
    # A bulleted full sentence inside an article is kept.
    if is_bullet(text) and (words <= 8 or not text.rstrip().endswith((".", "!", "?", '"', "”"))):
        return True
    # Section labels ("SECURITY", "WORLD NEWS").
    return words <= 3 and text.isupper()
