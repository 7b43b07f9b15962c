"""The real bot, on the real discord.py, against the fake Discord server in tests/fake_discord."""

import dataclasses
import json

import pytest

from bot.discord_app import NewsdeskBot
from bot.settings import DiscordSettings
from tests.bot.discord_app.helpers import MANAGE_GUILD, NO_PINGS, QUESTION, embed_of, long_answer


def pings_nobody(allowed_mentions):
    return allowed_mentions["parse"] == [] and not allowed_mentions.get("replied_user")


@pytest.fixture
def discord_settings(tmp_path):
    return DiscordSettings(rate_limit_count=3, feedback_file=tmp_path / "feedback.jsonl")


@pytest.fixture
async def newsdesk(fake_discord, run_bot, fake_engine, discord_settings):
    bot = NewsdeskBot(fake_engine, discord_settings)
    await run_bot(bot)
    return bot


async def ask(fake_discord, question=QUESTION, **options):
    handle = await fake_discord.slash("ask", {"question": question, **options})
    return handle, await handle.wait_response()


async def test_commands_are_synced(fake_discord, newsdesk):
    names = {c["name"] for c in fake_discord.global_commands}
    assert names == {
        "ask",
        "timeline",
        "factcheck",
        "whatsnew",
        "sources",
        "source",
        "reindex",
        "help",
        "feeds",
    }
    ask_command = next(c for c in fake_discord.global_commands if c["name"] == "ask")
    assert ask_command["description"].startswith("Ask a question")
    assert {o["name"]: o["description"] for o in ask_command["options"]}["private"]


async def test_ask_defers_before_the_engine_runs_then_answers(fake_discord, newsdesk, fake_engine):
    acks_when_called = []
    original = fake_engine.ask

    def ask_and_note(question, filters=None):
        acks_when_called.append(len(handle.callbacks))
        return original(question)

    fake_engine.ask = ask_and_note
    handle = await fake_discord.slash("ask", {"question": QUESTION})
    response = await handle.wait_response()
    assert (await handle.wait_ack())["type"] == 5 and acks_when_called == [1]
    embed = embed_of(response)
    assert embed["title"] == QUESTION
    assert "> PORTVILLE – The city council of Portville" in embed["description"]
    assert "`alpha.txt` ¶1" in embed["description"]
    assert embed["footer"]["text"].startswith("Confidence:")
    buttons = [c["custom_id"] for row in response["components"] for c in row["components"]]
    assert buttons == ["vote:up", "vote:down", "follow-up"]  # one page: no paging buttons
    assert fake_discord.allowed_mentions == [NO_PINGS]


async def test_private_answer_is_ephemeral(fake_discord, newsdesk):
    handle, response = await ask(fake_discord, private=True)
    assert response["flags"] & 64


async def test_everyone_in_a_question_pings_nobody(fake_discord, newsdesk):
    _, response = await ask(fake_discord, "@everyone <@123456789012345678> harbor expansion worth?")
    assert "@everyone" in embed_of(response)["title"]
    assert fake_discord.allowed_mentions == [NO_PINGS]
    assert response["mentions"] == [] and not response["mention_everyone"]


async def test_mention_gets_the_same_answer_as_a_reply(fake_discord, newsdesk):
    message = await fake_discord.message(f"<@{fake_discord.bot_id}> {QUESTION}")
    reply = await fake_discord.wait_for_reply(message)
    _, response = await ask(fake_discord)
    assert embed_of(reply)["description"] == embed_of(response)["description"]
    assert reply["message_reference"]["message_id"] == message["id"]
    assert len(fake_discord.allowed_mentions) == 2
    assert all(map(pings_nobody, fake_discord.allowed_mentions))


async def test_mention_in_thread_mode_answers_in_a_thread(fake_discord, newsdesk):
    newsdesk.settings = dataclasses.replace(newsdesk.settings, reply_mode="thread")
    await fake_discord.message(f"<@{fake_discord.bot_id}> {QUESTION}")
    await fake_discord.wait_for_request(
        route="POST /channels/{channel_id}/messages/{message_id}/threads"
    )
    reply = await fake_discord.wait_for_message(lambda m: m.get("embeds"))
    assert "40 million dollars" in embed_of(reply)["description"]


