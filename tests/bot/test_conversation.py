"""Follow-ups: the rules that read a message against the last turn, the store of
conversations (limit, turns, expiry), and replies over a small dated corpus."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from bot.answers import Answer
from bot.chat import run_chat
from bot.conversation import Conversations, Turn, follow, read, with_fragment, with_wh
from bot.engine import Engine
from bot.errors import QueryError
from bot.evaluation import evaluate
from bot.filtering import NO_FILTERS, Filters, question_filters
from tests.helpers import sourced_engine

DAY = dt.date(2024, 10, 5)
ASKED = "Why did Japan drop Aegis Ashore in 2020?"


def turn(question: str, filters: Filters = NO_FILTERS) -> Turn:
    return Turn(question, question, filters, Answer(question, (), False, 0.5, ""))


LAST = turn(ASKED, question_filters(ASKED, DAY).filters)


@pytest.mark.parametrize(
    ("message", "question", "since"),
    [
        ("why?", "Why did Japan drop Aegis Ashore?", "2020-01-01"),
        ("And when?", "When did Japan drop Aegis Ashore?", "2020-01-01"),
        ("how come?", "Why did Japan drop Aegis Ashore?", "2020-01-01"),
        ("what about 2021?", "Why did Japan drop Aegis Ashore?", "2021-01-01"),
        ("2019?", "Why did Japan drop Aegis Ashore?", "2019-01-01"),
        ("and Kono?", "Why did Kono drop Aegis Ashore?", "2020-01-01"),
        ("how about Kono in 2019?", "Why did Kono drop Aegis Ashore?", "2019-01-01"),
        ("Also, the Americans?", "Why did the Americans drop Aegis Ashore?", "2020-01-01"),
        ("and the cost?", "Why did Japan drop Aegis Ashore about the cost?", "2020-01-01"),
    ],
)
def test_an_elliptic_message_borrows_the_subject_and_filters(message, question, since):
    reading = read(message, LAST, DAY)
    assert reading.kind == "elliptic"
    assert reading.question == question
    assert reading.filters.since == dt.date.fromisoformat(since)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("more", "more"),
        ("Show more quotes", "more"),
        ("and tell me more", "more"),
        ("source?", "source"),
        ("Which article?", "source"),
        ("where is that from?", "source"),
        ("Who is Kono?", "question"),  # a full question
        ("and why did the plan fail?", "question"),  # a full question after "and"
        ("Kono", "question"),  # a name alone says nothing of continuing
    ],
)
def test_more_source_and_new_questions(message, kind):
    reading = read(message, LAST, DAY)
    assert reading.kind == kind
    if kind == "question":
        assert reading.question == message and reading.filters == NO_FILTERS


def test_without_a_last_turn_everything_is_a_new_question():
    assert read("and why?", None, DAY).kind == "question"
    assert read("what about 2021?", None, DAY).question == "what about 2021?"


def test_a_new_date_keeps_the_last_source():
    last = turn("What did the council approve?", Filters(source="Example News"))
    reading = read("what about 2023?", last, DAY)
    assert reading.filters.source == "Example News" and reading.filters.said == "2023"


def test_wh_words_and_names_replace_or_are_added():
    assert with_wh("Did Japan drop the plan?", "why") == "Why did Japan drop the plan?"
    assert with_wh("How long did the call last?", "why") == "Why did the call last?"
    # The whole wh-phrase goes, up to the auxiliary that begins the clause.
    assert with_wh("How many jobs did Airbus cut?", "where") == "Where did Airbus cut?"
    assert with_wh("Which new fighter jets will Japan buy?", "when") == "When will Japan buy?"
    assert with_wh("Who signed it?", "when") == "When signed it?"  # a subject: replaced alone
    assert with_fragment("What did the Japanese side say?", "the Americans") == (
        "What did the Americans side say?"
    )
    assert with_fragment("What did Nobuo Kishi say?", "Kono") == "What did Kono say?"
    assert with_fragment("what was agreed?", "Kono") == "what was agreed about Kono?"


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_store_keeps_few_conversations_few_turns_and_forgets_them():
    clock = Clock()
    store = Conversations(limit=2, turns=3, expiry=60, clock=clock)
    for number in range(5):
        store.add("thread", turn(f"question {number}"))
    assert store.last("thread").question == "question 4"
    assert len(store._kept["thread"].turns) == 3
    store.add("second", turn("a"))
    store.add("thread", turn("b"))  # the thread is continued: "second" is now the oldest
    store.add("third", turn("c"))
    assert store.last("second") is None and len(store) == 2
    clock.now = 59
    assert store.last("thread").question == "b"
    clock.now = 61
    assert store.last("thread") is None and store.last("third") is None and len(store) == 0


@pytest.fixture(scope="module")
def dated_engine(tmp_path_factory) -> Engine:
    return sourced_engine(tmp_path_factory.mktemp("dated"))


def test_a_conversation_follows_up_shows_more_and_the_source(dated_engine):
    first = follow(dated_engine, None, "When will construction of the new quay begin?")
    assert first.kind == "question" and first.heading == ""
    assert not first.answer.abstained and first.answer.more
    shown = {(q.source, q.start) for q in first.answer.quotes}
    more = follow(dated_engine, first.turn, "more")
    assert more.heading == "More quotes on: When will construction of the new quay begin?"
    assert more.answer.quotes and not shown & {(q.source, q.start) for q in more.answer.quotes}
    source = follow(dated_engine, more.turn, "source?")
    assert source.turn is more.turn
    assert source.article.info.name == more.answer.quotes[0].source
    assert source.heading.startswith(f"The article of the first quote ({source.article.info.name}")
    dated = follow(dated_engine, first.turn, "what about 2024?")
    assert dated.kind == "elliptic"
    assert dated.answer.filters.since == dt.date(2024, 1, 1)
    assert dated.heading == "Read as: When will construction of the new quay begin?"


def test_more_and_source_need_an_answer_before_them(dated_engine):
    with pytest.raises(QueryError, match="ask a question first"):
        follow(dated_engine, None, "more")
    with pytest.raises(QueryError, match="ask a question first"):
        follow(dated_engine, None, "which article?")
    last = turn("anything?")
    with pytest.raises(QueryError, match="no more quotes"):
        follow(dated_engine, last, "more")
    with pytest.raises(QueryError, match="quoted no article"):
        follow(dated_engine, last, "source?")


def test_the_chat_session_is_one_conversation(dated_engine):
    lines = ["When will construction of the new quay begin?", "why?", "source?", "more", "/quit"]
    out = io.StringIO()
    assert run_chat(dated_engine, io.StringIO("\n".join(lines) + "\n"), out) == 0
    text = out.getvalue()
    assert "Read as: Why will construction of the new quay begin?" in text
    assert "The article of the first quote (" in text and "¶1 " in text
    assert "More quotes on: Why will construction of the new quay begin?" in text


def test_followup_eval_cases_are_scored_on_the_last_turn(dated_engine):
    cases = [
        {"id": "f1", "type": "followup", "turns": ["Who proposed a raise to the train drivers?",
         "and how much?"], "expect_sources": ["rail-strike.txt"], "expect_text_any": ["6 percent"]},
        {"id": "f2", "type": "followup", "turns": ["more"], "expect_abstain": True},
        {"id": "f3", "type": "followup", "turns": []},
        {"id": "f4", "type": "followup", "turns": "Who?"},
    ]  # fmt: skip
    report = evaluate(dated_engine, cases)
    assert report["counts"] == {"followup": 2, "invalid": 2}
    first, refused = report["cases"]
    assert first["kind"] == "elliptic" and first["source_hit"] and first["quote_hit"]
    assert first["read_as"] == "How much proposed a raise to the train drivers?"
    assert "ask a question first" in refused["refused"] and refused["abstain_ok"]
    assert report["metrics"]["followup.source_hit"] == 1.0
    assert report["metrics"]["followup.abstain_accuracy"] == 1.0
    assert {e["id"] for e in report["errors"]} == {"f3", "f4"}
