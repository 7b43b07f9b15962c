"""Settings: one typed object, read from ``config/newsdesk.toml``.

Every key has a default, so a missing file is fine; an unreadable or invalid one is a
clear error. Values are checked at start-up, not just typed: each has a kind (the kind of
its default) and may declare a ``Rule`` in its field's metadata; a bad value is refused
with its key named (``[answer] max_quotes must be between 1 and 10, not -1``).
Secrets (the Discord token) never live here: see ``discord_token``.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args, get_type_hints

from embeddings.backends import Backend, BackendName
from embeddings.encoders import RUNTIMES, Runtime

from .errors import ConfigError

DEFAULT_CONFIG = Path("config/newsdesk.toml")

ReplyMode = Literal["inline", "thread"]


@dataclass(frozen=True)
class Rule:
    """The values a setting may take, beyond its kind."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False  # ``low`` itself is not allowed
    high_open: bool = False  # ``high`` itself is not allowed
    choices: tuple[str, ...] = ()
    file: bool = False  # a path that must not be an existing folder

    def allows(self, value) -> bool:
        if self.choices:
            return value in self.choices
        low_ok = self.low is None or (value > self.low if self.low_open else value >= self.low)
        high_ok = self.high is None or (value < self.high if self.high_open else value <= self.high)
        return low_ok and high_ok

    def describe(self) -> str:
        if self.choices:
            return "one of " + ", ".join(map(repr, self.choices))
        if None not in (self.low, self.high) and not (self.low_open or self.high_open):
            return f"between {self.low} and {self.high}"
        bounds = []
        if self.low is not None:
            bounds.append(f"{'more than' if self.low_open else 'at least'} {self.low}")
        if self.high is not None:
            bounds.append(f"{'less than' if self.high_open else 'at most'} {self.high}")
        return " and ".join(bounds)


def rule(**bounds) -> dict:
    """Field metadata declaring a ``Rule``: ``field(default=3, metadata=rule(low=1))``."""
    return {"rule": Rule(**bounds)}


@dataclass(frozen=True)
class CorpusSettings:
    dir: Path = Path("seeds")


@dataclass(frozen=True)
class IndexSettings:
    dir: Path = Path(".newsdesk/index")
    # From this many passages on, the vectors get an approximate (HNSW) index instead of a
    # flat one; 0 keeps them flat. Set by benchmark 11 (see config/newsdesk.toml).
    approximate_from: int = field(default=100_000, metadata=rule(low=0))
    # Where vectors are kept and searched: "faiss" embedded (the default), or "qdrant".
    backend: BackendName = field(default="faiss", metadata=rule(choices=get_args(BackendName)))
    # Qdrant: a server's url (its API key from QDRANT_API_KEY in the environment), or with
    # no url qdrant-client's local mode in this folder ("": a "qdrant" folder in `dir`).
    qdrant_url: str = ""
    qdrant_path: str = ""
    # The Qdrant collection; "": one per index folder, so one per corpus.
    collection: str = ""

    def backend_config(self) -> Backend:
        """Where the index's vectors are searched, as the core takes it."""
        return Backend(
            self.backend,
            Path(self.qdrant_path) if self.qdrant_path else None,
            self.qdrant_url or None,
            os.environ.get("QDRANT_API_KEY") or None,
            self.collection,
        )


@dataclass(frozen=True)
class ModelSettings:
    name: str = "all-MiniLM-L6-v2"
    batch_size: int = field(default=32, metadata=rule(low=1))
    # What runs the model: "torch", or ONNX Runtime on a local export ("onnx", "onnx-int8";
    # pip install 'newsdesk[onnx]'). See config/newsdesk.toml for the measured choice.
    runtime: Runtime = field(default="torch", metadata=rule(choices=RUNTIMES))


@dataclass(frozen=True)
class ChunkingSettings:
    max_words: int = field(default=40, metadata=rule(low=1))


