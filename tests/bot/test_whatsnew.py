"""What's new on a topic: the cutoff rule (published after it, and dated after it by the
date layer), where the cutoff comes from, the memory of when a channel last asked (across a
restart), and the command line and the chat that offer it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest

from bot.chat import run_chat
from bot.cli import main
from bot.dates import PartialDate
from bot.engine import Engine
from bot.errors import QueryError
from bot.events import REPORTED, Event
from bot.last_asked import LAST_ASKED_FILE, MAX_REMEMBERED, LastAsked
from bot.quotes import Quote
from bot.render import render_whatsnew
from bot.settings import (
    IngestSettings,
    Settings,
)
from bot.whatsnew import FIRST_LOOK, TERMINAL, is_new, newest_first
from embeddings import HashingEncoder
from tests.helpers import hashing_settings, write_corpus

# Six dated events about Portville's harbor in five articles (2023-09 to 2024-06); the
# reopening article (published 2024-05-02) also recalls a closure of 2019.
ARTICLES = {
    "quay-plans.txt": "---\npublished: 2023-09-14\n---\nQuay plans shown\n\n"
    "Portville harbor officials presented plans for a new quay on September 12, 2023.\n",
    "dredging-contract.txt": "---\npublished: 2023-11-05\n---\nDredging contract awarded\n\n"
    "The Portville harbor board awarded the dredging contract on November 3, 2023.\n",
    "board-meets.txt": "---\npublished: 2024-01-10\n---\nHarbor board meets\n\n"
    "The Portville harbor board met on January 8, 2024 to plan the dredging of the harbor.\n",
    "harbor-reopens.txt": "---\npublished: 2024-05-02\n---\nHarbor reopens after dredging\n\n"
    "The Portville harbor reopened on April 30, 2024 after three months of dredging.\n\n"
    "The Portville harbor had first closed for repairs in March 2019.\n",
    "traffic-climbs.txt": "---\npublished: 2024-06-20\n---\nHarbor traffic climbs\n\n"
    "Container traffic at the Portville harbor rose by a fifth in June 2024, the board said.\n",
}
APRIL = dt.date(2024, 4, 1)


@pytest.fixture(scope="module")
def harbor_settings(tmp_path_factory) -> Settings:
    """The five articles, indexed once with the hashing encoder."""
    folder = tmp_path_factory.mktemp("harbor")
    settings = hashing_settings(write_corpus(folder / "corpus", ARTICLES), folder)
    Engine(settings, HashingEncoder()).build_index()
    return settings


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def engine_with(settings: Settings, state: Path) -> Engine:
    """An engine (a fresh process, as after a restart) remembering in ``state``."""
    settings = dataclasses.replace(settings, ingest=IngestSettings(state_dir=state))
    return Engine(settings, HashingEncoder())


@pytest.fixture
def engine(harbor_settings: Settings, state: Path) -> Engine:
    return engine_with(harbor_settings, state)


def dates(news) -> list[str]:
    return [e.date.iso() for e in news.events]


def event(date: PartialDate | None, published: dt.date | None) -> Event:
    quote = Quote("Text.", "a.txt", 1, 0, 5, 0.5, "Title", published)
    return Event(date, "", REPORTED, "", quote)


def test_news_is_published_after_the_cutoff_and_dated_after_it_not_background(engine):
    news = engine.whatsnew("Portville", engine.filters(since="2024-04-01"))
    # 2024-01-08 is in an article published before; 2019-03 is background in a new one.
    assert dates(news) == ["2024-06", "2024-04-30"]
    assert (news.cutoff, news.origin) == (APRIL, "option")
    assert news.since_words() == "since 2024-04-01, as asked"


@pytest.mark.parametrize(
    ("date", "published", "new"),
    [
        (PartialDate(2024, 4, 1), dt.date(2024, 5, 1), True),  # on the cutoff's day
        (PartialDate(2024, 3, 31), dt.date(2024, 5, 1), False),  # before it: background
        (PartialDate(2024, 4, None), dt.date(2024, 5, 1), True),  # a month that ends after
        (PartialDate(2024, 3, None), dt.date(2024, 5, 1), False),
        (PartialDate(2024, None, None), dt.date(2024, 5, 1), True),
        (None, dt.date(2024, 4, 2), True),  # no date of its own: its article's
        (None, dt.date(2024, 3, 2), False),
        (PartialDate(None, 6, 15), dt.date(2024, 4, 2), True),  # no year: its article's
        (None, None, False),  # nothing says when: not news
    ],
)
def test_an_event_counts_by_its_own_date_else_its_articles(date, published, new):
    assert is_new(event(date, published), APRIL) is new


def test_newest_first_puts_events_without_a_year_last():
    undated = event(None, None)
    events = [event(PartialDate(2023, 1, 2), None), undated, event(PartialDate(2024, 1, 1), None)]
    assert [e.date for e in newest_first(events)] == [
        PartialDate(2024, 1, 1),
        PartialDate(2023, 1, 2),
        None,
    ]


def test_the_first_time_says_so_and_shows_the_newest_items(engine, state):
    news = engine.whatsnew("Portville")
    assert (news.cutoff, news.origin) == (None, "first time")
    assert dates(news) == ["2024-06", "2024-04-30", "2024-01-08", "2023-11-03", "2023-09-12"]
    assert len(news.events) == FIRST_LOOK and news.more == 1  # 2019-03 is not shown
    text = render_whatsnew(news)
    assert text.startswith("What's new on Portville: the first time this channel asks about it")
    assert "the newest 5 of 6 items" in text
    assert LastAsked(state).when(TERMINAL, "Portville") is not None


def test_the_next_time_is_since_the_last_time_this_channel_asked(engine, state):
    LastAsked(state).record("discord:1", "Portville", dt.datetime(2024, 4, 1, 9, 30, tzinfo=dt.UTC))
    news = engine.whatsnew("  portville ", channel="discord:1")  # case and spacing folded
    assert (news.cutoff, news.origin) == (APRIL, "last asked")
    assert dates(news) == ["2024-06", "2024-04-30"]
    assert news.since_words() == (
        "since 2024-04-01, the last time this channel asked (2024-04-01 09:30 UTC)"
    )
    assert engine.whatsnew("Portville", channel="discord:2").origin == "first time"
    # Asking moved the time on: today is after every article.
    assert engine.whatsnew("Portville", channel="discord:1").events == ()


def test_the_memory_survives_a_restart(harbor_settings, state):
    engine_with(harbor_settings, state).whatsnew("Portville")
    restarted = engine_with(harbor_settings, state)
    news = restarted.whatsnew("Portville")
    assert news.origin == "last asked" and news.cutoff == dt.datetime.now(dt.UTC).date()
    assert (state / LAST_ASKED_FILE).is_file()


def test_a_question_that_fails_is_not_remembered(engine, state):
    with pytest.raises(QueryError):
        engine.whatsnew("Portville", engine.filters(source="nowhere"))
    with pytest.raises(QueryError):
        engine.whatsnew("   ")
    assert LastAsked(state).when(TERMINAL, "Portville") is None


def test_a_date_in_the_topic_is_the_cutoff(engine):
    news = engine.whatsnew("Portville since May 2024")
    assert (news.topic, news.cutoff, news.origin) == ("Portville", dt.date(2024, 5, 1), "topic")
    assert dates(news) == ["2024-06"]
    assert news.since_words() == "since 2024-05-01 (“since May 2024” in the topic)"


def test_nothing_new_says_so_and_offers_the_latest_older_item(engine):
    news = engine.whatsnew("Portville", engine.filters(since="2024-07-01"))
    assert news.events == () and news.older is not None
    assert news.older.date == PartialDate(2024, 6, None)
    text = render_whatsnew(news)
    assert text.startswith("Nothing new on Portville since 2024-07-01, as asked.")
    assert "The latest before that (older, not new):" in text


def test_the_source_and_until_options_narrow_the_search(engine):
    news = engine.whatsnew(
        "Portville", engine.filters(since="2023-10", until="2024-05-31", source="*reopens*")
    )
    assert dates(news) == ["2024-04-30"]
    assert render_whatsnew(news).startswith(
        "Searched articles published until 2024-05-31, source *reopens*."
    )
    assert news.as_json()["filters"] == {
        "since": "2023-10-01",
        "until": "2024-05-31",
        "source": "*reopens*",
        "from_question": None,
    }


def test_a_memory_that_cannot_be_read_counts_as_none(engine, state):
    state.mkdir(parents=True)
    (state / LAST_ASKED_FILE).write_bytes(b"not a database" * 100)
    assert engine.whatsnew("Portville").origin == "first time"


def test_the_memory_keeps_the_most_recent_pairs(state, monkeypatch):
    monkeypatch.setattr("bot.last_asked.MAX_REMEMBERED", 2)
    memory = LastAsked(state)
    for day, topic in enumerate(("a", "b", "c"), start=1):
        memory.record(TERMINAL, topic, dt.datetime(2024, 1, day, tzinfo=dt.UTC))
    assert memory.when(TERMINAL, "a") is None and memory.when(TERMINAL, "c") is not None
    assert MAX_REMEMBERED >= 1000


def test_json_gives_the_cutoff_and_where_it_came_from(engine):
    data = engine.whatsnew("Portville", engine.filters(since="2024-04-01")).as_json()
    assert (data["since"], data["since_from"], data["last_asked"]) == ("2024-04-01", "option", None)
    assert [e["date"] for e in data["events"]] == ["2024-06", "2024-04-30"]
    assert data["events"][0]["provenance"] == "stated"
    assert data["events"][0]["quote"]["source"] == "traffic-climbs.txt"


def test_the_cli_takes_since_and_remembers_without_it(harbor_settings, tmp_path, capsys):
    config = tmp_path / "newsdesk.toml"
    config.write_text(
        f'[corpus]\ndir = "{harbor_settings.corpus.dir}"\n'
        f'[index]\ndir = "{harbor_settings.index.dir}"\n[model]\nname = "hashing"\n'
        f'[ingest]\nstate_dir = "{tmp_path / "state"}"\n'
    )
    assert main(["whatsnew", "Portville", "--since", "2024-05", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("What's new on Portville since 2024-05-01, as asked: newest first.")
    assert "traffic-climbs.txt, paragraph 1" in out and "harbor-reopens.txt" not in out
    assert main(["whatsnew", "Portville", "--json", "--config", str(config)]) == 0
    assert '"since_from": "last asked"' in capsys.readouterr().out
    assert main(["whatsnew", "Portville", "--since", "soon", "--config", str(config)]) == 2
    assert "cannot read the date 'soon'" in capsys.readouterr().err


def test_the_chat_offers_whatsnew(engine):
    out = io.StringIO()
    lines = "/help\n/whatsnew Portville since May 2024\n/whatsnew Portville\n"
    assert run_chat(engine, io.StringIO(lines), out) == 0
    text = out.getvalue()
    assert "/whatsnew TOPIC" in text
    assert "What's new on Portville since 2024-05-01 (“since May 2024” in the topic)" in text
    assert "Nothing new on Portville since " in text and "the last time this channel asked" in text
