"""/help."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ..client import NewsdeskBot
from ..embeds import help_embed


class HelpCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction):
        """What I do and how to ask."""
        await interaction.response.send_message(embed=help_embed(), ephemeral=True)
