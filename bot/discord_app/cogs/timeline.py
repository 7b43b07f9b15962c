"""/timeline: the dated events about a topic, oldest first."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ..client import NewsdeskBot, rate_limited
from ..embeds import timeline_embeds
from ..views import PagesView


class TimelineCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name="timeline")
    @app_commands.describe(topic="What the timeline is about, e.g. 'Aegis Ashore'")
    @rate_limited()
    async def timeline(self, interaction: discord.Interaction, topic: str):
        """The events the articles report about a topic, in date order, quoted."""
        topic = self.bot.engine.check_topic(topic)
        await interaction.response.defer(thinking=True)
        result = await self.bot.run_engine(self.bot.engine.timeline, topic)
        pages = timeline_embeds(result)
        await interaction.followup.send(embed=pages[0], view=PagesView(pages))
