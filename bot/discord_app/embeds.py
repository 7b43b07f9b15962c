"""Answers, article lists and help as Discord embeds, paginated within Discord's limits,
and an answer read back from its embed (for the votes on it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord
from discord.utils import escape_markdown

from ..answers import Answer
from ..commands import COMMANDS, Command
from ..engine import ArticleInfo
from ..factcheck import FactCheck, Verdict
from ..quotes import Quote
from ..render import (
    also_reported,
    confidence_label,
    first_look,
    published_on,
    searched,
    short,
    upper_first,
)
from ..timeline import Event, Timeline, section_of
from ..whatsnew import WhatsNew
from .pages import embed_pages, escaped, pack

ANSWER_COLOUR = discord.Colour.green()
ABSTAIN_COLOUR = discord.Colour.light_grey()
INFO_COLOUR = discord.Colour.blurple()
SOURCES_PER_PAGE = 8
TITLE_CHARS = 200  # of an article's title in a list; its own page shows it whole
OUTLET_CHARS = 60
# A longer link is shown unlinked: real articles' links are far shorter, and a block must
# stay well within a page (``pack`` would otherwise split it).
LINK_CHARS = 500
# What would end a Markdown link's target early or break it: percent-encoded, as a browser
# would send them.
_LINK_UNSAFE = re.compile(r"[()<>\[\]\\\s]")
# In escaped Markdown, an escape (backslash and the character after it) or a bracket.
_ESCAPE_OR_BRACKET = re.compile(r"(\\.)|([\[\]])", re.DOTALL)


def linked(text: str, url: str) -> str:
    """``text`` (Markdown, already escaped) as a link to ``url``, or as it is without one."""
    if not url or len(url) > LINK_CHARS:
        return text
    target = _LINK_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)
    # A bracket not yet escaped would end the label.
    label = _ESCAPE_OR_BRACKET.sub(lambda m: m.group(1) or f"\\{m.group(2)}", text)
    return f"[{label}]({target})"


def _outlet(outlet: str) -> str:
    return f" · {escape_markdown(short(outlet, OUTLET_CHARS))}" if outlet else ""


def quote_block(quote: Quote) -> str:
    """A quote block-quoted with its Markdown escaped, then its citation (the title links
    to the article's page, when it has one), then how widely it is reported, if by more
    than one article."""
    body = "\n".join(f"> {escape_markdown(line)}" for line in quote.text.splitlines() or [""])
    title = linked(f"*{escape_markdown(short(quote.title, 90))}*", quote.url)
    source = f"`{quote.source}` ¶{quote.paragraph}"
    block = f"{body}\n— {title} ({published_on(quote)}){_outlet(quote.outlet)} · {source}"
    reach = quote.reach.line() if quote.reach else ""
    return block + (f"\n{escape_markdown(reach)}" if reach else "")


@dataclass(frozen=True)
class ShownQuote:
    source: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class ShownAnswer:
    """An answer as its message shows it: the question (its embed's title holds 256
    characters) and the quotes of the page shown."""

    question: str
    abstained: bool
    quotes: tuple[ShownQuote, ...]


# The last line of a quote block, as ``quote_block`` writes it.
_CITATION = re.compile(r"— .* · `(?P<source>.*)` ¶(?P<paragraph>\d+)")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape_markdown(text: str) -> str:
    """``text`` as it was before ``escape_markdown``, which puts a backslash before each
    character it escapes (a backslash too)."""
    return _ESCAPED.sub(r"\1", text)


def shown_answer(embed: discord.Embed) -> ShownAnswer:
    """The answer an embed of ``answer_embeds`` shows, read back from it: a vote needs
    nothing kept in memory, so it counts after a restart too."""
    abstained = embed.colour == ABSTAIN_COLOUR
    quotes = []
    for block in [] if abstained else (embed.description or "").split("\n\n"):
        *lines, last = block.split("\n")
        if not _CITATION.fullmatch(last) and lines:  # a reach line after the citation
            *lines, last = lines
        citation = _CITATION.fullmatch(last)
        if citation and lines and all(line.startswith("> ") for line in lines):
            text = "\n".join(unescape_markdown(line[2:]) for line in lines)
            quotes.append(ShownQuote(citation["source"], int(citation["paragraph"]), text))
    return ShownAnswer(unescape_markdown(embed.title or ""), abstained, tuple(quotes))


def searched_block(result: Answer | Timeline | FactCheck) -> list[str]:
    """What a result was searched over, as a first block, if it was filtered."""
    line = searched(result.filters, result.filter_note)
    return [f"*{escape_markdown(line)}*"] if line else []


def notes(*notices: str) -> list[str]:
    """A result's notices (articles left out because they changed, how old its newest
    article is) as last blocks, if any."""
    return [f"*Note: {escape_markdown(notice)}.*" for notice in notices if notice]


def answer_embeds(answer: Answer) -> list[discord.Embed]:
    if answer.abstained:
        blocks = [f"The articles don't say: {escape_markdown(answer.reason)}."]
        if answer.closest:
            blocks.append("**Closest passages (not an answer):**")
            blocks.extend(quote_block(q) for q in answer.closest)
        return embed_pages(answer.question, pack(searched_block(answer) + blocks), ABSTAIN_COLOUR)
    footer = f"Confidence: {confidence_label(answer.confidence)}"
    blocks = searched_block(answer) + [quote_block(q) for q in answer.quotes]
    blocks += notes(answer.notice, answer.latest_note)
    return embed_pages(answer.question, pack(blocks), ANSWER_COLOUR, footer)


def event_block(event: Event) -> str:
    """A dated event: its date and the date's provenance, then its quote."""
    date = event.date.iso() if event.date else "date unknown"
    return (
        f"**{date}** · {event.provenance}: *{escape_markdown(event.explanation)}*\n"
        f"{quote_block(event.quote)}"
    )


