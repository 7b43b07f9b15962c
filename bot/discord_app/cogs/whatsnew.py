"""/whatsnew: what the articles report about a topic since a date, or since this channel
(or thread) last asked about it, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...commands import WHATSNEW
from ..checks import rate_limited
from ..embeds import whatsnew_embeds
from ..options import read_filters, source_choices
from ..views import follow_up

if TYPE_CHECKING:
    from ..client import NewsdeskBot


class WhatsNewCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=WHATSNEW.name, description=WHATSNEW.description)
    @app_commands.describe(**WHATSNEW.option_descriptions)
    @rate_limited()
    @app_commands.autocomplete(source=source_choices)
    async def whatsnew(
        self,
        interaction: discord.Interaction,
        topic: str,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
    ):
        topic = self.bot.engine.check_topic(topic)  # a bad one is refused privately
        filters = read_filters(self.bot, since, until, source)
        channel = f"discord:{interaction.channel_id}"  # a thread is a channel of its own
        await interaction.response.defer(thinking=True)
        result = await self.bot.run_engine(self.bot.engine.whatsnew, topic, filters, channel)
        await follow_up(interaction, whatsnew_embeds(result))


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(WhatsNewCog(bot))
