"""A web page's article: its main text (trafilatura), and its title, date, author, outlet and
canonical URL as the page's own metadata states them.

trafilatura finds the main text and leaves out navigation, ads, comment forms and lists of
related articles; what it lets through is cut here by generic rules (no site is named):
furniture lines (``embeddings.furniture``), the headline repeated as a paragraph, links to
other articles ("Read more: …"), and a trailing block of reader comments or "see also"
links. Dates come only from the page's metadata (``article:published_time``, JSON-LD
``datePublished``, the URL's date…), never guessed from its text.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document

from ..furniture import is_bullet, is_furniture, word_count

# A page needs this many words in sentence-length paragraphs (of at least _SENTENCE_WORDS
# words; list items and table rows are not counted) to be an article: two or three
# sentences, so that a short news brief passes. A server status page or a list of links
# has none; the teasers in heise's Atom feed have about 30 (their pages are fetched).
MIN_ARTICLE_WORDS = 40
_SENTENCE_WORDS = 8
# Encodings that browsers read as another, wider one (WHATWG Encoding Standard): a page "in
# ISO-8859-1" is read as windows-1252, whose extra characters (curly quotes, dashes) such
# pages do use; Shift_JIS as its superset windows-31j.
_BROWSER_ENCODINGS = {"iso8859-1": "cp1252", "ascii": "cp1252", "shift_jis": "cp932"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Headings after which a page holds no more article: reader comments end it at once; a
# list of links ("Related", "Lesen Sie auch:") ends it when no sentence follows (pages also
# print "Related" inside an article, above a box of links that trafilatura left out).
_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:reader\s+)?(?:comments?|kommentare?|commentaires?|comentarios?)\s*:?$", re.I
)
_LINKS = re.compile(
    r"""^(?:related(?:\s+(?:articles?|stories|posts|coverage|content))?|see\s+also|
    more\s+(?:on\s+this\s+(?:topic|story)|stories|from\s+.+)|you\s+may\s+also\s+like|
    continue\s+reading|lesen\s+sie\s+auch|siehe\s+auch|mehr\s+zum\s+thema)\W*$""",
    re.I | re.X,
)
# A link to another article set in the text: "Read more: Looted colonial art: Germany to…".
_LINK_LINE = re.compile(
    r"^(?:read\s+(?:more|also)|also\s+read|see\s+also|related|lesen\s+sie\s+(?:auch|mehr))\s*:",
    re.I,
)
_SENTENCE_END = (".", "!", "?", '"', "”", "»", "…")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
# Where a page's <title> appends its site or a time to the headline: "Headline | Site".
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " : ", ": ")


class NotAnArticle(ValueError):
    """The page holds no article text; the message says what was found instead."""


@dataclass(frozen=True)
class Page:
    title: str
    paragraphs: tuple[str, ...]
    published: dt.date | None
    author: str  # "" when the page names none, as for the fields below
    outlet: str
    url: str  # the page's own canonical URL


def decode_html(body: bytes, charset: str = "") -> str:
    """A page's text, in the encoding its header, byte-order mark or ``<meta>`` declares,
    else UTF-8 if it is valid, else windows-1252 (as a browser would read it)."""
    for declared in (charset, _bom_encoding(body), _meta_charset(body)):
        if encoding := _codec(declared):
            return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _bom_encoding(body: bytes) -> str:
    boms = {
        codecs.BOM_UTF8: "utf-8-sig",
        codecs.BOM_UTF16_LE: "utf-16",
        codecs.BOM_UTF16_BE: "utf-16",
    }
    return next((name for bom, name in boms.items() if body.startswith(bom)), "")


def _meta_charset(body: bytes) -> str:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else ""


def _codec(label: str) -> str:
    """The Python codec for an encoding label ("" for none or an unknown one)."""
    try:
        name = codecs.lookup(label.strip()).name if label.strip() else ""
    except LookupError:
        return ""
    return _BROWSER_ENCODINGS.get(name, name)


def read_page(html: str, url: str = "") -> Page:
    """The article on a page (``url``: where it was fetched, to resolve relative links).

    Raises NotAnArticle for a page without article text."""
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(document, Document):  # None: nothing on the page looked like text
        document = Document()
    lines = _lines(document.text or "")
    title = _headline(document.title or "", lines)
    paragraphs = _article(lines, title)
    return Page(
        title=title or paragraphs[0],
        paragraphs=paragraphs,
        published=_date(document.date),
        author=document.author or "",
        outlet=document.sitename or "",
        url=document.url or "",
    )


def main_text(html: str) -> tuple[str, ...]:
    """The paragraphs of an HTML fragment (a feed entry's content).

    Raises NotAnArticle when they are too few to be an article."""
    return read_page(f"<html><body><article>{html}</article></body></html>").paragraphs


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _headline(title: str, lines: list[str]) -> str:
    """The metadata title without what the site appends: cut to the headline as the page
    prints it ("So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr" is "So viel
    Regen…" when that line heads the text), else at " | " ("Berlin confronts… | DW")."""
    title = " ".join(title.split())
    for line in lines[:8]:
        if title.startswith(line) and title[len(line) :].startswith(_TITLE_SEPARATORS):
            return line
    return title.split(" | ")[0]


def _article(lines: list[str], title: str) -> tuple[str, ...]:
    kept: list[str] = []
    for number, line in enumerate(lines):
        if _COMMENTS.match(line) and _prose_words(kept) >= MIN_ARTICLE_WORDS:
            break
        if _LINKS.match(line) and not any(map(_is_sentence, lines[number + 1 :])):
            break
        if line != title and not is_furniture(line) and not _LINK_LINE.match(line):
            kept.append(line)
    while kept and _COPYRIGHT.match(kept[-1]):
        kept.pop()
    if (words := _prose_words(kept)) < MIN_ARTICLE_WORDS:
        raise NotAnArticle(
            f"no article text ({words} words in sentences; an article has at least "
            f"{MIN_ARTICLE_WORDS})"
        )
    return tuple(kept)


def _is_sentence(line: str) -> bool:
    return word_count(line) >= _SENTENCE_WORDS and line.endswith(_SENTENCE_END)


def _prose_words(paragraphs: list[str]) -> int:
    return sum(
        count
        for paragraph in paragraphs
        if not is_bullet(paragraph)
        and not paragraph.startswith("|")
        and (count := word_count(paragraph)) >= _SENTENCE_WORDS
    )


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
