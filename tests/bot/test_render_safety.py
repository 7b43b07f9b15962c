"""Issue 14, item 2 (terminal half) and item 17 (output side): article text, file names and
questions reach a terminal with their control characters escaped, and ``--json`` is always
valid UTF-8 JSON whose strings read back exactly as they were."""

import json
from dataclasses import replace

import pytest

from bot.cli import main
from bot.engine import ArticleInfo, Engine
from bot.render import (
    json_text,
    render_answer,
    render_articles,
    render_factcheck,
    render_timeline,
    terminal_safe,
)
from embeddings import HashingEncoder

# What a hostile article can hold: retitle the terminal (OSC ... BEL), hide text (SGR 8),
# an 8-bit CSI, a backspace and a carriage return that overwrite, a right-to-left override.
HOSTILE = "\x1b]0;pwned\x07 and \x1b[8mhidden\x1b[0m \x9b2J back\x08 over\rtyped \u202ereversed"
RAW = ("\x1b", "\x07", "\x9b", "\x08", "\r", "\u202e")


@pytest.fixture
def hostile_engine(fake_settings) -> Engine:
    (fake_settings.corpus.dir / "gamma.txt").write_text(
        f"Harbor tolls\n\nOn May 3, 2021 the harbor tolls ({HOSTILE}) rose by 40 percent.\n",
        encoding="utf-8",
    )
    return Engine(fake_settings, HashingEncoder())


def assert_safe(text: str) -> None:
    assert not any(ch in text for ch in RAW), repr(text)
    text.encode("utf-8")  # no lone surrogate either


def test_terminal_safe_escapes_what_a_terminal_obeys_and_keeps_the_rest():
    assert terminal_safe(HOSTILE) == (
        "\\x1b]0;pwned\\x07 and \\x1b[8mhidden\\x1b[0m \\x9b2J back\\x08 over\\x0dtyped "
        "\\u202ereversed"
    )
    kept = "Café “quoted” – 40 % 東京 🚢\n\tnext line"
    assert terminal_safe(kept) == kept
    assert terminal_safe("caf\udce9.txt") == "caf\\xe9.txt"  # the byte a file name held
    assert terminal_safe(terminal_safe(HOSTILE)) == terminal_safe(HOSTILE)


def test_json_text_is_valid_utf8_and_reads_back_verbatim():
    data = {"text": HOSTILE, "source": "caf\udce9.txt", "del": "\x7f", "ok": "Café 東京"}
    text = json_text(data)
    assert json.loads(text.encode("utf-8")) == data
    assert not any(ch in text for ch in (*RAW, "\x7f"))
    assert '"ok": "Café 東京"' in text  # readable text stays readable


def test_answers_timelines_and_checks_are_rendered_safely(hostile_engine):
    answer = hostile_engine.ask("How much did the harbor tolls rise?")
    assert any(HOSTILE in q.text for q in answer.quotes)  # the quote itself is verbatim
    text = render_answer(answer)
    assert_safe(text)
    assert "\\x1b]0;pwned\\x07" in text  # shown, not hidden: a quote stays a quote
    abstention = replace(answer, quotes=(), abstained=True, reason="x", closest=answer.quotes)
    assert_safe(render_answer(abstention))
    timeline = hostile_engine.timeline("harbor tolls")
    assert timeline.events
    assert_safe(render_timeline(timeline))
    check = hostile_engine.factcheck("The harbor tolls rose by 40 percent.")
    assert check.evidence
    assert_safe(render_factcheck(check))


def test_article_names_and_titles_are_rendered_safely():
    articles = [ArticleInfo("\x1b]0;x\x07.txt", "Title\x1b[2J", None, 1)]
    text = render_articles(articles)
    assert "\x1b" not in text and "\\x1b]0;x\\x07.txt" in text and "Title\\x1b[2J" in text


def test_ask_prints_escapes_and_json_keeps_the_text(capsys, config_file, corpus):
    (corpus / "gamma.txt").write_text(
        f"Harbor tolls\n\nThe harbor tolls rose by 40 percent. {HOSTILE}.\n", encoding="utf-8"
    )
    question = "How much did the harbor tolls rise?"
    assert main(["ask", question, "--config", str(config_file)]) == 0
    out = capsys.readouterr().out
    assert_safe(out)
    assert "\\x1b]0;pwned\\x07" in out
    assert main(["ask", "--json", question, "--config", str(config_file)]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in RAW)
    quotes = json.loads(out)["quotes"]
    assert any(HOSTILE in q["text"] for q in quotes)  # JSON keeps the quote verbatim