async def test_mentions_outside_listening_channels_are_ignored(fake_discord, newsdesk):
    newsdesk.settings = dataclasses.replace(newsdesk.settings, channels=(1,))
    await fake_discord.message(f"<@{fake_discord.bot_id}> {QUESTION}")
    await (await fake_discord.slash("help")).wait_response()  # let the bot catch up
    assert not fake_discord.requests_to("POST /channels/{channel_id}/messages")


async def test_long_answer_is_paginated_within_limits(fake_discord, newsdesk, fake_engine):
    fake_engine.ask = long_answer
    handle, response = await ask(fake_discord)
    assert embed_of(response)["footer"]["text"].endswith("Page 1/3")
    click = await fake_discord.click(response, "page:next")
    edited = await click.wait_response()
    assert embed_of(edited)["footer"]["text"].endswith("Page 2/3")
    assert "The council met again." in embed_of(edited)["description"]
    # the fake server enforces every embed and message limit: no violation was recorded


async def test_feedback_votes_are_recorded(fake_discord, newsdesk, discord_settings):
    _, response = await ask(fake_discord)
    click = await fake_discord.click(response, "vote:down", user="bob")
    thanks = await click.wait_response()
    assert thanks["flags"] & 64 and "Thanks" in thanks["content"]
    [entry] = [json.loads(line) for line in discord_settings.feedback_file.read_text().splitlines()]
    assert entry["question"] == QUESTION and entry["vote"] == "down"
    assert entry["quotes"][0]["source"] == "alpha.txt"
    assert (
        len(entry["user"]) == 16 and str(fake_discord.world.user("bob")["id"]) not in entry["user"]
    )


async def test_reindex_needs_manage_server(fake_discord, newsdesk):
    handle = await fake_discord.slash("reindex", permissions=0)
    response = await handle.wait_response()
    assert response["flags"] & 64 and "Manage Server" in response["content"]
    handle = await fake_discord.slash("reindex", permissions=MANAGE_GUILD)
    response = await handle.wait_response()
    assert response["flags"] & 64
    assert response["content"].startswith("Index is up to date (2 articles")


async def test_reindex_picks_up_a_new_article(fake_discord, newsdesk, corpus):
    (corpus / "gamma.txt").write_text(
        "Zoo news\n\nA panda named Bao was born at the Portville zoo."
    )
    handle = await fake_discord.slash("reindex", permissions=MANAGE_GUILD)
    assert "1 added" in (await handle.wait_response())["content"]
    _, response = await ask(fake_discord, "Which panda was born at the zoo?")
    assert "gamma.txt" in embed_of(response)["description"]


async def test_sources_lists_the_articles(fake_discord, newsdesk):
    response = await (await fake_discord.slash("sources")).wait_response()
    embed = embed_of(response)
    assert embed["title"] == "2 articles" and "`beta.md` · 2021-05-04" in embed["description"]


async def test_source_shows_an_article_and_autocompletes(fake_discord, newsdesk):
    response = await (await fake_discord.slash("source", {"file": "beta.md"})).wait_response()
    assert embed_of(response)["description"].startswith("**¶1** Train drivers in Northland")
    choices = await (await fake_discord.autocomplete("source", {"file": "rail"})).wait_choices()
    assert choices == [{"name": "beta.md — Rail strike ends", "value": "beta.md"}]


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "alpha.txt/..", "ALPHA.TXT"])
async def test_source_refuses_anything_but_a_corpus_file(fake_discord, newsdesk, name):
    response = await (await fake_discord.slash("source", {"file": name})).wait_response()
    assert response["flags"] & 64 and response["content"].startswith("There is no article named")


async def test_rate_limit_answers_politely(fake_discord, newsdesk):
    for _ in range(3):
        await ask(fake_discord)
    handle, response = await ask(fake_discord)
    assert response["flags"] & 64 and response["content"].startswith("Slow down a little")
    assert handle.ack_type == 4  # refused at once, without deferring


async def test_empty_question_gets_the_engine_message(fake_discord, newsdesk):
    _, response = await ask(fake_discord, "\u200b ")
    assert response["flags"] & 64 and response["content"].startswith("The question is empty")


