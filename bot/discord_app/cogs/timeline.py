"""/timeline: the dated events about a topic, oldest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...commands import TIMELINE
from ..checks import rate_limited
from ..embeds import timeline_embeds
from ..options import read_filters, source_choices
from ..views import follow_up

if TYPE_CHECKING:
    from ..client import NewsdeskBot


class TimelineCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=TIMELINE.name, description=TIMELINE.description)
    @app_commands.describe(**TIMELINE.option_descriptions)
    @rate_limited()
    @app_commands.autocomplete(source=source_choices)
    async def timeline(
        self,
        interaction: discord.Interaction,
        topic: str,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
    ):
        topic = self.bot.engine.check_topic(topic)  # a bad one is refused privately
        filters = read_filters(self.bot, since, until, source)
        await interaction.response.defer(thinking=True)
        result = await self.bot.run_engine(self.bot.engine.timeline, topic, filters)
        await follow_up(interaction, timeline_embeds(result))


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(TimelineCog(bot))
