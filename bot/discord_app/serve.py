"""Starting the bot with the token from the environment, with clear start-up errors."""

from __future__ import annotations

import discord

from ..engine import Engine
from ..errors import ConfigError
from ..keeping import Keeper
from ..settings import Settings, discord_token
from .client import make_bot


def serve(settings: Settings) -> int:
    token = discord_token()
    if not token:
        raise ConfigError(
            "DISCORD_TOKEN is not set: put the bot token in the environment (or in .env); "
            "see the README's 'Discord' section, or run `newsdesk chat` for the terminal"
        )
    engine = Engine(settings)
    bot = make_bot(engine, settings.discord)
    bot.keeper = Keeper(engine, settings.ingest)
    try:
        with bot.keeper:  # feeds polled and the corpus folder watched while the bot runs
            bot.run(token, log_handler=None)  # newsdesk configures logging itself
    except discord.LoginFailure:
        raise ConfigError(
            "Discord refused the token in DISCORD_TOKEN: copy it again from the Developer "
            "Portal (Bot → Reset Token)"
        ) from None
    except discord.PrivilegedIntentsRequired:
        raise ConfigError(
            "Discord refused an intent; newsdesk needs no privileged intents"
        ) from None
    return 0
