"""Plain-text rendering of answers for the terminal (Discord has its own, in ``discord_ui``)."""

from __future__ import annotations

import textwrap

from .answers import Answer
from .engine import ArticleInfo
from .quotes import Quote


def confidence_label(confidence: float) -> str:
    label = "high" if confidence >= 0.5 else "medium" if confidence >= 0.2 else "low"
    return f"{label} ({confidence:.2f})"


def short(text: str, limit: int = 60) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with …"""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def citation(quote: Quote) -> str:
    date = f", {quote.published.isoformat()}" if quote.published else ""
    return f"{quote.source}, paragraph {quote.paragraph} — {short(quote.title)}{date}"


def _quote_block(quote: Quote, width: int) -> str:
    body = textwrap.fill(
        " ".join(quote.text.split()), width=width, initial_indent="  “", subsequent_indent="   "
    )
    return f"{body}”\n     {citation(quote)}"


def render_answer(answer: Answer, width: int = 88) -> str:
    if answer.abstained:
        lines = [f"The articles don't say: {answer.reason}."]
        if answer.closest:
            lines.append("\nClosest passages (not an answer):")
            lines.extend(_quote_block(q, width) for q in answer.closest)
        return "\n".join(lines)
    blocks = [_quote_block(q, width) for q in answer.quotes]
    return "\n\n".join(blocks) + f"\n\nConfidence: {confidence_label(answer.confidence)}"


def render_articles(articles: list[ArticleInfo]) -> str:
    lines = [f"{len(articles)} articles:"]
    for a in articles:
        date = a.published or "date unknown"
        lines.append(f"  {a.name}  ({date}, {a.passages} passages)\n      {a.title}")
    return "\n".join(lines)
