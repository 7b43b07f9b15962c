"""Follow-ups in a thread, end to end: the real bot on the real discord.py against the fake
Discord server, which creates the thread from the answer message and delivers the thread's
messages that mention the bot or reply to it."""

import dataclasses

import pytest

from bot.discord_app import NewsdeskBot
from bot.settings import DiscordSettings
from tests.bot.discord_app.helpers import QUESTION, buttons, embed_of

THREAD_FROM_MESSAGE = "POST /channels/{channel_id}/messages/{message_id}/threads"


@pytest.fixture
def discord_settings(tmp_path):
    return DiscordSettings(feedback_file=tmp_path / "feedback.jsonl")


async def answer_in(fake_discord, thread, content, **options):
    """What the bot answers to ``content`` posted in ``thread``."""
    message = await fake_discord.message(content, channel=thread, **options)
    return await fake_discord.wait_for_reply(message, timeout=5)


async def test_a_thread_conversation_from_the_follow_up_button(
    fake_discord, run_bot, fake_engine, discord_settings
):
    await run_bot(NewsdeskBot(fake_engine, discord_settings))
    handle = await fake_discord.slash("ask", {"question": QUESTION})
    answer = await handle.wait_response()
    assert "follow-up" in buttons(answer)

    click = await fake_discord.click(answer, "follow-up")
    edited = await click.wait_response()
    assert click.ack_type == 7 and "follow-up" not in buttons(edited)
    assert buttons(edited) == {"vote:up": False, "vote:down": False}
    await fake_discord.wait_for_request(route=THREAD_FROM_MESSAGE)
    thread = fake_discord.world.channels[int(answer["id"])]  # the thread has its message's id
    assert thread["name"] == QUESTION
    intro = await fake_discord.wait_for_message(lambda m: m["channel_id"] == thread["id"])
    assert "mentioning me or replying to my messages" in intro["content"]

    why = await answer_in(fake_discord, thread, "why?")
    assert why["content"] == "Read as: Why is the Portville harbor expansion worth?"
    assert embed_of(why)["title"] == "Why is the Portville harbor expansion worth?"

    # A reply to the bot mentions it (Discord pings the replied-to author): no mention typed.
    source = await answer_in(fake_discord, thread, "source?", mentions_bot=False, reply_to=why)
    first = embed_of(why)["description"].split("`")[1]  # the first quote's file
    assert source["content"].startswith(f"The article of the first quote ({first}, paragraph ")
    assert embed_of(source)["footer"]["text"].startswith(first)
    assert "vote:up" not in buttons(source)  # an article is not an answer to vote on

    dated = await answer_in(fake_discord, thread, "what about 2021?")
    assert dated["content"] == "Read as: Why is the Portville harbor expansion worth?"
    assert "2021-01-01 to 2021-12-31" in embed_of(dated)["description"]


async def test_an_old_thread_after_a_restart_gets_new_questions(
    fake_discord, run_bot, fake_engine, discord_settings
):
    first = NewsdeskBot(fake_engine, discord_settings)
    await run_bot(first)
    answer = await (await fake_discord.slash("ask", {"question": QUESTION})).wait_response()
    await (await fake_discord.click(answer, "follow-up")).wait_response()
    thread = fake_discord.world.channels[int(answer["id"])]
    await fake_discord.wait_for_message(lambda m: m["channel_id"] == thread["id"])  # its intro
    await first.close()
    await run_bot(NewsdeskBot(fake_engine, discord_settings))  # it remembers nothing

    reply = await answer_in(fake_discord, thread, "what about the rail strike in Northland?")
    assert reply["content"] == ""  # not read as a follow-up: asked as it is
    assert embed_of(reply)["title"] == "what about the rail strike in Northland?"
    assert "Northland" in embed_of(reply)["description"]
    more = await answer_in(fake_discord, thread, "more")
    assert more["content"].startswith("More quotes on: what about the rail strike")


async def test_the_follow_up_button_after_a_restart_still_opens_the_thread(
    fake_discord, run_bot, fake_engine, discord_settings
):
    first = NewsdeskBot(fake_engine, discord_settings)
    await run_bot(first)
    answer = await (await fake_discord.slash("ask", {"question": QUESTION})).wait_response()
    await first.close()
    await run_bot(NewsdeskBot(fake_engine, discord_settings))

    edited = await (await fake_discord.click(answer, "follow-up")).wait_response()
    assert buttons(edited) == {"vote:up": False, "vote:down": False}
    thread = fake_discord.world.channels[int(answer["id"])]
    why = await answer_in(fake_discord, thread, "why?")  # the conversation is gone
    assert "nothing to search for" in why["content"]


async def test_private_answers_offer_no_thread(
    fake_discord, run_bot, fake_engine, discord_settings
):
    await run_bot(NewsdeskBot(fake_engine, discord_settings))
    handle = await fake_discord.slash("ask", {"question": QUESTION, "private": True})
    assert "follow-up" not in buttons(await handle.wait_response())


async def test_thread_mode_keeps_the_conversation_of_the_thread_it_opens(
    fake_discord, run_bot, fake_engine, discord_settings
):
    settings = dataclasses.replace(discord_settings, reply_mode="thread")
    await run_bot(NewsdeskBot(fake_engine, settings))
    asked = await fake_discord.message("When did the rail strike in Northland end?")
    await fake_discord.wait_for_request(route=THREAD_FROM_MESSAGE)
    thread = fake_discord.world.channels[int(asked["id"])]
    first = await fake_discord.wait_for_message(lambda m: m["channel_id"] == thread["id"])
    assert "Northland" in embed_of(first)["description"]

    portville = await answer_in(fake_discord, thread, "and Portville?")
    assert portville["content"] == "Read as: When did the rail strike in Portville end?"
    assert embed_of(portville)["title"] == "When did the rail strike in Portville end?"
