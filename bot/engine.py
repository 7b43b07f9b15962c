"""The engine: one object that keeps the index current and answers from it.

Front ends (terminal, Discord, eval) hold one Engine and call its methods; none of them
touches the index or the model directly.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, replace
from functools import cached_property

from embeddings import BuildReport, Encoder, Searcher, make_encoder, update_index
from embeddings import store as disk
from embeddings.backends import retrieval

from .aliases import Aliases
from .answers import Answer, Ranker, answer_question
from .errors import IndexBusyError, QueryError
from .factcheck import FactCheck, FactChecker
from .filtering import (
    NO_FILTERS,
    Catalogue,
    Filters,
    Scope,
    option_filters,
    reference_day,
    scope,
)
from .last_asked import LastAsked
from .questions import clean_text
from .quotes import QuoteMaker, changed_notice, latest_note
from .ranking.model import AnswerModel
from .ranking.ranker import LearnedRanker
from .settings import Settings
from .timeline import Timeline, TimelineBuilder
from .whatsnew import TERMINAL, WhatsNew, whats_new

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleInfo:
    """An article as /sources lists it."""

    name: str
    title: str
    published: str | None
    passages: int
    outlet: str = ""  # "" when not known
    url: str = ""
    reported_by: tuple[tuple[str, str], ...] = ()  # other reports of it: (outlet, url)


@dataclass(frozen=True)
class _Loaded:
    """Everything built from one index generation, swapped in as a unit."""

    store: disk.Store
    searcher: Searcher
    ranker: Ranker
    learned: LearnedRanker
    quotes: QuoteMaker
    timelines: TimelineBuilder
    factchecks: FactChecker

    @cached_property
    def articles(self) -> dict[str, ArticleInfo]:
        """What /sources shows of each article, by file name in file-name order: worked out
        on first use, since loading an index reads no passage."""
        return _article_infos(self.store)

    @cached_property
    def catalogue(self) -> Catalogue:
        """The articles as filters look them up (sources, outlets, dates)."""
        return Catalogue(self.store.articles)


class Engine:
    def __init__(self, settings: Settings, encoder: Encoder | None = None):
        self.settings = settings
        self._encoder = encoder
        self._loaded: _Loaded | None = None
        self._refresh_lock = threading.Lock()

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            model = self.settings.model
            self._encoder = make_encoder(
                model.name, model.batch_size, runtime=model.runtime, cache=self.settings.onnx_cache
            )
        return self._encoder

    def build_index(self, rebuild: bool = False, progress: bool = False) -> BuildReport:
        """Bring the index on disk up to date with the corpus (without loading it)."""
        return update_index(
            self.settings.corpus.dir,
            self.settings.index.dir,
            self.settings.model.name,
            self.settings.chunking.max_words,
            lambda: self.encoder,
            rebuild=rebuild,
            progress=progress,
            approximate_from=self.settings.index.approximate_from,
            backend=self.settings.index.backend_config(),
            runtime=self.settings.model.runtime,
        )

    def refresh(self, rebuild: bool = False, progress: bool = False) -> BuildReport:
        """Bring the index up to date with the corpus and serve from it.

        Queries keep using the previous index until the new one is loaded. An index that
        another process brought up to date (`newsdesk index` in a shell) is loaded too.
        """
        with self._refresh_lock:
            try:
                report = self.build_index(rebuild, progress)
            except IndexBusyError:
                # Another process is writing (`newsdesk index`, another bot): a start-up
                # serves the index on disk meanwhile; a requested update says it is busy.
                if self._loaded is not None or disk.read_manifest(self.settings.index.dir) is None:
                    raise
                log.warning("another build of the index is running: serving the index on disk")
                self._loaded = self._load()
                manifest = self._loaded.store.manifest
                return BuildReport((), (), (), len(manifest.files), 0, manifest.passages)
            loaded = self._loaded
            on_disk = disk.read_manifest(self.settings.index.dir)
            if loaded is None or rebuild or loaded.store.manifest != on_disk:
                self._loaded = self._load()
            return report

    def _load(self) -> _Loaded:
        store = disk.load(self.settings.index.dir)
        disk.check_compatible(
            store.manifest,
            self.settings.index.dir,
            self.settings.model.name,
            self.settings.chunking.max_words,
            self.settings.model.runtime,
        )
        index = self.settings.index
        searcher = Searcher(
            store, self.encoder, retrieval(store, index.backend_config(), index.dir)
        )
        aliases = Aliases.load()
        ranker = Ranker(searcher, aliases)
        learned = LearnedRanker(searcher, AnswerModel.load(), aliases, ranker.name_stats)
        quotes = QuoteMaker(self.settings.corpus.dir, store.articles)
        timelines = TimelineBuilder(ranker, quotes)
        checker = FactChecker(ranker, quotes, timelines)
        return _Loaded(store, searcher, ranker, learned, quotes, timelines, checker)

    @property
    def loaded(self) -> _Loaded:
        if self._loaded is None:
            self.refresh()
        assert self._loaded is not None, "refresh() loads an index or raises"
        return self._loaded

    def check_question(self, question: str) -> str:
        """The question cleaned, or QueryError: cheap, so front ends call it before deferring."""
        return clean_text(question, "question", self.settings.input.max_chars)

    def reference_day(self) -> dt.date:
        """The day relative dates ("last week") count from: today, or the newest article's
        day when the corpus is an archive (``filtering.reference_day``)."""
        return reference_day(dt.date.today(), self.loaded.catalogue.newest(None))

    def filters(self, since: str = "", until: str = "", source: str = "") -> Filters:
        """A command's filter options ("" when not given) read, or QueryError (a date it
        cannot read, a source that matches no article)."""
        filters = option_filters(since, until, source, self.reference_day())
        if filters.source:
            self.loaded.catalogue.matching(filters.source)
        return filters

    def scope(self, text: str, filters: Filters = NO_FILTERS, *, read_dates: bool = True) -> Scope:
        """What ``text`` is searched over: the ``filters`` given, and (``read_dates``) the
        dates ``text`` itself names when ``filters`` sets none. QueryError when a source
        or the options match no article."""
        catalogue = self.loaded.catalogue
        return scope(text, filters, catalogue, self.reference_day(), read_dates=read_dates)

    def ask(self, question: str, filters: Filters = NO_FILTERS) -> Answer:
        question = self.check_question(question)
        loaded = self.loaded
        searched = self.scope(question, filters)
        answer = answer_question(
            searched.query,
            loaded.ranker,
            loaded.learned,
            loaded.quotes,
            self.settings.answer,
            searched.where,
        )
        return replace(
            answer,
            question=question,
            filters=searched.filters,
            filter_note=searched.note,
            latest_note=latest_note(answer.quotes, loaded.catalogue.newest(searched.where)),
        )

    def check_topic(self, topic: str) -> str:
        return clean_text(topic, "topic", self.settings.input.max_chars)

    def timeline(self, topic: str, filters: Filters = NO_FILTERS) -> Timeline:
        topic = self.check_topic(topic)
        searched = self.scope(topic, filters)
        timeline = self.loaded.timelines.build(searched.query, searched.where)
        newest = self.loaded.catalogue.newest(searched.where)
        return replace(
            timeline,
            topic=topic,
            filters=searched.filters,
            filter_note=searched.note,
            latest_note=latest_note((e.quote for e in timeline.events), newest),
        )

    def whatsnew(
        self, topic: str, filters: Filters = NO_FILTERS, channel: str = TERMINAL
    ) -> WhatsNew:
        """What the articles report about ``topic`` dated after a cutoff: ``filters.since``,
        a date in the topic, or the last time ``channel`` asked (``bot.whatsnew``)."""
        topic = self.check_topic(topic)
        loaded = self.loaded
        return whats_new(
            topic,
            filters,
            channel,
            timelines=loaded.timelines,
            catalogue=loaded.catalogue,
            reference=self.reference_day(),
            memory=LastAsked(self.settings.ingest.state_dir),
            now=dt.datetime.now(dt.UTC),
        )

    def check_claim(self, claim: str) -> str:
        """The claim cleaned, or QueryError (empty, too long, a question, an opinion)."""
        from .claims import check_claim_form

        claim = clean_text(claim, "claim", self.settings.input.max_chars)
        check_claim_form(claim)
        return claim

    def factcheck(self, claim: str, filters: Filters = NO_FILTERS) -> FactCheck:
        """The verdict on ``claim`` from the articles ``filters`` admits. A date in the
        claim is what is checked, never a filter: articles of other dates may contradict it."""
        claim = self.check_claim(claim)
        searched = self.scope(claim, filters, read_dates=False)
        check = self.loaded.factchecks.check(claim, searched.where)
        quoted = (e.quote for e in check.evidence)
        newest = self.loaded.catalogue.newest(searched.where)
        return replace(check, filters=searched.filters, latest_note=latest_note(quoted, newest))

    def articles(self) -> list[ArticleInfo]:
        return list(self.loaded.articles.values())

    def article_info(self, name: str) -> ArticleInfo:
        """The article called ``name`` (its exact file name), or QueryError.

        Only names in the index are accepted, so no path can reach outside the corpus.
        """
        info = self.loaded.articles.get(name)
        if info is not None:
            return info
        raise QueryError(f"there is no article named {name!r}; /sources lists them")

    def article_text(self, name: str) -> tuple[ArticleInfo, list[tuple[int, str]]]:
        """An article's kept paragraphs as (number, text), read from its file."""
        info = self.article_info(name)
        loaded = self.loaded
        text = loaded.quotes.file_text(name)
        if text is None:
            raise QueryError(changed_notice((name,)))
        paragraphs = loaded.store.articles[name].paragraphs
        return info, [(p.number, text[p.start : p.end]) for p in paragraphs]


def _article_infos(store: disk.Store) -> dict[str, ArticleInfo]:
    counts: dict[str, int] = {}
    for passage in store.passages:  # one pass over the table on disk
        counts[passage.source] = counts.get(passage.source, 0) + 1
    return {
        a.name: ArticleInfo(
            a.name,
            a.title,
            a.published.isoformat() if a.published else None,
            counts.get(a.name, 0),
            a.outlet,
            a.url,
            a.reported_by,
        )
        for a in store.articles.values()
    }