@pytest.mark.parametrize("private", [False, True])
async def test_a_failing_command_becomes_its_thinking_message(
    fake_discord, newsdesk, fake_engine, run_bot, private
):
    # Discord shows the first message after "thinking…" as the deferral chose (public or
    # private), and nothing at all once "thinking…" is deleted: "thinking…" becomes the error.
    def broken(question, filters=None):
        raise RuntimeError("disk on fire")

    fake_engine.ask = broken
    handle, response = await ask(fake_discord, private=private)
    assert response["id"] == handle.original["id"] and bool(response["flags"] & 64) == private
    assert response["content"].startswith("Something went wrong")
    assert "disk on fire" not in response["content"]
    # The bot logged the real error (at ERROR, which the runner records).
    assert [type(e.original).__name__ for e in run_bot.errors] == ["RuntimeError"]
    run_bot.errors.clear()  # the failure was provoked on purpose


async def test_help(fake_discord, newsdesk):
    response = await (await fake_discord.slash("help")).wait_response()
    assert "/ask" in embed_of(response)["description"] and response["flags"] & 64


async def test_timeline_is_an_embed_of_dated_quotes(fake_discord, newsdesk):
    response = await (
        await fake_discord.slash("timeline", {"topic": "rail strike"})
    ).wait_response()
    embed = embed_of(response)
    assert embed["title"] == "Timeline: rail strike"
    assert "2021-05-07" in embed["description"]  # "on Friday" after publication, 2021-05-04
    assert "`beta.md` ¶2" in embed["description"]


async def test_empty_timeline_topic_is_refused_privately(fake_discord, newsdesk):
    response = await (await fake_discord.slash("timeline", {"topic": " "})).wait_response()
    assert response["flags"] & 64 and response["content"].startswith("The topic is empty")


async def test_factcheck_shows_the_verdict_first_and_the_mismatch(fake_discord, newsdesk):
    claim = "The Portville harbor expansion is worth 90 million dollars."
    response = await (await fake_discord.slash("factcheck", {"claim": claim})).wait_response()
    embed = embed_of(response)
    assert embed["title"] == "❌ Contradicted" and embed["color"] == 0xE74C3C
    assert (
        "claim says **90 million dollars**, article says **40 million dollars**"
        in embed["description"]
    )
    assert "`alpha.txt` ¶1" in embed["description"]


async def test_factcheck_of_a_question_suggests_ask(fake_discord, newsdesk):
    handle = await fake_discord.slash("factcheck", {"claim": "Who approved the harbor?"})
    response = await handle.wait_response()
    assert response["flags"] & 64 and "/ask" in response["content"]


async def test_a_refused_token_is_one_clear_line(fake_discord, fake_settings, monkeypatch):
    import asyncio

    from bot.discord_app import serve
    from bot.errors import ConfigError

    monkeypatch.setenv("DISCORD_TOKEN", "not-the-right-token")
    # serve() runs its own event loop, as `newsdesk serve` does: give it a thread.
    with pytest.raises(ConfigError, match="Discord refused the token"):
        await asyncio.to_thread(serve, fake_settings)


async def test_filter_options_search_only_what_they_admit_and_say_so(fake_discord, newsdesk):
    _, response = await ask(fake_discord, "When will the strike end?", source="beta.md")
    embed = embed_of(response)
    assert embed["description"].startswith("*Searched articles source beta.md.*")
    assert "alpha.txt" not in json.dumps(embed)


async def test_a_filter_that_cannot_be_read_is_refused_privately(fake_discord, newsdesk):
    _, response = await ask(fake_discord, since="soon")
    assert response["flags"] & 64 and "Cannot read the date 'soon'" in response["content"]
    _, response = await ask(fake_discord, source="nowhere")
    assert response["flags"] & 64 and "'nowhere'" in response["content"]


async def test_the_source_option_offers_outlets_and_file_names(fake_discord, newsdesk):
    handle = await fake_discord.autocomplete("ask", {"question": "x", "source": "bet"})
    choices = await handle.wait_choices()
    assert choices == [{"name": "beta.md — Rail strike ends", "value": "beta.md"}]
