"""Issue 11, citations link to the original: on the terminal and in ``--json``, quotes,
timelines, fact checks and /sources show an article's outlet and link (from its front
matter, tests/data/sourced); an article without them is shown as before."""

import dataclasses
import datetime as dt

import pytest

from bot.answers import Answer
from bot.commands import SOURCES
from bot.engine import ArticleInfo, Engine
from bot.events import ARTICLE_DATE
from bot.quotes import Quote
from bot.render import render_answer, render_articles, render_factcheck, render_timeline
from bot.settings import CorpusSettings
from embeddings import HashingEncoder
from tests.helpers import DATA

HARBOR_URL = "https://www.example.com/news/2024/04/10/portville-harbor-expansion"
RAIL_URL = "https://news.example.org/northland/rail-strike-ends?ref=feed"


@pytest.fixture
def engine(fake_settings) -> Engine:
    settings = dataclasses.replace(fake_settings, corpus=CorpusSettings(DATA / "sourced"))
    return Engine(settings, HashingEncoder())


def _quote(**source) -> Quote:
    text = "The deal was signed."
    return Quote(text, "a.txt", 2, 0, len(text), 0.7, "Harbor deal", dt.date(2024, 4, 10), **source)


def _answer_lines(quote: Quote) -> list[str]:
    return render_answer(Answer("q", (quote,), False, 0.9, "")).split("\n")


def test_a_quote_with_a_link_cites_outlet_and_link():
    cited = _quote(url=HARBOR_URL, outlet="Example News")
    lines = _answer_lines(cited)
    assert lines[1] == "     a.txt, paragraph 2 — Harbor deal, 2024-04-10"
    assert lines[2] == f"     Example News · {HARBOR_URL}"  # the link whole, to be opened
    assert cited.as_json()["url"] == HARBOR_URL and cited.as_json()["outlet"] == "Example News"


def test_a_quote_without_a_source_is_cited_as_before():
    plain = _quote()
    assert _answer_lines(plain)[1:3] == [
        "     a.txt, paragraph 2 — Harbor deal, 2024-04-10",
        "",
    ]
    assert "url" not in plain.as_json() and "outlet" not in plain.as_json()
    assert _answer_lines(_quote(outlet="Example News"))[2] == "     Example News"


def test_answers_from_the_corpus_link_to_their_articles(engine):
    answer = engine.ask("How much is the Portville harbor expansion worth?")
    harbor = next(q for q in answer.quotes if q.source == "harbor-expansion.txt")
    assert (harbor.url, harbor.outlet) == (HARBOR_URL, "Example News")
    assert f"Example News · {HARBOR_URL}" in render_answer(answer)
    unlinked = [q for q in answer.quotes if q.source == "budget-debate.txt"]
    assert all(q.url == q.outlet == "" for q in unlinked)


def test_timeline_events_show_the_front_matter_date_and_the_link(engine):
    [said] = engine.timeline("Lena Holt").events
    assert said.provenance == ARTICLE_DATE and said.date.iso() == "2024-04-10"
    assert said.quote.url == HARBOR_URL
    timeline = engine.timeline("Anna Berg")
    [ended] = timeline.events
    assert ended.date.iso() == "2024-05-01"  # "on Wednesday" before Friday 2024-05-03
    assert f"Northland Courier · {RAIL_URL}" in render_timeline(timeline)


def test_fact_check_evidence_links_to_its_article(engine):
    check = engine.factcheck("The harbor expansion is worth 50 million dollars.")
    assert check.verdict == "contradicted"
    assert check.contradicts[0].quote.url == HARBOR_URL
    assert f"Example News · {HARBOR_URL}" in render_factcheck(check)


def test_sources_show_outlet_date_link_and_other_reports(engine):
    text = render_articles(engine.articles())
    assert (
        "  harbor-expansion.txt  (2024-04-10, 3 passages)\n"
        "      Portville council approves harbor expansion\n"
        f"      Example News · {HARBOR_URL} · also reported by 2\n"
    ) in text
    assert text.endswith(f"\n      Northland Courier · {RAIL_URL}")
    # An article without a source keeps its two lines.
    assert "Harbor budget debated\n  harbor-expansion.txt" in text
    listed = {a["name"]: a for a in SOURCES.as_json(engine.articles())}
    assert listed["harbor-expansion.txt"]["outlet"] == "Example News"
    assert listed["harbor-expansion.txt"]["reported_by"] == (
        ("Other Wire", "https://other.example/a/123"),
        ("Third Paper", "https://third.example/x"),
    )


def test_sources_escape_what_an_outlet_holds_for_the_terminal():
    info = ArticleInfo("a.txt", "T", None, 1, outlet="\x1b]0;pwned\x07 News", url=HARBOR_URL)
    assert "\\x1b]0;pwned\\x07 News" in render_articles([info])


def test_a_headline_event_quotes_the_title_line_not_the_front_matter(engine):
    events = engine.timeline("Portville").events
    headline = next(
        e for e in events if e.quote.text == "Portville council approves harbor expansion"
    )
    text = (engine.settings.corpus.dir / headline.quote.source).read_text()
    assert text.index("\n---\n") < headline.quote.start  # after the front matter
    assert headline.quote.url == HARBOR_URL
