"""Packing text into Discord's limits without cutting a block (a quote) in two."""

from __future__ import annotations

import discord
from discord.utils import escape_markdown

from ..render import short

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FOOTER = 2048
EMBED_TOTAL = 6000
# Pages stay under the description limit, leaving room for title and footer in the
# 6,000-character total.
PAGE_CHARS = 3000
# Error messages are short: they may echo what the user typed, however long.
ERROR_CHARS = 500


def _split_block(block: str, limit: int) -> list[str]:
    """A block longer than a page, split at white space (only ever needed for huge quotes)."""
    parts, current = [], ""
    for word in block.split(" "):
        while len(word) > limit:  # no white space to split at
            parts.append(word[:limit])
            word = word[limit:]
        if current and len(current) + 1 + len(word) > limit:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*parts, current] if current else parts


def pack(
    blocks: list[str],
    limit: int = PAGE_CHARS,
    separator: str = "\n\n",
    per_page: int | None = None,
) -> list[str]:
    """Blocks joined into pages of at most ``limit`` characters (and at most ``per_page``
    blocks, if given); a block is split only if it alone is longer than a page."""
    pages: list[str] = []
    current, count = "", 0
    for block in blocks:
        for piece in _split_block(block, limit) if len(block) > limit else [block]:
            if current and (
                len(current) + len(separator) + len(piece) > limit or count == per_page
            ):
                pages.append(current)
                current, count = piece, 1
            else:
                current = f"{current}{separator}{piece}" if current else piece
                count += 1
    if current:
        pages.append(current)
    return pages or [""]


def escaped(text: str, limit: int) -> str:
    """``text`` with its Markdown escaped, cut at a word boundary to at most ``limit``
    characters. It is cut before escaping, so an escape is never parted from its character."""
    cut = limit
    while len(result := escape_markdown(short(text, cut))) > limit:
        cut -= (len(result) - limit + 1) // 2  # each cut character frees one or two
    return result


def embed_pages(
    title: str, pages: list[str], colour: discord.Colour, footer: str = ""
) -> list[discord.Embed]:
    """One embed per page, numbered when there are several, all within Discord's limits.
    The title is plain text: its Markdown is escaped, as in every description."""
    embeds = []
    for number, page in enumerate(pages, start=1):
        embed = discord.Embed(title=escaped(title, EMBED_TITLE), description=page, colour=colour)
        counter = f"Page {number}/{len(pages)}" if len(pages) > 1 else ""
        text = " · ".join(part for part in (footer, counter) if part)
        if text:
            embed.set_footer(text=short(text, EMBED_FOOTER))
        embeds.append(embed)
    return embeds
