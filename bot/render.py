"""Plain-text rendering of answers for the terminal (Discord has its own, in
``discord_app/embeds.py``), and the escaping that makes article text safe to print there
and in JSON."""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections.abc import Callable

from .answers import Answer
from .constants import CONFIDENCE_HIGH, CONFIDENCE_MEDIUM
from .engine import ArticleInfo
from .factcheck import FactCheck, Verdict
from .filtering import Filters
from .quotes import Quote
from .timeline import Event, Timeline, section_of
from .whatsnew import WhatsNew

# What a terminal must never receive raw from an article, a file name or a question: control
# characters (ESC starts the sequences that retitle the terminal or hide text; CR and BS
# overwrite what came before), the bidirectional overrides that reorder what is shown, and
# lone surrogates (bytes that were not UTF-8, as Python decodes file names and argv), which
# cannot be written as UTF-8 at all. New lines and tabs are layout, and stay.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _terminal_escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8: show the byte, as ls does
        code -= 0xDC00
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would obey shown as an escape: "\\x1b"."""
    return _UNSAFE.sub(_terminal_escape, text)


def json_text(data) -> str:
    """``data`` as indented JSON that is valid UTF-8 and safe on a terminal.

    The same characters are written as JSON escapes ("\\u001b", a lone surrogate as
    "\\udcff"), so every string still reads back exactly as it was.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _for_terminal(render: Callable[..., str]) -> Callable[..., str]:
    """Makes a render function's text terminal-safe, whatever the articles hold."""

    @functools.wraps(render)
    def safe(*args, **kwargs) -> str:
        return terminal_safe(render(*args, **kwargs))

    return safe


def confidence_label(confidence: float) -> str:
    label = (
        "high"
        if confidence >= CONFIDENCE_HIGH
        else "medium"
        if confidence >= CONFIDENCE_MEDIUM
        else "low"
    )
    return f"{label} ({confidence:.2f})"


def short(text: str, limit: int = 60) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with …"""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def upper_first(text: str) -> str:
    """``text`` with its first letter upper-cased and the rest kept as it is (unlike
    ``str.capitalize``, which would lower-case file names and escapes in it)."""
    return text[:1].upper() + text[1:]


def published_on(quote: Quote) -> str:
    """The quoted article's publication date, or "date unknown": an answer says how
    current each quote is."""
    return quote.published.isoformat() if quote.published else "date unknown"


def citation(quote: Quote) -> str:
    title = short(quote.title)
    return f"{quote.source}, paragraph {quote.paragraph} — {title}, {published_on(quote)}"


def published_at(outlet: str, url: str) -> str:
    """Where an article was published, "Outlet · https://…", or "" when neither is known.
    The link is never shortened: it is there to be opened."""
    return " · ".join(part for part in (outlet, url) if part)


def also_reported(reported_by: tuple[tuple[str, str], ...]) -> str:
    """How many other reports of an article's text there are, or "" when none."""
    return f"also reported by {len(reported_by)}" if reported_by else ""


def searched(filters: Filters, filter_note: str) -> str:
    """What a result was searched over, as one line ("" when over every article)."""
    if filter_note:
        return f"Note: {filter_note}."
    return f"Searched {filters.describe()}." if filters else ""


def _searched(result: Answer | Timeline | FactCheck) -> str:
    line = searched(result.filters, result.filter_note)
    return f"{line}\n\n" if line else ""


def _note(*notices: str) -> str:
    """A result's notices (articles left out because they changed, how old its newest
    article is) as its last paragraphs."""
    return "".join(f"\n\nNote: {notice}." for notice in notices if notice)


def _quote_block(quote: Quote, width: int) -> str:
    body = textwrap.fill(
        " ".join(quote.text.split()), width=width, initial_indent="  “", subsequent_indent="   "
    )
    lines = [citation(quote), published_at(quote.outlet, quote.url)]
    lines.append(quote.reach.line() if quote.reach else "")
    return f"{body}”" + "".join(f"\n     {line}" for line in lines if line)


