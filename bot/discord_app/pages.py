"""Packing text into Discord's limits without cutting a block (a quote) in two."""

from __future__ import annotations

import discord

from ..render import short

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
MESSAGE_CHARS = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_TOTAL = 6000
# Pages stay under the description limit, leaving room for title and footer in the
# 6,000-character total.
PAGE_CHARS = 3000


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


def pack(blocks: list[str], limit: int = PAGE_CHARS, separator: str = "\n\n") -> list[str]:
    """Blocks joined into pages of at most ``limit`` characters; a block is split only
    if it alone is longer than a page."""
    pages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _split_block(block, limit) if len(block) > limit else [block]:
            if current and len(current) + len(separator) + len(piece) > limit:
                pages.append(current)
                current = piece
            else:
                current = f"{current}{separator}{piece}" if current else piece
    if current:
        pages.append(current)
    return pages or [""]


def embed_pages(
    title: str, pages: list[str], colour: discord.Colour, footer: str = ""
) -> list[discord.Embed]:
    """One embed per page, numbered when there are several, all within Discord's limits."""
    embeds = []
    for number, page in enumerate(pages, start=1):
        embed = discord.Embed(title=short(title, EMBED_TITLE), description=page, colour=colour)
        counter = f"Page {number}/{len(pages)}" if len(pages) > 1 else ""
        text = " · ".join(part for part in (footer, counter) if part)
        if text:
            embed.set_footer(text=short(text, EMBED_FOOTER))
        embeds.append(embed)
    return embeds
