"""/feeds: the feeds the bot polls for new articles, each with its last poll, the articles
that poll added (or merged into articles already there) and its last error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import format_dt

from ...commands import FEEDS
from ...keeping import FeedStatus
from ...render import short
from ..embeds import INFO_COLOUR
from ..pages import ERROR_CHARS, embed_pages, escaped, pack
from ..views import follow_up

if TYPE_CHECKING:
    from ..client import NewsdeskBot

FEEDS_PER_PAGE = 8
URL_CHARS = 200  # of a feed's URL in the list
NO_FEEDS = "No feeds configured: list them in `[ingest] feeds` in the bot's config file."


def feed_block(status: FeedStatus) -> str:
    """One feed in the list: its URL, when it was last polled and what that poll did."""
    lines = [f"`{short(status.url, URL_CHARS)}`"]
    if status.last_poll is None:
        lines.append("not polled yet")
    else:
        done = f"{status.added} added or merged"  # merged: a near-copy, as another report
        lines.append(f"polled {format_dt(status.last_poll, 'R')} · {done}")
    if status.error:
        lines.append(f"⚠️ {escaped(status.error, ERROR_CHARS)}")
    return "\n".join(lines)


def feeds_embeds(statuses: list[FeedStatus], poll_minutes: float) -> list[discord.Embed]:
    pages = pack([feed_block(s) for s in statuses], per_page=FEEDS_PER_PAGE)
    footer = f"Each is polled every {poll_minutes:g} minutes"
    return embed_pages(f"Feeds ({len(statuses)})", pages, INFO_COLOUR, footer)


class FeedsCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=FEEDS.name, description=FEEDS.description)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def feeds(self, interaction: discord.Interaction):
        # The Keeper that `run` or `serve` started beside the bot; none in a bot run alone.
        keeper = self.bot.keeper
        statuses = keeper.feeds() if keeper else []
        if keeper is None or not statuses:
            await interaction.response.send_message(NO_FEEDS, ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        pages = feeds_embeds(statuses, keeper.settings.poll_minutes)
        await follow_up(interaction, pages, ephemeral=True)


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(FeedsCog(bot))
