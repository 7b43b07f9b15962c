"""From a file's text to an article: title, publication date, where it was published
(outlet, link, author, other reports of the same text) and numbered paragraphs.

Cleaning only *chooses* what to keep; it never rewrites it. Every paragraph is a span of
the original text, so quotes taken from it can be checked against the file by offset.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .corpus import SourceFile
from .furniture import is_bullet, is_furniture, word_count
from .metadata import find_full_date, front_matter
from .sentences import iter_sentences

# Lines longer than this are written as one line per paragraph; shorter runs of lines
# inside one block are taken to be a hard-wrapped paragraph.
_WRAP_WIDTH = 100
_HEADLINE_MAX_WORDS = 16
# One item of front matter's ``reported_by``: "Outlet <https://…>", either part optional.
_REPORT = re.compile(r"(?P<outlet>[^<>]*?)\s*(?:<(?P<url>[^<>]*)>)?")


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based among the article's kept paragraphs
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    name: str
    title: str
    published: dt.date | None
    paragraphs: tuple[Paragraph, ...]
    sha256: str
    # Where it was published, from front matter ("" when not stated).
    url: str = ""
    outlet: str = ""
    author: str = ""
    # Other reports of the same text (syndicated copies): (outlet, url) pairs.
    reported_by: tuple[tuple[str, str], ...] = ()


def _blocks(text: str, start: int) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines, each line as a stripped (start, end) span."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]*\n?", text[start:]):
        line = match.group()
        if not line:
            break
        stripped = line.strip()
        if not stripped:
            if current:
                blocks.append(current)
            current = []
            continue
        lead = len(line) - len(line.lstrip())
        s = start + match.start() + lead
        current.append((s, s + len(stripped)))
    if current:
        blocks.append(current)
    return blocks


def raw_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph spans: a block of short lines is one wrapped paragraph, else one per line."""
    spans = []
    for block in _blocks(text, start):
        wrapped = len(block) > 1 and all(
            e - s <= _WRAP_WIDTH and not is_bullet(text[s:e]) for s, e in block
        )
        spans.extend([(block[0][0], block[-1][1])] if wrapped else block)
    return spans


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_dateline(text: str) -> bool:
    # "March 3, 2021" or "Updated 24 September 2020, 7:02 a.m." on a line of its own.
    return word_count(text) <= 8 and find_full_date(text) is not None


def _is_headline(text: str) -> bool:
    # A headline is short and a single line of words; a body paragraph rarely is.
    return word_count(text) <= _HEADLINE_MAX_WORDS and "\n" not in text


def parse_article(source: SourceFile) -> Article:
    text = source.text
    fields, body_start = front_matter(text)
    title = fields.get("title", "")
    # Front matter's title may open the body too (as ``newsdesk add`` writes articles).
    title_key = _normalise(title)
    header: list[str] = []  # furniture before the first body paragraph, where datelines live
    kept: list[tuple[int, int]] = []
    headline: tuple[int, int] | None = None
    seen: set[str] = set()
    for s, e in raw_paragraphs(text, body_start):
        piece = text[s:e]
        key = _normalise(piece)
        if key in seen:  # repeated title lines, pages that print the article twice
            continue
        seen.add(key)
        if is_furniture(piece) or _is_dateline(piece):
            if not kept:
                header.append(piece)
            continue
        if (
            not kept
            and headline is None
            and (key == title_key or (not title and _is_headline(piece)))
        ):
            title, headline = title or piece, (s, e)
            continue
        kept.append((s, e))
    if not kept and headline:  # a one-line article: its only line is also its text
        kept.append(headline)
    published = _publication_date(fields, header, [text[s:e] for s, e in kept[:1]])
    if not title and kept:
        s, e = next(iter_sentences(text[kept[0][0] : kept[0][1]], kept[0][0]))
        title = text[s:e]
    paragraphs = tuple(Paragraph(i, s, e) for i, (s, e) in enumerate(kept, start=1))
    title = " ".join(title.lstrip("#").split())  # a Markdown heading's marks are not its text
    return Article(
        source.name,
        title,
        published,
        paragraphs,
        source.sha256,
        url=_web_url(fields.get("url", "")),
        outlet=fields.get("outlet", ""),
        author=fields.get("author", ""),
        reported_by=_reports(fields.get("reported_by", "")),
    )


def _web_url(text: str) -> str:
    """``text`` if it is a web address (http or https, with a host, no spaces), else "".

    Front matter is text anyone may write: only a real link is offered to click."""
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[" and the like
        return ""
    # isprintable() is False for every white space but " ", and for control characters.
    clean = text.isprintable() and " " not in text
    return text if clean and parts.scheme in ("http", "https") and parts.hostname else ""


def _reports(text: str) -> tuple[tuple[str, str], ...]:
    """``reported_by``'s "Outlet <url> | Outlet <url>" as (outlet, url) pairs; an item that
    is neither an outlet nor a link ("<>", "<javascript:…>" alone) is left out."""
    reports = []
    for item in text.split("|"):
        if match := _REPORT.fullmatch(item.strip()):
            outlet, url = match["outlet"], _web_url(match["url"] or "")
            if outlet or url:
                reports.append((outlet, url))
    return tuple(reports)


def _publication_date(fields: dict[str, str], header: list[str], lead: list[str]) -> dt.date | None:
    for key in ("published", "date"):
        if key in fields:
            try:
                return dt.date.fromisoformat(fields[key][:10])
            except ValueError:
                pass
    # A dateline is a full date in the page header or at the very start of the first paragraph.
    for piece in header:
        if found := find_full_date(piece):
            return found
    for piece in lead:
        if found := find_full_date(piece[:80]):
            return found
    return None
