"""``[discord] shard_count``: one connection by default, discord.py's AutoShardedBot when
asked for shards. Through the real discord.py against the fake Discord server."""

from discord.ext import commands

from bot.discord_app.client import NewsdeskBot, ShardedNewsdeskBot, make_bot
from bot.settings import DiscordSettings
from tests.bot.discord_app.helpers import QUESTION, embed_of


def test_one_connection_is_a_plain_bot(fake_engine):
    bot = make_bot(fake_engine, DiscordSettings())
    assert type(bot) is NewsdeskBot and not isinstance(bot, commands.AutoShardedBot)


def test_a_shard_count_makes_a_sharded_bot(fake_engine):
    bot = make_bot(fake_engine, DiscordSettings(shard_count=4))
    assert isinstance(bot, ShardedNewsdeskBot) and bot.shard_count == 4


async def test_a_sharded_bot_asks_discord_how_many_shards_then_answers(
    fake_discord, run_bot, fake_engine, tmp_path
):
    settings = DiscordSettings(shard_count=0, feedback_file=tmp_path / "feedback.jsonl")
    bot = make_bot(fake_engine, settings)
    await run_bot(bot)
    # Discord (here, the fake) recommends one shard; the bot identified as shard 0 of 1.
    assert bot.shard_count == 1 and bot.shards.keys() == {0}
    handle = await fake_discord.slash("ask", {"question": QUESTION})
    assert embed_of(await handle.wait_response())["title"] == QUESTION
