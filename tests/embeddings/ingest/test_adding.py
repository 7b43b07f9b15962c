"""``add``: real pages and feeds, served on 127.0.0.1 or read from files, become article files
in the corpus folder, each once; bad input is refused item by item, nothing half-written."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pytest

from embeddings.articles import parse_article
from embeddings.corpus import read_corpus, read_file
from embeddings.ingest import add, feed_polls, files
from embeddings.metadata import front_matter
from tests.web_server import DATA, WebServer

PAGES, FEEDS, NEAR_COPIES = DATA / "pages", DATA / "feeds", DATA / "near_copies"
DW = "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881"


@pytest.fixture(scope="module")
def server():
    with WebServer() as running:
        yield running


@pytest.fixture
def ingest(server, tmp_path):
    """``add`` into a fresh corpus folder, fetching through the test server."""
    corpus, state = tmp_path / "corpus", tmp_path / "state"
    with server.client(timeout=2.0) as client:

        def run(*sources: str):
            return add(list(sources), corpus, state, client=client)

        run.corpus, run.state = corpus, state  # type: ignore[attr-defined]
        yield run


def articles(corpus: Path) -> dict[str, str]:
    """Every file of the corpus folder (hidden ones too) and its text."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())}


def page_html(text_file: str, outlet: str, url: str, title: str) -> str:
    """A page around a real text, as a site that printed it would serve it."""
    text = (NEAR_COPIES / text_file).read_text(encoding="utf-8")
    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (
        f"<html><head><title>{escape(title)}</title>"
        f'<meta property="og:site_name" content="{outlet}"><link rel="canonical" href="{url}">'
        f"</head><body><article><h1>{escape(title)}</h1>{body}</article></body></html>"
    )


def rss(*items: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Test Wire</title>{''.join(items)}</channel></rss>"
    )


def item(title: str, *, link="", guid="", date="", summary="", content="") -> str:
    parts = [f"<title>{escape(title)}</title>"]
    parts += [f"<link>{link}</link>"] if link else []
    parts += [f'<guid isPermaLink="false">{guid}</guid>'] if guid else []
    parts += [f"<pubDate>{date}</pubDate>"] if date else []
    parts += [f"<description>{escape(summary)}</description>"] if summary else []
    parts += [f"<content:encoded>{escape(content)}</content:encoded>"] if content else []
    return f"<item>{''.join(parts)}</item>"


LONG_TEXT = "".join(
    f"<p>Paragraph {n} of the wire story says what happened at the harbour on Monday.</p>"
    for n in range(1, 8)
)


