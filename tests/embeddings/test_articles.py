import datetime as dt

import pytest

from embeddings import chunk_article, parse_article, read_corpus, read_file
from embeddings.articles import raw_paragraphs
from embeddings.sentences import split_sentences
from tests.helpers import SEEDS

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
