"""Issue 11, citations link to the original: in Discord a quote's title links to its
article's page and names the outlet, /sources lists outlet, date, link and other reports,
and /source's embed links to the page; through the real discord.py and the fake Discord
for what the bot sends (the articles of tests/data/sourced)."""

import dataclasses
import json

import pytest

from bot.answers import Answer
from bot.discord_app import NewsdeskBot
from bot.discord_app.embeds import (
    answer_embeds,
    article_embeds,
    quote_block,
    shown_answer,
    sources_embeds,
)
from bot.engine import ArticleInfo, Engine
from bot.settings import CorpusSettings, DiscordSettings
from embeddings import HashingEncoder
from tests.bot.discord_app.helpers import embed_of, quote
from tests.helpers import DATA

HARBOR_URL = "https://www.example.com/news/2024/04/10/portville-harbor-expansion"
HARBOR_TITLE = "Portville council approves harbor expansion"
QUESTION = "How much is the Portville harbor expansion worth?"


@pytest.fixture
def feedback_file(tmp_path):
    return tmp_path / "feedback.jsonl"


@pytest.fixture
async def sourced_bot(fake_discord, run_bot, fake_settings, feedback_file):
    settings = dataclasses.replace(fake_settings, corpus=CorpusSettings(DATA / "sourced"))
    bot = NewsdeskBot(
        Engine(settings, HashingEncoder()), DiscordSettings(feedback_file=feedback_file)
    )
    await run_bot(bot)
    return bot


def test_a_quote_with_a_link_links_its_title_and_names_the_outlet():
    linked = dataclasses.replace(
        quote("The deal was signed."), url=HARBOR_URL, outlet="Example News"
    )
    assert quote_block(linked).endswith(
        f"— [*A \\*bold\\* title*]({HARBOR_URL}) (2020-09-24) · Example News · `a1.txt` ¶1"
    )
    # Without a source the citation is as it was.
    assert quote_block(quote("The deal was signed.")).endswith(
        "— *A \\*bold\\* title* (2020-09-24) · `a1.txt` ¶1"
    )


def test_a_link_cannot_break_out_of_its_markdown():
    tricky = dataclasses.replace(
        quote("Text."),
        title="Rates [up] (again)",
        url="https://example.com/a_(b)<c>[d]",
        outlet="*Star* Paper",
    )
    block = quote_block(tricky)
    assert "[*Rates \\[up\\] (again)*](https://example.com/a_%28b%29%3Cc%3E%5Bd%5D)" in block
    assert "· \\*Star\\* Paper ·" in block


def test_an_overlong_link_is_shown_unlinked():
    long_url = "https://example.com/" + "a" * 2000
    block = quote_block(dataclasses.replace(quote("Text."), url=long_url))
    assert long_url not in block and "— *A \\*bold\\* title*" in block


def test_a_linked_answer_reads_back_for_its_votes():
    linked = dataclasses.replace(quote("The deal was signed.", 3), url=HARBOR_URL, outlet="E")
    [embed] = answer_embeds(Answer("Q?", (linked,), False, 0.9, ""))
    [shown] = shown_answer(embed).quotes
    assert (shown.source, shown.paragraph, shown.text) == ("a3.txt", 3, "The deal was signed.")


def test_sources_and_source_pages_link_to_the_articles():
    info = ArticleInfo(
        "harbor.txt",
        HARBOR_TITLE,
        "2024-04-10",
        3,
        "Example News",
        HARBOR_URL,
        (("Other Wire", "https://other.example/a/123"), ("Third Paper", "")),
    )
    [page] = sources_embeds([info, ArticleInfo("plain.txt", "Plain", None, 1)])
    assert page.description == (
        f"**[{HARBOR_TITLE}]({HARBOR_URL})**\n`harbor.txt` · 2024-04-10 · Example News · "
        "3 passages · also reported by 2\n\n**Plain**\n`plain.txt` · date unknown · 1 passages"
    )
    [article] = article_embeds(info, [(1, "The deal was signed.")])
    assert article.url == HARBOR_URL
    assert article.footer.text == "harbor.txt · 2024-04-10 · Example News"


async def test_ask_quotes_link_to_the_original(fake_discord, sourced_bot, feedback_file):
    response = await (await fake_discord.slash("ask", {"question": QUESTION})).wait_response()
    description = embed_of(response)["description"]
    assert (
        f"— [*{HARBOR_TITLE}*]({HARBOR_URL}) (2024-04-10) · Example News · "
        "`harbor-expansion.txt` ¶1"
    ) in description
    # A vote on it still reads the quotes back from the message.
    click = await fake_discord.click(response, "vote:up")
    await click.wait_response()
    [entry] = [json.loads(line) for line in feedback_file.read_text().splitlines()]
    assert entry["quotes"][0]["source"] == "harbor-expansion.txt"


async def test_sources_command_lists_outlet_date_and_link(fake_discord, sourced_bot):
    response = await (await fake_discord.slash("sources")).wait_response()
    description = embed_of(response)["description"]
    assert (
        f"**[{HARBOR_TITLE}]({HARBOR_URL})**\n`harbor-expansion.txt` · 2024-04-10 · "
        "Example News · 3 passages · also reported by 2"
    ) in description
    assert "**Harbor budget debated**\n`budget-debate.txt` · 2024-03-28 · 2 passages" in description


async def test_source_command_links_to_the_page(fake_discord, sourced_bot):
    handle = await fake_discord.slash("source", {"file": "harbor-expansion.txt"})
    embed = embed_of(await handle.wait_response())
    assert embed["url"] == HARBOR_URL and embed["title"] == HARBOR_TITLE
