"""The terminal session: the bot's commands, typed line by line."""

from __future__ import annotations

import sys
from typing import TextIO

from .engine import Engine
from .errors import NewsdeskError
from .render import (
    render_answer,
    render_articles,
    render_factcheck,
    render_timeline,
    terminal_safe,
)

HELP = """Type a question about the articles and press Enter. Commands:
  /timeline TOPIC     the dated events about a topic, in order
  /factcheck CLAIM    whether the articles support or contradict a claim
  /sources            list the articles
  /reindex            pick up new, changed and removed articles
  /help               this text
  /quit               leave (or Ctrl-D)"""


def run_chat(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    interactive = stdin.isatty()

    def say(text: str) -> None:
        # Rendered answers are safe already; commands and errors can echo what was typed.
        print(terminal_safe(text), file=stdout, flush=True)

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
        command, _, rest = line.partition(" ")
        try:
            if command in ("/quit", "/exit"):
                return 0
            elif command == "/help":
                say(HELP)
            elif command == "/timeline":
                say(render_timeline(engine.timeline(rest)))
            elif command == "/factcheck":
                say(render_factcheck(engine.factcheck(rest)))
            elif command == "/sources":
                say(render_articles(engine.articles()))
            elif command == "/reindex":
                say(engine.refresh().summary())
            elif command.startswith("/"):
                say(f"unknown command {command}; /help lists them")
            else:
                say(render_answer(engine.ask(line)))
        except NewsdeskError as exc:
            say(f"error: {exc}")
