"""The Discord bot: a ``commands.Bot`` that owns the engine, its thread pool and the one
error handler every slash command shares."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import discord
from discord import InteractionResponseType, app_commands
from discord.ext import commands

from ..answers import Answer
from ..engine import Engine
from ..errors import NewsdeskError
from ..ratelimit import RateLimiter
from ..render import short
from ..settings import DiscordSettings
from .embeds import answer_embeds
from .feedback import FeedbackLog
from .pages import ERROR_CHARS
from .views import AnswerView

log = logging.getLogger(__name__)
T = TypeVar("T")


class RateLimited(app_commands.CheckFailure):
    def __init__(self, retry_after: float):
        super().__init__(f"rate limited for {retry_after:.0f} s")
        self.retry_after = retry_after


def slow_down(retry_after: float) -> str:
    return f"Slow down a little: you can ask again in {max(1, round(retry_after))} s."


def rate_limited() -> Callable[[T], T]:
    """A check that counts the command against the user's rate limit."""

    async def predicate(interaction: discord.Interaction) -> bool:
        retry_after = interaction.client.rate_limiter.retry_after(interaction.user.id)
        if retry_after:
            raise RateLimited(retry_after)
        return True

    return app_commands.check(predicate)


def user_message(error: Exception) -> tuple[str, bool]:
    """What to tell the user about ``error`` (short), and whether it was expected (not a bug)."""
    if isinstance(error, RateLimited):
        return slow_down(error.retry_after), True
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the **Manage Server** permission to do that.", True
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server only.", True
    original = getattr(error, "original", error)
    if isinstance(original, NewsdeskError):
        text = str(original)
        return short(text[:1].upper() + text[1:], ERROR_CHARS), True
    return "Something went wrong on my side; the details are in the bot's log.", False


def explain(error: Exception, what: str) -> str:
    """The message telling the user about ``error``; one that was not expected (a bug) is
    logged, with its traceback, as ``what`` failing."""
    message, expected = user_message(error)
    if not expected:
        log.error("%s failed", what, exc_info=error)
    return message


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
        # Embedding and search are CPU-bound: they run here, never on the event loop,
        # so heartbeats and other interactions are never blocked.
        self._executor = ThreadPoolExecutor(settings.max_concurrent, thread_name_prefix="engine")
        self.tree.on_error = self.on_app_command_error

    async def setup_hook(self) -> None:
        from .cogs import COGS

        await self.run_engine(self.engine.refresh)
        for cog in COGS:
            await self.add_cog(cog(self))
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        """Mentions are answered by the ask cog; there are no prefix commands to run."""

    async def run_engine(self, function: Callable[..., T], *args) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    def answer_message(self, answer: Answer) -> dict:
        """The keyword arguments of a message showing ``answer`` (first page and buttons)."""
        pages = answer_embeds(answer)
        return {"embed": pages[0], "view": AnswerView(pages, answer, self.feedback)}

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: Exception
    ) -> None:
        """The one error handler, for slash commands and buttons (``PagesView.on_error``):
        the user gets a short private message, the log the details."""
        if interaction.command:
            what = f"/{interaction.command.name}"
        else:
            what = f"button {(interaction.data or {}).get('custom_id')}"
        message = explain(error, what)
        if not interaction.response.is_done():
            await interaction.response.send_message(message, ephemeral=True)
            return
        # After a public "thinking…" deferral the first followup would replace it publicly:
        # remove it, so the error is shown to the user alone. (Any other original response
        # is a message with buttons: it stays.)
        if interaction.response.type is InteractionResponseType.deferred_channel_message:
            with contextlib.suppress(discord.HTTPException):  # already gone: fine
                await interaction.delete_original_response()
        await interaction.followup.send(message, ephemeral=True)

    async def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        await super().close()
