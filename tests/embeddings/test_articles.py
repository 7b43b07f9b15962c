import datetime as dt
import json

import pytest

from embeddings import (
    HashingEncoder,
    chunk_article,
    load,
    parse_article,
    read_corpus,
    read_file,
    update_index,
)
from embeddings.articles import raw_paragraphs
from embeddings.sentences import split_sentences
from tests.helpers import DATA, SEEDS

FURNITURE = ["print PRINT", "Post Comment", "Leave a Reply", "Recent Comments", "Source link",
             "Ambassador", "OPINION POLLS", "Required fields", "SECURITY"]  # fmt: skip


@pytest.fixture(scope="module")
def seeds():
    return {f.name: (f, parse_article(f)) for f in read_corpus(SEEDS)}


def _texts(source, article):
    return [source.text[p.start : p.end] for p in article.paragraphs]


def test_seed_furniture_is_dropped(seeds):
    for source, article in seeds.values():
        kept = "\n".join(_texts(source, article))
        for junk in FURNITURE:
            assert junk not in kept, (source.name, junk)
        assert "•" not in kept


def test_seed_titles_and_dates(seeds):
    _, a000 = seeds["000_b176e87083eeab5c.txt"]
    assert a000.title == "Japanese security advisor affirms close ties with top U.S. officials"
    assert a000.published == dt.date(2020, 9, 24)
    assert (
        seeds["001_cb985c3866fe6d09.txt"][1].title
        == "Kishida vows to strengthen alliance with U.S."
    )
    assert seeds["004_ffa0d745df750192.txt"][1].title.startswith("Japan, US to hold security talks")
    # No headline: the first sentence stands in as the title.
    assert seeds["002_f8f3996664002536.txt"][1].title.startswith(
        "Japanese Defense Minister Nobuo Kishi"
    )


def test_repeated_paragraphs_are_dropped(seeds):
    source, article = seeds["003_127977346a318ce7.txt"]
    texts = _texts(source, article)
    assert len(texts) == len(set(texts)) == 8
    # The repeated title line of 001 is not a paragraph either.
    source, article = seeds["001_cb985c3866fe6d09.txt"]
    assert not any(t.startswith("Kishida vows") for t in _texts(source, article))


def test_passages_are_exact_spans_of_the_file(seeds):
    for source, article in seeds.values():
        passages = chunk_article(article, source.text, max_words=40)
        assert passages
        for p in passages:
            assert source.text[p.start : p.end] == p.text
            assert all(source.text[s:e].strip() == source.text[s:e] for s, e in p.sentences)
            assert len(p.text.split()) <= 40 or len(p.sentences) == 1


def test_paragraph_numbers_count_kept_paragraphs(seeds):
    source, article = seeds["000_b176e87083eeab5c.txt"]
    assert [p.number for p in article.paragraphs] == list(range(1, 10))
    assert source.text[article.paragraphs[0].start :].startswith("WASHINGTON")


def test_abbreviations_do_not_split_sentences():
    text = (
        "Prime Minister Shigeru Ishiba took office on Oct. 1, Kyodo reported. "
        "He met the U.S. Defense Secretary in Naples. Talks ended at 5 p.m. on Friday."
    )
    spans = split_sentences(text, offset=10)
    assert [text[s - 10 : e - 10] for s, e in spans] == [
        "Prime Minister Shigeru Ishiba took office on Oct. 1, Kyodo reported.",
        "He met the U.S. Defense Secretary in Naples.",
        "Talks ended at 5 p.m. on Friday.",
    ]


def test_hard_wrapped_lines_form_one_paragraph():
    text = "First line of a wrapped\nparagraph goes on here.\n\nA second paragraph."
    assert [text[s:e] for s, e in raw_paragraphs(text)] == [
        "First line of a wrapped\nparagraph goes on here.",
        "A second paragraph.",
    ]


def test_front_matter_gives_date_and_is_not_text(corpus):
    article = parse_article(read_file(corpus / "beta.md"))
    assert article.published == dt.date(2021, 5, 4)
    assert article.title == "Rail strike ends"  # Markdown heading marks are not the title
    assert len(article.paragraphs) == 2


