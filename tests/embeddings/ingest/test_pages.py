"""A page's article from saved real news pages (``tests/data/web/pages/``): title, date,
outlet and link from the page's own metadata, the body from its first sentence to its
last, and none of the page's furniture."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from embeddings.furniture import word_count
from embeddings.ingest.pages import NotAnArticle, decode_html, main_text, read_page
from tests.web_server import DATA

PAGES = DATA / "pages"

# file: title, date, outlet, URL, first sentence, last sentence, furniture on the page
EXPECTED = {
    "dw.com.colonial.html": (  # no JSON-LD
        "Berlin confronts Germany's colonial past with new initiative",
        dt.date(2020, 1, 19),
        "DW.COM",
        "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881",
        "The German capital has launched a five-year project to mark its part in European "
        "colonialism.",
        "and which opened the gates to a period of intense imperialist activity.",
        ["Read more:", "Newsletter", "Sign up", "Advertisement", "Privacy Policy"],
    ),
    "phys.org.tool.html": (  # JSON-LD
        "Flint flake tool partially covered by birch tar adds to evidence of Neanderthal "
        "complex thinking",
        dt.date(2019, 10, 22),
        "Phys.org",
        "https://phys.org/news/2019-10-flint-flake-tool-partially-birch.html",
        "A team of researchers affiliated with several institutions in The Netherlands has "
        "found evidence in small a cutting tool of Neanderthals using birch tar.",
        "at the bottom of the North Sea for most of its existence.",
        ["Explore further", "More information", "Subscribe", "© 2019 Science X Network"],
    ),
    "threatpost.com.android.html": (  # JSON-LD, a comment form
        "Android Ransomware Spreads Via 'Sex Simulation Game' Links on Reddit, SMS",
        dt.date(2019, 7, 30),
        "Threatpost",
        "https://threatpost.com/android-ransomware-spreads-via-sex-simulation-game-links-on-reddit-sms/146774/",
        "Researchers are warning of a new Android ransomware being spread via links in online "
        "forums and SMS messages.",
        "called Monokle, using novel techniques to exfiltrate data.",
        ["Leave A Comment", "Write a comment", "Share this", "InfoSec Insider"],
    ),
    "vancouversun.com.microsoft.html": (  # no JSON-LD, a Reuters story
        "Microsoft moves to erase its carbon footprint from the atmosphere in climate push",
        dt.date(2020, 1, 16),
        "Vancouver Sun",
        "https://vancouversun.com/technology/microsoft-moves-to-erase-its-carbon-footprint-from-"
        "the-atmosphere-in-climate-push/wcm/76e426d9-56de-40ad-9504-18d5101013d2",
        "Microsoft will invest US$1 billion over the next four years",
        "and direct air capture,” Microsoft said.",
        ["Related", "Share this", "Skip to", "© Thomson Reuters 2020"],
    ),
    "kyffhaeuser-nachrichten.de.regen.html": (  # ISO-8859-1, reader comments below
        "So viel Regen gab es lange nicht",
        dt.date(2023, 10, 31),
        "Kyffhäuser Nachrichten",
        "https://kyffhaeuser-nachrichten.de/news/news_lang.php?ArtNr=335614",
        "Das Wetter eignet sich ja bekanntermaßen exzellent dazu, behäbige Konversation zu "
        "beleben.",
        "Im verregneten Norden, allen voran an den Küsten, ermittelte der DWD nur etwa 60 Stunden.",
        ["Kommentare", "Harzer66", "Login für Vote", "Es gibt kein Recht auf Veröffentlichung"],
    ),
}


def page(name: str):
    return read_page(decode_html((PAGES / name).read_bytes()))


@pytest.mark.parametrize("name", EXPECTED)
def test_metadata_from_the_page_itself(name):
    title, published, outlet, url, *_ = EXPECTED[name]
    found = page(name)
    assert (found.title, found.published, found.outlet, found.url) == (
        title,
        published,
        outlet,
        url,
    )


@pytest.mark.parametrize("name", EXPECTED)
def test_body_runs_from_first_to_last_sentence(name):
    *_, first, last, _ = EXPECTED[name]
    sentences = [p for p in page(name).paragraphs if word_count(p) >= 8]
    assert sentences[0].startswith(first)
    assert sentences[-1].endswith(last)


@pytest.mark.parametrize("name", EXPECTED)
def test_furniture_is_gone(name):
    *_, furniture = EXPECTED[name]
    html = decode_html((PAGES / name).read_bytes())
    shown = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())  # the page as read
    body = "\n".join(page(name).paragraphs)
    for text in furniture:
        assert text in shown  # the page has it…
        assert text not in body  # …the article does not


def test_the_headline_is_not_repeated_as_a_paragraph():
    found = page("phys.org.tool.html")
    assert found.title not in found.paragraphs


def test_a_page_that_is_not_an_article_is_refused():
    with pytest.raises(NotAnArticle, match=r"no article text \(0 words"):
        page("apache.server-status.html")


def test_an_empty_page_is_refused():
    with pytest.raises(NotAnArticle):
        read_page("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_a_feed_entry_s_html_is_read_as_paragraphs():
    html = "<p>" + "One sentence of the article, long enough to count. " * 5 + "</p><p>Two.</p>"
    assert main_text(html) == (
        ("One sentence of the article, long enough to count. " * 5).strip(),
        "Two.",
    )


class TestEncodings:
    """A page is read in the encoding its header, byte-order mark or <meta> declares."""

    latin1 = (PAGES / "kyffhaeuser-nachrichten.de.regen.html").read_bytes()

    def test_declared_in_meta(self):
        assert b"charset=iso-8859-1" in self.latin1.lower() and b"f\xfcr Vote" in self.latin1
        assert "Login für Vote" in decode_html(self.latin1)

    def test_declared_in_the_header_wins(self):
        assert "Login für Vote" in decode_html(self.latin1, "ISO-8859-1")
        assert "KyffhÃ¤user" in decode_html("Kyffhäuser".encode(), "iso-8859-1")

    def test_latin1_is_read_as_windows_1252_as_browsers_do(self):
        assert b"B&uuml;rokratie \x85" in self.latin1  # byte 0x85 is "…" in windows-1252
        assert "B&uuml;rokratie …" in decode_html(self.latin1)
        assert decode_html(b"\x93quoted\x94", "iso-8859-1") == "“quoted”"

    def test_shift_jis(self):
        body = '<html><head><meta charset="Shift_JIS"></head><body>東京</body></html>'
        assert "東京" in decode_html(body.encode("shift_jis"))

    def test_undeclared_is_utf8_else_windows_1252(self):
        assert decode_html("naïve".encode()) == "naïve"
        assert decode_html("naïve".encode("cp1252")) == "naïve"

    def test_an_unknown_label_is_ignored(self):
        assert decode_html("naïve".encode(), "x-no-such-encoding") == "naïve"

    def test_bom(self):
        assert decode_html(b"\xef\xbb\xbfna\xc3\xafve") == "naïve"
