"""/factcheck: a claim's verdict, with the quotes that decide it."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ..client import NewsdeskBot, rate_limited
from ..embeds import factcheck_embeds
from ..views import PagesView


class FactCheckCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name="factcheck")
    @app_commands.describe(
        claim="A statement to check, e.g. 'Kishi and Miller spoke for 35 minutes'"
    )
    @rate_limited()
    async def factcheck(self, interaction: discord.Interaction, claim: str):
        """Check a claim against the articles: supported, contradicted, mixed or not found."""
        claim = self.bot.engine.check_claim(claim)  # a question or opinion is refused privately
        await interaction.response.defer(thinking=True)
        result = await self.bot.run_engine(self.bot.engine.factcheck, claim)
        pages = factcheck_embeds(result)
        await interaction.followup.send(embed=pages[0], view=PagesView(pages))
