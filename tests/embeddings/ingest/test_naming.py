"""One spelling per URL, and file names that are readable, stable and never two alike."""

from __future__ import annotations

import pytest

from embeddings.ingest.naming import file_name, slug
from embeddings.ingest.urls import is_web_url, normalize_url, site_of


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/news/a?id=7",
        "HTTPS://WWW.Example.COM/news/a?id=7",
        "https://www.example.com:443/news/a?id=7",
        "https://www.example.com/news/a?id=7#comments",
        "https://www.example.com/news/a?utm_source=rss&id=7&utm_medium=feed",
        "https://www.example.com/news/a?id=7&fbclid=abc",
        "https://reader:secret@www.example.com/news/a?id=7",
    ],
)
def test_spellings_of_one_page_are_one_url(url):
    assert normalize_url(url) == "https://www.example.com/news/a?id=7"


def test_what_normalising_keeps():
    assert normalize_url("http://example.com") == "http://example.com/"
    assert normalize_url("http://example.com:8080/A/B") == "http://example.com:8080/A/B"
    assert normalize_url("https://example.com/a?b=2&a=1") == "https://example.com/a?b=2&a=1"
    assert normalize_url("http://[::1]:8000/x") == "http://[::1]:8000/x"


def test_a_bad_port_is_an_error():
    with pytest.raises(ValueError):
        normalize_url("http://example.com:port/")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://example.com/a", True),
        ("http://example.com", True),
        ("ftp://example.com/a", False),
        ("https://", False),
        ("feeds/news.rss", False),
        ("http://[bad", False),
        ("http://example.com:port/", False),
    ],
)
def test_is_web_url(text, expected):
    assert is_web_url(text) is expected


def test_site():
    assert site_of("https://www.dw.com/en/a") == "dw.com"
    assert site_of("not a url") == ""


def test_slug():
    assert (
        slug("Berlin confronts Germany's colonial past")
        == "berlin-confronts-germanys-colonial-past"
    )
    assert slug("Über uns: Straße") == "uber-uns-strae"
    assert slug("東京") == ""


def test_file_names_are_readable_and_stable():
    key = "url:https://www.dw.com/en/a-52060881"
    name = file_name(key, "Berlin confronts Germany's colonial past with new initiative", key[4:])
    assert name.startswith("dw.com-berlin-confronts-germanys-colonial-past-with-new-")
    assert name.endswith(".txt") and len(name) < 80
    assert (
        file_name(key, "Berlin confronts Germany's colonial past with new initiative", key[4:])
        == name
    )


def test_same_site_and_title_still_differ():
    one = file_name("url:https://example.com/a", "Weather", "https://example.com/a")
    two = file_name("url:https://example.com/b", "Weather", "https://example.com/b")
    assert one != two and one.startswith("example.com-weather-")


def test_names_without_a_readable_part():
    assert file_name("guid:123", "東京", "").startswith("article-")
    assert file_name("guid:123", "", "https://example.com/x").startswith("example.com-")