@dataclass(frozen=True)
class AnswerSettings:
    max_quotes: int = field(default=3, metadata=rule(low=1, high=10))
    # The quotes shown stay within this many words (a first quote longer than that is
    # shown whole); 120 is the budget the answer model's selection was chosen for.
    max_words: int = field(default=120, metadata=rule(low=1))
    # Abstain below this probability that the quotes answer; chosen on SQuAD 2.0
    # validation by scripts/train_answers.py (see config/newsdesk.toml).
    abstain_threshold: float = field(default=0.25, metadata=rule(low=0, high=1))


@dataclass(frozen=True)
class InputSettings:
    # Questions, timeline topics and claims longer than this are refused: far past any real
    # question, short enough that embedding one never holds up the others.
    max_chars: int = field(default=1000, metadata=rule(low=1))


@dataclass(frozen=True)
class DiscordSettings:
    # Sync commands to this guild only (instant, for development); 0 syncs globally.
    dev_guild_id: int = field(default=0, metadata=rule(low=0))
    # Channel ids where mentions are answered; empty means every channel.
    channels: tuple[int, ...] = ()
    # "inline" replies to the message; "thread" answers in a thread started from it.
    reply_mode: ReplyMode = field(default="inline", metadata=rule(choices=get_args(ReplyMode)))
    # Each user may run this many answering commands per this many seconds.
    rate_limit_count: int = field(default=5, metadata=rule(low=1))
    rate_limit_seconds: float = field(default=60.0, metadata=rule(low=0, low_open=True))
    # Questions answered at the same time (the rest wait their turn).
    max_concurrent: int = field(default=4, metadata=rule(low=1))
    # Gateway connections: 1 for one (enough below 2,500 servers), N for N shards in this
    # process, 0 for as many as Discord recommends (discord.py's AutoShardedBot).
    shard_count: int = field(default=1, metadata=rule(low=0))
    # Where 👍/👎 votes on answers are appended, one JSON object per line.
    feedback_file: Path = field(default=Path(".newsdesk/feedback.jsonl"), metadata=rule(file=True))


@dataclass(frozen=True)
class IngestSettings:
    # Feeds (RSS or Atom; URLs or files) that `run`, `serve` and `chat` poll for new articles.
    feeds: tuple[str, ...] = ()
    # Minutes between two polls of a feed.
    poll_minutes: float = field(default=30.0, metadata=rule(low=0, low_open=True))
    # Pick up articles added to, changed in or removed from the corpus folder within seconds.
    watch: bool = True
    # What ingest remembers between runs: URLs and texts seen, feeds' polls and errors.
    state_dir: Path = Path(".newsdesk/ingest")


