"""/reindex: pick up new, changed and removed articles without downtime."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ..client import NewsdeskBot


class AdminCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name="reindex")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reindex(self, interaction: discord.Interaction):
        """Update the index from the article folder (Manage Server only)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        # The engine keeps answering from the old index until the new one is swapped in.
        report = await self.bot.run_engine(self.bot.engine.refresh)
        summary = report.summary()
        text = f"{summary[0].upper()}{summary[1:]}."
        await interaction.followup.send(text, ephemeral=True)
