"""/ask, and questions asked by mentioning the bot; in a thread, both continue its
conversation (``bot/conversation.py``): a reply is read as a follow-up of the last answer.

A conversation is kept under its thread's id. A thread started from a message has that
message's id, so an answer that may get a thread (an /ask answer in a text channel, with
its "Follow up" button) is kept under its own message's id before any thread exists."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from ...commands import ASK
from ...conversation import Reply, Turn, follow
from ...render import short
from ..checks import count_use, rate_limited
from ..embeds import answer_embeds, article_embeds
from ..options import read_filters, source_choices
from ..pages import escaped
from ..views import THREAD_NAME, follow_up, show_pages

if TYPE_CHECKING:
    from ..client import NewsdeskBot

# What a message holds besides its question: mentions of users (<@id>, <@!id>), roles
# (<@&id>) and channels (<#id>), and @everyone and @here. The bot's own mention is how it
# was asked; no mention is something the articles could say anything about.
MENTIONS = re.compile(r"<@[!&]?\d+>|<#\d+>|@(?:everyone|here)\b")


CONTENT_CHARS = 2000  # Discord's limit on a message's text


def mentioned_question(content: str) -> str:
    """The question of a message that mentions the bot: its text without the mentions."""
    return " ".join(MENTIONS.sub(" ", content).split())


def reply_pages(reply: Reply) -> list[discord.Embed]:
    """The reply as embeds: the article for "source?", else the answer."""
    if reply.article is not None:
        return article_embeds(reply.article.info, list(reply.article.paragraphs))
    return answer_embeds(reply.answer)


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
        channel = interaction.channel
        threadable = not private and isinstance(channel, discord.TextChannel)
        message = await follow_up(
            interaction, answer_embeds(answer), votes=True, follow=threadable, ephemeral=private
        )
        if threadable:  # its thread, if "Follow up" opens one, will have the message's id
            self.bot.conversations.add(message.id, Turn.of(answer))
        elif not private and isinstance(channel, discord.Thread):
            self.bot.conversations.add(channel.id, Turn.of(answer))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None or me not in message.mentions:
            return
        channel = message.channel
        channels = self.bot.settings.channels
        listened = getattr(channel, "parent_id", None) or channel.id  # a thread's: its channel's
        if channels and listened not in channels:
            return
        try:
            question = mentioned_question(message.content)
            if not question:
                await message.reply(
                    "Ask me a question about the articles, or try /help.", mention_author=False
                )
                return
            count_use(self.bot.rate_limiter, message.author.id)
            in_thread = isinstance(channel, discord.Thread)
            last = self.bot.conversations.last(channel.id) if in_thread else None
            reply = await self.bot.run_engine(follow, self.bot.engine, last, question)
            await self._reply(message, reply)
        except Exception as error:  # every failure gets a reply, as slash commands do
            await self.bot.on_mention_error(message, error)

    async def _reply(self, message: discord.Message, reply: Reply) -> None:
        """Sends the reply (in a new thread in thread mode), and keeps its turn when it is in
        a thread."""
        pages = reply_pages(reply)
        votes = reply.article is None  # a vote is on an answer
        heading: dict[str, Any] = (
            {"content": escaped(reply.heading, CONTENT_CHARS)} if reply.heading else {}
        )
        channel = message.channel
        if self.bot.settings.reply_mode == "thread" and isinstance(channel, discord.TextChannel):
            thread = await message.create_thread(name=short(reply.turn.question, THREAD_NAME))
            await show_pages(thread.send, pages, votes=votes, **heading)
            self.bot.conversations.add(thread.id, reply.turn)
            return
        await show_pages(message.reply, pages, votes=votes, mention_author=False, **heading)
        if isinstance(channel, discord.Thread):
            self.bot.conversations.add(channel.id, reply.turn)


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(AskCog(bot))
