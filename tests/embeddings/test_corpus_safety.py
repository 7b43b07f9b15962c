"""The corpus boundary (issue 14): which files are articles, and reading them in linear time."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import QueryError
from embeddings import read_corpus, read_file, sentences
from embeddings.sentences import WINDOW, split_sentences

# --- Sentence splitting in linear time (item 11) -------------------------------------------


@pytest.fixture
def segmented_lengths(monkeypatch) -> list[int]:
    """The length of every text handed to pysbd while the test runs."""
    real = sentences._segmenter()
    lengths: list[int] = []

    class Recording:
        def segment(self, text: str) -> list[str]:
            lengths.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(sentences, "_segmenter", Recording)
    return lengths


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are ordered, stripped, and cover every non-space character of ``text``."""
    covered = 0
    for (start, end), following in zip(spans, spans[1:] + [(len(text), len(text))], strict=True):
        assert start < end <= following[0]
        assert text[start:end] == text[start:end].strip()
        covered += len("".join(text[start:end].split()))
    assert covered == len("".join(text.split()))


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["harbor"] * 20_000),  # one 140 KB line with no sentence end
        "\n".join(["harbor"] * 20_000),  # 20,000 one-word lines
        "x" * 9_000 + " tail.",  # a 9 KB "word"
        ("The U.S. mediator Anna Berg spoke on Oct. 1 in Portville. " * 400),
        " " * 5_000 + "A sentence after a long run of spaces.",
    ],
)
def test_the_segmenter_never_sees_more_than_a_window(text, segmented_lengths):
    # pysbd's time grows with the square of its input; bounded input keeps indexing linear.
    spans = split_sentences(text, offset=7)
    assert max(segmented_lengths) <= WINDOW
    # Every window is handed over at most about twice, so the work is linear in the length.
    assert sum(segmented_lengths) <= 2 * len(text) + WINDOW
    _check_spans(text, [(s - 7, e - 7) for s, e in spans])


def test_long_prose_is_cut_where_pysbd_cuts_it(segmented_lengths):
    sentence = "The U.S. mediator Anna Berg spoke on Oct. 1 in Portville."
    text = " ".join([sentence] * 400)
    spans = split_sentences(text)
    assert len(spans) == 400 and {text[s:e] for s, e in spans} == {sentence}


def test_a_paragraph_within_one_window_is_segmented_in_one_call(segmented_lengths):
    text = "Train drivers ended a strike after the U.S. mediator spoke. Services resume Friday."
    assert split_sentences(text, offset=3) == [(3, 62), (63, 86)]
    assert segmented_lengths == [len(text)]


# --- Which files are articles (item 1) -----------------------------------------------------

TOKEN = "FAKE.secret"


@pytest.fixture
def leaky_corpus(tmp_path: Path, corpus: Path) -> Path:
    """The issue's reproduction: links from the corpus to a .env and to /etc/passwd."""
    env = tmp_path / ".env"
    env.write_text(f"DISCORD_TOKEN={TOKEN}\n")
    (corpus / "notes.txt").symlink_to(env)
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    return corpus


def test_links_out_of_the_corpus_are_skipped_with_a_warning(leaky_corpus, caplog):
    with caplog.at_level(logging.WARNING):
        names = [f.name for f in read_corpus(leaky_corpus)]
    assert names == ["alpha.txt", "beta.md"]
    assert "skipping notes.txt: it is a link to a file outside the corpus folder" in caplog.text
    assert "skipping passwd.txt" in caplog.text
    assert TOKEN not in caplog.text and "root:" not in caplog.text


def test_the_token_behind_a_link_is_never_quoted_or_shown(leaky_corpus, fake_engine):
    fake_engine.refresh()
    answer = fake_engine.ask("What is the DISCORD_TOKEN?")
    assert TOKEN not in json.dumps(answer.as_json())
    assert {a.name for a in fake_engine.articles()} == {"alpha.txt", "beta.md"}
    for name in ("passwd.txt", "notes.txt"):
        with pytest.raises(QueryError, match="no article named"):
            fake_engine.article_text(name)


