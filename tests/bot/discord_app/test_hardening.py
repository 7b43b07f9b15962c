"""Every Discord command answers, within Discord's limits, with its Markdown escaped
(issue 14, items 2 and 10). Through the real discord.py against the fake Discord server."""

import pytest
from discord.utils import escape_markdown

from bot.discord_app import NewsdeskBot
from bot.engine import ArticleInfo
from bot.settings import DiscordSettings
from tests.bot.discord_app.helpers import MANAGE_GUILD, embed_of, is_private, quote

MARKDOWN_TITLE = "The *big* __harbor__ deal"
LONG_NAME = "n" * 150 + ".txt"  # longer than an autocomplete choice's value may be


@pytest.fixture
def feedback_file(tmp_path):
    return tmp_path / "feedback.jsonl"


@pytest.fixture
async def newsdesk(fake_discord, run_bot, fake_engine, corpus, feedback_file):
    (corpus / "markdown.txt").write_text(f"{MARKDOWN_TITLE}\n\nThe mayor signed the deal.\n")
    (corpus / LONG_NAME).write_text("Long name\n\nA file with a very long name.\n")
    bot = NewsdeskBot(fake_engine, DiscordSettings(feedback_file=feedback_file))
    await run_bot(bot)
    return bot


async def test_unknown_source_name_of_3000_characters_gets_a_short_private_reply(
    fake_discord, newsdesk
):
    # Before: the error echoed the name past 2,000 characters and Discord refused it.
    response = await (await fake_discord.slash("source", {"file": "x" * 3000})).wait_response()
    assert is_private(response) and response["content"].startswith("There is no article named")
    assert len(response["content"]) <= 500


async def test_a_long_error_after_deferring_is_clipped_too(fake_discord, newsdesk, fake_engine):
    from embeddings import IndexStoreError

    def broken():
        raise IndexStoreError("the index is corrupt: " + "bad " * 1000)

    fake_engine.refresh = broken
    response = await (await fake_discord.slash("reindex", permissions=MANAGE_GUILD)).wait_response()
    assert is_private(response) and response["content"].startswith("The index is corrupt: bad")
    assert len(response["content"]) <= 500


async def test_titles_are_escaped_like_descriptions(fake_discord, newsdesk):
    question = "Did the *mayor* sign the __harbor__ deal?"
    response = await (await fake_discord.slash("ask", {"question": question})).wait_response()
    assert embed_of(response)["title"] == escape_markdown(question)
    topic = "the *harbor* deal"
    response = await (await fake_discord.slash("timeline", {"topic": topic})).wait_response()
    assert embed_of(response)["title"] == f"Timeline: {escape_markdown(topic)}"
    response = await (await fake_discord.slash("source", {"file": "markdown.txt"})).wait_response()
    assert embed_of(response)["title"] == escape_markdown(MARKDOWN_TITLE)


async def test_a_long_title_of_markdown_stays_within_the_title_limit(fake_discord, newsdesk):
    question = "*" * 300 + " harbor?"  # escaping doubles it: 600 characters before clipping
    response = await (await fake_discord.slash("ask", {"question": question})).wait_response()
    title = embed_of(response)["title"]
    assert len(title) <= 256 and title.startswith("\\*\\*") and title.endswith("…")
    assert "\\…" not in title  # never a dangling escape


async def test_sources_with_long_titles_stay_within_the_embed_limits(
    fake_discord, newsdesk, fake_engine
):
    fake_engine.articles = lambda: [
        ArticleInfo(f"{n}.txt", "A *very* long title " * 60, None, 3) for n in range(8)
    ]
    response = await (await fake_discord.slash("sources")).wait_response()
    assert embed_of(response)["title"] == "8 articles"
    # the fake server refuses any embed over Discord's limits: no violation was recorded


async def test_autocomplete_leaves_out_names_too_long_to_be_a_choice(fake_discord, newsdesk):
    choices = await (await fake_discord.autocomplete("source", {"file": ""})).wait_choices()
    values = [c["value"] for c in choices]
    assert "alpha.txt" in values and LONG_NAME not in values
    response = await (await fake_discord.slash("source", {"file": LONG_NAME})).wait_response()
    assert embed_of(response)["title"] == "Long name"  # it can still be read by typing it


async def test_a_vote_that_cannot_be_written_still_gets_a_reply(
    fake_discord, newsdesk, run_bot, feedback_file
):
    feedback_file.mkdir()  # a folder where the votes file should be
    response = await (await fake_discord.slash("ask", {"question": "harbor?"})).wait_response()
    thanks = await (await fake_discord.click(response, "vote:up")).wait_response()
    assert is_private(thanks) and "could not record your vote" in thanks["content"]
    assert [type(e).__name__ for e in run_bot.errors] == ["IsADirectoryError"]  # logged
    run_bot.errors.clear()  # provoked on purpose


async def test_a_failing_button_becomes_a_private_message(fake_discord, newsdesk, run_bot):
    def broken(*args):
        raise RuntimeError("disk on fire")

    newsdesk.feedback.record = broken
    response = await (await fake_discord.slash("ask", {"question": "harbor?"})).wait_response()
    reply = await (await fake_discord.click(response, "vote:down")).wait_response()
    assert is_private(reply) and reply["content"].startswith("Something went wrong")
    assert [str(e) for e in run_bot.errors] == ["disk on fire"]
    run_bot.errors.clear()


async def test_a_failing_mention_gets_a_reply(fake_discord, newsdesk, fake_engine, run_bot):
    def broken(question, filters=None):
        raise RuntimeError("disk on fire")

    fake_engine.ask = broken
    message = await fake_discord.message(f"<@{fake_discord.bot_id}> harbor?")
    reply = await fake_discord.wait_for_reply(message)
    assert reply["content"].startswith("Something went wrong") and "fire" not in reply["content"]
    assert [str(e) for e in run_bot.errors] == ["disk on fire"]
    run_bot.errors.clear()


async def test_a_refused_mention_keeps_the_case_of_its_message(fake_discord, newsdesk):
    message = await fake_discord.message(f"<@{fake_discord.bot_id}> harbor \x07?")
    reply = await fake_discord.wait_for_reply(message)
    assert reply["content"].startswith("The question contains control characters (U+0007")


async def test_outlets_outside_code_spans_are_escaped(fake_discord, newsdesk, fake_engine):
    from dataclasses import replace

    from bot.reach import Reach
    from bot.timeline import Event, Timeline

    reach = Reach(("a1.txt", "my_notes_file.txt"), 0, ("My_Wire",), None)
    event = Event(
        None, "", "reported", "as published", replace(quote("A deal."), reach=reach), ("x.txt",)
    )
    fake_engine.timeline = lambda topic, filters=None: Timeline(topic, (event,))
    response = await (await fake_discord.slash("timeline", {"topic": "deal"})).wait_response()
    assert "reported by 2 articles (My\\_Wire)" in embed_of(response)["description"]