def timeline_embeds(timeline: Timeline) -> list[discord.Embed]:
    title = f"Timeline: {timeline.topic}"
    if not timeline.events:
        blocks = searched_block(timeline) + [
            "The articles report no dated events about this topic."
        ]
        if timeline.closest:
            blocks.append("**Closest passages:**")
            blocks.extend(quote_block(q) for q in timeline.closest)
        return embed_pages(title, pack(blocks + notes(timeline.notice)), ABSTAIN_COLOUR)
    blocks, section = searched_block(timeline), ""
    for event in timeline.events:
        if section_of(event) != section:
            section = section_of(event)
            blocks.append(f"__{section}__")
        blocks.append(event_block(event))
    footer = f"{len(timeline.events)} events, oldest first"
    notices = notes(timeline.notice, timeline.latest_note)
    return embed_pages(title, pack(blocks + notices), INFO_COLOUR, footer)


VERDICTS: dict[Verdict, tuple[str, discord.Colour]] = {
    "supported": ("✅ Supported", discord.Colour.green()),
    "contradicted": ("❌ Contradicted", discord.Colour.red()),
    "not_found": ("❔ Not found in the articles", ABSTAIN_COLOUR),
}


def factcheck_embeds(check: FactCheck) -> list[discord.Embed]:
    """The verdict first (title and colour), then the evidence for and against."""
    label, colour = VERDICTS[check.verdict]
    backing = f"\n{upper_first(check.backing)}." if check.backing else ""
    blocks = [
        f"**{label}**: {escape_markdown(check.reason)}.{backing}\n"
        f"> Claim: {escape_markdown(check.claim)}"
    ] + searched_block(check)
    for title, evidence in (("Supports", check.supports), ("Contradicts", check.contradicts)):
        if evidence:
            blocks.append(f"__{title}__")
        for item in evidence:
            mismatches = "".join(
                f"\n✗ {m.kind}: claim says **{escape_markdown(m.claim)}**, "
                f"article says **{escape_markdown(m.article)}**"
                for m in item.mismatches
            )
            blocks.append(quote_block(item.quote) + mismatches)
    if check.closest:
        blocks.append("__Closest passages (they do not settle it)__")
        blocks.extend(quote_block(q) for q in check.closest)
    return embed_pages(label, pack(blocks + notes(check.notice, check.latest_note)), colour)


