"""The Discord bot: a ``commands.Bot`` that owns the engine and its thread pool, loads the
cogs as extensions, and delivers the one error message every entry point shares."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import InteractionResponseType
from discord.ext import commands

from ..conversation import Conversations
from ..engine import Engine
from ..ratelimit import RateLimiter
from ..settings import DiscordSettings
from . import cogs
from .checks import explain
from .feedback import FeedbackLog
from .views import LeftoverButtons

log = logging.getLogger(__name__)
T = TypeVar("T")


if TYPE_CHECKING:
    from ..keeping import Keeper


class NewsdeskBot(commands.Bot):
    def __init__(self, engine: Engine, settings: DiscordSettings, **options):
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),  # no privileged intents are needed
            allowed_mentions=discord.AllowedMentions.none(),  # never ping anyone
            help_command=None,
            **options,
        )
        self.engine = engine
        self.settings = settings
        self.rate_limiter = RateLimiter(settings.rate_limit_count, settings.rate_limit_seconds)
        self.feedback = FeedbackLog(settings.feedback_file)
        # Follow-ups: each thread's conversation, by thread id, in memory only (a restart
        # forgets them, and a reply in an old thread is then a new question).
        self.conversations = Conversations()
        # Polls the feeds and watches the corpus folder (``serve`` sets it; /feeds reads it).
        self.keeper: Keeper | None = None
        # Embedding and search are CPU-bound: they run here, never on the event loop,
        # so heartbeats and other interactions are never blocked.
        self._executor = ThreadPoolExecutor(settings.max_concurrent, thread_name_prefix="engine")
        self.tree.error(self.on_app_command_error)

    async def setup_hook(self) -> None:
        # Runs before the bot connects, so before it reports ready.
        await self.run_engine(self._load_engine)
        for name in cogs.walk_extensions():
            await self.load_extension(name)
        self.add_view(LeftoverButtons())
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    def _load_engine(self) -> None:
        """Brings the index up to date and loads it and the model (by embedding a word):
        the first question then waits for neither."""
        self.engine.refresh()
        self.engine.encoder.encode(["newsdesk"])

    async def on_message(self, message: discord.Message) -> None:
        """Mentions are answered by the ask cog; there are no prefix commands to run."""

    async def run_engine(self, function: Callable[..., T], *args) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: Exception
    ) -> None:
        """The error handler of slash commands and buttons (``BotView.on_error``): the user
        gets a short message, the log the details."""
        if interaction.command:
            what = f"/{interaction.command.name}"
        else:
            what = f"button {interaction.custom_id}"
        message = explain(error, what)
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(message, ephemeral=True)
            elif interaction.response.type is InteractionResponseType.deferred_channel_message:
                # Discord makes the first message after "thinking…" that message, seen by
                # whom the deferral chose; once "thinking…" is deleted, nothing more can be
                # sent (404 Unknown Message). So "thinking…" becomes the error message.
                await interaction.edit_original_response(content=message)
            else:  # the response is a message with buttons: it stays
                await interaction.followup.send(message, ephemeral=True)
        except discord.HTTPException:
            log.error("could not tell the user that %s failed", what, exc_info=True)

    async def on_mention_error(self, message: discord.Message, error: Exception) -> None:
        """The error handler of questions asked by mentioning the bot: the same message as
        a slash command's, as a reply."""
        text = explain(error, "a mention")
        try:
            await message.reply(text, mention_author=False)
        except discord.HTTPException:
            log.error("could not tell the user that a mention failed", exc_info=True)

    async def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        await super().close()


class ShardedNewsdeskBot(NewsdeskBot, commands.AutoShardedBot):
    """The same bot over several gateway connections (shards), for a bot in many servers:
    Discord requires sharding from 2,500 servers, each shard holding at most 2,500."""


def make_bot(engine: Engine, settings: DiscordSettings) -> NewsdeskBot:
    """The bot ``[discord] shard_count`` asks for: one connection (1), that many shards,
    or as many as Discord recommends (0)."""
    if settings.shard_count == 1:
        return NewsdeskBot(engine, settings)
    return ShardedNewsdeskBot(engine, settings, shard_count=settings.shard_count or None)
