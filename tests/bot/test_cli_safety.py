"""Issue 14, front-end halves of items 9, 12 and 17: bytes that are not UTF-8 in argv and
in a chat line, malformed eval cases and files, a reader that closes the pipe, and file
names that are not UTF-8 in ``--json``. Real processes where the bytes and pipes matter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

QUESTION = "How much is the harbor expansion worth?"


def newsdesk(*args, config: Path, stdin: bytes = b"", encoding="utf-8:strict"):
    """``newsdesk ARGS --config CONFIG`` in a fresh process, as a terminal in a UTF-8 locale
    runs it (strict decoding and encoding, unlike Python's lenient C locale)."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args, "--config", str(config)],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )


def one_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and "internal error" not in text
    assert text.count("\n") == 1, text
    return text


# Item 9: a question, topic or claim with bytes that are not UTF-8.


@pytest.mark.parametrize("command", ["ask", "timeline", "check"])
def test_non_utf8_argv_is_one_clear_line(config_file, command):
    done = newsdesk(command, b"why \xff the harbor?", config=config_file)
    assert done.returncode == 2 and "newsdesk: error:" in one_line(done.stderr)
    assert done.stdout == b""


def test_a_non_utf8_chat_line_is_answered_and_the_session_goes_on(config_file):
    done = newsdesk("chat", config=config_file, stdin=b"why \xff?\n" + QUESTION.encode() + b"\n")
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr
    assert "error: the question" in out and "40 million dollars" in out
    assert b"Traceback" not in done.stderr


# Item 12: a reader that leaves early (`newsdesk ask … | head`).


def test_a_closed_pipe_ends_quietly(config_file):
    child = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "ask", QUESTION, "--config", str(config_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    child.stdout.close()  # the reader is gone before anything is written
    stderr = child.stderr.read()
    assert child.wait(timeout=120) == 141 and stderr == b""


def test_chat_piped_into_head_ends_quietly(config_file):
    newsdesk_chat = f"{sys.executable} -m bot.cli chat --config {config_file}"
    script = (
        f'for i in $(seq 100); do echo "{QUESTION}"; done | {newsdesk_chat} | head -c1 >/dev/null'
        '; echo "${PIPESTATUS[1]}"'
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120)
    assert done.stdout == b"141\n" and done.stderr == b""


# Item 17: file names that are not UTF-8 still give valid JSON.


@pytest.mark.parametrize("command", [["sources"], ["ask", "When did the strike at Cafe end?"]])
def test_json_is_valid_utf8_with_a_non_utf8_file_name(config_file, corpus, command):
    name = os.fsencode(corpus) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write(b"Cafe strike\n\nThe strike at the Cafe ended on May 7, 2021.\n")
    for encoding in ("utf-8:strict", "utf-8:surrogateescape"):  # a UTF-8 locale; the C locale
        done = newsdesk(*command, "--json", config=config_file, encoding=encoding)
        assert done.returncode == 0, done.stderr
        json.loads(done.stdout.decode("utf-8"))  # strict: valid UTF-8, and valid JSON


# Item 12: eval cases and files.


def write_cases(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def eval_json(capsys, config_file, cases: Path) -> dict:
    code = main(["eval", "--json", str(cases), "--config", str(config_file)])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    return json.loads(out.encode("utf-8"))


def test_malformed_eval_cases_are_reported_per_case(capsys, config_file, tmp_path):
    cases = write_cases(
        tmp_path / "cases.jsonl",
        '{"id": "no-question", "type": "ask", "expect_abstain": true}',
        '{"id": "number", "type": "ask", "question": 42}',
        '{"id": "surrogate", "type": "ask", "question": "why \\udcff?"}',
        '{"id": "no-source", "type": "timeline", "topic": "strike",'
        ' "expect_events": [{"text_any": ["May"]}]}',
        '{"id": "bad-date", "type": "timeline", "topic": "strike",'
        ' "expect_events": [{"source": "beta.md", "text_any": ["x"], "date": "June"}]}',
        '{"id": "no-verdict", "type": "factcheck", "claim": "The strike ended."}',
        '{"id": "listed-type", "type": ["ask"], "question": "q"}',
        '{"id": "poll", "type": "poll", "question": "q"}',
        '{"id": "text-any", "type": "ask", "question": "q", "expect_text_any": "40"}',
        '{"id": "good", "type": "ask", "question": "' + QUESTION + '",'
        ' "expect_sources": ["alpha.txt"], "expect_text_any": ["40 million"]}',
    )
    result = eval_json(capsys, config_file, cases)
    errors = {e["id"]: e["error"] for e in result["errors"]}
    assert list(errors) == [
        "no-question", "number", "surrogate", "no-source", "bad-date", "no-verdict",
        "listed-type", "poll", "text-any",
    ]  # fmt: skip
    assert "'question' is missing" in errors["number"] and "surrogate" in errors["surrogate"]
    assert "'source'" in errors["no-source"] and "'June'" in errors["bad-date"]
    assert result["counts"] == {"ask": 1, "invalid": 9}
    assert [c["id"] for c in result["cases"]] == ["good"]
    assert result["metrics"]["ask.source_hit"] == 1  # over the scored cases only


def test_broken_cases_are_warned_about_without_json(capsys, caplog, config_file, tmp_path):
    cases = write_cases(tmp_path / "cases.jsonl", '{"id": "x", "type": "ask"}')
    code = main(["eval", str(cases), "--config", str(config_file)])
    assert code == 0 and "ask.source_hit" in json.loads(capsys.readouterr().out)
    assert "eval case 'x' is not scored: 'question' is missing" in caplog.text


def test_a_refused_case_counts_as_a_miss(capsys, config_file, tmp_path):
    cases = write_cases(
        tmp_path / "cases.jsonl",
        '{"id": "long", "type": "ask", "question": "' + "harbor " * 500 + '",'
        ' "expect_sources": ["alpha.txt"]}',
        '{"id": "question-claim", "type": "factcheck", "claim": "Is the harbor big?",'
        ' "expect_verdict": "supported", "expect_sources": ["alpha.txt"]}',
    )
    result = eval_json(capsys, config_file, cases)
    assert result["errors"] == [] and result["counts"] == {"ask": 1, "factcheck": 1, "invalid": 0}
    assert all("refused" in c for c in result["cases"])
    metrics = result["metrics"]
    assert metrics["ask.source_hit"] == 0 and metrics["ask.abstain_accuracy"] == 0
    assert metrics["factcheck.verdict_accuracy"] == 0 and metrics["factcheck.evidence_hit"] == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json\n", "cases.jsonl:1 is not valid JSON"),
        (b'{"id": "a", "type": "ask", "question": "caf\xe9"}\n', "cannot read eval cases"),
        (b"[1, 2]\n", "cases.jsonl:1 needs an 'id' and a 'type'"),
        (None, "cannot read eval cases"),  # missing
    ],
)
def test_a_malformed_eval_file_is_one_line(config_file, tmp_path, content, message):
    cases = tmp_path / "cases.jsonl"
    if content is not None:
        cases.write_bytes(content)
    done = newsdesk("eval", str(cases), config=config_file)
    assert done.returncode == 2 and message in one_line(done.stderr)
