"""/sources and /source: what the bot knows, and reading one article."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ...render import short
from ..client import NewsdeskBot
from ..embeds import article_embeds, sources_embeds
from ..views import PagesView

MAX_CHOICES = 25  # Discord shows at most 25 autocomplete choices
CHOICE_CHARS = 100  # and refuses a choice whose name or value is longer


class LibraryCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction):
        """List the articles I answer from."""
        await interaction.response.defer(thinking=True)
        pages = sources_embeds(await self.bot.run_engine(self.bot.engine.articles))
        await interaction.followup.send(embed=pages[0], view=PagesView(pages))

    @app_commands.command(name="source")
    @app_commands.describe(file="The article's file name, as /sources lists it")
    async def source(self, interaction: discord.Interaction, file: str):
        """Read one article (its text as indexed, without page furniture)."""
        self.bot.engine.article_info(file)  # an unknown name is refused privately
        await interaction.response.defer(thinking=True)
        info, paragraphs = await self.bot.run_engine(self.bot.engine.article_text, file)
        pages = article_embeds(info, paragraphs)
        await interaction.followup.send(embed=pages[0], view=PagesView(pages))

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
