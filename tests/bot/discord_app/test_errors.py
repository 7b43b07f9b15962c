"""Errors reach the user by one path, and mentions ask only their question (issue 9, items
2, 3 and 5). Through the real discord.py against the fake Discord server, which answers
500 where a test injects a fault."""

import discord
import pytest

from bot.discord_app import NewsdeskBot
from bot.settings import DiscordSettings
from tests.bot.discord_app.helpers import QUESTION, embed_of, is_private

FOLLOWUP = "POST /webhooks/{application_id}/{token}"
EDIT_RESPONSE = "PATCH /webhooks/{application_id}/{token}/messages/{message_id}"
CHANNEL_MESSAGE = "POST /channels/{channel_id}/messages"
# discord.py waits 1 to 9 s before retrying a 5xx: a thousandth of that here.
fast_retries = pytest.mark.fake_discord(retry_delay_scale=0.001)


@pytest.fixture
async def newsdesk(fake_discord, run_bot, fake_engine, tmp_path):
    settings = DiscordSettings(rate_limit_count=2, feedback_file=tmp_path / "feedback.jsonl")
    bot = NewsdeskBot(fake_engine, settings)
    await run_bot(bot)
    return bot


def server_errors(run_bot):
    """The errors the bot logged, which must all be Discord's 500s; then forgotten."""
    errors = [getattr(error, "original", error) for error in run_bot.errors]
    assert errors and all(isinstance(e, discord.DiscordServerError) for e in errors)
    run_bot.errors.clear()  # provoked on purpose


# --- item 5: an error after a deferral reaches the user -----------------------------------------


@fast_retries
async def test_an_answer_discord_fails_to_post_becomes_an_error_message(
    fake_discord, newsdesk, run_bot
):
    fault = fake_discord.fail(FOLLOWUP)  # Discord is failing to take the answer
    handle = await fake_discord.slash("ask", {"question": QUESTION})
    response = await handle.wait_response(timeout=5)
    assert fault.hits == 5  # discord.py tried five times
    # "thinking…" became the error: the user sees why there is no answer.
    assert response["id"] == handle.original["id"]
    assert response["content"].startswith("Something went wrong on my side")
    server_errors(run_bot)


@fast_retries
async def test_an_error_message_that_cannot_be_sent_is_logged(
    fake_discord, newsdesk, run_bot, caplog
):
    fake_discord.fail(FOLLOWUP)
    fake_discord.fail(EDIT_RESPONSE)  # the error message fails too
    handle = await fake_discord.slash("ask", {"question": QUESTION})
    await fake_discord.wait_for_request(
        lambda r: r.status == 500, route=EDIT_RESPONSE, timeout=5, start=len(fake_discord.requests)
    )
    await fake_discord.wait_until(
        lambda: "could not tell the user that /ask failed" in caplog.text, 5, "the log"
    )
    assert handle.original["flags"] & 128  # still "thinking…": nothing else could be shown
    server_errors(run_bot)


@fast_retries
async def test_a_mention_whose_replies_fail_is_logged(fake_discord, newsdesk, run_bot, caplog):
    fake_discord.fail(CHANNEL_MESSAGE)
    await fake_discord.message(f"<@{fake_discord.bot_id}> {QUESTION}")
    await fake_discord.wait_until(
        lambda: "could not tell the user that a mention failed" in caplog.text, 5, "the log"
    )
    assert "a mention failed" in caplog.text  # the answer's reply, first
    server_errors(run_bot)


# --- item 2: one error path, the same messages for mentions and slash commands -----------------


async def test_a_mention_is_refused_with_the_slash_commands_message(fake_discord, newsdesk):
    question = "harbor " * 300
    slash = await (await fake_discord.slash("ask", {"question": question})).wait_response()
    message = await fake_discord.message(f"<@{fake_discord.bot_id}> {question}")
    reply = await fake_discord.wait_for_reply(message)
    assert is_private(slash) and slash["content"].startswith("The question is 2,099 characters")
    assert reply["content"] == slash["content"]


async def test_a_rate_limited_mention_gets_the_slash_commands_message(fake_discord, newsdesk):
    for _ in range(2):
        await (await fake_discord.slash("ask", {"question": QUESTION})).wait_response()
    slash = await (await fake_discord.slash("ask", {"question": QUESTION})).wait_response()
    message = await fake_discord.message(f"<@{fake_discord.bot_id}> {QUESTION}")
    reply = await fake_discord.wait_for_reply(message)
    assert slash["content"].startswith("Slow down a little: you can ask again in")
    assert reply["content"].rsplit(" in ", 1)[0] == slash["content"].rsplit(" in ", 1)[0]


# --- item 3: a mentioned question is the text without any mention -------------------------------


async def test_other_mentions_are_not_part_of_a_mentioned_question(fake_discord, newsdesk):
    world = fake_discord.world
    role, channel, bob = world.role("Moderator")["id"], world.news["id"], world.user("bob")["id"]
    message = await fake_discord.message(
        f"<@{fake_discord.bot_id}> @here <@&{role}> How much is the <#{channel}> Portville "
        f"harbor expansion worth, <@!{bob}>? @everyone"
    )
    reply = await fake_discord.wait_for_reply(message)
    slash = await (await fake_discord.slash("ask", {"question": QUESTION})).wait_response()
    assert embed_of(reply)["title"] == "How much is the Portville harbor expansion worth, ?"
    assert embed_of(reply)["description"] == embed_of(slash)["description"]
    assert reply["mentions"] == [] and reply["mention_roles"] == []
    assert not reply["mention_everyone"]
    assert all(
        m["parse"] == [] and not m.get("replied_user") for m in fake_discord.allowed_mentions
    )


async def test_a_message_of_mentions_only_asks_for_a_question(fake_discord, newsdesk):
    message = await fake_discord.message(f"<@{fake_discord.bot_id}> @here <@&1>")
    reply = await fake_discord.wait_for_reply(message)
    assert reply["content"] == "Ask me a question about the articles, or try /help."