@_for_terminal
def render_answer(answer: Answer, width: int = 88) -> str:
    if answer.abstained:
        lines = [f"The articles don't say: {answer.reason}."]
        if answer.closest:
            lines.append("\nClosest passages (not an answer):")
            lines.extend(_quote_block(q, width) for q in answer.closest)
        return _searched(answer) + "\n".join(lines)
    blocks = [_quote_block(q, width) for q in answer.quotes]
    confidence = f"\n\nConfidence: {confidence_label(answer.confidence)}"
    notes = _note(answer.notice, answer.latest_note)
    return _searched(answer) + "\n\n".join(blocks) + confidence + notes


@_for_terminal
def render_articles(articles: list[ArticleInfo]) -> str:
    lines = [f"{len(articles)} articles:"]
    for a in articles:
        date = a.published or "date unknown"
        lines.append(f"  {a.name}  ({date}, {a.passages} passages)\n      {a.title}")
        where = [published_at(a.outlet, a.url), also_reported(a.reported_by)]
        if any(where):
            lines.append("      " + " · ".join(part for part in where if part))
    return "\n".join(lines)


def _event_block(event: Event, width: int) -> str:
    """A dated event: its date and the date's provenance, then its quote."""
    date = event.date.iso() if event.date else "?"
    return f"\n{date}  [{event.provenance}] {event.explanation}\n{_quote_block(event.quote, width)}"


@_for_terminal
def render_timeline(timeline: Timeline, width: int = 88) -> str:
    if not timeline.events:
        lines = [f"The articles report no dated events about {timeline.topic!r}."]
        if timeline.closest:
            lines.append("\nClosest passages:")
            lines.extend(_quote_block(q, width) for q in timeline.closest)
        return _searched(timeline) + "\n".join(lines) + _note(timeline.notice)
    lines = [f"Timeline: {timeline.topic} ({len(timeline.events)} events)"]
    section = ""
    for event in timeline.events:
        if section_of(event) != section:
            section = section_of(event)
            lines.append(f"\n{section}:")
        lines.append(_event_block(event, width))
    return _searched(timeline) + "\n".join(lines) + _note(timeline.notice, timeline.latest_note)


VERDICT_LABELS: dict[Verdict, str] = {
    "supported": "SUPPORTED",
    "contradicted": "CONTRADICTED",
    "not_found": "NOT FOUND in the articles",
}


@_for_terminal
def render_factcheck(check: FactCheck, width: int = 88) -> str:
    lines = [f"{VERDICT_LABELS[check.verdict]}: {check.reason}."]
    if check.backing:
        lines.append(f"{upper_first(check.backing)}.")
    for title, evidence in (("Supports", check.supports), ("Contradicts", check.contradicts)):
        if evidence:
            lines.append(f"\n{title}:")
        for item in evidence:
            lines.append(_quote_block(item.quote, width))
            for m in item.mismatches:
                lines.append(
                    f"     ✗ {m.kind}: the claim says {m.claim!r}, the article {m.article!r}"
                )
    if check.closest:
        lines.append("\nClosest passages (they do not settle it):")
        lines.extend(_quote_block(q, width) for q in check.closest)
    return _searched(check) + "\n".join(lines) + _note(check.notice, check.latest_note)


def first_look(news: WhatsNew) -> str:
    """How many items a first /whatsnew shows: "all 3 items", "the newest 5 of 12 items"."""
    if news.more:
        return f"the newest {len(news.events)} of {len(news.events) + news.more} items"
    return f"all {len(news.events)} items" if len(news.events) > 1 else "the one item"


@_for_terminal
def render_whatsnew(news: WhatsNew, width: int = 88) -> str:
    scope = news.scope_words()
    lines = [f"Searched {scope}.\n"] if scope else []
    if news.cutoff is None:
        shown = first_look(news)
        lines.append(
            f"What's new on {news.topic}: {news.since_words()}, so here are {shown} "
            "(next time, only what is newer)."
            if news.events
            else f"The articles report nothing dated about {news.topic} ({news.since_words()})."
        )
    elif news.events:
        lines.append(f"What's new on {news.topic} {news.since_words()}: newest first.")
    else:
        lines.append(f"Nothing new on {news.topic} {news.since_words()}.")
    lines.extend(_event_block(event, width) for event in news.events)
    if news.older is not None:
        lines.append("\nThe latest before that (older, not new):")
        lines.append(_event_block(news.older, width))
    return "\n".join(lines) + _note(news.notice)
