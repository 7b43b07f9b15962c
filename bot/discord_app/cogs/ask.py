"""/ask, and questions asked by mentioning the bot."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from ...render import short
from ..client import NewsdeskBot, explain, rate_limited, slow_down

log = logging.getLogger(__name__)


class AskCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question about the articles",
        private="Show the answer to you only",
    )
    @rate_limited()
    async def ask(self, interaction: discord.Interaction, question: str, private: bool = False):
        """Ask a question: the answer quotes the articles, with sources."""
        question = self.bot.engine.check_question(question)  # a bad one is refused privately
        await interaction.response.defer(ephemeral=private, thinking=True)
        answer = await self.bot.run_engine(self.bot.engine.ask, question)
        await interaction.followup.send(**self.bot.answer_message(answer), ephemeral=private)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None or me not in message.mentions:
            return
        channels = self.bot.settings.channels
        if channels and message.channel.id not in channels:
            return
        question = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        if not question:
            await message.reply(
                "Ask me a question about the articles, or try /help.", mention_author=False
            )
            return
        retry_after = self.bot.rate_limiter.retry_after(message.author.id)
        if retry_after:
            await message.reply(slow_down(retry_after), mention_author=False)
            return
        try:
            await self._answer(message, question)
        except Exception as exc:  # every failure gets a reply, as slash commands do
            await message.reply(explain(exc, "a mention"), mention_author=False)

    async def _answer(self, message: discord.Message, question: str) -> None:
        answer = await self.bot.run_engine(self.bot.engine.ask, question)
        reply = self.bot.answer_message(answer)
        if self.bot.settings.reply_mode == "thread" and isinstance(
            message.channel, discord.TextChannel
        ):
            thread = await message.create_thread(name=short(question, 100))
            await thread.send(**reply)
        else:
            await message.reply(**reply, mention_author=False)
