import logging

import pytest

from embeddings import CorpusError, read_corpus, read_file


def test_reads_utf8_articles(corpus):
    files = read_corpus(corpus)
    assert [f.name for f in files] == ["alpha.txt", "beta.md"]
    assert all(f.encoding == "utf-8" and len(f.sha256) == 64 for f in files)


def test_non_utf8_file_is_read_with_a_warning(tmp_path, caplog):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 owners in S\xe3o Paulo protested on Monday.".encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        source = read_file(path)
    assert source.text == "Café owners in São Paulo protested on Monday."
    assert source.encoding == "cp1252"
    assert "not UTF-8" in caplog.text


def test_binary_and_empty_files_are_skipped_with_warnings(tmp_path, caplog):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "ok.txt").write_text("A real sentence about the council.")
    with caplog.at_level(logging.WARNING):
        files = read_corpus(tmp_path)
    assert [f.name for f in files] == ["ok.txt"]
    assert "binary" in caplog.text and "empty" in caplog.text


def test_other_file_types_are_ignored(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.txt").write_text("Text.")
    assert [f.name for f in read_corpus(tmp_path)] == ["a.txt"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "nowhere")


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no readable article"):
        read_corpus(tmp_path)
