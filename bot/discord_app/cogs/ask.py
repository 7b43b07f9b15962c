"""/ask, and questions asked by mentioning the bot."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...answers import Answer
from ...commands import ASK
from ...render import short
from ..checks import count_use, rate_limited
from ..embeds import answer_embeds
from ..options import read_filters, source_choices
from ..views import follow_up, show_pages

if TYPE_CHECKING:
    from ..client import NewsdeskBot

# What a message holds besides its question: mentions of users (<@id>, <@!id>), roles
# (<@&id>) and channels (<#id>), and @everyone and @here. The bot's own mention is how it
# was asked; no mention is something the articles could say anything about.
MENTIONS = re.compile(r"<@[!&]?\d+>|<#\d+>|@(?:everyone|here)\b")


def mentioned_question(content: str) -> str:
    """The question of a message that mentions the bot: its text without the mentions."""
    return " ".join(MENTIONS.sub(" ", content).split())


class AskCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=ASK.name, description=ASK.description)
    @app_commands.describe(**ASK.option_descriptions)
    @rate_limited()
    @app_commands.autocomplete(source=source_choices)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: str,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        private: bool = False,
    ):
        question = self.bot.engine.check_question(question)  # a bad one is refused privately
        filters = read_filters(self.bot, since, until, source)
        await interaction.response.defer(ephemeral=private, thinking=True)
        answer = await self.bot.run_engine(self.bot.engine.ask, question, filters)
        await follow_up(interaction, answer_embeds(answer), votes=True, ephemeral=private)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None or me not in message.mentions:
            return
        channels = self.bot.settings.channels
        if channels and message.channel.id not in channels:
            return
        try:
            question = mentioned_question(message.content)
            if not question:
                await message.reply(
                    "Ask me a question about the articles, or try /help.", mention_author=False
                )
                return
            count_use(self.bot.rate_limiter, message.author.id)
            answer = await self.bot.run_engine(self.bot.engine.ask, question)
            await self._reply(message, answer)
        except Exception as error:  # every failure gets a reply, as slash commands do
            await self.bot.on_mention_error(message, error)

    async def _reply(self, message: discord.Message, answer: Answer) -> None:
        pages = answer_embeds(answer)
        if self.bot.settings.reply_mode == "thread" and isinstance(
            message.channel, discord.TextChannel
        ):
            thread = await message.create_thread(name=short(answer.question, 100))
            await show_pages(thread.send, pages, votes=True)
        else:
            await show_pages(message.reply, pages, votes=True, mention_author=False)


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(AskCog(bot))
