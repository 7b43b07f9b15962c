"""New identifiers and timestamps for the fake: snowflakes, interaction tokens, ISO times."""

from __future__ import annotations

import datetime as dt
import secrets

import discord

_last_snowflake = 0


def snowflake() -> int:
    """A new, strictly increasing, time-based snowflake (like Discord's, 19 digits today)."""
    global _last_snowflake
    value = discord.utils.time_snowflake(dt.datetime.now(dt.UTC))
    # Several ids in the same millisecond: use the increment bits, like Discord does.
    value = max(value, _last_snowflake + 1)
    _last_snowflake = value
    return value


def interaction_token() -> str:
    """An opaque interaction token; URL-safe like Discord's."""
    return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)


def timestamp(when: dt.datetime | None = None) -> str:
    return (when or dt.datetime.now(dt.UTC)).isoformat()