class TestPages:
    def test_a_page_becomes_one_article_file(self, server, ingest):
        report = ingest(server.url("/pages/dw.com.colonial.html"))
        (result,) = report.items
        assert result.status == "added" and report.changed
        assert result.message == f"added as {result.file}"
        assert result.file.startswith("dw.com-berlin-confronts-germanys-colonial-past")
        text = (ingest.corpus / result.file).read_text(encoding="utf-8")
        fields, body_start = front_matter(text)
        assert fields.keys() == {"title", "published", "url", "outlet", "author", "fetched"}
        assert fields["title"] == "Berlin confronts Germany's colonial past with new initiative"
        assert (fields["published"], fields["url"], fields["outlet"]) == (
            "2020-01-19",
            DW,
            "DW.COM",
        )
        assert fields["fetched"].endswith("Z") and len(fields["fetched"]) == 20
        assert text[body_start:].startswith(fields["title"] + "\n\nThe German capital has")
        article = parse_article(read_file(ingest.corpus / result.file))
        assert (article.title, article.url, article.outlet) == (fields["title"], DW, "DW.COM")
        assert str(article.published) == "2020-01-19" and len(article.paragraphs) == 19

    def test_a_rerun_adds_nothing(self, server, ingest):
        url = server.url("/pages/phys.org.tool.html")
        first = ingest(url).items[0]
        before = articles(ingest.corpus)
        again = ingest(url)
        assert again.items[0].status == "duplicate" and not again.changed
        assert again.items[0].message == f"already in the corpus as {first.file}"
        assert articles(ingest.corpus) == before

    @pytest.mark.parametrize(
        "spelling",
        [
            "/pages/threatpost.com.android.html?utm_source=rss&utm_medium=feed",
            "/pages/threatpost.com.android.html#comments",
            "/redirect?to=/pages/threatpost.com.android.html",  # known by where it leads
        ],
    )
    def test_another_spelling_of_the_url_is_a_duplicate(self, server, ingest, spelling):
        ingest(server.url("/pages/threatpost.com.android.html"))
        assert ingest(server.url(spelling)).items[0].status == "duplicate"
        assert len(articles(ingest.corpus)) == 1

    def test_a_saved_page_is_known_by_its_canonical_url(self, server, ingest):
        ingest(str(PAGES / "dw.com.colonial.html"))
        assert ingest(server.url("/pages/dw.com.colonial.html")).items[0].status == "duplicate"

    def test_a_folder_of_saved_pages(self, ingest):
        report = ingest(str(PAGES))
        assert report.summary() == "5 added, 0 merged, 0 duplicates, 1 refused"
        refused = [i for i in report.items if i.status == "refused"]
        assert [Path(i.source).name for i in refused] == ["apache.server-status.html"]
        assert refused[0].message.startswith("no article text (0 words in sentences")
        assert len(read_corpus(ingest.corpus)) == 5
        assert ingest(str(PAGES)).summary() == "0 added, 0 merged, 5 duplicates, 1 refused"

    def test_a_page_in_another_encoding_is_read_in_it(self, server, ingest):
        body = (PAGES / "kyffhaeuser-nachrichten.de.regen.html").read_bytes()
        url = server.route("/regen", body, content_type="text/html; charset=ISO-8859-1")
        result = ingest(url).items[0]
        assert result.status == "added"
        text = (ingest.corpus / result.file).read_text(encoding="utf-8")
        assert "outlet: Kyffhäuser Nachrichten" in text and "an den Küsten" in text

    def test_a_page_without_a_date_says_so(self, server, ingest):
        page = page_html("djz.de.amoklauf.txt", "DJZ", "https://djz.de/amoklauf", "Amoklauf")
        result = ingest(server.route("/undated.html", page)).items[0]
        assert result.message.endswith(", without a publication date: the page gives none")

    def test_a_home_page_as_canonical_url_is_no_identity(self, server, ingest):
        one = page_html("djz.de.amoklauf.txt", "DJZ", "https://djz.de/", "Amoklauf")
        two = page_html("24horas.cl.segundo.txt", "24horas", "https://djz.de/", "Boric")
        urls = [server.route("/one.html", one), server.route("/two.html", two)]
        assert [ingest(url).items[0].status for url in urls] == ["added", "added"]
        fields, _ = front_matter(articles(ingest.corpus).popitem()[1])
        assert fields["url"].startswith(server.url("/"))


class TestBadInput:
    """Each refused with one line, nothing half-written, the rest still added."""

    def test_each_refused_and_the_rest_added(self, server, ingest):
        good = server.url("/pages/dw.com.colonial.html")
        report = ingest(
            server.url("/missing.html"),
            server.url("/loop/a"),
            server.url("/huge?mb=50"),
            server.url("/pages/apache.server-status.html"),
            good,
            "no/such/file.html",
        )
        messages = {i.source: i.message for i in report.items if i.status == "refused"}
        assert messages == {
            server.url("/missing.html"): "HTTP 404 Not Found",
            server.url("/loop/a"): (
                f"redirect loop: {server.url('/loop/a')} -> {server.url('/loop/b')} -> "
                f"{server.url('/loop/a')}"
            ),
            server.url("/huge?mb=50"): "larger than the 10 MB size cap (50 MB)",
            server.url("/pages/apache.server-status.html"): (
                "no article text (0 words in sentences; an article has at least 40)"
            ),
            "no/such/file.html": "no such file or folder, and not an http(s) URL",
        }
        assert report.summary() == "1 added, 0 merged, 0 duplicates, 5 refused"
        assert list(articles(ingest.corpus)) == [report.items[4].file]

    def test_a_slow_server(self, server, tmp_path):
        with server.client(timeout=0.3) as client:
            report = add(
                [server.url("/slow?seconds=2")], tmp_path / "c", tmp_path / "s", client=client
            )
        assert report.items[0].message == "timed out (no answer within 0.3 s)"

    def test_what_is_neither_page_nor_feed(self, server, ingest, tmp_path):
        url = server.route("/logo.png", b"\x89PNG\r\n", content_type="image/png")
        (tmp_path / "notes.txt").write_text("an article")
        (tmp_path / "empty").mkdir()
        messages = [
            i.message
            for i in ingest(url, str(tmp_path / "notes.txt"), str(tmp_path / "empty")).items
        ]
        assert messages == [
            "not a web page or feed (Content-Type: image/png)",
            "not a web page or feed (.html, .htm, .xml, .rss, .atom); "
            "a .txt or .md article goes straight into the corpus folder",
            "a folder with no .html, .htm, .xml, .rss or .atom file",
        ]

    def test_a_failed_write_leaves_nothing(self, server, ingest, monkeypatch):
        def full_disk(*args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "link", full_disk)
        result = ingest(server.url("/pages/dw.com.colonial.html")).items[0]
        assert result.status == "refused"
        assert result.message == "cannot write to the corpus folder (No space left on device)"
        assert articles(ingest.corpus) == {}

    def test_an_interrupted_write_leaves_nothing(self, server, ingest, monkeypatch):
        def interrupted(*args):
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "fsync", interrupted)
        with pytest.raises(KeyboardInterrupt):
            ingest(server.url("/pages/dw.com.colonial.html"))
        assert articles(ingest.corpus) == {}

    def test_leftovers_of_a_killed_ingest_are_removed(self, ingest):
        ingest.corpus.mkdir()
        (ingest.corpus / ".newsdesk-ingest-0123456789abcdef.tmp").write_text("half an artic")
        ingest(str(PAGES / "phys.org.tool.html"))
        assert not [name for name in articles(ingest.corpus) if name.startswith(".")]


