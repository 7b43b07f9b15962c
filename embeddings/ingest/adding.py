"""``add``: web pages, feeds and folders of them into the corpus folder, one article file each.

Every source and every feed entry gets an ``ItemResult``: added, merged (a near-copy,
recorded as another report of an article already there), duplicate (a URL or GUID seen
before), or refused, each with one line for people. Nothing raises for bad input: a 404, a
page with no article, a feed that is not XML refuse that item and the others go on.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import httpx

from ..corpus import file_hash
from ..errors import CorpusError
from . import files
from .copies import NEAR_COPY, fingerprint
from .feeds import Entry, Feed, NotAFeed, read_feed
from .fetching import Fetched, FetchError, Validators, fetch, new_client, read_file
from .naming import file_name
from .pages import NotAnArticle, decode_html, main_text, read_page
from .registry import Registry, guid_key, url_key
from .urls import is_web_url, normalize_url

ItemStatus = Literal["added", "merged", "duplicate", "refused"]

PAGE_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
_PAGE_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass(frozen=True)
class ItemResult:
    source: str  # the URL, file or feed entry it came from
    status: ItemStatus
    file: str | None  # the corpus file written or merged into (or that has it already)
    message: str  # one line for people, shown after the source


@dataclass(frozen=True)
class FeedResult:
    """How a whole feed went: one line for people, after the lines of its entries."""

    source: str
    message: str


@dataclass(frozen=True)
class AddReport:
    items: tuple[ItemResult, ...]
    feeds: tuple[FeedResult, ...] = ()

    def summary(self) -> str:
        """One line: "3 added, 1 merged, 2 duplicates, 1 refused"."""
        return _counts(self.items)

    @property
    def changed(self) -> bool:
        """Something was written to the corpus."""
        return any(item.status in ("added", "merged") for item in self.items)


def _counts(items: Sequence[ItemResult]) -> str:
    count = Counter(item.status for item in items)
    duplicates = "duplicate" if count["duplicate"] == 1 else "duplicates"
    return (
        f"{count['added']} added, {count['merged']} merged, "
        f"{count['duplicate']} {duplicates}, {count['refused']} refused"
    )


def add(
    sources: Sequence[str], corpus: Path, state: Path, *, client: httpx.Client | None = None
) -> AddReport:
    """Add ``sources`` (URLs, HTML files, RSS/Atom files, folders of those) to ``corpus``.

    ``state`` is the folder where ingest remembers what it has seen (``registry.py``).
    The network is used only for the URLs given and the pages their feeds link to.
    Raises CorpusError only when the corpus or state folder cannot be used at all."""
    try:
        corpus.mkdir(parents=True, exist_ok=True)
        with (
            Registry.open(state) as registry,
            nullcontext(client) if client else new_client() as http,
        ):
            files.remove_stale_temporaries(corpus)
            registry.sync(corpus)
            adder = _Adder(corpus, registry, http)
            for source in sources:
                adder.add_source(source)
    except OSError as exc:
        raise CorpusError(f"cannot add articles: {exc.strerror or exc} ({exc.filename})") from None
    except sqlite3.Error as exc:
        raise CorpusError(f"cannot use what ingest remembers in {state} ({exc})") from None
    return AddReport(tuple(adder.items), tuple(adder.feeds))


@dataclass
class _Found:
    """An article found in a page or a feed entry, before it is stored."""

    article: files.NewArticle
    keys: list[str]  # what identifies it: url:… and guid:… keys
    note: str = ""  # said after "added as …"


@dataclass
class _Adder:
    corpus: Path
    registry: Registry
    http: httpx.Client
    items: list[ItemResult] = field(default_factory=list)
    feeds: list[FeedResult] = field(default_factory=list)
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def add_source(self, source: str) -> None:
        if is_web_url(source):
            self._url(source)
            return
        path = Path(source)
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in PAGE_SUFFIXES + FEED_SUFFIXES
                and not p.name.startswith(".")
                and p.is_file()
            )
            if not found:
                self._refuse(source, "a folder with no .html, .htm, .xml, .rss or .atom file")
            for file in found:
                self._file(file)
        elif path.is_file():
            self._file(path)
        elif path.exists():
            self._refuse(source, "neither a file nor a folder")
        else:
            self._refuse(source, "no such file or folder, and not an http(s) URL")

    def _file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix not in PAGE_SUFFIXES + FEED_SUFFIXES:
            self._refuse(
                str(path),
                "not a web page or feed (.html, .htm, .xml, .rss, .atom); "
                "a .txt or .md article goes straight into the corpus folder",
            )
            return
        try:
            fetched = read_file(path)
        except FetchError as exc:
            self._refuse(str(path), str(exc))
            return
        if suffix in FEED_SUFFIXES:
            self._feed(fetched, online=False)
        else:
            self._page(fetched)

    def _url(self, url: str) -> None:
        known = self.registry.file_for([url_key(url)])
        if known:
            self._item(url, "duplicate", known, f"already in the corpus as {known}")
            return
        validators = self.registry.validators(url)
        try:
            fetched = fetch(self.http, url, validators)
        except FetchError as exc:
            self._refuse(url, str(exc))
            # Recorded as a poll: a URL that cannot be read may be a feed, and /feeds shows
            # each feed's last error.
            self.registry.record_poll(url, "", self._now(), 0, str(exc), validators)
            return
        if fetched.not_modified:
            self._item(url, "duplicate", None, "feed not changed since the last poll")
            self.registry.record_poll(url, "", self._now(), 0, "", validators)
            return
        kind = _kind(fetched)
        if kind == "feed":
            self._feed(fetched, online=True)
        elif kind == "page":
            self._page(fetched)
        else:
            self._refuse(url, f"not a web page or feed (Content-Type: {fetched.media_type})")

    # -- pages

    def _page(self, fetched: Fetched) -> None:
        try:
            found = self._read_page(fetched)
        except NotAnArticle as exc:
            self._refuse(fetched.source, str(exc))
            return
        if not found.article.published:
            found.note = ", without a publication date: the page gives none"
        self._store(fetched.source, found)

    def _read_page(
        self, fetched: Fetched, entry: Entry | None = None, feed: Feed | None = None
    ) -> _Found:
        page = read_page(decode_html(fetched.body, fetched.charset), fetched.url)
        # Some sites name their home page as every article's canonical URL: not an identity.
        canonical = page.url if is_web_url(page.url) and urlsplit(page.url).path.strip("/") else ""
        url = canonical or fetched.url or (entry.link if entry else "")
        keys = [url_key(u) for u in (fetched.source, fetched.url, canonical) if is_web_url(u)]
        article = files.NewArticle(
            title=page.title or (entry.title if entry else ""),
            paragraphs=page.paragraphs,
            published=page.published or (entry.published if entry else None),
            url=url if is_web_url(url) else "",
            outlet=page.outlet or (feed.title if feed else ""),
            author=page.author or (entry.author if entry else ""),
        )
        return _Found(article, keys)

    # -- feeds

    def _feed(self, fetched: Fetched, online: bool) -> None:
        """The feed's entries; ``online``: it was given by URL, and the pages of entries
        that hold only a summary may be fetched."""
        try:
            feed = read_feed(fetched.body, _content_type(fetched), fetched.url)
        except NotAFeed as exc:
            self._refuse(fetched.source, str(exc))
            self.registry.record_poll(fetched.source, "", self._now(), 0, str(exc), Validators())
            return
        first = len(self.items)
        for number, entry in enumerate(feed.entries, start=1):
            source = entry.link or entry.guid or f"{fetched.source} #{number}"
            self._entry(entry, feed, source, online)
        results = self.items[first:]
        refused = sum(item.status == "refused" for item in results)
        added = sum(item.status in ("added", "merged") for item in results)
        entries = f"{len(results)} {'entry' if len(results) == 1 else 'entries'}"
        message = f"{feed.title or fetched.source}: {entries}: {_counts(results)}"
        self.feeds.append(FeedResult(fetched.source, message))
        error = f"{refused} of {len(results)} entries refused" if refused else ""
        # With entries refused (a page that failed to load), the next poll must not be told
        # "not modified": keep no validators, and it reads the whole feed again.
        kept = Validators() if refused else fetched.validators
        self.registry.record_poll(fetched.source, feed.title, self._now(), added, error, kept)
        self.registry.commit()

    def _entry(self, entry: Entry, feed: Feed, source: str, online: bool) -> None:
        keys = [guid_key(entry.guid)] if entry.guid else []
        keys += [url_key(entry.link)] if is_web_url(entry.link) else []
        known = self.registry.file_for(keys)
        if known:
            self._item(source, "duplicate", known, f"already in the corpus as {known}")
            return
        try:
            found = self._read_entry(entry, feed, online)
        except (NotAnArticle, FetchError) as exc:
            self._refuse(source, str(exc))
            return
        found.keys = keys + found.keys
        if not found.article.published:
            written = f" ({entry.published_as!r} cannot be read)" if entry.published_as else ""
            found.note = f", without a publication date: the feed gives none{written}"
        self._store(source, found)

    def _read_entry(self, entry: Entry, feed: Feed, online: bool) -> _Found:
        """The entry's own text when it is a whole article, else the page it links to.

        Offline (a feed read from a file), no page is fetched: an entry's summary is the
        article, if it is long enough to be one."""
        if entry.full or not online:
            try:
                paragraphs = main_text(entry.html)
            except NotAnArticle as exc:
                if not online:
                    raise NotAnArticle(
                        f"{exc}, and pages are fetched only for a feed given by its URL"
                    ) from None
            else:
                article = files.NewArticle(
                    title=entry.title or paragraphs[0],
                    paragraphs=paragraphs,
                    published=entry.published,
                    url=entry.link if is_web_url(entry.link) else "",
                    outlet=feed.title,
                    author=entry.author,
                )
                return _Found(article, [])
        if not is_web_url(entry.link):
            raise NotAnArticle("the entry holds no article text, and no link to a page")
        try:
            fetched = fetch(self.http, entry.link)
        except FetchError as exc:
            raise FetchError(f"the entry holds only a summary, and its page: {exc}") from None
        return self._read_page(fetched, entry, feed)

    # -- storing

    def _store(self, source: str, found: _Found) -> None:
        # The link kept is the page's, without what says how it was reached (utm_*…).
        url = found.article.url
        article = replace(found.article, url=normalize_url(url) if url else "")
        if not found.keys:  # a saved page, a feed entry that names no URL or GUID
            found.keys = ["sha256:" + file_hash(article.body().encode("utf-8"))]
        known = self.registry.file_for(found.keys)
        if known:  # a page known under another URL (its canonical one, a redirect's)
            self.registry.remember(found.keys, known)
            self._item(source, "duplicate", known, f"already in the corpus as {known}")
            return
        shingles = fingerprint(article.body())
        copy = self.registry.near_copy(shingles)
        try:
            if copy and copy.containment >= NEAR_COPY:
                files.add_report(self.corpus / copy.file, article.outlet, article.url)
                self.registry.remember(found.keys, copy.file)
                share = f"{copy.containment:.0%} of its text is there"
                message = f"a near-copy of {copy.file} ({share}): listed as another report of it"
                self._item(source, "merged", copy.file, message)
            else:
                name = file_name(found.keys[0], article.title, article.url)
                path = files.write_new(self.corpus, name, files.article_text(article, self.started))
                self.registry.record_text(path, shingles)
                self.registry.remember(found.keys, path.name)
                self._item(source, "added", path.name, f"added as {path.name}{found.note}")
        except OSError as exc:
            self._refuse(source, f"cannot write to the corpus folder ({exc.strerror or exc})")
        self.registry.commit()

    # -- results

    def _item(self, source: str, status: ItemStatus, file: str | None, message: str) -> None:
        self.items.append(ItemResult(source, status, file, message))

    def _refuse(self, source: str, message: str) -> None:
        self._item(source, "refused", None, message)

    def _now(self) -> str:
        return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _kind(fetched: Fetched) -> Literal["feed", "page"] | None:
    """Feed or page, by the first tag of the bytes, else by the Content-Type."""
    head = fetched.body[:2048].lower()
    feed = _first(head, (b"<rss", b"<feed", b"<rdf:rdf"))
    page = _first(head, (b"<html", b"<!doctype html"))
    if feed < page:
        return "feed"
    if page < feed:
        return "page"
    if fetched.media_type in _FEED_TYPES:
        return "feed"
    return "page" if fetched.media_type in _PAGE_TYPES else None


def _first(head: bytes, tags: tuple[bytes, ...]) -> float:
    return min((i for tag in tags if (i := head.find(tag)) >= 0), default=math.inf)


def _content_type(fetched: Fetched) -> str:
    charset = f"; charset={fetched.charset}" if fetched.charset else ""
    return fetched.media_type + charset if fetched.media_type else ""
