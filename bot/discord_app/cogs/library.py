"""/sources and /source: what the bot knows, and reading one article."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...commands import SOURCE, SOURCES
from ...render import short
from ..embeds import article_embeds, sources_embeds
from ..options import CHOICE_CHARS, MAX_CHOICES
from ..views import follow_up

if TYPE_CHECKING:
    from ..client import NewsdeskBot


class LibraryCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=SOURCES.name, description=SOURCES.description)
    async def sources(self, interaction: discord.Interaction):
        await interaction.response.defer(thinking=True)
        articles = await self.bot.run_engine(self.bot.engine.articles)
        await follow_up(interaction, sources_embeds(articles))

    @app_commands.command(name=SOURCE.name, description=SOURCE.description)
    @app_commands.describe(**SOURCE.option_descriptions)
    async def source(self, interaction: discord.Interaction, file: str):
        self.bot.engine.article_info(file)  # an unknown name is refused privately
        await interaction.response.defer(thinking=True)
        info, paragraphs = await self.bot.run_engine(self.bot.engine.article_text, file)
        await follow_up(interaction, article_embeds(info, paragraphs))

    @source.autocomplete("file")
    async def file_choices(self, interaction: discord.Interaction, current: str):
        wanted = current.casefold()
        return [
            app_commands.Choice(name=short(f"{a.name} — {a.title}", CHOICE_CHARS), value=a.name)
            for a in self.bot.engine.articles()
            # A longer name cannot be a choice's value; it can still be typed in full.
            if len(a.name) <= CHOICE_CHARS
            and (wanted in a.name.casefold() or wanted in a.title.casefold())
        ][:MAX_CHOICES]


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(LibraryCog(bot))