class TestNearCopies:
    def serve(self, server, name, text_file, outlet, title):
        url = f"https://www.{outlet.lower()}.cu/{name}"
        return server.route(f"/{name}", page_html(text_file, outlet, url, title)), url

    def test_a_near_copy_is_listed_as_another_report(self, server, ingest):
        first, _ = self.serve(
            server, "sesiona", "cubadebate.cu.sesiona.txt", "Cubadebate", "Sesiona IV Pleno"
        )
        copy, copy_url = self.serve(
            server, "medida", "granma.cu.medidadecuba.txt", "Granma", "La medida de Cuba"
        )
        original = ingest(first).items[0].file
        merged = ingest(copy).items[0]
        assert merged.status == "merged" and merged.file == original
        assert merged.message == (
            f"a near-copy of {original} (95% of its text is there): listed as another report of it"
        )
        assert list(articles(ingest.corpus)) == [original]
        article = parse_article(read_file(ingest.corpus / original))
        assert article.reported_by == (("Granma", copy_url),)
        assert ingest(copy).items[0].status == "duplicate"  # and only once

    def test_the_longer_text_is_not_a_copy_of_the_shorter(self, server, ingest):
        short, _ = self.serve(
            server, "medida", "granma.cu.medidadecuba.txt", "Granma", "La medida de Cuba"
        )
        long, _ = self.serve(
            server, "sesiona", "cubadebate.cu.sesiona.txt", "Cubadebate", "Sesiona IV Pleno"
        )
        assert [ingest(url).items[0].status for url in (short, long)] == ["added", "added"]

    def test_a_reworded_release_is_an_article_of_its_own(self, server, ingest):
        one, _ = self.serve(server, "djz", "djz.de.amoklauf.txt", "DJZ", "Amoklauf in Heidelberg")
        two, _ = self.serve(
            server, "djv", "jagdverband.de.erschuettert.txt", "DJV", "Wir sind tief erschüttert"
        )
        assert [ingest(url).items[0].status for url in (one, two)] == ["added", "added"]

    def test_articles_ingest_did_not_write_count_too(self, server, ingest):
        ingest.corpus.mkdir()
        own = ingest.corpus / "pleno.txt"
        own.write_text(
            "---\nurl: https://www.cubadebate.cu/sesiona\n---\n"
            + (NEAR_COPIES / "cubadebate.cu.sesiona.txt").read_text(encoding="utf-8")
        )
        copy, copy_url = self.serve(
            server, "medida", "granma.cu.medidadecuba.txt", "Granma", "La medida de Cuba"
        )
        assert ingest(copy).items[0].file == "pleno.txt"
        fields, _ = front_matter(own.read_text(encoding="utf-8"))
        assert fields == {
            "url": "https://www.cubadebate.cu/sesiona",
            "reported_by": f"Granma <{copy_url}>",
        }
        same, _ = self.serve(
            server, "sesiona", "cubadebate.cu.sesiona.txt", "Cubadebate", "Sesiona"
        )
        assert ingest(same).items[0].message == "already in the corpus as pleno.txt"


