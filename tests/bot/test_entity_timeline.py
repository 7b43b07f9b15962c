"""Entity timelines: every article that names the entity, shorter forms and acronyms,
undated news sentences placed at the article's news date."""

import dataclasses

import pytest

from bot.aliases import Aliases
from bot.dates import reports_news
from bot.engine import Engine
from bot.entities import Entity, core_name, is_acronym_of, looks_like_name
from bot.events import ARTICLE_DATE
from bot.settings import CorpusSettings
from embeddings import HashingEncoder
from tests.helpers import write_corpus

AVIATION = {
    "a1.txt": (
        "Northwind Aerospace unveils long-range NX900\n\n"
        "February 17, 2005\n\n"
        "Northwind Aerospace Company has unveiled a new version of its NX900 airliner.\n\n"
        "So far, Northwind Aerospace has received five orders since it was announced"
        " in February 2000.\n\n"
        "Northwind is the largest maker of regional jets.\n\n"
        "The Royal Danish Air Force flew the jet last week.\n"
    ),
    "a2.txt": (
        "Tanker deal\n\n"
        "March 1, 2008\n\n"
        "The contract went to the United States Air Force (USAF) after a long contest.\n\n"
        "Chief executive Maria Lindqvist said the company was proud of the award.\n\n"
        "Lindqvist had previously warned of delays.\n\n"
        "USAF officials will announce the schedule next month.\n"
    ),
    "a3.txt": (
        "Jet makes maiden flight\n\n"
        "December 16, 2009\n\n"
        "The Northwind NX900 made its first test flight Tuesday in Everett.\n\n"
        "Northwind Aerospace confirmed that the flight went well.\n\n"
        "Carson flew with the crew of the Northwind jet.\n\n"
        "The USAF has said it is interested, officials said.\n"
    ),
}

ALIASES = Aliases.load()


def _entity(name: str, common: frozenset[str] = frozenset({"airlines", "force"})) -> Entity:
    return Entity(name, ALIASES, common.__contains__)


@pytest.fixture
def engine(tmp_path, fake_settings):
    corpus = write_corpus(tmp_path / "aviation", AVIATION)
    return Engine(
        dataclasses.replace(fake_settings, corpus=CorpusSettings(corpus)), HashingEncoder()
    )


def test_a_name_is_told_from_a_description():
    assert looks_like_name("Boeing 787 Dreamliner")
    assert looks_like_name("European Aeronautic Defence and Space Company")
    assert not looks_like_name("halt of the land-based Aegis deployment")


def test_core_name_drops_designators():
    assert core_name("The Boeing Company") == "Boeing"
    assert core_name("Airbus S.A.S.") == "Airbus S.A.S."  # not a designator we know
    assert core_name("Acme Corp.") == "Acme"


def test_acronyms_match_their_long_form():
    assert is_acronym_of("SIA", "Singapore Airlines")
    assert is_acronym_of("USAF", "United States Air Force")
    assert not is_acronym_of("RAF", "United States Air Force")


def test_mentions_by_name_acronym_and_short_form():
    eads = _entity("European Aeronautic Defence and Space Company EADS N.V.")
    assert [m.text for m in eads.mentions("EADS won the contract.", named=False)] == ["EADS"]
    person = _entity("Louis Gallois")
    assert person.mentions("Gallois said so.", named=False) == []  # not named in the article
    assert [m.form for m in person.mentions("Gallois said so.", named=True)] == ["short"]
    airline = _entity("Singapore Airlines")
    assert airline.mentions("Airlines said so.", named=True) == []  # an ordinary word


def test_a_product_number_counts_where_the_maker_is_named():
    jet = _entity("Boeing 787 Dreamliner")
    assert jet.named_in("The 787 Dreamliner flew.") and jet.named_in("Boeing 787 orders")
    assert not jet.named_in("787 people came.")
    assert jet.introduced_in("Boeing said the 787 flew.")
    assert [m.text for m in jet.mentions("the 787 flew", named=True)] == ["787"]


def test_a_short_form_inside_another_name_is_not_a_mention():
    usaf = _entity("United States Air Force")
    assert usaf.mentions("the Royal Danish Air Force flew", named=True) == []
    assert [m.text for m in usaf.mentions("the Air Force flew", named=True)] == ["Air Force"]


def test_learned_acronyms_come_from_definitions():
    airline = _entity("Singapore Airlines")
    airline.learn_acronyms(["He praised Singapore Airlines (SIA) for it."])
    assert airline.named_in("SIA has stated that it agrees.")


@pytest.mark.parametrize(
    ("sentence", "headline", "news"),
    [
        ("Airbus has announced 10,000 job cuts.", False, True),
        ("Boeing says they have 800 orders.", False, True),
        ("The plans are approved, the USAF has announced.", False, True),
        ("EADS had previously announced plans to shift production.", False, False),
        ("Airbus will build a new plant.", False, False),
        ("The jet would be replaced.", False, False),
        ("Airbus is Europe's largest aircraft maker.", False, False),
        ("Boeing unveils long-range 777", True, True),
        ("China Eastern Airlines to purchase twenty jets", True, False),
    ],
)
def test_reports_news(sentence, headline, news):
    assert reports_news(sentence, headline) is news


def test_entity_timeline_reads_every_article_that_names_it(engine):
    timeline = engine.timeline("Northwind Aerospace Company")
    texts = [e.quote.text for e in timeline.events]
    assert "Northwind Aerospace unveils long-range NX900" in texts  # the headline
    assert any(t.startswith("So far, Northwind Aerospace has") for t in texts)
    assert not any("largest maker" in t for t in texts)  # a statement of fact: undated
    assert not any("Royal Danish" in t for t in texts)  # no mention of the entity
    dates = [e.date.iso() for e in timeline.events]
    assert dates == sorted(dates, key=lambda d: d.ljust(10, "0"))
    flight = next(
        e for e in timeline.events if e.quote.text.startswith("Northwind Aerospace confirmed")
    )
    # The lead gives the day of the news ("Tuesday", the day before publication).
    assert flight.provenance == ARTICLE_DATE and flight.date.iso() == "2009-12-15"
    assert "Tuesday" in flight.explanation


def test_entity_timeline_acronyms_and_surnames(engine):
    usaf = [e.quote.text for e in engine.timeline("United States Air Force").events]
    assert any(t.startswith("The USAF has said") for t in usaf)  # acronym defined in a2
    person = engine.timeline("Maria Lindqvist").events
    texts = [e.quote.text for e in person]
    assert any(t.startswith("Chief executive Maria Lindqvist said") for t in texts)
    assert not any(t.startswith("Lindqvist had previously") for t in texts)  # background


def test_a_description_topic_keeps_the_retrieval_timeline(engine):
    timeline = engine.timeline("maiden flight of the jet")
    assert all(e.provenance != ARTICLE_DATE for e in timeline.events)


def test_since_a_month_looks_back_whatever_follows():
    import datetime as dt

    from bot.dates import find_dates

    text = "Ryanair has tried to buy it since December, and intends to end the routes."
    [found] = find_dates(text, dt.date(2007, 6, 9))
    assert found.date.iso() == "2006-12" and '("since")' in found.explanation
