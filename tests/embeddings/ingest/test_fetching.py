"""Fetching over HTTP from the test server on 127.0.0.1: what is sent, and each way the web
misbehaves (404, redirect loops, slow and endless answers, a 50 MB page) as one line."""

from __future__ import annotations

import socket

import httpx
import pytest

from embeddings.ingest import fetching
from embeddings.ingest.fetching import FetchError, Validators, fetch, read_file
from tests.web_server import DATA, WebServer


@pytest.fixture(scope="module")
def server():
    with WebServer() as running:
        yield running


@pytest.fixture
def client(server):
    with server.client(timeout=2.0) as http:
        yield http


def test_a_page_with_what_its_server_said(server, client):
    fetched = fetch(client, server.url("/pages/dw.com.colonial.html"))
    assert fetched.body == (DATA / "pages" / "dw.com.colonial.html").read_bytes()
    assert (fetched.media_type, fetched.charset) == ("text/html", "")
    assert fetched.url == server.url("/pages/dw.com.colonial.html")
    assert fetched.validators.etag and fetched.validators.last_modified


def test_says_who_is_asking(server, client):
    fetch(client, server.url("/pages/phys.org.tool.html"))
    agent = server.requests[-1].headers["user-agent"]
    assert agent.startswith("newsdesk/") and agent == fetching.USER_AGENT


def test_the_charset_of_the_header(server, client):
    url = server.route("/latin1", b"caf\xe9", content_type="text/html; charset=ISO-8859-1")
    assert fetch(client, url).charset.lower() == "iso-8859-1"


def test_not_found(server, client):
    with pytest.raises(FetchError, match="^HTTP 404 Not Found$"):
        fetch(client, server.url("/no/such/page"))


def test_redirects_are_followed(server, client):
    fetched = fetch(client, server.url("/redirect?to=/pages/phys.org.tool.html"))
    assert fetched.url == server.url("/pages/phys.org.tool.html")
    assert fetched.source == server.url("/redirect?to=/pages/phys.org.tool.html")


def test_a_redirect_loop(server, client):
    a, b = server.url("/loop/a"), server.url("/loop/b")
    with pytest.raises(FetchError, match="^redirect loop: ") as error:
        fetch(client, a)
    assert str(error.value) == f"redirect loop: {a} -> {b} -> {a}"


def test_too_many_redirects(server, client):
    for step in range(12):
        server.route(f"/hop/{step}", b"", status=302, headers={"Location": f"/hop/{step + 1}"})
    with pytest.raises(FetchError, match="more than 10 redirects"):
        fetch(client, server.url("/hop/0"))


def test_a_slow_answer_times_out(server):
    with server.client(timeout=0.3) as impatient, pytest.raises(FetchError) as error:
        fetch(impatient, server.url("/slow?seconds=3"))
    assert str(error.value) == "timed out (no answer within 0.3 s)"


def test_an_answer_that_never_ends_meets_the_deadline(server, client, monkeypatch):
    monkeypatch.setattr(fetching, "MAX_SECONDS", 0.3)
    with pytest.raises(FetchError, match="took more than 0.3 s to download"):
        fetch(client, server.url("/drip?seconds=3"))


def test_a_50_mb_page_announced(server, client):
    with pytest.raises(FetchError, match=r"^larger than the 10 MB size cap \(50 MB\)$"):
        fetch(client, server.url("/huge?mb=50"))


def test_a_50_mb_page_unannounced_is_cut_at_the_cap(server, client):
    with pytest.raises(FetchError, match="^larger than the 10 MB size cap$"):
        fetch(client, server.url("/huge?mb=50&unsized=1"))


def test_conditional_request(server, client):
    url = server.url("/feeds/guardian.rss")
    first = fetch(client, url)
    assert first.media_type == "application/rss+xml" and first.body
    again = fetch(client, url, first.validators)
    assert again.not_modified and again.body == b""
    sent = server.requests[-1].headers
    assert sent["if-none-match"] == first.validators.etag
    assert sent["if-modified-since"] == first.validators.last_modified


def test_nothing_listens():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the request
    with httpx.Client() as plain, pytest.raises(FetchError, match="^cannot connect"):
        fetch(plain, f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize("url", ["http://", "http://[bad/", "ftp://example.com/a"])
def test_urls_that_cannot_be_fetched(client, url):
    with pytest.raises(FetchError):
        fetch(client, url)


def test_files_have_the_same_cap(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as out:
        out.truncate(fetching.MAX_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(FetchError, match="larger than the 10 MB size cap"):
        read_file(big)


def test_an_unreadable_file(tmp_path):
    with pytest.raises(FetchError, match="cannot read it"):
        read_file(tmp_path / "missing.html")


def test_no_validators_is_a_plain_request(server, client):
    fetch(client, server.url("/pages/phys.org.tool.html"), Validators())
    assert "if-none-match" not in server.requests[-1].headers
