"""What a user types must hold something to search for, be text, and (for a fact check)
assert something: refused with one clear QueryError otherwise, before any search."""

import pytest

from bot.claims import check_claim_form
from bot.cli import main
from bot.errors import QueryError


@pytest.mark.parametrize("text", ["the of and to a", "???", "What is it?", "... !!! ,,,"])
@pytest.mark.parametrize("kind", ["ask", "timeline", "factcheck"])
def test_no_content_word_is_refused(fake_engine, kind, text):
    with pytest.raises(QueryError, match="nothing to search for"):
        getattr(fake_engine, kind)(text)


@pytest.mark.parametrize("topic", ["U.S.", "2021", "Portville", "Anna Berg's proposal"])
def test_short_topics_with_content_are_kept(fake_engine, topic):
    assert fake_engine.check_topic(topic) == topic


@pytest.mark.parametrize(
    "claim, suggestion",
    [
        ("Whether Japan dropped Aegis Ashore", "'Japan dropped Aegis Ashore'"),
        ("whether Portville approved the harbor?", "'Portville approved the harbor'"),
        ("If the council approves the harbor", "'The council approves the harbor'"),
        ("That the council approved the harbor", "'The council approved the harbor'"),
        ("Although Anna Berg proposed a raise", "'Anna Berg proposed a raise'"),
    ],
)
def test_subordinate_clause_is_not_a_claim(fake_engine, claim, suggestion):
    with pytest.raises(QueryError, match="subordinate clause") as refused:
        fake_engine.factcheck(claim)
    assert suggestion in str(refused.value)


@pytest.mark.parametrize(
    "claim",
    [
        "If the council approves the harbor, construction begins in March.",
        "If the council approves the harbor then construction begins in March.",
        "That agreement was signed on Tuesday.",  # a demonstrative, not a clause
        "Because of the strike, trains stopped in Northland.",
        "Portville approved the harbor whether or not the mayor agreed.",
    ],
)
def test_claims_with_a_main_clause_are_kept(claim):
    check_claim_form(claim)


@pytest.mark.parametrize("kind", ["ask", "timeline", "factcheck"])
def test_text_that_is_not_utf8_is_refused(fake_engine, kind):
    # What Python makes of the bytes b"why \xff?" in an argument or on stdin.
    text = b"why \xff harbor?".decode("utf-8", "surrogateescape")
    with pytest.raises(QueryError, match="not UTF-8"):
        getattr(fake_engine, kind)(text)


def test_cli_refuses_bytes_that_are_not_utf8(capsys, config_file):
    question = b"why \xff?".decode("utf-8", "surrogateescape")
    code = main(["ask", "--config", str(config_file), question])
    err = capsys.readouterr().err
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err
