"""Every command the bot answers, described once: its name, what it does, the text it
takes, the engine call that answers it, and how a terminal shows the result.

The command line (``cli.py``: subcommands, their help and dispatch), the terminal chat
(``chat.py``: its ``/commands`` and ``/help``) and Discord (each cog's slash command
description and the ``/help`` embed) all read these descriptions, so a command's help
cannot drift apart between them. Adding a command is one description here, plus one cog
file in ``discord_app/cogs/`` if Discord offers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .engine import Engine
from .filtering import Filters
from .render import (
    render_answer,
    render_articles,
    render_factcheck,
    render_timeline,
    render_whatsnew,
    upper_first,
)


@dataclass(frozen=True)
class Argument:
    """The text a command takes: the CLI's positional argument, the chat's rest of the
    line, the slash command's option."""

    name: str
    help: str


# The filters a question, timeline or fact check may take: the CLI's --since, --until and
# --source, and the slash command's options of the same names.
FILTER_OPTIONS = (
    Argument("since", "only articles published since: 2023-03-15, 2023-03, 2023, 'last week'"),
    Argument("until", "only articles published until this date (same forms as since)"),
    Argument("source", "only these articles: a file name, an outlet, or a glob like nhk-*"),
)


@dataclass(frozen=True)
class Command:
    name: str  # "/name" in Discord and in the chat
    help: str  # one line, starting in lower case: "list the articles"
    argument: Argument | None = None
    chat: bool = False  # typed as "/name" in the terminal chat
    discord: bool = True  # a slash command
    # Options and notes that exist in Discord only ("private", a permission it needs).
    discord_options: tuple[Argument, ...] = ()
    discord_note: str = ""
    filtered: bool = False  # takes FILTER_OPTIONS

    @property
    def options(self) -> tuple[Argument, ...]:
        """The slash command's options besides its argument."""
        return (FILTER_OPTIONS if self.filtered else ()) + self.discord_options

    @property
    def description(self) -> str:
        """The slash command's description, as Discord shows it under the name."""
        note = f" ({self.discord_note})" if self.discord_note else ""
        return f"{upper_first(self.help)}{note}"

    @property
    def option_descriptions(self) -> dict[str, str]:
        """The slash command's options and their descriptions, by name."""
        arguments = ((self.argument,) if self.argument else ()) + self.options
        return {a.name: upper_first(a.help) for a in arguments}


@dataclass(frozen=True, kw_only=True)
class Query(Command):
    """A command the engine answers; the terminal front ends run it from here alone."""

    # The engine call answering it, given the argument's text ("" without one) and the
    # filters (empty unless the command is ``filtered``).
    run: Callable[[Engine, str, Filters], Any]
    render: Callable[[Any], str]  # the result as a terminal shows it
    as_json: Callable[[Any], Any] = lambda result: result.as_json()  # ``--json``
    cli: str | None = None  # its name on the command line, if it is offered there


ASK = Query(
    "ask",
    "ask a question: the answer quotes the articles, with sources",
    Argument("question", "your question about the articles"),
    cli="ask",
    discord_options=(Argument("private", "show the answer to you only"),),
    filtered=True,
    run=lambda engine, question, filters: engine.ask(question, filters),
    render=render_answer,
)
TIMELINE = Query(
    "timeline",
    "the dated events the articles report about a topic, in order",
    Argument("topic", "what the timeline is about, e.g. 'Aegis Ashore'"),
    cli="timeline",
    chat=True,
    filtered=True,
    run=lambda engine, topic, filters: engine.timeline(topic, filters),
    render=render_timeline,
)
FACTCHECK = Query(
    "factcheck",
    "whether the articles support or contradict a claim, with the quotes",
    Argument("claim", "a statement to check, e.g. 'Kishi and Miller spoke for 35 minutes'"),
    cli="check",
    chat=True,
    filtered=True,
    run=lambda engine, claim, filters: engine.factcheck(claim, filters),
    render=render_factcheck,
)
WHATSNEW = Query(
    "whatsnew",
    "what the articles report about a topic since a date, or since this channel last asked",
    Argument("topic", "what to follow, e.g. 'harbor expansion'; may say 'since March'"),
    cli="whatsnew",
    chat=True,
    filtered=True,
    # The terminal is one channel: the CLI and the chat share what it asked before.
    run=lambda engine, topic, filters: engine.whatsnew(topic, filters),
    render=render_whatsnew,
)
SOURCES = Query(
    "sources",
    "list the articles: title, date, passages",
    cli="sources",
    chat=True,
    run=lambda engine, _, __: engine.articles(),
    render=render_articles,
    as_json=lambda articles: [asdict(a) for a in articles],
)
SOURCE = Command(
    "source",
    "read one article (its text as indexed, without page furniture)",
    Argument("file", "the article's file name, as /sources lists it"),
)
REINDEX = Query(
    "reindex",
    "pick up new, changed and removed articles",
    chat=True,
    discord_note="Manage Server only",
    run=lambda engine, _, __: engine.refresh(),
    render=lambda report: report.summary(),
)
FEEDS = Command(
    "feeds",
    "the feeds I poll: last poll, articles added or merged, last error",
    discord_note="Manage Server only",
)
HELP = Command("help", "what I do and how to ask", chat=True)
QUIT = Command("quit", "leave (or Ctrl-D)", chat=True, discord=False)

COMMANDS = (ASK, TIMELINE, FACTCHECK, WHATSNEW, SOURCES, SOURCE, REINDEX, FEEDS, HELP, QUIT)
