"""/feeds through the real discord.py against the fake Discord server: the feeds the bot
polls, with their last poll, what it added and its last error (Manage Server only)."""

import pytest

from bot.discord_app import NewsdeskBot
from bot.keeping import Keeper
from bot.settings import DiscordSettings, IngestSettings
from embeddings.ingest.fetching import Validators
from embeddings.ingest.registry import Registry
from tests.bot.discord_app.helpers import MANAGE_GUILD, embed_of, is_private

FEED = "https://news.example/rss.xml"
BROKEN = "https://broken.example/feed.atom"
NEW = "feeds/local.xml"


@pytest.fixture
async def newsdesk(fake_discord, run_bot, fake_engine, tmp_path):
    bot = NewsdeskBot(fake_engine, DiscordSettings(feedback_file=tmp_path / "feedback.jsonl"))
    await run_bot(bot)
    return bot


@pytest.fixture
def keeper(fake_engine, tmp_path):
    """A Keeper (not started) whose feeds were polled before a restart: their polls are
    read back from ingest's registry in its state folder."""
    state = tmp_path / "ingest"
    with Registry.open(state) as registry:
        registry.record_poll(FEED, "News", "2026-11-29T03:40:00Z", 3, "", Validators())
        error = "HTTP 404 Not Found for https://broken.example/feed.atom"
        registry.record_poll(BROKEN, "", "2026-11-29T03:41:00Z", 0, error, Validators())
    return Keeper(fake_engine, IngestSettings(feeds=(FEED, BROKEN, NEW), state_dir=state))


async def test_feeds_needs_manage_server(fake_discord, newsdesk, keeper):
    newsdesk.keeper = keeper
    response = await (await fake_discord.slash("feeds", permissions=0)).wait_response()
    assert is_private(response) and "Manage Server" in response["content"]


async def test_feeds_lists_each_feed_with_its_last_poll_and_error(fake_discord, newsdesk, keeper):
    newsdesk.keeper = keeper
    handle = await fake_discord.slash("feeds", permissions=MANAGE_GUILD)
    response = await handle.wait_response()
    assert is_private(response)
    embed = embed_of(response)
    assert embed["title"] == "Feeds (3)"
    feed, broken, new = embed["description"].split("\n\n")
    assert feed == f"`{FEED}`\npolled <t:1795923600:R> · 3 added or merged"
    assert broken.startswith(f"`{BROKEN}`\npolled <t:1795923660:R> · 0 added or merged\n⚠️ HTTP 404")
    assert new == f"`{NEW}`\nnot polled yet"
    assert embed["footer"]["text"] == "Each is polled every 30 minutes"


async def test_feeds_without_a_keeper_says_no_feeds_are_configured(fake_discord, newsdesk):
    response = await (await fake_discord.slash("feeds", permissions=MANAGE_GUILD)).wait_response()
    assert is_private(response) and response["content"].startswith("No feeds configured")
