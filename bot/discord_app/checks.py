"""What every Discord entry point shares before and after it runs: the rate-limit check,
and what the user is told when something fails.

Slash commands, buttons and mentions all turn an error into the user's message with
``explain``; only the way the message is delivered differs (``client.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

import discord
from discord import app_commands

from ..errors import NewsdeskError
from ..ratelimit import RateLimiter
from ..render import short, upper_first
from .pages import ERROR_CHARS

if TYPE_CHECKING:
    from .client import NewsdeskBot

log = logging.getLogger(__name__)
T = TypeVar("T")


class RateLimited(app_commands.CheckFailure):
    def __init__(self, retry_after: float):
        super().__init__(f"rate limited for {retry_after:.0f} s")
        self.retry_after = retry_after


def count_use(limiter: RateLimiter, user_id: int) -> None:
    """Counts one question of ``user_id`` against the limit, or raises RateLimited."""
    retry_after = limiter.retry_after(user_id)
    if retry_after:
        raise RateLimited(retry_after)


def rate_limited() -> Callable[[T], T]:
    """A check that counts the command against the user's rate limit."""

    async def predicate(interaction: discord.Interaction) -> bool:
        count_use(cast("NewsdeskBot", interaction.client).rate_limiter, interaction.user.id)
        return True

    return app_commands.check(predicate)


def user_message(error: Exception) -> tuple[str, bool]:
    """What to tell the user about ``error`` (short), and whether it was expected (not a bug)."""
    if isinstance(error, RateLimited):
        seconds = max(1, round(error.retry_after))
        return f"Slow down a little: you can ask again in {seconds} s.", True
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the **Manage Server** permission to do that.", True
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server only.", True
    original = getattr(error, "original", error)
    if isinstance(original, NewsdeskError):
        return short(upper_first(str(original)), ERROR_CHARS), True
    return "Something went wrong on my side; the details are in the bot's log.", False


def explain(error: Exception, what: str) -> str:
    """The message telling the user about ``error``; one that was not expected (a bug) is
    logged, with its traceback, as ``what`` failing."""
    message, expected = user_message(error)
    if not expected:
        log.error("%s failed", what, exc_info=error)
    return message
