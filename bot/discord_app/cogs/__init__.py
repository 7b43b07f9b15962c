"""The cogs: one module per group of slash commands, each a discord.py extension with an
``async def setup(bot)``. The bot loads every module found here, so adding a command is
adding a module (and describing the command in ``bot/commands.py``)."""

from __future__ import annotations

import pkgutil
from collections.abc import Iterator


def walk_extensions() -> Iterator[str]:
    """The full names of the cog modules, for ``Bot.load_extension`` (as python-discord's
    ``walk_extensions``); modules whose name starts with "_" are not cogs."""
    for module in pkgutil.iter_modules(__path__, f"{__name__}."):
        if not module.name.rpartition(".")[2].startswith("_"):
            yield module.name
