"""The bot keeps itself current (issue 11): a file dropped into the watched corpus folder
is answerable within seconds, without /reindex. Real watchfiles, a real Engine (with the
hashing encoder)."""

from __future__ import annotations

import time

import pytest

from bot.keeping import Keeper
from bot.settings import IngestSettings

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
