"""Timelines: dated events in order, with their dates' provenance."""

import json

import pytest

from bot.cli import main
from bot.engine import Engine
from bot.errors import QueryError
from embeddings import HashingEncoder
from tests.helpers import write_corpus

HARBOR = {
    "harbor1.txt": (
        "Harbor expansion approved\n\n"
        "March 3, 2021\n\n"
        "The Portville council approved the harbor expansion on Tuesday after a long debate.\n\n"
        "Dredging of the harbor will start in June, the harbor authority said.\n\n"
        "The harbor plan was first proposed in 2019.\n"
    ),
    "harbor2.txt": (
        "Harbor works\n\n"
        "Dredging of the harbor began on June 14 with two ships.\n\n"
        "The harbor plan was first proposed in 2019.\n"
    ),
}


@pytest.fixture
def engine(tmp_path, fake_settings):
    import dataclasses

    from bot.settings import CorpusSettings

    corpus = write_corpus(tmp_path / "harbor", HARBOR)
    return Engine(
        dataclasses.replace(fake_settings, corpus=CorpusSettings(corpus)), HashingEncoder()
    )


def test_events_are_dated_ordered_and_explained(engine):
    timeline = engine.timeline("harbor expansion dredging plan")
    dates = [(e.date.iso() if e.date else None, e.provenance) for e in timeline.events]
    assert dates == [
        ("2019", "stated"),
        ("2021-03-02", "resolved"),  # "on Tuesday" before Wednesday, 3 March 2021
        ("2021-06", "resolved"),  # "in June" of a future event, in the publication year
        ("--06-14", "unresolved"),  # no year and no publication date: none is invented
    ]
    tuesday = timeline.events[1]
    assert tuesday.date_text == "on Tuesday" and "Tuesday" in tuesday.explanation
    assert tuesday.quote.source == "harbor1.txt" and tuesday.quote.paragraph == 1


def test_duplicate_sentences_are_merged(engine):
    timeline = engine.timeline("when was the harbor plan first proposed")
    proposed = [e for e in timeline.events if "first proposed" in e.quote.text]
    assert len(proposed) == 1 and proposed[0].also_in


def test_quotes_are_verbatim(engine, tmp_path):
    for event in engine.timeline("harbor").events:
        text = (tmp_path / "harbor" / event.quote.source).read_text()
        assert text[event.quote.start : event.quote.end] == event.quote.text


def test_a_topic_without_dated_events_offers_the_closest_passages(fake_engine):
    timeline = fake_engine.timeline("train drivers strike raise")
    assert not any(e.date_text for e in timeline.events)


def test_empty_topic_is_refused(engine):
    with pytest.raises(QueryError, match="topic is empty"):
        engine.timeline("  ")


def test_cli_timeline_json(capsys, config_file):
    assert main(["timeline", "harbor construction", "--json", "--config", str(config_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "topic", "events", "closest", "changed", "filters", "filter_note", "latest_note"
    }  # fmt: skip
    event = data["events"][0]
    assert {"date", "precision", "date_text", "provenance", "explanation", "quote"} <= set(event)
