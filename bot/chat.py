"""The terminal session: the bot's commands, typed line by line. The session is one
conversation (``conversation.py``): after a question, "why?", "what about 2021?", "more"
and "source?" are read against it."""

from __future__ import annotations

import sys
from typing import TextIO

from .commands import ASK, COMMANDS, HELP, QUIT, Command, Query
from .conversation import ArticleText, Conversations, Reply, follow
from .engine import Engine
from .errors import NewsdeskError
from .filtering import NO_FILTERS
from .render import render_answer, terminal_safe

# The one conversation of a terminal session, in its store.
SESSION = "terminal"

CHAT_COMMANDS = {command.name: command for command in COMMANDS if command.chat}


def _usage(command: Command) -> str:
    argument = f" {command.argument.name.upper()}" if command.argument else ""
    return f"  /{command.name}{argument}".ljust(22) + command.help


HELP_TEXT = "\n".join(
    [
        "Type a question about the articles and press Enter. Then follow it up: 'why?',",
        "'what about 2021?', 'and Kono?', 'more' (the next quotes), 'source?' (the article).",
        "Commands:",
    ]
    + [_usage(command) for command in CHAT_COMMANDS.values()]
)


def render_article(article: ArticleText) -> str:
    """An article's kept paragraphs, numbered as quotes cite them."""
    info = article.info
    lines = [f"{info.title}", f"{info.name} · {info.published or 'date unknown'}"]
    lines += [f"\n¶{number} {text}" for number, text in article.paragraphs]
    return "\n".join(lines)


def render_reply(reply: Reply) -> str:
    body = render_article(reply.article) if reply.article else render_answer(reply.answer)
    return f"{reply.heading}\n\n{body}" if reply.heading else body


def run_chat(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    interactive = stdin.isatty()

    def say(text: str) -> None:
        # Rendered answers are safe already; commands and errors can echo what was typed.
        print(terminal_safe(text), file=stdout, flush=True)

    conversations = Conversations(limit=1)
    articles = engine.articles()
    folder = engine.settings.corpus.dir
    say(f"newsdesk: {len(articles)} articles loaded from {folder}. /help for help.")
    while True:
        if interactive:
            stdout.write("\nnewsdesk> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        if word.startswith("/"):
            command, text = CHAT_COMMANDS.get("quit" if word == "/exit" else word[1:]), rest
        else:
            command, text = ASK, line
        if command is QUIT:
            return 0
        if command is HELP:
            say(HELP_TEXT)
        elif command is ASK:
            try:
                reply = follow(engine, conversations.last(SESSION), text)
            except NewsdeskError as exc:
                say(f"error: {exc}")
            else:
                conversations.add(SESSION, reply.turn)
                say(render_reply(reply))
        elif not isinstance(command, Query):
            say(f"unknown command {word}; /help lists them")
        else:
            try:
                say(command.render(command.run(engine, text, NO_FILTERS)))
            except NewsdeskError as exc:
                say(f"error: {exc}")
