"""The command line: output, --json, and bad input as one clear line with exit code 2."""

import json

import pytest

from bot.cli import main
from embeddings import store as disk


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_ask_prints_quotes_with_sources(capsys, config_file):
    code, out, _ = run(
        capsys, "ask", "How much is the harbor expansion worth?", "--config", str(config_file)
    )
    assert code == 0
    assert "40 million dollars" in out and "alpha.txt, paragraph 1" in out


def test_ask_json_is_stable(capsys, config_file):
    code, out, _ = run(
        capsys, "ask", "--json", "--config", str(config_file), "When will construction begin?"
    )
    data = json.loads(out)
    assert code == 0 and data["abstained"] is False
    assert {"text", "source", "paragraph", "start", "end", "score"} <= set(data["quotes"][0])


def test_index_reports_then_is_up_to_date(capsys, config_file):
    code, out, _ = run(capsys, "index", "--config", str(config_file))
    assert code == 0 and "2 added" in out
    code, out, _ = run(capsys, "index", "--json", "--config", str(config_file))
    assert json.loads(out)["passages_embedded"] == 0


def test_sources(capsys, config_file):
    code, out, _ = run(capsys, "sources", "--config", str(config_file))
    assert code == 0 and "beta.md" in out and "2021-05-04" in out


@pytest.mark.parametrize(
    "question, message",
    [("", "empty"), ("   ", "empty"), ("x" * 5000, "limit is 1,000"), ("a\x00b", "control")],
)
def test_bad_questions(capsys, config_file, question, message):
    code, _, err = run(capsys, "ask", question, "--config", str(config_file))
    assert code == 2 and message in err and err.count("\n") == 1


def test_empty_corpus_folder(capsys, config_file, tmp_path):
    (tmp_path / "empty").mkdir()
    code, _, err = run(
        capsys, "ask", "hi?", "--config", str(config_file), "--corpus", str(tmp_path / "empty")
    )
    assert code == 2 and "no readable article" in err


def test_missing_corpus_folder(capsys, config_file, tmp_path):
    code, _, err = run(
        capsys, "index", "--config", str(config_file), "--corpus", str(tmp_path / "gone")
    )
    assert code == 2 and "does not exist" in err


def test_non_utf8_and_binary_files_are_warned_about_not_fatal(capsys, caplog, config_file, corpus):
    (corpus / "latin.txt").write_bytes("Le caf\xe9 du port ferme en juin.".encode("cp1252"))
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out, _ = run(
        capsys, "ask", "When does the café du port close?", "--config", str(config_file)
    )
    assert code == 0 and "café" in out
    assert "latin.txt is not UTF-8" in caplog.text and "skipping blob.txt" in caplog.text


def test_corrupt_index(capsys, config_file, tmp_path):
    run(capsys, "index", "--config", str(config_file))
    generation = disk.current_generation(tmp_path / "index")
    (generation / "seg-000001" / "passages.sqlite").write_text("[{")
    code, _, err = run(capsys, "ask", "harbor?", "--config", str(config_file))
    assert code == 2 and "corrupt" in err and "newsdesk index --rebuild" in err
    code, _, _ = run(capsys, "index", "--rebuild", "--config", str(config_file))
    assert code == 0


def test_index_of_another_model(capsys, config_file, tmp_path):
    run(capsys, "index", "--config", str(config_file))
    other = tmp_path / "other.toml"
    other.write_text(config_file.read_text().replace('"hashing"', '"all-MiniLM-L6-v2"'))
    code, _, err = run(capsys, "ask", "harbor?", "--config", str(other))
    assert code == 2 and "built with model 'hashing'" in err


@pytest.mark.parametrize(
    "content, message",
    [
        ("[corpus\ndir = 1", "not valid TOML"),
        ("[corpus]\nfolder = 'x'", "unknown setting(s) in [corpus]: folder"),
        ("[answer]\nmax_quotes = 'three'", "max_quotes must be an integer"),
        ("[extras]\n", "unknown section"),
        (b"\xff\xfe[corpus]", "cannot read config"),
    ],
)
def test_unreadable_config(capsys, tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, _, err = run(capsys, "sources", "--config", str(path))
    assert code == 2 and message in err


def test_missing_config_file(capsys, tmp_path):
    code, _, err = run(capsys, "sources", "--config", str(tmp_path / "nope.toml"))
    assert code == 2 and "does not exist" in err


def test_eval_rejects_a_bad_case_file(capsys, config_file, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "x", "type": "ask", "question": "q"}\nnot json\n')
    code, _, err = run(capsys, "eval", str(cases), "--config", str(config_file))
    assert code == 2 and "cases.jsonl:2 is not valid JSON" in err


def test_eval_prints_all_metrics(capsys, config_file, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "a", "type": "ask", "question": "How much is the harbor expansion worth?", '
        '"expect_sources": ["alpha.txt"], "expect_text_any": ["40 million"]}\n'
        '{"id": "b", "type": "factcheck", "claim": "x", "expect_verdict": "not_found"}\n'
    )
    code, out, _ = run(capsys, "eval", str(cases), "--config", str(config_file))
    metrics = json.loads(out)
    assert code == 0 and metrics["ask.source_hit"] == 1 and metrics["ask.quote_hit"] == 1
    assert "timeline.event_recall" in metrics


def test_help_needs_no_heavy_imports():
    import subprocess
    import sys

    code = (
        "import sys; from bot.cli import main\n"
        "try: main(['--help'])\nexcept SystemExit: pass\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_serve_without_a_token_explains_what_to_do(capsys, config_file, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    code, _, err = run(capsys, "serve", "--config", str(config_file))
    assert code == 2 and "DISCORD_TOKEN is not set" in err and err.count("\n") == 1


def test_a_missing_model_says_how_to_fix_it(capsys, config_file, tmp_path):
    other = tmp_path / "other.toml"
    settings = config_file.read_text().replace('"hashing"', f'"{tmp_path / "no-model"}"')
    other.write_text(settings.replace(str(tmp_path / "index"), str(tmp_path / "index2")))
    code, _, err = run(capsys, "ask", "harbor?", "--config", str(other))
    assert code == 2 and "is neither 'all-MiniLM-L6-v2' nor a local sentence-transformers" in err
