"""Embeds and pages stay within Discord's limits and never cut a quote that fits."""

import pytest

from bot.answers import Answer
from bot.discord_app.embeds import answer_embeds, quote_block, sources_embeds
from bot.discord_app.pages import EMBED_DESCRIPTION, EMBED_TITLE, EMBED_TOTAL, pack
from bot.engine import ArticleInfo
from bot.ratelimit import RateLimiter
from bot.render import short
from tests.bot.discord_app.helpers import quote


def within_limits(embed):
    data = embed.to_dict()
    total = len(data.get("title", "")) + len(data.get("description", ""))
    total += len(data.get("footer", {}).get("text", ""))
    assert len(data.get("title", "")) <= EMBED_TITLE
    assert len(data.get("description", "")) <= EMBED_DESCRIPTION
    assert total <= EMBED_TOTAL


def test_pack_keeps_blocks_whole_when_they_fit():
    blocks = [("word " * 60).strip() + f" #{i}" for i in range(30)]
    pages = pack(blocks, limit=1000)
    assert all(len(p) <= 1000 for p in pages)
    assert sum(p.count("#") for p in pages) == 30
    for block in blocks:
        assert any(block in p for p in pages)  # never split


def test_pack_splits_only_a_block_longer_than_a_page():
    pages = pack(["x " * 3000], limit=1000)
    assert len(pages) >= 6 and all(len(p) <= 1000 for p in pages)


def test_quote_block_escapes_markdown_and_cites():
    block = quote_block(quote("Costs *rose* by 5% under __new__ rules"))
    assert "> Costs \\*rose\\* by 5% under \\_\\_new\\_\\_ rules" in block
    assert "`a1.txt` ¶1" in block and "(2020-09-24)" in block and "A \\*bold\\* title" in block


def test_long_answer_is_paginated_within_limits():
    answer = Answer(
        "q" * 400, tuple(quote("long words " * 150, n) for n in range(8)), False, 0.8, ""
    )
    pages = answer_embeds(answer)
    assert len(pages) > 1
    for page in pages:
        within_limits(page)
    assert pages[0].title.endswith("…") and "Page 1/" in pages[0].footer.text


def test_abstention_says_so_and_offers_closest_as_such():
    answer = Answer("Population?", (), True, 0.0, "they never mention Okinawa", (quote("Near."),))
    description = answer_embeds(answer)[0].description
    assert description.startswith("The articles don't say: they never mention Okinawa.")
    assert "Closest passages (not an answer)" in description


def test_sources_paginate():
    articles = [ArticleInfo(f"{i:03}.txt", "T" * 200, None, 3) for i in range(30)]
    pages = sources_embeds(articles)
    assert len(pages) == 4
    for page in pages:
        within_limits(page)


@pytest.mark.parametrize(
    "text, limit, expected", [("short", 10, "short"), ("a b c d e f", 6, "a b…")]
)
def test_short(text, limit, expected):
    assert short(text, limit) == expected


def test_rate_limiter_window():
    now = [0.0]
    limiter = RateLimiter(2, 60, clock=lambda: now[0])
    assert limiter.retry_after(1) == 0 and limiter.retry_after(1) == 0
    assert limiter.retry_after(1) == pytest.approx(60)
    assert limiter.retry_after(2) == 0  # per user
    now[0] = 61
    assert limiter.retry_after(1) == 0
