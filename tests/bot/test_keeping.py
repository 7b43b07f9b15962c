"""The bot keeps itself current (issue 11): a file dropped into the watched corpus folder
is answerable within seconds, and so are the new items of a polled feed, without /reindex.
Real watchfiles, a real Engine (with the hashing encoder), feeds served on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from bot.keeping import FeedStatus, Keeper
from bot.settings import IngestSettings
from embeddings.ingest import add
from embeddings.ingest.fetching import Validators
from embeddings.ingest.registry import REGISTRY_FILE, Registry
from tests.web_server import WebServer

PANDA = "Which panda was born at the zoo?"
GAMMA = "Zoo news\n\nA panda named Bao was born at the Portville zoo.\n"


@pytest.fixture(autouse=True)
def quick_ticks(monkeypatch):
    """The watcher wakes every 0.1 s when idle, not every second: its first wake (the
    catch-up refresh) comes sooner, and the tests take less time."""
    monkeypatch.setattr("bot.keeping.WATCH_TICK_MS", 100)


def wait_until(condition, seconds: float = 8.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


def quoted_files(engine, question: str) -> set[str]:
    return {quote.source for quote in engine.ask(question).quotes}


@pytest.fixture
def count_refreshes(fake_engine):
    """The engine's refreshes, counted as they finish."""
    done = []
    refresh = fake_engine.refresh

    def counted(*args, **kwargs):
        report = refresh(*args, **kwargs)
        done.append(report)
        return report

    fake_engine.refresh = counted
    return done


@pytest.fixture
def keeper(fake_engine, tmp_path):
    fake_engine.refresh()  # as the bot does before it starts the keeper
    keeper = Keeper(fake_engine, IngestSettings(state_dir=tmp_path / "ingest"))
    yield keeper.start()
    keeper.stop()


def test_a_file_dropped_into_the_corpus_is_answerable_within_seconds(keeper, fake_engine, corpus):
    assert "gamma.txt" not in quoted_files(fake_engine, PANDA)
    (corpus / "gamma.txt").write_text(GAMMA, encoding="utf-8")
    started = time.monotonic()
    wait_until(lambda: "gamma.txt" in quoted_files(fake_engine, PANDA))
    assert time.monotonic() - started < 5
    (corpus / "alpha.txt").unlink()
    wait_until(lambda: "alpha.txt" not in {a.name for a in fake_engine.articles()})


def test_a_burst_of_files_is_one_refresh_and_other_files_none(
    fake_engine, count_refreshes, corpus, tmp_path
):
    with Keeper(fake_engine, IngestSettings(state_dir=tmp_path / "ingest")):
        wait_until(lambda: count_refreshes)  # the catch-up on start
        (corpus / ".gamma.txt.swp").write_text("editor state")
        (corpus / "notes.json").write_text("{}")
        time.sleep(0.8)  # a refresh would have started by now
        assert len(count_refreshes) == 1
        for n in range(5):
            (corpus / f"zoo{n}.txt").write_text(GAMMA.replace("Bao", f"Bao{n}"))
        wait_until(lambda: len(count_refreshes) > 1)
        time.sleep(0.8)  # room for a second refresh, if the burst were split
    assert len(count_refreshes) == 2
    assert len(count_refreshes[1].added) == 5


def test_a_failed_refresh_is_tried_again_and_the_watcher_lives_on(
    fake_engine, corpus, tmp_path, monkeypatch
):
    monkeypatch.setattr("bot.keeping.RETRY_SECONDS", 0.2)
    fake_engine.refresh()
    refresh, calls = fake_engine.refresh, []

    def fails_the_second_time():  # the first is the catch-up on start
        calls.append("refresh")
        if len(calls) == 2:
            raise OSError("disk hiccup")
        return refresh()

    fake_engine.refresh = fails_the_second_time
    with Keeper(fake_engine, IngestSettings(state_dir=tmp_path / "ingest")) as keeper:
        wait_until(lambda: calls)
        (corpus / "gamma.txt").write_text(GAMMA, encoding="utf-8")
        wait_until(lambda: "gamma.txt" in quoted_files(fake_engine, PANDA))  # by the retry
        assert len(calls) == 3 and all(t.is_alive() for t in keeper._threads)


def test_stop_joins_the_threads_and_may_be_called_twice(fake_engine, tmp_path):
    keeper = Keeper(fake_engine, IngestSettings(state_dir=tmp_path / "ingest")).start()
    threads = list(keeper._threads)
    assert threads and all(t.is_alive() for t in threads)
    started = time.monotonic()
    keeper.stop()
    keeper.stop()
    assert not any(t.is_alive() for t in threads)
    assert time.monotonic() - started < 2


def test_nothing_runs_when_nothing_is_to_be_kept(fake_engine, tmp_path):
    keeper = Keeper(fake_engine, IngestSettings(watch=False, state_dir=tmp_path / "ingest"))
    with keeper:
        assert keeper._threads == []


def rss(*items: tuple[str, str]) -> str:
    """A feed of (guid, first paragraph) items, each a whole article in content:encoded."""
    entries = "".join(
        f"<item><title>Zoo news {guid}</title><link>https://zoo.example/{guid}</link>"
        f"<guid>{guid}</guid><pubDate>Tue, 26 Nov 2024 09:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{text}</p><p>{ZOO_NEWS}</p>]]></content:encoded></item>"
        for guid, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Zoo Gazette</title><link>https://zoo.example/</link>{entries}"
        "</channel></rss>"
    )


