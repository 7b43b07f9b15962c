"""/whatsnew through the real discord.py against the fake Discord server: the first time in a
channel, then since the last time that channel asked (a thread and another channel keep
their own), with the since option, and after the bot restarts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.discord_app import NewsdeskBot
from bot.engine import Engine
from bot.last_asked import LastAsked
from bot.settings import (
    DiscordSettings,
)
from tests.bot.discord_app.helpers import embed_of, is_private
from tests.helpers import sourced_engine

TOPIC = "rail strike"  # two events in rail-strike.txt (published 2024-05-03): 05-01, 05-06


@pytest.fixture
def dated_engine(tmp_path: Path) -> Engine:
    """The hashing encoder over the three dated articles of tests/data/sourced."""
    return sourced_engine(tmp_path)


@pytest.fixture
async def newsdesk(fake_discord, run_bot, dated_engine, tmp_path):
    bot = NewsdeskBot(dated_engine, DiscordSettings(feedback_file=tmp_path / "feedback.jsonl"))
    await run_bot(bot)
    return bot


async def whatsnew(fake_discord, **options):
    channel = options.pop("channel", None)
    handle = await fake_discord.slash("whatsnew", {"topic": TOPIC, **options}, channel=channel)
    return embed_of(await handle.wait_response())


async def test_first_time_then_since_the_channel_last_asked(fake_discord, newsdesk, dated_engine):
    newsroom = fake_discord.world.add_channel("newsroom")
    first = await whatsnew(fake_discord)
    assert first["title"] == f"What's new: {TOPIC}"
    assert first["description"].startswith("The first time this channel asks about it")
    assert "**2024-05-06** · resolved" in first["description"]
    assert "`rail-strike.txt` ¶2" in first["description"]
    # The same channel, again: since today, when it last asked; nothing is that new.
    again = await whatsnew(fake_discord)
    assert again["description"].startswith(
        f"**Nothing new** on this topic since {dt.datetime.now(dt.UTC).date().isoformat()}, "
        "the last time this channel asked"
    )
    assert "__The latest before that (older, not new)__" in again["description"]
    # Another channel has its own memory.
    elsewhere = await whatsnew(fake_discord, channel=newsroom["id"])
    assert elsewhere["description"].startswith("The first time this channel asks")
    memory = LastAsked(dated_engine.settings.ingest.state_dir)
    assert memory.when(f"discord:{newsroom['id']}", TOPIC) is not None


async def test_since_is_a_cutoff_on_publication_and_on_the_events_dates(fake_discord, newsdesk):
    embed = await whatsnew(fake_discord, since="2024-05-02")
    assert embed["description"].startswith("Since 2024-05-02, as asked, newest first:")
    assert "2024-05-06" in embed["description"] and "2024-05-01" not in embed["description"]
    assert embed["footer"]["text"] == "1 new, newest first"


async def test_a_remembered_time_survives_a_restart(fake_discord, run_bot, dated_engine, tmp_path):
    channel = fake_discord.world.general["id"]
    when = dt.datetime(2024, 5, 2, 8, 0, tzinfo=dt.UTC)
    LastAsked(dated_engine.settings.ingest.state_dir).record(f"discord:{channel}", TOPIC, when)
    bot = NewsdeskBot(dated_engine, DiscordSettings(feedback_file=tmp_path / "feedback.jsonl"))
    await run_bot(bot)
    embed = await whatsnew(fake_discord)
    assert embed["description"].startswith(
        "Since 2024-05-02, the last time this channel asked (2024-05-02 08:00 UTC), newest first:"
    )


async def test_a_bad_since_is_refused_privately(fake_discord, newsdesk):
    handle = await fake_discord.slash("whatsnew", {"topic": TOPIC, "since": "soon"})
    response = await handle.wait_response()
    assert is_private(response) and "Cannot read the date 'soon'" in response["content"]
