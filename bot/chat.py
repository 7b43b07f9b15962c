"""The terminal session: the bot's commands, typed line by line."""

from __future__ import annotations

import sys
from typing import TextIO

from .commands import ASK, COMMANDS, HELP, QUIT, Command, Query
from .engine import Engine
from .errors import NewsdeskError
from .filtering import NO_FILTERS
from .render import terminal_safe

CHAT_COMMANDS = {command.name: command for command in COMMANDS if command.chat}


def _usage(command: Command) -> str:
    argument = f" {command.argument.name.upper()}" if command.argument else ""
    return f"  /{command.name}{argument}".ljust(22) + command.help


HELP_TEXT = "\n".join(
    ["Type a question about the articles and press Enter. Commands:"]
    + [_usage(command) for command in CHAT_COMMANDS.values()]
)


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
        word, _, rest = line.partition(" ")
        if word.startswith("/"):
            command, text = CHAT_COMMANDS.get("quit" if word == "/exit" else word[1:]), rest
        else:
            command, text = ASK, line
        if command is QUIT:
            return 0
        if command is HELP:
            say(HELP_TEXT)
        elif not isinstance(command, Query):
            say(f"unknown command {word}; /help lists them")
        else:
            try:
                say(command.render(command.run(engine, text, NO_FILTERS)))
            except NewsdeskError as exc:
                say(f"error: {exc}")