def _source_line(a: ArticleInfo) -> str:
    also = also_reported(a.reported_by)
    return (
        f"**{linked(escaped(a.title, TITLE_CHARS), a.url)}**\n`{a.name}` · "
        f"{a.published or 'date unknown'}{_outlet(a.outlet)} · {a.passages} passages"
        + (f" · {also}" if also else "")
    )


def sources_embeds(articles: list[ArticleInfo]) -> list[discord.Embed]:
    blocks = [_source_line(a) for a in articles] or ["The corpus is empty."]
    pages = pack(blocks, per_page=SOURCES_PER_PAGE)
    return embed_pages(f"{len(articles)} articles", pages, INFO_COLOUR)


def article_embeds(info: ArticleInfo, paragraphs: list[tuple[int, str]]) -> list[discord.Embed]:
    blocks = [f"**¶{number}** {escape_markdown(text)}" for number, text in paragraphs]
    outlet = f" · {short(info.outlet, OUTLET_CHARS)}" if info.outlet else ""
    footer = f"{info.name} · {info.published or 'date unknown'}{outlet}"
    embeds = embed_pages(info.title, pack(blocks), INFO_COLOUR, footer)
    if info.url and len(info.url) <= LINK_CHARS:
        for embed in embeds:  # the title links to the original
            embed.url = info.url
    return embeds


def _usage(command: Command) -> str:
    """A command's line in /help: its name, what it takes, and what it does."""
    argument = f" `{command.argument.name}`" if command.argument else ""
    options = "".join(f" (`{o.name}`: {o.help})" for o in command.discord_options)
    note = f" ({command.discord_note})" if command.discord_note else ""
    return f"**/{command.name}**{argument} — {command.help}{options}{note}"


HELP_TEXT = "\n\n".join(
    [
        "I answer questions about a folder of news articles, **only** from them: every "
        "answer is verbatim quotes, each with its article and paragraph. If the articles "
        "don't answer, I say so.",
        "\n".join(_usage(command) for command in COMMANDS if command.discord),
        "/ask, /timeline, /factcheck and /whatsnew take `since`, `until` and `source` (an "
        "outlet, a file name or a pattern like `nhk-*`). Dates in a question filter too: *in "
        "2023*, *since March*, *last week*.",
        "You can also mention me with a question: `@newsdesk why did Japan drop Aegis "
        "Ashore?`\nRate the answers with 👍/👎: votes help improve me.",
    ]
)


def help_embed() -> discord.Embed:
    return discord.Embed(title="newsdesk", description=HELP_TEXT, colour=INFO_COLOUR)


def whatsnew_embeds(news: WhatsNew) -> list[discord.Embed]:
    """The cutoff and where it came from first, then the new items, newest first."""
    title = f"What's new: {news.topic}"
    scope = news.scope_words()
    blocks = [f"*Searched {escape_markdown(scope)}.*"] if scope else []
    since = escape_markdown(news.since_words())
    if news.cutoff is None:
        blocks.append(
            f"{upper_first(since)}: here are {first_look(news)}; next time, only what is newer."
            if news.events
            else f"The articles report nothing dated about this topic ({since})."
        )
    elif news.events:
        blocks.append(f"{upper_first(since)}, newest first:")
    else:
        blocks.append(f"**Nothing new** on this topic {since}.")
    blocks.extend(event_block(event) for event in news.events)
    if news.older is not None:
        blocks.append("__The latest before that (older, not new)__")
        blocks.append(event_block(news.older))
    colour = INFO_COLOUR if news.events else ABSTAIN_COLOUR
    footer = f"{len(news.events)} new, newest first" if news.cutoff and news.events else ""
    return embed_pages(title, pack(blocks + notes(news.notice)), colour, footer)
