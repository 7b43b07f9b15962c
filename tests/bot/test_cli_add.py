"""``newsdesk add``: each source's outcome on a line, then the counts; exit code 1 when
something was refused, 2 for bad usage."""

from __future__ import annotations

import pytest

from bot.cli import main
from tests.web_server import DATA, WebServer


@pytest.fixture
def settings(tmp_path):
    """A settings file whose corpus and ingest state are in the test's folder."""
    path = tmp_path / "newsdesk.toml"
    path.write_text(
        f'[corpus]\ndir = "{tmp_path / "corpus"}"\n[index]\ndir = "{tmp_path / "index"}"\n'
        f'[ingest]\nstate_dir = "{tmp_path / "state"}"\n'
    )
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_adds_and_reports(capsys, settings, tmp_path):
    page = DATA / "pages" / "phys.org.tool.html"
    code, out, _ = run(capsys, "add", str(page), "--config", str(settings))
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "1 added, 0 merged, 0 duplicates, 0 refused"
    assert lines[0].startswith(f"{page}: added as phys.org-flint-flake-tool")
    assert len(list((tmp_path / "corpus").glob("phys.org-*.txt"))) == 1
    code, out, _ = run(capsys, "add", str(page), "--config", str(settings))
    assert code == 0 and out.splitlines()[-1] == "0 added, 0 merged, 1 duplicate, 0 refused"


def test_refused_items_give_exit_code_1(capsys, settings):
    code, out, _ = run(capsys, "add", str(DATA / "pages"), "--config", str(settings))
    assert code == 1 and out.splitlines()[-1] == "5 added, 0 merged, 0 duplicates, 1 refused"
    assert "apache.server-status.html: no article text" in out


def test_a_feed_s_summary_line(capsys, settings):
    code, out, _ = run(capsys, "add", str(DATA / "feeds" / "medium.rss"), "--config", str(settings))
    assert code == 0
    assert (
        "Food in Invironment on Medium: 2 entries: 2 added, 0 merged, 0 duplicates, 0 refused"
        in out
    )


def test_a_url_is_fetched(capsys, settings):
    with WebServer() as server:
        url = server.url("/pages/dw.com.colonial.html")
        code, out, _ = run(capsys, "add", url, "--config", str(settings))
    assert code == 0 and out.startswith(f"{url}: added as dw.com-")
    assert server.requests[0].headers["user-agent"].startswith("newsdesk/")


def test_corpus_option(capsys, settings, tmp_path):
    other = tmp_path / "other"
    page = str(DATA / "pages" / "dw.com.colonial.html")
    code, _, _ = run(capsys, "add", page, "--config", str(settings), "--corpus", str(other))
    assert code == 0 and len(list(other.glob("dw.com-*.txt"))) == 1


def test_control_characters_in_sources_are_shown_escaped(capsys, settings):
    code, out, _ = run(capsys, "add", "no\x1b]0;such", "--config", str(settings))
    assert code == 1 and "\x1b" not in out and "no\\x1b]0;such" in out


def test_no_source_is_bad_usage(capsys, settings):
    with pytest.raises(SystemExit) as exit:
        main(["add", "--config", str(settings)])
    assert exit.value.code == 2
    assert "SOURCE" in capsys.readouterr().err
