"""Options several slash commands share: the filters (``since``, ``until``, ``source``) and
the choices offered as the user types a source."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from ..filtering import Filters
from ..render import short

if TYPE_CHECKING:
    from .client import NewsdeskBot

MAX_CHOICES = 25  # Discord shows at most 25 autocomplete choices
CHOICE_CHARS = 100  # and refuses a choice whose name or value is longer


def read_filters(
    bot: NewsdeskBot, since: str | None, until: str | None, source: str | None
) -> Filters:
    """The options as filters; a date or source that cannot be used raises QueryError,
    which the error handler shows privately (call it before deferring)."""
    return bot.engine.filters(since or "", until or "", source or "")


async def source_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Outlets, then article file names, that contain what was typed so far."""
    bot = cast("NewsdeskBot", interaction.client)
    wanted = current.casefold()
    articles = bot.engine.articles()
    outlets = sorted({a.outlet for a in articles if a.outlet and wanted in a.outlet.casefold()})
    choices = [
        app_commands.Choice(name=short(f"{o} (outlet)", CHOICE_CHARS), value=o)
        for o in outlets
        if len(o) <= CHOICE_CHARS
    ]
    choices += [
        app_commands.Choice(name=short(f"{a.name} — {a.title}", CHOICE_CHARS), value=a.name)
        for a in articles
        # A longer name cannot be a choice's value; it can still be typed in full.
        if len(a.name) <= CHOICE_CHARS
        and (wanted in a.name.casefold() or wanted in a.title.casefold())
    ]
    return choices[:MAX_CHOICES]
