"""Checking the corpus reads only the articles whose files changed."""

import os
import time

import pytest

from embeddings.corpus import file_hash
from embeddings.corpus_scan import scan_corpus
from embeddings.errors import CorpusError


def age(folder, seconds=10):
    """Make every file look written ``seconds`` ago (out of the racy window)."""
    past = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (past, past))


def test_unchanged_files_are_not_read_again(corpus, tmp_path):
    remembered = tmp_path / "hashes.json"
    age(corpus)
    first = scan_corpus(corpus, remembered)
    assert set(first._read) == set(first.hashes) == {"alpha.txt", "beta.md"}
    second = scan_corpus(corpus, remembered)
    assert second._read == {} and second.hashes == first.hashes
    assert second.file("alpha.txt").text == (corpus / "alpha.txt").read_text()


def test_a_changed_file_is_read_and_hashed_again(corpus, tmp_path):
    remembered = tmp_path / "hashes.json"
    age(corpus)
    scan_corpus(corpus, remembered)
    (corpus / "alpha.txt").write_text("Harbor deal\n\nThe council rejected the harbor plan.")
    scan = scan_corpus(corpus, remembered)
    assert set(scan._read) == {"alpha.txt"}
    assert scan.hashes["alpha.txt"] == file_hash((corpus / "alpha.txt").read_bytes())


def test_a_file_written_just_before_the_hashes_were_saved_is_read_again(corpus, tmp_path):
    remembered = tmp_path / "hashes.json"
    scan_corpus(corpus, remembered)  # the files are seconds old: a change may hide in a tick
    assert set(scan_corpus(corpus, remembered)._read) == {"alpha.txt", "beta.md"}


def test_unreadable_remembered_hashes_mean_reading_everything(corpus, tmp_path):
    remembered = tmp_path / "hashes.json"
    remembered.write_text("{not json")
    assert len(scan_corpus(corpus, remembered)._read) == 2
    (tmp_path / "a-file").write_text("")
    assert len(scan_corpus(corpus, tmp_path / "a-file" / "x.json").hashes) == 2  # not saved


def test_a_folder_without_articles_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no readable article"):
        scan_corpus(tmp_path / "empty", tmp_path / "hashes.json")