@dataclass(frozen=True)
class Settings:
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    model: ModelSettings = field(default_factory=ModelSettings)
    chunking: ChunkingSettings = field(default_factory=ChunkingSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    input: InputSettings = field(default_factory=InputSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)

    @property
    def onnx_cache(self) -> Path:
        """Where the ONNX runtimes keep their export of the model: next to the index (the
        export is keyed by the model's files and library versions, so indexes may share it)."""
        return self.index.dir.parent / "onnx"

    def with_paths(self, corpus: str | None = None, index: str | None = None) -> Settings:
        """A copy with the corpus and/or index folder replaced (command-line overrides).

        An empty one is refused: ignoring it, or reading it as the working directory,
        would both surprise."""
        return dataclasses.replace(
            self,
            corpus=self.corpus if corpus is None else CorpusSettings(_path(corpus, "--corpus")),
            index=(
                self.index
                if index is None
                else dataclasses.replace(self.index, dir=_path(index, "--index"))
            ),
        )


# Settings that were renamed: a file still using the old name is told the new one.
RENAMED = {("answer", "max_question_chars"): "[input] max_chars"}

# What each kind of setting is called in messages ("must be an integer", never "a int").
# Lists are told apart by what they hold, as their type hints say.
KIND_NAMES: dict[object, str] = {
    int: "an integer",
    float: "a number",
    str: "a string",
    bool: "true or false",
    Path: "a path",
    tuple[int, ...]: "a list of channel ids",  # [discord] channels
    tuple[str, ...]: "a list of strings",  # [ingest] feeds
}


def _text(value: str, where: str) -> str:
    if not value.strip():
        raise ConfigError(f"{where} must not be empty")
    return value


def _path(value: str, where: str) -> Path:
    return Path(_text(value, where))  # Path("") would quietly be the working directory


def _channel_ids(values: list, where: str) -> tuple[int, ...]:
    names = [v for v in values if isinstance(v, str) and not v.isdigit()]
    if names:
        raise ConfigError(
            f"{where} holds names ({', '.join(map(repr, names))}); use channel ids: "
            "right-click a channel > Copy Channel ID (with Developer Mode on in Discord)"
        )
    if not all(type(v) is int and v > 0 for v in values):
        kind = KIND_NAMES[tuple[int, ...]]
        raise ConfigError(f"{where} must be {kind} (numbers, without quotes), not {values!r}")
    return tuple(values)


def _texts(values: list, where: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where} must be {KIND_NAMES[tuple[str, ...]]}, not {values!r}")
    if not all(v.strip() for v in values):
        raise ConfigError(f"{where} must not hold an empty string")
    return tuple(values)


def _typed(value: object, kind: object, where: str) -> object:
    """``value`` as a setting of ``kind``: TOML's ints are numbers too, its strings paths
    and its lists tuples; a boolean is never a number (as it would be to Python)."""
    if kind is bool and isinstance(value, bool):
        return value
    if not isinstance(value, bool):
        if kind is float and isinstance(value, int | float) and math.isfinite(value):
            return float(value)
        if kind is Path and isinstance(value, str):
            return _path(value, where)
        if kind == tuple[int, ...] and isinstance(value, list):
            return _channel_ids(value, where)
        if kind == tuple[str, ...] and isinstance(value, list):
            return _texts(value, where)
        if kind is int and isinstance(value, int):
            return value
        if kind is str and isinstance(value, str):
            return _text(value, where)
    raise ConfigError(f"{where} must be {KIND_NAMES[kind]}, not {value!r}")


def _checked(value: object, wanted: Rule | None, where: str) -> object:
    if wanted is None:
        return value
    if wanted.file:
        assert isinstance(value, Path), "only path settings declare a file rule"
        if value.is_dir():
            raise ConfigError(f"{where} must be a file, not the folder {value}")
    elif not wanted.allows(value):
        raise ConfigError(f"{where} must be {wanted.describe()}, not {value!r}")
    return value


def _section(cls, name: str, data: object):
    if not isinstance(data, dict):
        raise ConfigError(f"[{name}] must be a table of settings")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = get_type_hints(cls)
    for key in data:
        if (name, key) in RENAMED:
            raise ConfigError(f"[{name}] {key} is now {RENAMED[name, key]}; rename it there")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{name}]: {', '.join(unknown)}")
    values = {}
    for key, raw in data.items():
        where, default = f"[{name}] {key}", fields[key].default
        kind = Path if isinstance(default, Path) else type(default)
        if kind is tuple:
            kind = hints[key]  # tuple[int, ...] or tuple[str, ...]
        values[key] = _checked(_typed(raw, kind, where), fields[key].metadata.get("rule"), where)
    return cls(**values)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from ``path`` (default: config/newsdesk.toml if it exists)."""
    if path is None:
        if not DEFAULT_CONFIG.exists():
            return Settings()
        path = DEFAULT_CONFIG
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    sections = {f.name: f.default_factory for f in dataclasses.fields(Settings)}
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"unknown section(s) in {path}: {', '.join(unknown)}")
    return Settings(
        **{name: _section(cls, name, data[name]) for name, cls in sections.items() if name in data}
    )


def discord_token() -> str | None:
    """The bot token, from the environment only (a git-ignored .env file is read too)."""
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token and Path(".env").exists():
        try:
            # utf-8-sig: editors on Windows may start the file with a byte-order mark.
            text = Path(".env").read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            # Never the bytes themselves: the file holds secrets.
            raise ConfigError(
                f".env is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
            ) from None
        except OSError as exc:
            raise ConfigError(f"cannot read .env: {exc.strerror}") from None
        for line in text.splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "DISCORD_TOKEN":
                token = value.strip().strip("\"'")
    return token or None
