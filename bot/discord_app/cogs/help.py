"""/help."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...commands import HELP
from ..embeds import help_embed

if TYPE_CHECKING:
    from ..client import NewsdeskBot


class HelpCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=HELP.name, description=HELP.description)
    async def help(self, interaction: discord.Interaction):
        await interaction.response.send_message(embed=help_embed(), ephemeral=True)


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(HelpCog(bot))
