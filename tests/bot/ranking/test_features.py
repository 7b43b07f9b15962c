"""The learned ranker's features on plain strings (no model, no index)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pytest

from bot.ranking.answer_types import (
    DATE,
    NAME,
    NUMBER,
    OTHER,
    PERSON,
    PLACE,
    REASON,
    entities,
    not_asked,
    question_type,
)
from bot.ranking.features import (
    CANDIDATE_FEATURES,
    QUESTION_FEATURES,
    CorpusView,
    Retrieved,
    candidate_features,
    position,
    question_features,
)
from bot.ranking.model import MODEL_PATH, AnswerModel, Logistic, select
from bot.ranking.question import analyse
from embeddings.names import tokens


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who did Shigeru Kitamura meet at the Pentagon?", PERSON),
        ("Whose idea was the alliance?", PERSON),
        ("To whom did he report?", PERSON),
        ("When did the phone call take place?", DATE),
        ("In what year was the treaty signed?", DATE),
        ("Which century saw the war?", DATE),
        ("Where did the ministers meet?", PLACE),
        ("Which city hosted the summit?", PLACE),
        ("How many jets will be deployed?", NUMBER),
        ("How much did the deal cost?", NUMBER),
        ("How long did the meeting last?", NUMBER),
        ("What percentage of voters agreed?", NUMBER),
        ("Which company makes the radar?", NAME),
        ("What team won the final?", NAME),
        ("Why did Japan drop Aegis Ashore?", REASON),
        ("What did the minister say about deterrence?", OTHER),
        ("How did the talks go?", OTHER),
    ],
)
def test_question_type(question, kind):
    assert question_type(question) == kind


def test_entities_dates_numbers_names():
    found = entities(
        "In 1973, Mark Esper met Dr. Smith in Tokyo on March 14. About three hundred "
        "people, 45% of them, left because of the rain."
    )
    assert {"1973", "march 14"} <= found.dates
    assert {"45%", "three", "hundred"} <= found.numbers
    assert "1973" not in found.numbers  # a year is a date, not a count
    assert {"mark esper", "dr smith", "tokyo"} <= found.names
    assert "march" not in found.names  # a month is not a name
    assert {"mark esper", "dr smith"} <= found.persons
    assert "tokyo" in found.places  # after "in"
    assert found.reasons == 1


def test_sentence_initial_function_word_is_no_name():
    found = entities("However, the council met. The Rhine flooded. In May it rained.")
    assert "however" not in found.names
    assert "the" not in " ".join(found.names).split()
    assert "in" not in found.names
    assert "rhine" in found.names


def test_names_joined_by_connectors_and_initials():
    found = entities("She studied at the University of Chicago with J. R. Tolkien.")
    assert "university of chicago" in found.names
    assert "j r tolkien" in found.names


def new_entities(text: str, question: str):
    """The entities of ``text`` not in ``question``, counted as the features count them."""
    return not_asked(entities(text), tokens(question))


def test_new_entities_leave_out_what_the_question_says():
    text = "Kitamura met Defense Secretary Mark Esper at the Pentagon on 2 March 2020."
    new = new_entities(text, "Who did Kitamura meet at the Pentagon?")
    assert new.names >= 1  # Defense Secretary Mark Esper
    assert new.dates >= 1
    assert new.of_type(PERSON) >= 1
    same = new_entities("Kitamura went to the Pentagon.", "Who did Kitamura meet at the Pentagon?")
    assert same.names == 0 and same.of_type(PERSON) == 0


def test_new_numbers_and_places():
    new = new_entities("The call lasted 35 minutes.", "How long did the call last?")
    assert new.of_type(NUMBER) == 1
    assert new_entities("The call lasted long.", "How long did the call last?").numbers == 0
    assert new_entities("They met in Geneva.", "Where did they meet?").of_type(PLACE) == 1
    assert new_entities("They met in Geneva.", "Why did they meet in Geneva?").places == 0


def test_position():
    assert position(1, 10, 0) == (0.0, 1.0, 1.0)
    assert position(10, 10, 2) == (1.0, 0.0, 0.0)
    assert position(1, 1, 0) == (0.0, 1.0, 1.0)
    assert position(3, 5, 1)[0] == pytest.approx(0.5)


@dataclass(frozen=True)
class _P:
    source: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class _A:
    title: str
    paragraphs: tuple


def _view() -> CorpusView:
    from embeddings.keyword import terms

    passages = [
        _P("a.txt", 1, "Kitamura visited the Pentagon on Monday."),
        _P("a.txt", 1, "There he met Defense Secretary Mark Esper."),
        _P("a.txt", 2, "The visit lasted two days."),
        _P("b.txt", 1, "Rain fell in Tokyo."),
    ]
    row_terms = [frozenset(terms(p.text)) for p in passages]
    articles = {"a.txt": _A("Kitamura in Washington", (1, 2)), "b.txt": _A("Weather", (1,))}
    return CorpusView(passages, articles, lambda r: row_terms[r], lambda t: 1.0)


def test_candidate_and_question_features_shapes_and_context():
    view = _view()
    q = analyse("Who did Kitamura meet at the Pentagon?", view.idf)
    cands = [
        Retrieved(0, 0.03, 0, 0.8, 0.7, 0, 5.0, 0),
        Retrieved(1, 0.02, 1, 0.5, 0.6, 3, 0.0, 100),
        Retrieved(3, 0.01, 2, 0.1, 0.1, 9, 0.0, 100),
    ]
    X = candidate_features(q, cands, view)
    assert X.shape == (3, len(CANDIDATE_FEATURES))
    col = {n: i for i, n in enumerate(CANDIDATE_FEATURES)}
    # the passage naming a new person matches the asked-for type; its neighbour does so
    # only through its paragraph
    assert X[1, col["type_match"]] == 1.0
    assert X[0, col["type_match"]] == 0.0 and X[0, col["type_match_par"]] == 1.0
    assert X[0, col["coverage"]] > X[1, col["coverage"]]
    assert X[1, col["coverage_par"]] == X[0, col["coverage_par"]]
    assert X[0, col["lead"]] == 1.0 and X[0, col["first_in_paragraph"]] == 1.0
    assert X[1, col["first_in_paragraph"]] == 0.0
    assert X[0, col["title_overlap"]] > 0 and X[2, col["title_overlap"]] == 0
    row = question_features(q, X, np.array([0.3, 0.9, 0.1]))
    assert row.shape == (len(QUESTION_FEATURES),)
    assert row[QUESTION_FEATURES.index("p1")] == pytest.approx(0.9)
    assert row[QUESTION_FEATURES.index("margin")] == pytest.approx(0.6)
    assert question_features(q, X[:0], np.zeros(0)).shape == (len(QUESTION_FEATURES),)


def test_select_adds_quotes_only_when_likely_and_within_words():
    p = np.array([0.2, 0.9, 0.6, 0.5])
    assert select(p, [10, 10, 10, 10], add_threshold=0.55) == [1, 2]
    assert select(p, [10, 10, 10, 10], add_threshold=0.4) == [1, 2, 3]
    assert select(p, [10, 100, 30, 10], add_threshold=0.4) == [1, 3]  # 30 words would pass 120
    assert select(np.zeros(0), [], 0.5) == []


def test_logistic_round_trip():
    names = ("a", "b")
    model = Logistic(names, np.array([1.0, 2.0]), np.array([2.0, 1.0]), np.array([0.5, -1]), 0.1)
    again = Logistic.from_json(model.as_json(), names)
    x = np.array([[3.0, 1.0], [0.0, 0.0]])
    assert np.allclose(model.probability(x), again.probability(x))
    with pytest.raises(ValueError):
        Logistic.from_json(model.as_json(), ("a", "c"))
    # a model of some features reads them from the full row, wherever they sit
    wider = Logistic.from_json(model.as_json(), ("z", "b", "a"))
    row = np.c_[np.full(len(x), 9.0), x[:, 1], x[:, 0]]  # laid out as ("z", "b", "a")
    assert np.allclose(wider.probability(row), model.probability(x))


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model yet")
def test_saved_model_loads_fast_and_matches_the_code():
    started = time.perf_counter()
    model = AnswerModel.load()
    assert time.perf_counter() - started < 0.2
    assert set(model.ranker.features) <= set(CANDIDATE_FEATURES)
    assert set(model.abstainer.features) <= set(QUESTION_FEATURES)
    row = np.zeros((2, len(CANDIDATE_FEATURES)))
    assert model.candidate_probabilities(row).shape == (2,)
    assert 0 < model.abstain_threshold < 1


def test_coverage_counts_an_alias_as_the_word_itself():
    from embeddings.keyword import terms

    q = analyse("What did the American defense chief announce?", lambda t: 1.0)
    said = frozenset(terms("The United States Defense Secretary announced it."))
    plain = frozenset(terms("The defense chief announced it."))
    assert q.coverage(said) == pytest.approx(1.0)
    assert q.coverage(plain) < 1.0
    assert q.max_missing(said) == 0.0
