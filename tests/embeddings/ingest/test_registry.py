"""``feed_polls``: the feeds' polls as the registry recorded them, read without the ingest
lock, and never an error for a registry that is missing or cannot be read."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from embeddings.ingest import FeedState, feed_polls
from embeddings.ingest.fetching import Validators
from embeddings.ingest.registry import REGISTRY_FILE, Registry

FEED = "https://news.example/rss.xml"


def test_polls_are_read_back_as_recorded(tmp_path):
    with Registry.open(tmp_path) as registry:
        registry.record_poll(FEED, "News", "2026-11-29T03:40:00Z", 3, "", Validators('"v1"'))
        registry.record_poll(
            "feeds/local.xml", "", "2026-11-29T03:41:00Z", 0, "HTTP 404", Validators()
        )
    at_40, at_41 = (datetime(2026, 11, 29, 3, minute, tzinfo=UTC) for minute in (40, 41))
    assert feed_polls(tmp_path) == [
        FeedState("feeds/local.xml", "", at_41, 0, "HTTP 404", Validators()),
        FeedState(FEED, "News", at_40, 3, "", Validators('"v1"')),
    ]


def test_reading_does_not_wait_for_an_ingest_under_way(tmp_path):
    with Registry.open(tmp_path) as registry:  # holds the ingest lock
        registry.record_poll(FEED, "News", "2026-11-29T03:40:00Z", 3, "", Validators())
        registry.commit()
        assert [state.source for state in feed_polls(tmp_path)] == [FEED]


def test_no_registry_is_no_polls_and_reading_creates_nothing(tmp_path):
    state = tmp_path / "state"
    assert feed_polls(state) == []
    assert not state.exists()


def test_a_registry_that_cannot_be_read_is_logged_and_no_polls(tmp_path, caplog):
    (tmp_path / REGISTRY_FILE).write_bytes(b"not a database, but a file of the same name" * 20)
    with caplog.at_level(logging.WARNING):
        assert feed_polls(tmp_path) == []
    assert "cannot read the feeds' polls" in caplog.text


def test_a_poll_time_without_a_zone_is_utc(tmp_path):
    with Registry.open(tmp_path) as registry:
        registry.record_poll(FEED, "News", "2026-11-29T03:40:00", 1, "", Validators())
    (state,) = feed_polls(tmp_path)
    assert state.last_poll == datetime(2026, 11, 29, 3, 40, tzinfo=UTC)
