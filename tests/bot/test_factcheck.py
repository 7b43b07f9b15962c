"""Fact checks with the hashing encoder over the small corpus, and through the CLI."""

import json

import pytest

from bot.cli import main
from bot.errors import QueryError


@pytest.mark.parametrize(
    "claim, verdict, kind",
    [
        ("The Portville harbor expansion is worth 40 million dollars.", "supported", None),
        ("The Portville harbor expansion is worth 90 million dollars.", "contradicted", "number"),
        ("Train drivers in Northland ended a nine-day strike.", "supported", None),
        ("Train drivers in Northland ended a three-week strike.", "contradicted", "number"),
        (
            "Train drivers in Northland were offered a 6 percent raise by Anna Berg.",
            "supported",
            None,
        ),
        ("Train drivers in Northland were offered a 9 percent raise.", "contradicted", "number"),
        ("The city council of Portville rejected a harbor expansion.", "contradicted", "opposite"),
        ("Construction will begin in March and should take two years.", "supported", None),
        ("Construction will begin in May and should take two years.", "contradicted", "date"),
        ("The zoo in Portville opened a new aquarium for penguins.", "not_found", None),
    ],
)
def test_verdicts(fake_engine, claim, verdict, kind):
    check = fake_engine.factcheck(claim)
    assert check.verdict == verdict, check
    if kind:
        assert check.contradicts[0].mismatches[0].kind == kind
    for evidence in check.evidence:
        assert evidence.quote.text in evidence.quote.text  # a sentence of the article
    if verdict == "not_found":
        assert not check.evidence


def test_mismatch_names_both_sides(fake_engine):
    check = fake_engine.factcheck("The Portville harbor expansion is worth 90 million dollars.")
    mismatch = check.contradicts[0].mismatches[0]
    assert (mismatch.claim, mismatch.article) == ("90 million dollars", "40 million dollars")
    assert (
        check.reason == "the claim says '90 million dollars', the article says '40 million dollars'"
    )


@pytest.mark.parametrize("claim", ["", "   ", "Who approved the harbor?", "x" * 5000])
def test_non_claims_are_refused_with_advice(fake_engine, claim):
    with pytest.raises(QueryError):
        fake_engine.factcheck(claim)


def test_cli_check_json(capsys, config_file):
    code = main(
        ["check", "--json", "--config", str(config_file), "Anna Berg proposed a 6 percent raise."]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["verdict"] == "supported"
    assert set(data) == {
        "claim", "verdict", "reason", "supports", "contradicts", "closest", "changed",
        "filters", "filter_note", "latest_note", "independent",
    }  # fmt: skip
    assert data["supports"][0]["quote"]["source"] == "beta.md"


def test_cli_check_of_a_question_exits_2(capsys, config_file):
    assert main(["check", "--config", str(config_file), "Is the harbor big?"]) == 2
    assert "/ask" in capsys.readouterr().err


BRIDGE = "The Elm Street bridge over the Portville river cost {} million dollars to build in 2019."


def test_evidence_against_is_shown_beside_support(tmp_path, fake_settings):
    import dataclasses

    from bot.engine import Engine
    from bot.settings import CorpusSettings
    from embeddings import HashingEncoder
    from tests.helpers import write_corpus

    corpus = write_corpus(
        tmp_path / "bridges",
        {
            "a.txt": f"Bridge opens\n\n{BRIDGE.format(10)}\n",
            "b.txt": f"Bridge costs\n\n{BRIDGE.format(12)}\n",
        },
    )
    engine = Engine(
        dataclasses.replace(fake_settings, corpus=CorpusSettings(corpus)), HashingEncoder()
    )
    check = engine.factcheck(BRIDGE.format(10))
    assert check.verdict == "supported"  # the sentence that says it exactly decides
    assert [e.quote.source for e in check.supports] == ["a.txt"]
    assert [e.quote.source for e in check.contradicts] == ["b.txt"]
