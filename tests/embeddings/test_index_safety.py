"""The index folder as a boundary: a hostile or careless CURRENT, folders that are not ours,
two writers at once, a newer format, a read-only folder, malformed manifests (issue 14)."""

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import Engine
from embeddings import HashingEncoder, IndexBusyError, IndexStoreError, load, update_index
from embeddings import store as disk
from tests.helpers import ROOT


def build(corpus, index, **kw):
    return update_index(corpus, index, "hashing", 40, HashingEncoder, **kw)


def generations(index: Path) -> set[str]:
    return {p.name for p in index.iterdir() if p.name.startswith("gen-")}


def add_article(corpus: Path, name: str = "gamma.txt") -> None:
    (corpus / name).write_text("Zoo news\n\nA panda was born at the city zoo on Monday.")


def current_manifest(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip() / "manifest.json"


# Item 3: CURRENT names a generation inside the index folder, or nothing is read or deleted.


@pytest.mark.parametrize(
    "pointer", ["..", "", ".", "/ABSOLUTE", "gen-000001/../..", "manifest.json", "gen-1"]
)
def test_a_current_that_is_not_a_generation_is_refused_and_never_deleted(corpus, tmp_path, pointer):
    state = tmp_path / "state"
    index = state / "index"
    (state).mkdir()
    (state / "feedback.jsonl").write_text('{"vote": 1}\n')
    build(corpus, index)
    elsewhere = tmp_path / "elsewhere"
    build(corpus, elsewhere)  # a whole other index, named by an absolute path
    pointer = pointer.replace("/ABSOLUTE", str(elsewhere / (elsewhere / "CURRENT").read_text()))
    (index / "CURRENT").write_text(pointer + "\n")

    with pytest.raises(IndexStoreError, match="CURRENT.*newsdesk index --rebuild"):
        load(index)
    with pytest.raises(IndexStoreError, match="CURRENT.*newsdesk index --rebuild"):
        build(corpus, index)
    report = build(corpus, index, rebuild=True)  # the fix the message recommends

    assert report.saved and load(index).manifest.files
    assert (state / "feedback.jsonl").read_text() == '{"vote": 1}\n'
    assert load(elsewhere).manifest.files  # the other index was neither served nor deleted


def test_a_current_naming_a_linked_generation_is_refused(corpus, tmp_path):
    build(corpus, tmp_path / "elsewhere")
    outside = tmp_path / "elsewhere" / (tmp_path / "elsewhere" / "CURRENT").read_text()
    index = tmp_path / "ix"
    build(corpus, index)
    (index / "gen-000050").symlink_to(outside)
    (index / "CURRENT").write_text("gen-000050")
    with pytest.raises(IndexStoreError, match="CURRENT"):
        load(index)
    build(corpus, index, rebuild=True)
    assert outside.is_dir() and (outside / "manifest.json").is_file()


# Item 4: only generations this program wrote are deleted, never by name alone.


def test_folders_named_like_generations_but_not_ours_are_never_deleted(corpus, tmp_path):
    data = tmp_path / "data"
    for name in ("gen-2023-reports", "gen-000007", "gen-000001"):
        (data / name).mkdir(parents=True)
        (data / name / "q3.txt").write_text("revenue")
    build(corpus, data)
    add_article(corpus)
    build(corpus, data)
    build(corpus, data, rebuild=True)
    for name in ("gen-2023-reports", "gen-000007", "gen-000001"):
        assert (data / name / "q3.txt").read_text() == "revenue"


def test_a_current_naming_a_folder_that_is_not_ours_leaves_it_alone(corpus, tmp_path):
    index = tmp_path / "ix"
    build(corpus, index)
    (index / "gen-000009").mkdir()
    (index / "gen-000009" / "notes.txt").write_text("mine")
    (index / "CURRENT").write_text("gen-000009")
    with pytest.raises(IndexStoreError, match="corrupt or half-written"):
        load(index)
    build(corpus, index, rebuild=True)
    assert (index / "gen-000009" / "notes.txt").read_text() == "mine"


def test_our_old_and_unfinished_generations_are_cleaned_up(corpus, tmp_path):
    index = tmp_path / "ix"
    build(corpus, index)
    first = (index / "CURRENT").read_text()
    add_article(corpus)
    build(corpus, index)
    second = (index / "CURRENT").read_text()
    add_article(corpus, "delta.txt")
    build(corpus, index)
    third = (index / "CURRENT").read_text()
    # The generation just replaced stays until the next build, for readers still loading it.
    assert generations(index) == {second, third}
    assert first not in generations(index)


# Item 5: one writer at a time; the loser is told, readers keep reading.

WRITER = """
import sys, time
from pathlib import Path
from embeddings import HashingEncoder, IndexStoreError, update_index

corpus, index, started, release = map(Path, sys.argv[1:5])

class Waiting(HashingEncoder):
    def encode(self, texts, progress=False):
        started.touch()  # the lock is held and the new generation is being built
        deadline = time.monotonic() + 60
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return super().encode(texts)

try:
    report = update_index(corpus, index, "hashing", 40, Waiting)
except IndexStoreError as exc:
    print(exc)
    sys.exit(2)
print("saved" if report.saved else "not saved")
"""


def start_writer(tmp_path, corpus, index, tag):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    started, release = tmp_path / f"{tag}.started", tmp_path / f"{tag}.release"
    process = subprocess.Popen(
        [sys.executable, str(script), str(corpus), str(index), str(started), str(release)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, started, release


def wait_for(path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the writer never started embedding"
        time.sleep(0.02)


def test_a_second_writer_is_refused_while_the_first_builds(corpus, tmp_path):
    index = tmp_path / "ix"
    build(corpus, index)
    before = load(index).manifest.files
    add_article(corpus)

    first, started, release = start_writer(tmp_path, corpus, index, "first")
    try:
        wait_for(started, first)
        second, _, second_release = start_writer(tmp_path, corpus, index, "second")
        second_release.touch()
        out, err = second.communicate(timeout=60)
        assert second.returncode == 2, err
        assert out.strip() == (
            f"another build of the index in {index} is running (pid {first.pid}); "
            "try again when it finishes"
        )
        assert load(index).manifest.files == before  # a reader needs no lock
    finally:
        release.touch()
        out, err = first.communicate(timeout=60)
    assert first.returncode == 0 and out.strip() == "saved", err
    assert "gamma.txt" in load(index).manifest.files

    again, _, again_release = start_writer(tmp_path, corpus, index, "again")
    again_release.touch()
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0 and out.strip() == "saved", err  # the lock was released


def test_an_engine_starting_during_another_build_serves_the_index_on_disk(
    fake_settings, corpus, caplog
):
    index = fake_settings.index.dir
    build(corpus, index)
    add_article(corpus)
    first, started, release = start_writer(index.parent, corpus, index, "first")
    try:
        wait_for(started, first)
        engine = Engine(fake_settings, HashingEncoder())
        assert engine.ask("harbor expansion").quotes  # served from the index on disk
        assert "another build of the index is running" in caplog.text
        with pytest.raises(IndexBusyError, match=f"running \\(pid {first.pid}\\)"):
            engine.refresh()  # an update asked for while serving says it is busy
    finally:
        release.touch()
        first.communicate(timeout=60)
    assert first.returncode == 0


def test_a_killed_writer_leaves_the_index_serving_and_the_lock_free(corpus, tmp_path):
    index = tmp_path / "ix"
    build(corpus, index)
    add_article(corpus)
    writer, started, _ = start_writer(tmp_path, corpus, index, "killed")
    wait_for(started, writer)
    writer.kill()
    writer.communicate(timeout=60)
    assert "gamma.txt" not in load(index).manifest.files
    report = build(corpus, index)
    assert report.saved and report.added == ("gamma.txt",)
    assert len(generations(index)) == 2  # the killed build's unfinished generation is gone


# Item 6: a newer format is refused and never deleted.


def set_format(index: Path, version: int) -> Path:
    manifest = current_manifest(index)
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "format_version": version}))
    return manifest.parent


def test_an_index_of_a_newer_format_is_refused_not_rebuilt(corpus, tmp_path):
    index = tmp_path / "ix"
    build(corpus, index)
    newer = set_format(index, 99)
    saved = (newer / "manifest.json").read_text()
    add_article(corpus)
    for attempt in (lambda: build(corpus, index), lambda: load(index)):
        with pytest.raises(IndexStoreError, match="format 99.*built by a newer newsdesk"):
            attempt()
    assert (newer / "manifest.json").read_text() == saved


def test_rebuild_over_a_newer_format_writes_beside_it_and_keeps_it(corpus, tmp_path):
    index = tmp_path / "ix"
    build(corpus, index)
    newer = set_format(index, 99)
    report = build(corpus, index, rebuild=True)
    assert report.saved and load(index).manifest.format_version == disk.FORMAT_VERSION
    add_article(corpus)
    build(corpus, index)  # the next ordinary build keeps it too
    assert json.loads((newer / "manifest.json").read_text())["format_version"] == 99


# Item 7: a read-only index folder keeps serving the index it holds.


@contextlib.contextmanager
def read_only(folder: Path):
    """Make ``folder`` refuse new entries, for root too (tests may run as root, for whom
    permission bits change nothing: the immutable attribute stops root as well)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a folder read-only for root here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("lock_file", ["kept", "absent (an index built before locking)"])
def test_a_read_only_index_folder_serves_the_existing_index(corpus, tmp_path, caplog, lock_file):
    index = tmp_path / "ix"
    build(corpus, index)
    if lock_file != "kept":
        for path in index.iterdir():
            if path.is_file() and path.name != "CURRENT":
                path.unlink()
    add_article(corpus)
    with read_only(index):
        report = build(corpus, index)
        assert not report.saved and report.added == ("gamma.txt",)
        assert f"cannot update the index in {index} (read-only)" in caplog.text
        assert "serving the existing index" in caplog.text
        assert set(load(index).manifest.files) == {"alpha.txt", "beta.md"}


def test_the_engine_answers_from_a_read_only_index(fake_engine, fake_settings, corpus):
    fake_engine.refresh()
    add_article(corpus)
    with read_only(fake_settings.index.dir):
        fake_engine.refresh()
        answer = fake_engine.ask("How much is the harbor expansion worth?")
    assert any("40 million" in q.text for q in answer.quotes)


def test_a_read_only_folder_without_an_index_is_refused_clearly(corpus, tmp_path):
    index = tmp_path / "ix"
    index.mkdir()
    with read_only(index), pytest.raises(IndexStoreError, match="cannot write the index in"):
        build(corpus, index)


# Item 12: malformed manifests and an index path that is a file.


@pytest.mark.parametrize(
    "content",
    [
        "{}",
        "null",
        "[]",
        '"text"',
        '{"format_version": "2"}',
        f'{{"format_version": {disk.FORMAT_VERSION}}}',  # this format, but lacking keys
    ],
)
def test_a_malformed_manifest_is_corrupt_not_a_crash(capsys, config_file, tmp_path, content):
    assert main(["index", "--config", str(config_file)]) == 0
    current_manifest(tmp_path / "index").write_text(content)
    capsys.readouterr()
    for command in (["index"], ["ask", "harbor?"]):
        assert main([*command, "--config", str(config_file)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "corrupt" in err and "--rebuild" in err
    assert main(["index", "--rebuild", "--config", str(config_file)]) == 0


def test_an_index_path_that_is_a_file_is_refused(capsys, config_file, tmp_path):
    path = tmp_path / "afile"
    path.write_text("not an index")
    for command in (["index"], ["ask", "harbor?"]):
        assert main([*command, "--config", str(config_file), "--index", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{path} is a file, not a folder" in err
    assert path.read_text() == "not an index"


def test_the_index_command_says_a_read_only_index_was_not_saved(
    capsys, caplog, config_file, corpus, tmp_path
):
    assert main(["index", "--config", str(config_file)]) == 0
    add_article(corpus)
    capsys.readouterr()
    with read_only(tmp_path / "index"):
        assert main(["index", "--config", str(config_file)]) == 0
    assert capsys.readouterr().out == (
        "index not saved (read-only folder): serving the existing one as it is\n"
    )
    assert "(read-only): serving the existing index" in caplog.text


def test_an_index_path_below_a_file_is_refused(capsys, config_file, tmp_path):
    (tmp_path / "afile").write_text("not an index")
    assert main(["index", "--config", str(config_file), "--index", str(tmp_path / "afile/ix")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write the index in" in err and "Not a directory" in err
