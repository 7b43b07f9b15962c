import io

from bot.chat import run_chat


def chat(engine, *lines):
    out = io.StringIO()
    code = run_chat(engine, io.StringIO("\n".join(lines) + "\n"), out)
    return code, out.getvalue()


def test_a_session_answers_lists_and_survives_bad_input(fake_engine):
    code, out = chat(
        fake_engine, "/help", "How much is the harbor expansion worth?", "   ", "x" * 5000,
        "/sources", "/nonsense", "/quit", "never read",
    )  # fmt: skip
    assert code == 0
    assert "/sources" in out and "40 million dollars" in out
    assert "error: the question is 5,000 characters long" in out
    assert "2 articles:" in out and "unknown command /nonsense" in out
    assert "never read" not in out


def test_end_of_input_ends_the_session(fake_engine):
    assert chat(fake_engine)[0] == 0


def test_timeline_and_factcheck_commands(fake_engine):
    _, out = chat(
        fake_engine,
        "/timeline rail strike",
        "/factcheck Train drivers in Northland ended a nine-day strike.",
        "/factcheck Is the harbor big?",
    )
    assert "Timeline: rail strike" in out and "2021-05-07" in out
    assert "SUPPORTED" in out and "beta.md" in out
    assert "error: that is a question, not a claim" in out