def test_long_sentence_stays_whole(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Title line\n\n" + " ".join(["word"] * 60) + ". Short one.")
    source = read_file(path)
    passages = chunk_article(parse_article(source), source.text, max_words=20)
    assert [len(p.text.split()) for p in passages] == [60, 2]


SOURCED = DATA / "sourced"  # articles as `newsdesk add` writes them, front matter first


def _front_matter_article(tmp_path, fields: str, body: str = "Harbor deal\n\nThe deal was signed."):
    path = tmp_path / "article.txt"
    path.write_text(f"---\n{fields}\n---\n{body}\n", encoding="utf-8")
    return parse_article(read_file(path))


def test_front_matter_gives_the_articles_source():
    source = read_file(SOURCED / "harbor-expansion.txt")
    article = parse_article(source)
    assert article.title == "Portville council approves harbor expansion"
    assert article.url == "https://www.example.com/news/2024/04/10/portville-harbor-expansion"
    assert (article.outlet, article.author) == ("Example News", "Jane Doe")
    assert article.reported_by == (
        ("Other Wire", "https://other.example/a/123"),
        ("Third Paper", "https://third.example/x"),
    )
    # Front matter's date, not the "Updated April 12, 2024" line of the page.
    assert article.published == dt.date(2024, 4, 10)


def test_front_matter_and_its_repeated_title_are_no_paragraph():
    source = read_file(SOURCED / "harbor-expansion.txt")
    article = parse_article(source)
    body = source.text.index("\n---\n") + len("\n---\n")
    assert article.paragraphs[0].start > body  # quotes never reach into the front matter
    texts = _texts(source, article)
    assert texts[0].startswith("The city council of Portville approved")
    assert not any(t.startswith(("Portville council approves", "Updated")) for t in texts)


@pytest.mark.parametrize(
    "written, title",
    [
        ("'Parasite' scores at Cannes", "'Parasite' scores at Cannes"),  # a quoted word first
        ("A win for the Smiths'", "A win for the Smiths'"),  # an apostrophe at the end
        ("'Squid Game' star wins 'Emmy'", "'Squid Game' star wins 'Emmy'"),  # not one quote
        ('"Harbor deal signed"', "Harbor deal signed"),  # quoted as in YAML
        ("'Harbor deal signed'", "Harbor deal signed"),
    ],
)
def test_front_matter_unquotes_only_a_value_quoted_whole(tmp_path, written, title):
    article = _front_matter_article(
        tmp_path, f"title: {written}", f"{title}\n\nThe deal was signed."
    )
    assert article.title == title
    # The title line opening the body is known for the headline, not read as paragraph 1.
    source = read_file(tmp_path / "article.txt")
    assert _texts(source, article) == ["The deal was signed."]


def test_an_article_without_source_fields_keeps_the_defaults():
    article = parse_article(read_file(SOURCED / "budget-debate.txt"))
    assert (article.url, article.outlet, article.author, article.reported_by) == ("", "", "", ())
    assert article.title == "Harbor budget debated"
    assert article.published == dt.date(2024, 3, 28)


def test_malformed_reported_by_keeps_only_what_is_an_outlet_or_a_link(tmp_path):
    items = [
        "Good Wire <https://good.example/1>",
        "<>",  # neither
        "Bad Link <javascript:alert(1)>",  # the outlet stays, the link does not
        "Broken <https://unclosed.example",  # not an item at all
        "<https://only-link.example/2>",
        "Plain Paper",
        "",
    ]
    article = _front_matter_article(tmp_path, "reported_by: " + " | ".join(items))
    assert article.reported_by == (
        ("Good Wire", "https://good.example/1"),
        ("Bad Link", ""),
        ("", "https://only-link.example/2"),
        ("Plain Paper", ""),
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://files.example/a", "https://exa mple.com/a", "https://",
     "http://[broken", "https://example.com/\x1b]0;x", "www.example.com/a"],
)  # fmt: skip
def test_a_url_that_is_no_web_link_is_left_out(tmp_path, url):
    assert _front_matter_article(tmp_path, f"url: {url}").url == ""


@pytest.mark.parametrize(
    "body, published",
    [
        ("Harbor deal\n\nMarch 3, 2021\n\nThe deal was signed.", dt.date(2021, 3, 3)),
        ("Harbor deal\n\nThe deal was signed.", None),
    ],
)
def test_a_bad_published_date_falls_back_to_the_dateline(tmp_path, body, published):
    article = _front_matter_article(tmp_path, "published: 2024-13-45", body)
    assert article.published == published


def test_the_index_keeps_the_source_and_reads_indexes_written_without_it(tmp_path):
    index = tmp_path / "index"
    update_index(SOURCED, index, "hashing", 40, HashingEncoder)
    article = load(index).articles["harbor-expansion.txt"]
    assert article == parse_article(read_file(SOURCED / "harbor-expansion.txt"))
    # An index written before articles carried their source has none of these keys.
    [saved] = index.glob("gen-*/articles.json")
    entries = json.loads(saved.read_text())
    for entry in entries:
        for key in ("url", "outlet", "author", "reported_by"):
            del entry[key]
    saved.write_text(json.dumps(entries))
    article = load(index).articles["harbor-expansion.txt"]
    assert (article.url, article.outlet, article.author, article.reported_by) == ("", "", "", ())
    assert article.published == dt.date(2024, 4, 10)
