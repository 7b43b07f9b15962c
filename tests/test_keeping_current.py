"""Issue 11's "done when": a bot pointed at three feeds and a folder, not touched again,
answers about what was just published, with the page's link and its own date in the
answer and in timelines."""

import time

import pytest

from bot.engine import Engine
from bot.keeping import Keeper
from bot.settings import IngestSettings
from embeddings import HashingEncoder
from tests.web_server import WebServer

# Each item is a whole article of its own (different texts: near-copies would be merged).
BODIES = {
    "bridge-reopens": "Engineers replaced the bearings and repainted the steel arches over "
    "eighteen months. Buses return to their old routes on Monday, and cyclists get a "
    "protected lane on the north side. Shop owners near the river said business had "
    "fallen by a third while the crossing was closed.",
    "library-grant": "The money pays for longer opening hours on weekends and a reading "
    "room for teenagers. Librarians had asked for help after visits doubled during the "
    "winter, and volunteers will run homework clubs in three branches. The grant covers "
    "four years of costs.",
    "trams-ordered": "The vehicles are longer than the current fleet and have low floors "
    "for wheelchairs and prams. Deliveries begin in spring, and the depot in the east "
    "of town is being extended to house them. Transport officials expect fewer "
    "breakdowns on the busiest line.",
    "ferry-line": "Boats will leave the old harbour every hour from six in the morning, and "
    "islanders will pay half fare. The service replaces a private launch that stopped "
    "running last year. Fishermen worried about the wake near the moorings, and the "
    "harbour master promised speed limits.",
}


def rss(outlet: str, *items: tuple[str, str, str]) -> str:
    """An RSS 2.0 feed of (slug, date, first paragraph) items, whole articles each."""
    entries = "".join(
        f"<item><title>{slug.replace('-', ' ').title()}</title>"
        f"<link>https://{outlet}.example/{slug}</link><guid>{outlet}-{slug}</guid>"
        f"<pubDate>{date}</pubDate>"
        f"<content:encoded><![CDATA[<p>{text}</p><p>{BODIES[slug]}</p>]]></content:encoded>"
        "</item>"
        for slug, date, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{outlet.title()} News</title><link>https://{outlet}.example/</link>"
        f"{entries}</channel></rss>"
    )


def atom(*items: tuple[str, str, str]) -> str:
    entries = "".join(
        f"<entry><title>{slug.replace('-', ' ').title()}</title>"
        f'<link href="https://wire.example/{slug}"/><id>urn:wire:{slug}</id>'
        f"<updated>{date}</updated><published>{date}</published>"
        f'<content type="html"><![CDATA[<p>{text}</p><p>{BODIES[slug]}</p>]]></content></entry>'
        for slug, date, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Wire</title><id>urn:wire</id><updated>2026-11-29T00:00:00Z</updated>"
        f"{entries}</feed>"
    )


BRIDGE = ("bridge-reopens", "Mon, 25 Nov 2024 08:00:00 GMT", "The Elm Street bridge reopened.")
LIBRARY = ("library-grant", "Tue, 26 Nov 2024 08:00:00 GMT", "The library won a state grant.")
TRAMS = ("trams-ordered", "2024-11-27T08:00:00Z", "The city ordered twelve new trams.")
FERRY = (
    "ferry-line",
    "Thu, 28 Nov 2024 07:30:00 GMT",
    "Mayor Ines Varga announced a new ferry line to Gull Island on Thursday.",
)


def wait_until(condition, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.1)
    return found


@pytest.fixture(autouse=True)
def quick_ticks(monkeypatch):
    monkeypatch.setattr("bot.keeping.WATCH_TICK_MS", 100)


def test_three_feeds_and_a_folder_keep_the_bot_current(fake_settings, corpus, tmp_path):
    with WebServer() as web:
        feeds = (
            web.route("/city.rss", rss("city", BRIDGE), content_type="application/rss+xml"),
            web.route("/post.rss", rss("post", LIBRARY), content_type="application/rss+xml"),
            web.route("/wire.atom", atom(TRAMS), content_type="application/atom+xml"),
        )
        ingest = IngestSettings(feeds, poll_minutes=0.01, state_dir=tmp_path / "ingest")
        engine = Engine(fake_settings, HashingEncoder())
        engine.refresh()
        with Keeper(engine, ingest):
            # What the feeds held when the bot started, and a file dropped into the folder.
            wait_until(lambda: engine.ask("Which bridge reopened?").quotes)
            (corpus / "notes.txt").write_text("Council notes\n\nThe harbor crane was repaired.")
            wait_until(lambda: engine.ask("Which crane was repaired?").quotes)
            # Published later, in one of the feeds: answered without touching the bot.
            web.route("/city.rss", rss("city", BRIDGE, FERRY), content_type="application/rss+xml")
            answer = wait_until(
                lambda: [
                    q
                    for q in engine.ask("Where does the new ferry line go?").quotes
                    if "ferry" in q.text
                ]
            )
    quote = answer[0]
    assert quote.url == "https://city.example/ferry-line"
    assert quote.outlet and quote.published.isoformat() == "2024-11-28"
    events = engine.timeline("Ines Varga").events
    assert events and events[0].quote.url == quote.url
    assert events[0].date.iso() == "2024-11-28"  # "on Thursday", the page's own date
    assert {a.outlet for a in engine.articles() if a.url} >= {quote.outlet}
