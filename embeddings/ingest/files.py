"""The article file an ingested article becomes, and writing it so that it is whole or absent.

The format (``embeddings.metadata.front_matter`` reads it, ``embeddings.articles`` makes
an article of it)::

    ---
    title: Japan, U.S. agree to upgrade command structures
    published: 2024-04-10
    url: https://www.example.com/news/2024/04/10/japan-us-command
    outlet: Example News
    author: Jane Doe
    fetched: 2026-11-29T03:40:00Z
    reported_by: Other Wire <https://other.example/a/123> | Third Paper <https://third.example/x>
    ---
    Japan, U.S. agree to upgrade command structures

    First paragraph of the body...

Fields that are unknown are left out. A file is written to a hidden temporary file in the
corpus folder and then renamed into place: the corpus reader skips hidden files, and a
rename is atomic, so a build never reads half an article, even if newsdesk is killed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..metadata import front_matter, unquoted

_TEMPORARY_PREFIX = ".newsdesk-ingest-"
_FRONT_MATTER_BOUNDARY = re.compile(r"^---[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class NewArticle:
    title: str
    paragraphs: tuple[str, ...]
    published: dt.date | None
    url: str = ""  # "" when unknown, as for the fields below
    outlet: str = ""
    author: str = ""

    def body(self) -> str:
        """The text after the front matter: the title line, then the paragraphs."""
        return "\n\n".join((_one_line(self.title), *map(_one_line, self.paragraphs))) + "\n"


def _one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks too) as one space."""
    return " ".join(text.split())


def _field(value: str) -> str:
    """A front-matter value on one line, quoted if the reader would otherwise take its own
    quote marks for quoting (a headline that is one quoted phrase: ``'Enough'``)."""
    value = _one_line(value)
    if unquoted(value) == value:
        return value
    mark = '"' if value.startswith("'") else "'"
    return f"{mark}{value}{mark}"


def article_text(article: NewArticle, fetched: dt.datetime) -> str:
    fields = {
        "title": article.title,
        "published": article.published.isoformat() if article.published else "",
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "fetched": fetched.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    lines = [f"{key}: {_field(value)}" for key, value in fields.items() if _one_line(value)]
    return "---\n" + "\n".join(lines) + "\n---\n" + article.body()


def write_new(corpus: Path, name: str, text: str) -> Path:
    """Write ``text`` as a new file named ``name`` (or ``name-2``… if that is taken) in
    ``corpus``; never replaces a file."""
    stem, suffix = os.path.splitext(name)
    temporary = _write_temporary(corpus, text)
    try:
        for attempt in range(1, 1000):
            path = corpus / (name if attempt == 1 else f"{stem}-{attempt}{suffix}")
            try:
                os.link(temporary, path)  # fails if the name exists: never overwrites
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"{name} and 998 variants of it are taken")
    finally:
        temporary.unlink()


def add_report(path: Path, outlet: str, url: str) -> None:
    """List ``outlet`` and ``url`` under ``reported_by`` in the article at ``path``,
    rewriting it atomically (front matter is added to a file that has none)."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    fields, body_start = front_matter(text)
    reports = [fields["reported_by"]] if fields.get("reported_by") else []
    line = "reported_by: " + " | ".join([*reports, _report(outlet, url)])
    if not body_start:
        block = f"---\n{line}\n---\n"
    elif "reported_by" in fields:
        block = re.sub(
            r"(?im)^[ \t]*reported_by[ \t]*:.*$", lambda _: line, text[:body_start], count=1
        )
    else:  # a new line before the closing ---
        closing = list(_FRONT_MATTER_BOUNDARY.finditer(text[:body_start]))[-1].start()
        block = text[:closing] + line + "\n" + text[closing:body_start]
    os.replace(_write_temporary(path.parent, block + text[body_start:]), path)


def _report(outlet: str, url: str) -> str:
    """One item of ``reported_by``: ``Outlet <url>``, either part optional. What would end
    the item or the list (``<``, ``>``, ``|``) is left out of the outlet and escaped in the URL."""
    outlet = _one_line(re.sub(r"[<>|]", " ", outlet))
    url = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._")
    return f"{outlet} <{url}>".strip() if url else outlet


def remove_stale_temporaries(corpus: Path) -> None:
    """Temporary files left by an ingest that was killed before it could remove them."""
    for leftover in corpus.glob(f"{_TEMPORARY_PREFIX}*"):
        leftover.unlink(missing_ok=True)


def _write_temporary(folder: Path, text: str) -> Path:
    """``text`` in a new hidden file of ``folder``, on disk (fsync) before it is renamed."""
    path = folder / f"{_TEMPORARY_PREFIX}{secrets.token_hex(8)}.tmp"
    # Created as any file the user makes would be (0666 less the umask), not private.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink()
        raise
    return path