def test_the_reproduction_from_the_issue_in_a_real_process(leaky_corpus, config_file):
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "What is the DISCORD_TOKEN?", "--json"]
        + ["--config", str(config_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert "notes.txt" not in result.stdout and "skipping notes.txt" in result.stderr


@pytest.mark.parametrize(
    "name, text",
    [
        (".hidden.txt", "A hidden note about the harbor council."),
        (".env.txt", f"DISCORD_TOKEN={TOKEN}"),
        ("env.txt", "Harbor council notes kept in an env file."),
        ("prod.env.md", "Harbor council notes kept in an env file."),
        ("config.txt", f"# settings\nexport DISCORD_TOKEN={TOKEN}\nLOG_LEVEL = debug\n"),
    ],
)
def test_hidden_and_settings_files_are_never_articles(corpus, name, text):
    (corpus / name).write_text(text)
    assert [f.name for f in read_corpus(corpus)] == ["alpha.txt", "beta.md"]


def test_an_article_that_mentions_settings_is_still_an_article(corpus):
    text = "The council set TAX=5 percent.\nThe mayor said the rate would hold until 2026.\n"
    (corpus / "gamma.txt").write_text(text)
    assert "gamma.txt" in [f.name for f in read_corpus(corpus)]


def test_links_inside_the_corpus_are_read_once(corpus, caplog):
    (corpus / "archive").mkdir()
    (corpus / "archive" / "gamma.txt").write_text("The harbor opened in 2024.")
    (corpus / "gamma.txt").symlink_to(corpus / "archive" / "gamma.txt")
    (corpus / "gamma-again.txt").symlink_to("archive/gamma.txt")  # a relative link
    (corpus / "alpha-copy.txt").symlink_to("alpha.txt")
    (corpus / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\n")
    (corpus / "notes.txt").symlink_to(".env")  # inside, but to a file that is no article
    with caplog.at_level(logging.WARNING):
        files = read_corpus(corpus)
    assert [f.name for f in files] == ["alpha.txt", "beta.md", "gamma-again.txt"]
    assert files[2].text == "The harbor opened in 2024."
    assert "skipping alpha-copy.txt: it is the same file as alpha.txt" in caplog.text
    assert "skipping gamma.txt: it is the same file as gamma-again.txt" in caplog.text
    assert "skipping notes.txt: it is a link to a file that is not an article" in caplog.text


def test_a_corpus_folder_reached_through_a_link_is_read_as_usual(corpus, tmp_path):
    (corpus / "alpha-copy.txt").symlink_to(corpus / "alpha.txt")
    (tmp_path / "linked").symlink_to(corpus)
    assert [f.name for f in read_corpus(tmp_path / "linked")] == ["alpha.txt", "beta.md"]


def test_broken_links_loops_and_pipes_are_skipped(corpus, caplog):
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    os.mkfifo(corpus / "pipe.txt")  # reading it would wait for a writer forever
    with caplog.at_level(logging.WARNING):
        names = [f.name for f in read_corpus(corpus)]
    assert names == ["alpha.txt", "beta.md"]
    assert "skipping gone.txt: it is a link that leads nowhere" in caplog.text
    assert "skipping loop.txt" in caplog.text


def test_a_pipe_in_an_article_s_place_does_not_hang_the_quote_check(corpus):
    (corpus / "alpha.txt").unlink()
    os.mkfifo(corpus / "alpha.txt")
    assert read_file(corpus / "alpha.txt") is None


# --- File names that cannot be shown (item 17) ---------------------------------------------


@pytest.fixture
def badly_named_corpus(corpus: Path) -> Path:
    name = os.fsdecode(b"caf\xe9 news.txt")  # Latin-1 bytes: not UTF-8
    (corpus / name).write_text("The harbor council met at the cafe on Tuesday.")
    (corpus / "bell\x07.txt").write_text("The harbor council rang the bell.")
    return corpus


def test_names_that_are_not_utf8_are_skipped_with_an_escaped_warning(badly_named_corpus, caplog):
    with caplog.at_level(logging.WARNING):
        names = [f.name for f in read_corpus(badly_named_corpus)]
    assert names == ["alpha.txt", "beta.md"]
    assert "skipping caf\\xe9 news.txt: its name is not valid UTF-8" in caplog.text
    assert "skipping bell\\x07.txt" in caplog.text
    caplog.text.encode("utf-8")  # no lone surrogate left to write


def test_json_output_stays_valid_utf8(badly_named_corpus, config_file):
    for command in (["sources"], ["ask", "Where did the harbor council meet?"]):
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", *command, "--json", "--config", str(config_file)],
            capture_output=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout.decode("utf-8"))
        result.stderr.decode("utf-8")
        assert "caf" not in json.dumps(data) and "bell" not in json.dumps(data)