# Enough words for ingest to take an entry for an article, not a summary.
ZOO_NEWS = (
    "The keepers said the animals were healthy and that visitors could see them from next "
    "week. The zoo, which opened in 1921, has welcomed more visitors this year than in any "
    "year before, the director told reporters at a briefing on Tuesday afternoon."
)
PANDA_ITEM = ("panda", "A panda named Bao was born at the Portville zoo on Monday morning.")
OTTER = "Which otter learned to juggle?"
OTTER_ITEM = ("otter", "An otter named Pip learned to juggle pebbles at the Portville zoo.")


@pytest.fixture
def web():
    with WebServer() as server:
        yield server


def polling(engine, tmp_path, *feeds: str, minutes: float = 30) -> Keeper:
    """A Keeper polling ``feeds`` every ``minutes``, the corpus folder unwatched."""
    settings = IngestSettings(feeds, poll_minutes=minutes, watch=False, state_dir=tmp_path / "in")
    return Keeper(engine, settings)


def test_a_feed_is_polled_and_its_new_item_becomes_answerable(fake_engine, web, tmp_path):
    feed = web.route("/zoo.rss", rss(PANDA_ITEM), content_type="application/rss+xml")
    fake_engine.refresh()
    with polling(fake_engine, tmp_path, feed) as keeper:
        wait_until(lambda: any("panda" in f for f in quoted_files(fake_engine, PANDA)))
        [status] = keeper.feeds()
        assert status.url == feed and status.added == 1 and status.error is None
    # A restart shows the last poll (and, polled less than poll_minutes ago, does not poll).
    requests = len(web.requests)
    with polling(fake_engine, tmp_path, feed) as restarted:
        assert restarted.feeds() == keeper.feeds()
    assert len(web.requests) == requests


def test_feeds_are_polled_every_poll_minutes_and_a_failing_one_records_its_error(
    fake_engine, web, tmp_path, monkeypatch
):
    calls = []

    def add_failing_first(sources, corpus, state):
        calls.append(sources)
        if len(calls) == 1:
            raise RuntimeError("a bug")
        return add(sources, corpus, state)

    monkeypatch.setattr("bot.keeping.add", add_failing_first)
    feed = web.route("/zoo.rss", rss(PANDA_ITEM), content_type="application/rss+xml")
    missing = web.url("/gone.rss")
    fake_engine.refresh()
    with polling(fake_engine, tmp_path, missing, feed, minutes=0.005) as keeper:  # 0.3 s
        wait_until(lambda: keeper.feeds()[0].error == "polling failed: a bug")
        wait_until(lambda: "404" in (keeper.feeds()[0].error or ""))  # polled again
        wait_until(lambda: any("panda" in f for f in quoted_files(fake_engine, PANDA)))
        web.route("/zoo.rss", rss(PANDA_ITEM, OTTER_ITEM), content_type="application/rss+xml")
        wait_until(lambda: any("otter" in f for f in quoted_files(fake_engine, OTTER)))
        assert keeper.feeds()[1].error is None and all(t.is_alive() for t in keeper._threads)


def test_polls_the_registry_cannot_read_show_the_feeds_as_not_polled(fake_engine, tmp_path):
    state = tmp_path / "in"
    state.mkdir()
    (state / REGISTRY_FILE).write_text("not a database " * 100, encoding="utf-8")
    assert polling(fake_engine, tmp_path, "a.rss").feeds() == [FeedStatus("a.rss")]


def test_only_the_configured_feeds_polls_are_shown(fake_engine, tmp_path):
    with Registry.open(tmp_path / "in") as registry:
        registry.record_poll("a.rss", "A", "2026-11-29T03:40:00Z", 2, "", Validators())
        registry.record_poll(
            "https://page.example/", "", "2026-11-29T03:41:00Z", 0, "HTTP 404", Validators()
        )
    # "./a.rss" is the file that `add` records as "a.rss"; the URL was given to `newsdesk add`.
    assert polling(fake_engine, tmp_path, "./a.rss", "b.rss").feeds() == [
        FeedStatus("./a.rss", datetime(2026, 11, 29, 3, 40, tzinfo=UTC), 2, None),
        FeedStatus("b.rss"),
    ]


def test_a_poll_the_registry_does_not_record_is_shown_and_not_repeated(
    fake_engine, tmp_path, monkeypatch
):
    """A feed file that is gone is refused before it is read as a feed, so the registry
    keeps its earlier poll: the Keeper shows this one, and waits poll_minutes for the next."""
    gone = str(tmp_path / "gone.rss")
    with Registry.open(tmp_path / "in") as registry:
        registry.record_poll(gone, "Gone", "2020-01-01T00:00:00Z", 4, "", Validators())
    calls = []

    def counted_add(sources, corpus, state):
        calls.append(sources)
        return add(sources, corpus, state)

    monkeypatch.setattr("bot.keeping.add", counted_add)
    started = datetime.now(UTC)
    with polling(fake_engine, tmp_path, gone) as keeper:
        wait_until(lambda: keeper.feeds()[0].error)
        [status] = keeper.feeds()
        assert status.error.startswith("no such file or folder") and status.added == 0
        assert status.last_poll and status.last_poll >= started
        time.sleep(0.5)  # polling it again at once would have happened by now
    assert len(calls) == 1
