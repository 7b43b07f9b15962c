"""Reading a folder of article files into memory, with warnings instead of crashes.

An article is kept as the exact text of its file (after decoding), so that every
offset the rest of the pipeline records points into what is on disk.

The corpus is the regular files directly inside the corpus folder, and nothing else:
whatever is read here can end up quoted in a public channel. So
- hidden files (".env", ".notes.txt") are never articles, nor are files named in the
  ``.env`` convention ("env.txt", "prod.env.md"), nor files that read like one
  (only ``NAME=value`` lines): that is where tokens live;
- a symbolic link is read only if it leads to a file inside the corpus folder that
  would itself be an article, and that file is read once however many links lead to it;
- a name that is not valid UTF-8 or holds control characters is refused, because it
  could not be shown in JSON, a terminal or Discord as it is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError

log = logging.getLogger(__name__)

#: File endings read as articles. HTML is read as text; its markup is not parsed.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")

# Tried in order. cp1252 covers most "smart quote" files saved by Windows editors;
# latin-1 decodes any byte sequence, so it is the last resort.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")

# A line of a settings file: "DISCORD_TOKEN=...", "export KEY = value".
_SETTING_LINE = re.compile(r"\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*=")


@dataclass(frozen=True)
class SourceFile:
    """One article file as read from disk."""

    name: str  # base name, which is what answers cite
    path: Path
    text: str
    encoding: str
    sha256: str


@dataclass(frozen=True)
class ArticlePath:
    """A corpus file that passed the checks, and the identity of the file that passed them."""

    path: Path  # inside the corpus folder; ``path.name`` is what answers cite
    device: int
    inode: int


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def looks_binary(data: bytes) -> bool:
    """True for files that are clearly not text (NUL bytes or mostly control bytes)."""
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.1


# Control bytes but tab, newline, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_like_settings(text: str) -> bool:
    """True for a ``.env``-style file: every line that is not blank or a comment is NAME=value."""
    found = False
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            if not _SETTING_LINE.match(line):
                return False  # an article's first line already ends the check
            found = True
    return found


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode article bytes: UTF-8 first, then a warned fallback. Returns (text, encoding)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        log.warning("%s is not UTF-8; read it as %s", name, encoding)
        return text, encoding
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _read_regular(path: Path, expected: ArticlePath | None = None) -> bytes | None:
    """The bytes of the regular file at ``path`` (and, if given, the very file checked).

    Non-blocking, so a pipe put in a file's place cannot hang the reader; the identity
    check means a file swapped for a link between listing and reading is not read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                problem = "it is not a regular file"
            elif expected and (info.st_dev, info.st_ino) != (expected.device, expected.inode):
                problem = "it was replaced while the corpus was read"
            else:
                return handle.read()
    except OSError as exc:
        problem = f"cannot read it ({exc.strerror or exc})"
    log.warning("skipping %s: %s", path.name, problem)
    return None


def _source(path: Path, data: bytes) -> SourceFile | None:
    if not data.strip():
        log.warning("skipping %s: the file is empty", path.name)
        return None
    if looks_binary(data):
        log.warning("skipping %s: it looks like a binary file, not text", path.name)
        return None
    text, encoding = decode(data, path.name)
    if looks_like_settings(text):
        log.warning("skipping %s: it holds settings (NAME=value lines), not an article", path.name)
        return None
    return SourceFile(path.name, path, text, encoding, file_hash(data))


def read_file(path: Path) -> SourceFile | None:
    """Read one article, or return None (with a warning) for files that are not articles."""
    data = _read_regular(path)
    return None if data is None else _source(path, data)


def escaped_name(name: str) -> str:
    """``name`` with undecodable bytes and control characters as backslash escapes."""
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in shown)


def _showable(name: str) -> bool:
    # Undecodable bytes come from os.listdir as lone surrogates (category Cs).
    return name.isprintable() or not any(unicodedata.category(c) in ("Cc", "Cs") for c in name)


def is_article_name(name: str) -> bool:
    """An article ending, not hidden, and not a settings file name ("env" as a dotted part)."""
    *stem, ending = name.lower().split(".")
    hidden = name.startswith(".")
    return bool(stem) and not hidden and f".{ending}" in ARTICLE_SUFFIXES and "env" not in stem


def _followed(root: Path, link: Path, seen: dict[Path, str]) -> ArticlePath | None:
    """The file the link ``link`` leads to, if it is an article inside ``root``; else None."""
    try:
        target = link.resolve(strict=True)
        info = target.stat()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links
        log.warning("skipping %s: it is a link that leads nowhere", link.name)
        return None
    if not stat.S_ISREG(info.st_mode):
        return None  # folders, pipes, devices: not articles, as any other file type
    if root not in target.parents:
        log.warning("skipping %s: it is a link to a file outside the corpus folder", link.name)
        return None
    if not is_article_name(target.name):
        log.warning("skipping %s: it is a link to a file that is not an article", link.name)
        return None
    if target in seen:
        log.warning("skipping %s: it is the same file as %s", link.name, seen[target])
        return None
    seen[target] = link.name
    return ArticlePath(link, info.st_dev, info.st_ino)


def _listed(folder: Path) -> list[os.DirEntry]:
    """The entries of ``folder`` whose names are article names; unshowable ones are warned."""
    try:
        with os.scandir(folder) as scan:
            entries = [e for e in scan if is_article_name(e.name)]
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {folder} ({exc.strerror or exc})") from None
    for entry in entries:
        if not _showable(entry.name):
            log.warning(
                "skipping %s: its name is not valid UTF-8 or holds control characters; rename it",
                escaped_name(entry.name),
            )
    return [e for e in entries if _showable(e.name)]


def list_article_paths(folder: Path) -> list[ArticlePath]:
    """The articles of ``folder``, sorted by name: its regular files with article names, and
    its links to such files inside it (read under the link's name)."""
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist (set --corpus or [corpus] dir)")
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder")
    root = folder.resolve()
    seen: dict[Path, str] = {}  # real path -> the name it is read under
    # Regular files first, so a link to one of them is the duplicate, not the file itself.
    articles = []
    for entry in sorted(_listed(folder), key=lambda e: (e.is_symlink(), e.name)):
        if entry.is_symlink():
            article = _followed(root, Path(entry.path), seen)
        elif entry.is_file(follow_symlinks=False):
            info = entry.stat(follow_symlinks=False)
            seen[root / entry.name] = entry.name
            article = ArticlePath(Path(entry.path), info.st_dev, info.st_ino)
        else:
            article = None  # folders, pipes, devices: not articles, as any other file type
        if article is not None:
            articles.append(article)
    return sorted(articles, key=lambda a: a.path.name)


def read_corpus(folder: Path) -> list[SourceFile]:
    """Every readable article in ``folder``; raises CorpusError if there is none."""
    files = []
    for article in list_article_paths(folder):
        data = _read_regular(article.path, article)
        if data is not None and (source := _source(article.path, data)) is not None:
            files.append(source)
    if not files:
        raise no_articles(folder)
    return files


def no_articles(folder: Path) -> CorpusError:
    endings = ", ".join(ARTICLE_SUFFIXES)
    return CorpusError(f"corpus folder {folder} holds no readable article ({endings} files)")
