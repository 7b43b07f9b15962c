"""Quotes are checked against each article file as it is when answering, not as it was
when the engine first read it: a running chat or bot must never quote text that has
since been edited or deleted, and must say which article changed and what to do."""

import io
import os

import pytest

from bot.chat import run_chat
from bot.engine import Engine
from bot.errors import QueryError
from bot.render import render_answer, render_factcheck, render_timeline
from embeddings import HashingEncoder

QUESTION = "How much is the Portville harbor expansion worth?"
CLAIM = "The Portville harbor expansion is worth 40 million dollars."
HOUR_NS = 3600 * 10**9


@pytest.fixture
def engine(fake_engine, corpus):
    """An engine that has already quoted alpha.txt, so its text was read and remembered."""
    fake_engine.refresh()
    assert any(q.source == "alpha.txt" for q in fake_engine.ask(QUESTION).quotes)
    return fake_engine


def edit_in_place(path, old, new):
    """Rewrite ``path`` with ``old`` replaced: same inode, and the same size if the
    replacement is as long."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    with open(path, "r+", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))
        handle.truncate()


def assert_told_alpha_changed(text):
    assert "alpha.txt changed since the index was built: run /reindex" in text


def test_an_edited_file_is_not_quoted_and_the_user_is_told(engine, corpus):
    edit_in_place(corpus / "alpha.txt", "40 million", "90 million")  # same size
    answer = engine.ask(QUESTION)
    assert all(q.source != "alpha.txt" for q in answer.quotes + answer.closest)
    assert answer.changed == ("alpha.txt",)
    shown = render_answer(answer)
    assert "40 million" not in shown and "90 million" not in shown
    assert_told_alpha_changed(shown)
    assert "no passage is close enough" not in shown
    assert answer.as_json()["changed"] == ["alpha.txt"]


def test_a_deleted_file_is_not_quoted_and_the_user_is_told(engine, corpus):
    (corpus / "alpha.txt").unlink()
    answer = engine.ask(QUESTION)
    assert all(q.source != "alpha.txt" for q in answer.quotes + answer.closest)
    assert_told_alpha_changed(render_answer(answer))


def test_a_restored_file_is_quoted_again(engine, corpus):
    original = (corpus / "alpha.txt").read_bytes()
    (corpus / "alpha.txt").write_text("Something else entirely.")
    assert engine.ask(QUESTION).changed == ("alpha.txt",)
    (corpus / "alpha.txt").write_bytes(original)
    answer = engine.ask(QUESTION)
    assert answer.changed == () and "40 million dollars" in answer.quotes[0].text


@pytest.mark.parametrize("how", ["new mtime, same size", "same size and mtime, new inode"])
def test_changes_are_seen_through_the_remembered_file_signature(fake_engine, corpus, how):
    # Files last written long ago, so their size, mtime and inode are trusted as a signature
    # (a file written in the last moments is always read again).
    alpha = corpus / "alpha.txt"
    old = alpha.stat().st_mtime_ns - 10 * HOUR_NS
    for path in corpus.iterdir():
        os.utime(path, ns=(old, old))
    fake_engine.refresh()
    assert any(q.source == "alpha.txt" for q in fake_engine.ask(QUESTION).quotes)
    before = alpha.stat()
    if how == "new mtime, same size":
        edit_in_place(alpha, "40 million", "90 million")
        os.utime(alpha, ns=(old + HOUR_NS, old + HOUR_NS))
    else:  # an editor that saves to a new file and renames it over the old one
        replacement = corpus / "alpha.txt.new"
        replacement.write_text(alpha.read_text().replace("40 million", "90 million"))
        os.utime(replacement, ns=(old, old))
        os.replace(replacement, alpha)
    after = alpha.stat()
    assert after.st_size == before.st_size
    assert (after.st_mtime_ns != before.st_mtime_ns) == (how == "new mtime, same size")
    assert (after.st_ino != before.st_ino) == (how != "new mtime, same size")
    answer = fake_engine.ask(QUESTION)
    assert all("40 million" not in q.text for q in answer.quotes + answer.closest)
    assert answer.changed == ("alpha.txt",)


def test_source_text_of_a_changed_file_is_refused(engine, corpus):
    info, paragraphs = engine.article_text("alpha.txt")
    assert any("40 million" in text for _, text in paragraphs)
    edit_in_place(corpus / "alpha.txt", "40 million", "90 million")
    with pytest.raises(QueryError, match="alpha.txt changed since the index was built"):
        engine.article_text("alpha.txt")
    (corpus / "alpha.txt").unlink()
    with pytest.raises(QueryError, match="run /reindex"):
        engine.article_text("alpha.txt")


def test_timelines_and_fact_checks_leave_a_changed_file_out_and_say_so(engine, corpus):
    assert engine.factcheck(CLAIM).verdict == "supported"
    before = engine.timeline("harbor construction")
    assert any(e.quote.source == "alpha.txt" for e in before.events)
    edit_in_place(corpus / "alpha.txt", "in March", "in April")

    timeline = engine.timeline("harbor construction")
    assert all(e.quote.source != "alpha.txt" for e in timeline.events)
    assert timeline.changed == ("alpha.txt",)
    assert_told_alpha_changed(render_timeline(timeline))

    check = engine.factcheck(CLAIM)
    assert check.verdict == "not_found" and not check.evidence
    assert_told_alpha_changed(check.reason)
    assert_told_alpha_changed(render_factcheck(check))


def test_reindex_in_chat_quotes_the_new_text(engine, corpus):
    edit_in_place(corpus / "alpha.txt", "40 million", "90 million")
    out = io.StringIO()
    run_chat(engine, io.StringIO(f"{QUESTION}\n/reindex\n{QUESTION}\n"), out)
    before, _, after = out.getvalue().partition("index updated: 0 added, 1 changed")
    assert_told_alpha_changed(before)
    assert "90 million dollars" in after and "changed since" not in after


def test_refresh_loads_an_index_another_process_brought_up_to_date(engine, corpus):
    edit_in_place(corpus / "alpha.txt", "40 million", "90 million")
    Engine(engine.settings, HashingEncoder()).build_index()  # `newsdesk index` in a shell
    engine.refresh()  # /reindex in the bot: nothing left to build, but a newer index to load
    answer = engine.ask(QUESTION)
    assert answer.changed == () and "90 million dollars" in answer.quotes[0].text
