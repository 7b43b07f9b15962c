"""The ``newsdesk`` command line: the queries described in ``bot/commands.py`` (ask,
timeline, check, sources), and the commands that run the program (index, add, chat, serve,
run, eval). The model and discord.py are imported only by the commands that need them, so that
``--help`` and argument errors answer at once."""

from __future__ import annotations

import argparse
import io
import logging
import os
import signal
import sys
from pathlib import Path

from .errors import NewsdeskError

log = logging.getLogger("newsdesk")


def _parser() -> argparse.ArgumentParser:
    from .commands import COMMANDS, FILTER_OPTIONS, Query

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="settings file (default: config/newsdesk.toml)")
    common.add_argument("--corpus", help="folder of articles (overrides [corpus] dir)")
    common.add_argument("--index", help="index folder (overrides [index] dir)")
    common.add_argument("-v", "--verbose", action="store_true", help="show debugging detail")
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print machine-readable JSON")

    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Answers questions about a folder of news articles, quoting them verbatim.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    index = commands.add_parser(
        "index", parents=[common, json_flag], help="build or update the index"
    )
    index.add_argument("--rebuild", action="store_true", help="re-embed every article")
    index.add_argument(
        "--ray",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="embed on Ray actors: a local Ray, or the cluster at ADDRESS (ray://HOST:10001, "
        "HOST:6379 or auto); needs pip install 'newsdesk[ray]'",
    )
    add = commands.add_parser(
        "add",
        parents=[common],
        help="add web pages and RSS/Atom feeds (URLs or files) or folders of them to the corpus",
    )
    add.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a URL, an .html/.htm/.xml/.rss/.atom file, or a folder of them",
    )
    for command in COMMANDS:
        if not isinstance(command, Query) or command.cli is None:
            continue
        query = commands.add_parser(command.cli, parents=[common, json_flag], help=command.help)
        if command.argument:
            query.add_argument(command.argument.name, help=command.argument.help)
        if command.filtered:
            for option in FILTER_OPTIONS:
                query.add_argument(f"--{option.name}", default="", help=option.help)
        query.set_defaults(query=command)
    commands.add_parser("chat", parents=[common], help="ask questions in the terminal")
    commands.add_parser("serve", parents=[common], help="run the Discord bot (needs DISCORD_TOKEN)")
    commands.add_parser(
        "run",
        parents=[common],
        help="the main job: the Discord bot if DISCORD_TOKEN is set, else chat",
    )
    evaluate = commands.add_parser("eval", parents=[common, json_flag], help="score eval cases")
    evaluate.add_argument("cases", type=Path, help="a .jsonl file of cases (shared/eval format)")
    return parser


def _settings(args):
    from .settings import load_settings

    return load_settings(args.config).with_paths(args.corpus, args.index)


def _engine(args):
    from .engine import Engine

    return Engine(_settings(args))


def _print_json(data) -> None:
    from .render import json_text

    print(json_text(data))


def _cmd_index(args) -> int:
    from contextlib import AbstractContextManager, nullcontext
    from dataclasses import asdict

    from embeddings.distributed import RayEncoder

    from .engine import Engine

    settings = _settings(args)
    progress = not args.json and sys.stderr.isatty()
    # With --ray only the build's embedding runs on Ray, started if something is embedded.
    ray: AbstractContextManager[RayEncoder | None] = (
        nullcontext()
        if args.ray is None
        else RayEncoder(
            settings.model.name,
            settings.model.batch_size,
            args.ray or None,
            runtime=settings.model.runtime,
            cache=settings.onnx_cache,
        )
    )
    with ray as encoder:
        report = Engine(settings, encoder).build_index(rebuild=args.rebuild, progress=progress)
    if args.json:
        _print_json(asdict(report))
    else:
        print(report.summary())
    return 0


def _cmd_add(args) -> int:
    """Each source's (and each feed entry's) outcome, each feed's, then the counts. Exit code
    1 when something was refused, so that scripts notice."""
    from embeddings.ingest import add

    from .render import terminal_safe

    settings = _settings(args)
    report = add(args.sources, settings.corpus.dir, settings.ingest.state_dir)
    for item in report.items:
        print(terminal_safe(f"{item.source}: {item.message}"))
    for feed in report.feeds:
        print(terminal_safe(feed.message))
    print(report.summary())
    return 1 if any(item.status == "refused" for item in report.items) else 0


def _cmd_query(args) -> int:
    """A command of ``bot/commands.py``: its engine call, printed as JSON (``--json``) or
    as its terminal renderer formats it for people."""
    from .filtering import NO_FILTERS

    command = args.query
    text = getattr(args, command.argument.name) if command.argument else ""
    engine = _engine(args)
    filters = (
        engine.filters(args.since, args.until, args.source) if command.filtered else NO_FILTERS
    )
    result = command.run(engine, text, filters)
    if args.json:
        _print_json(command.as_json(result))
    else:
        print(command.render(result))
    return 0


def _cmd_chat(args) -> int:
    from .chat import run_chat
    from .keeping import Keeper

    engine = _engine(args)
    engine.refresh(progress=sys.stderr.isatty())
    # A line that is not valid in the terminal's encoding arrives with its bad bytes as
    # lone surrogates, which the question check names, instead of ending the session.
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="surrogateescape")
    with Keeper(engine, engine.settings.ingest):  # feeds polled, the folder watched
        return run_chat(engine)


def _cmd_serve(args) -> int:
    from .discord_app import serve
    from .settings import load_settings

    return serve(load_settings(args.config).with_paths(args.corpus, args.index))


def _cmd_run(args) -> int:
    from .settings import discord_token

    return _cmd_serve(args) if discord_token() else _cmd_chat(args)


def _cmd_eval(args) -> int:
    from .evaluation import evaluate, load_cases

    cases = load_cases(args.cases)
    result = evaluate(_engine(args), cases)
    _print_json(result if args.json else result["metrics"])
    return 0


# The commands that run the program rather than ask the engine something; the others are
# described in ``bot/commands.py`` and run by ``_cmd_query``.
PROGRAM_COMMANDS = {
    "index": _cmd_index,
    "add": _cmd_add,
    "chat": _cmd_chat,
    "serve": _cmd_serve,
    "run": _cmd_run,
    "eval": _cmd_eval,
}


class _TerminalSafeFormatter(logging.Formatter):
    """Log lines quote file names from the corpus: show their control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        from .render import terminal_safe

        return terminal_safe(super().format(record))


def _quit_quietly_on_closed_pipe() -> int:
    """The reader of our output left (``newsdesk ask … | head``): stop without a word.

    Output still buffered would fail again when Python exits, so it is sent to /dev/null.
    """
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 128 + signal.SIGPIPE  # what a shell reports for a Unix tool ended by SIGPIPE


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(_TerminalSafeFormatter("newsdesk: %(levelname)s: %(message)s"))
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, handlers=[handler]
    )
    try:
        code = PROGRAM_COMMANDS.get(args.command, _cmd_query)(args)
        sys.stdout.flush()  # a closed pipe shows up here rather than as Python exits
        return code
    except BrokenPipeError:
        return _quit_quietly_on_closed_pipe()
    except NewsdeskError as exc:
        from .render import terminal_safe

        print(f"newsdesk: error: {terminal_safe(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a bug, reported without a traceback
        log.debug("internal error", exc_info=True)
        print(
            f"newsdesk: internal error: {type(exc).__name__}: {exc} (run with -v for details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
