"""Answers with the hashing encoder: verbatim quotes, abstention, JSON shape."""

import pytest

from bot.errors import QueryError


def test_quotes_are_verbatim_and_cited(fake_engine, corpus):
    answer = fake_engine.ask("How much is the Portville harbor expansion worth?")
    assert not answer.abstained
    top = answer.quotes[0]
    assert "40 million dollars" in top.text
    text = (corpus / top.source).read_text(encoding="utf-8")
    for quote in answer.quotes:
        body = (corpus / quote.source).read_text(encoding="utf-8")
        assert body[quote.start : quote.end] == quote.text
    assert top.source == "alpha.txt" and top.paragraph == 1 and top.title == "Harbor deal signed"
    assert text[top.start : top.end] == top.text


def test_unknown_names_make_it_abstain(fake_engine):
    answer = fake_engine.ask("What did Okinawa's governor say about Tokyo?")
    assert answer.abstained and answer.reason == "they never mention Okinawa, Tokyo"
    assert not answer.quotes


def test_json_shape(fake_engine):
    data = fake_engine.ask("When will the harbor construction begin?").as_json()
    assert set(data) == {
        "question", "abstained", "confidence", "reason", "quotes", "closest", "changed",
        "filters", "filter_note", "latest_note",
    }  # fmt: skip
    assert set(data["quotes"][0]) == {
        "text", "source", "paragraph", "start", "end", "score", "title", "published"
    }  # fmt: skip


def test_a_file_changed_after_indexing_is_not_quoted(fake_engine, corpus):
    fake_engine.refresh()
    (corpus / "alpha.txt").write_text("Entirely different text about harbors and councils.")
    answer = fake_engine.ask("How much is the Portville harbor expansion worth?")
    assert all(q.source != "alpha.txt" for q in answer.quotes)


@pytest.mark.parametrize(
    "question, message",
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\u200b\u200b", "empty"),
        ("x" * 5000, "5,000 characters"),
        ("what\x07 happened?", "control characters"),
    ],
)
def test_bad_questions_are_refused(fake_engine, question, message):
    with pytest.raises(QueryError, match=message):
        fake_engine.ask(question)


def test_zero_width_characters_are_ignored(fake_engine):
    answer = fake_engine.ask("How much is the Portville\u200b harbor expansion worth?")
    assert "40 million dollars" in answer.quotes[0].text


def test_articles_list(fake_engine):
    infos = {a.name: a for a in fake_engine.articles()}
    assert infos["beta.md"].published == "2021-05-04" and infos["beta.md"].passages == 2
    assert infos["alpha.txt"].title == "Harbor deal signed"


def test_a_name_said_by_an_alias_is_not_unknown(fake_engine):
    """The articles say "U.S.": a question saying "American" is not about something they
    never mention (bot/data/aliases.toml)."""
    ranker = fake_engine.loaded.ranker
    assert ranker.unknown_names("Who was the American mediator in Northland?")[0] == []
    assert ranker.unknown_names("Who was the Brazilian mediator?")[0] == ["Brazilian"]


def test_answers_stay_within_the_word_budget(fake_engine):
    answer = fake_engine.ask("How much is the Portville harbor expansion worth?")
    words = sum(len(q.text.split()) for q in answer.quotes)
    assert len(answer.quotes) == 1 or words <= fake_engine.settings.answer.max_words
    assert 0.0 <= answer.confidence <= 1.0
