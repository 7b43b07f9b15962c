"""/reindex: pick up new, changed and removed articles without downtime."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...commands import REINDEX
from ...render import upper_first

if TYPE_CHECKING:
    from ..client import NewsdeskBot


class AdminCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=REINDEX.name, description=REINDEX.description)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reindex(self, interaction: discord.Interaction):
        await interaction.response.defer(ephemeral=True, thinking=True)
        # The engine keeps answering from the old index until the new one is swapped in.
        report = await self.bot.run_engine(self.bot.engine.refresh)
        await interaction.followup.send(f"{upper_first(report.summary())}.", ephemeral=True)


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(AdminCog(bot))
