"""A feed's entries, from real RSS 2.0 and Atom files (``tests/data/web/feeds/``)."""

from __future__ import annotations

import datetime as dt

import pytest

from embeddings.ingest.feeds import NotAFeed, read_feed
from tests.web_server import DATA

FEEDS = DATA / "feeds"


def feed(name: str):
    return read_feed((FEEDS / name).read_bytes())


def test_rss2_with_summaries_only():
    guardian = feed("guardian.rss")
    assert guardian.title == "The Guardian" and len(guardian.entries) == 3
    first = guardian.entries[0]
    link = (
        "https://www.theguardian.com/us-news/2018/jan/31/"
        "donald-trump-state-of-the-union-address-unity-discord"
    )
    assert (first.link, first.guid) == (link, link)
    assert first.title == "Trump State of the Union address promised unity but emphasized discord"
    assert first.published == dt.date(2018, 1, 31)
    assert first.author == "David Smith in Washington"
    assert not first.full and "new American moment" in first.html


def test_rss2_with_content_encoded():
    medium = feed("medium.rss")
    first = medium.entries[0]
    assert first.guid == "https://medium.com/p/125af37d838f"
    assert first.link.startswith("https://medium.com/invironment/the-creative-forager-125af37d838f")
    assert (first.title, first.published, first.author) == (
        "THE CREATIVE FORAGER",
        dt.date(2018, 4, 9),
        "Jeremy Puma",
    )
    assert first.full and "Using Wild Ingredients in the" in first.html


def test_atom_with_content():
    heise = feed("heise.atom")
    assert heise.title == "heise developer neueste Meldungen"
    first = heise.entries[0]
    assert first.guid == "http://heise.de/-3088438"
    assert first.title == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    assert first.published == dt.date(2016, 2, 1)
    assert first.full and "WildFly 10" in first.html


def test_undeclared_encoding_and_dates_that_cannot_be_read():
    # UOL's feed declares no encoding and is windows-1252; its dates are in Portuguese.
    uol = feed("uol.rss")
    first = uol.entries[0]
    assert first.title.startswith("Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações")
    assert first.published is None and first.published_as == "Seg, 24 Set 2018 19:42:40 -0300"
    assert first.guid == "" and uol.entries[1].html == ""


def test_the_date_is_the_publisher_s_own():
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Late</title><link>https://example.com/a</link>"
        "<pubDate>Wed, 31 Jan 2018 23:30:00 -0500</pubDate></item></channel></rss>"
    )
    assert read_feed(rss.encode()).entries[0].published == dt.date(2018, 1, 31)


@pytest.mark.parametrize(
    "body, problem",
    [
        ((DATA / "pages" / "dw.com.colonial.html").read_bytes(), "XML error at line 16"),
        (b"not xml at all", "XML error"),
        (b"", "not an RSS or Atom feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not an RSS or Atom feed"),
    ],
)
def test_what_is_not_a_feed(body, problem):
    with pytest.raises(NotAFeed, match=problem):
        read_feed(body)


def test_bytes_that_name_a_file_are_not_read_as_that_file(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><title>secret</title></channel></rss>')
    with pytest.raises(NotAFeed):
        read_feed(str(secret).encode())
