"""Cutting articles into passages: runs of whole sentences inside one paragraph.

Passages are small on purpose (a sentence or two): they are both what the index
embeds and what answers quote, so a short passage is a precise quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from .articles import Article
from .sentences import split_sentences


@dataclass(frozen=True)
class Passage:
    """A span of one article: ``text == file_text[start:end]``."""

    source: str  # the article's file name
    paragraph: int
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]  # absolute spans of its sentences


def chunk_article(article: Article, text: str, max_words: int) -> list[Passage]:
    """Group each paragraph's sentences into passages of at most ``max_words`` words.

    A single sentence longer than ``max_words`` stays whole: cutting it would make a
    quote that is not a sentence.
    """
    passages = []
    for paragraph in article.paragraphs:
        group: list[tuple[int, int]] = []
        words = 0
        spans = split_sentences(text[paragraph.start : paragraph.end], paragraph.start)
        for s, e in spans:
            n = len(text[s:e].split())
            if group and words + n > max_words:
                passages.append(_passage(article.name, paragraph.number, text, group))
                group, words = [], 0
            group.append((s, e))
            words += n
        if group:
            passages.append(_passage(article.name, paragraph.number, text, group))
    return passages


def _passage(source: str, number: int, text: str, group: list[tuple[int, int]]) -> Passage:
    start, end = group[0][0], group[-1][1]
    return Passage(source, number, start, end, text[start:end], tuple(group))