class TestFeeds:
    def test_a_summary_only_entry_brings_its_page(self, server, ingest):
        feed = rss(
            item(
                "Berlin renames streets",
                link=server.url("/pages/dw.com.colonial.html"),
                date="Sun, 19 Jan 2020 10:00:00 GMT",
                summary="Berlin confronts its colonial past.",
            )
        )
        report = ingest(server.route("/wire.rss", feed, content_type="application/rss+xml"))
        (entry,) = report.items
        assert entry.status == "added" and entry.source == server.url("/pages/dw.com.colonial.html")
        fields, _ = front_matter((ingest.corpus / entry.file).read_text(encoding="utf-8"))
        assert fields["title"] == "Berlin confronts Germany's colonial past with new initiative"
        assert (fields["url"], fields["outlet"]) == (DW, "DW.COM")  # the page's own
        assert [f.message for f in report.feeds] == [
            "Test Wire: 1 entry: 1 added, 0 merged, 0 duplicates, 0 refused"
        ]

    def test_a_real_feed_whose_pages_cannot_be_fetched(self, server, ingest):
        # The Guardian's links lead to the test server, which does not have those pages.
        report = ingest(server.url("/feeds/guardian.rss"))
        assert [i.status for i in report.items] == ["refused"] * 3
        assert report.items[0].message == (
            "the entry holds only a summary, and its page: HTTP 404 Not Found"
        )
        assert report.feeds[0].message == (
            "The Guardian: 3 entries: 0 added, 0 merged, 0 duplicates, 3 refused"
        )
        assert not ingest.corpus.exists() or articles(ingest.corpus) == {}
        (state,) = feed_polls(ingest.state)
        assert state.error == "3 of 3 entries refused" and state.validators.etag == ""

    def test_a_feed_with_some_bad_entries(self, server, ingest):
        feed = rss(
            item("Whole", guid="w-1", date="Mon, 02 Mar 2020 08:00:00 GMT", content=LONG_TEXT),
            item("No text, no link", guid="w-2", date="Mon, 02 Mar 2020 09:00:00 GMT"),
            item("Gone", link=server.url("/gone.html"), summary="Short."),
            item("Whole again", guid="w-1", content=LONG_TEXT),
        )
        report = ingest(server.route("/mixed.rss", feed, content_type="application/rss+xml"))
        assert [(i.source, i.status) for i in report.items] == [
            ("w-1", "added"),
            ("w-2", "refused"),
            (server.url("/gone.html"), "refused"),
            ("w-1", "duplicate"),
        ]
        assert report.items[1].message == "the entry holds no article text, and no link to a page"
        assert report.feeds[0].message == (
            "Test Wire: 4 entries: 1 added, 0 merged, 1 duplicate, 2 refused"
        )

    def test_an_entry_without_a_date(self, server, ingest):
        feed = rss(item("Undated", link="https://example.com/undated", content=LONG_TEXT))
        result = ingest(
            server.route("/undated.rss", feed, content_type="application/rss+xml")
        ).items[0]
        assert result.message == (
            f"added as {result.file}, without a publication date: the feed gives none"
        )
        fields, _ = front_matter((ingest.corpus / result.file).read_text(encoding="utf-8"))
        assert "published" not in fields and fields["url"] == "https://example.com/undated"

    def test_the_link_kept_has_no_tracking_parameters(self, server, ingest):
        link = "https://Example.com/story?id=4&utm_source=rss&utm_medium=feed#top"
        feed = rss(item("Tracked", link=link, content=LONG_TEXT))
        result = ingest(
            server.route("/tracked.rss", feed, content_type="application/rss+xml")
        ).items[0]
        fields, _ = front_matter((ingest.corpus / result.file).read_text(encoding="utf-8"))
        assert fields["url"] == "https://example.com/story?id=4"

    def test_an_entry_that_names_no_link_or_guid(self, server, ingest):
        feed = rss(item("Anonymous", date="Mon, 02 Mar 2020 08:00:00 GMT", content=LONG_TEXT))
        url = server.route("/anonymous.rss", feed, content_type="application/rss+xml")
        assert ingest(url).items[0].status == "added"
        server.route("/anonymous-again.rss", feed, content_type="application/rss+xml")
        assert ingest(server.url("/anonymous-again.rss")).items[0].status == "duplicate"

    def test_a_feed_file_is_read_without_the_network(self, server, ingest):
        # UOL's entries are summaries with links; from a file, no page is fetched.
        served = len(server.requests)
        report = ingest(str(FEEDS / "uol.rss"))
        assert len(server.requests) == served
        added = report.items[0]
        assert added.status == "added" and added.message.endswith(
            ", without a publication date: the feed gives none "
            "('Seg, 24 Set 2018 19:42:40 -0300' cannot be read)"
        )
        assert [i.status for i in report.items[1:]] == ["refused", "refused"]
        assert report.items[1].message.endswith(
            "and pages are fetched only for a feed given by its URL"
        )

    def test_summaries_from_a_file_lose_their_feed_furniture(self, ingest):
        report = ingest(str(FEEDS / "guardian.rss"))
        assert report.summary() == "3 added, 0 merged, 0 duplicates, 0 refused"
        text = (ingest.corpus / report.items[0].file).read_text(encoding="utf-8")
        assert "new American moment" in text and "Continue reading" not in text
        assert "author: David Smith in Washington" in text

    def test_atom_and_content_encoded_files(self, ingest):
        report = ingest(str(FEEDS / "medium.rss"), str(FEEDS / "heise.atom"))
        assert [f.message for f in report.feeds] == [
            "Food in Invironment on Medium: 2 entries: 2 added, 0 merged, 0 duplicates, 0 refused",
            "heise developer neueste Meldungen: 3 entries: 0 added, 0 merged, 0 duplicates, "
            "3 refused",
        ]
        first = (ingest.corpus / report.items[0].file).read_text(encoding="utf-8")
        assert "published: 2018-04-09" in first and "outlet: Food in Invironment on Medium" in first

    def test_polling_again_asks_whether_the_feed_changed(self, server, ingest):
        url = server.url("/feeds/medium.rss")
        assert ingest(url).summary() == "2 added, 0 merged, 0 duplicates, 0 refused"
        again = ingest(url)
        assert [(i.status, i.message) for i in again.items] == [
            ("duplicate", "feed not changed since the last poll")
        ]
        assert "if-none-match" in server.requests[-1].headers
        (state,) = feed_polls(ingest.state)
        assert (state.source, state.title, state.added, state.error) == (
            url,
            "Food in Invironment on Medium",
            0,
            "",
        )

    @pytest.mark.parametrize("body", [b"this is not XML", b"<?xml version='1.0'?><nothing/>"])
    def test_a_feed_that_is_not_xml(self, server, ingest, body):
        url = server.route("/broken.rss", body, content_type="application/rss+xml")
        (result,) = ingest(url).items
        assert result.status == "refused" and result.message.startswith("not an RSS or Atom feed (")
        assert feed_polls(ingest.state)[0].error == result.message

    def test_a_feed_file_that_is_not_xml(self, ingest, tmp_path):
        (tmp_path / "news.rss").write_text("<html><body>Moved</body></html>")
        (result,) = ingest(str(tmp_path / "news.rss")).items
        assert result.message.startswith("not an RSS or Atom feed")


class TestReportLine:
    def test_summary_and_changed(self, ingest):
        report = ingest(str(PAGES / "apache.server-status.html"))
        assert report.summary() == "0 added, 0 merged, 0 duplicates, 1 refused"
        assert not report.changed


def test_rewriting_reported_by_keeps_the_rest_of_the_file(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("Title\n\nBody.\n")
    files.add_report(plain, "Wire | One", "https://one.example/a b")
    assert (
        plain.read_text()
        == "---\nreported_by: Wire One <https://one.example/a%20b>\n---\nTitle\n\nBody.\n"
    )
    files.add_report(plain, "Two", "https://two.example/")
    assert plain.read_text().splitlines()[1] == (
        "reported_by: Wire One <https://one.example/a%20b> | Two <https://two.example/>"
    )
    dated = tmp_path / "dated.txt"
    dated.write_text("---\npublished: 2020-01-02\n---\nBody.\n")
    files.add_report(dated, "", "https://three.example/")
    assert dated.read_text() == (
        "---\npublished: 2020-01-02\nreported_by: <https://three.example/>\n---\nBody.\n"
    )
