"""Settings: one typed object, read from ``config/newsdesk.toml``.

Every key has a default, so a missing file is fine; an unreadable or invalid one is a
clear error. Secrets (the Discord token) never live here: see ``discord_token``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.errors import ConfigError

DEFAULT_CONFIG = Path("config/newsdesk.toml")


@dataclass(frozen=True)
class CorpusSettings:
    dir: Path = Path("seeds")


@dataclass(frozen=True)
class IndexSettings:
    dir: Path = Path(".newsdesk/index")


@dataclass(frozen=True)
class ModelSettings:
    name: str = "all-MiniLM-L6-v2"
    batch_size: int = 32


@dataclass(frozen=True)
class ChunkingSettings:
    max_words: int = 40


@dataclass(frozen=True)
class AnswerSettings:
    max_quotes: int = 3
    quote_margin: float = 0.2
    min_score: float = 0.45
    max_question_chars: int = 1000


@dataclass(frozen=True)
class DiscordSettings:
    # Sync commands to this guild only (instant, for development); 0 syncs globally.
    dev_guild_id: int = 0
    # Channel ids where mentions are answered; empty means every channel.
    channels: tuple[int, ...] = ()
    # "inline" replies to the message; "thread" answers in a thread started from it.
    reply_mode: str = "inline"
    # Each user may run this many answering commands per this many seconds.
    rate_limit_count: int = 5
    rate_limit_seconds: float = 60.0
    # Questions answered at the same time (the rest wait their turn).
    max_concurrent: int = 4
    # Where 👍/👎 votes on answers are appended, one JSON object per line.
    feedback_file: Path = Path(".newsdesk/feedback.jsonl")


@dataclass(frozen=True)
class Settings:
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    model: ModelSettings = field(default_factory=ModelSettings)
    chunking: ChunkingSettings = field(default_factory=ChunkingSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)

    def with_paths(self, corpus: str | None = None, index: str | None = None) -> Settings:
        """A copy with the corpus and/or index folder replaced (command-line overrides)."""
        return dataclasses.replace(
            self,
            corpus=CorpusSettings(Path(corpus)) if corpus else self.corpus,
            index=IndexSettings(Path(index)) if index else self.index,
        )


def _section(cls, name: str, data: object):
    if not isinstance(data, dict):
        raise ConfigError(f"[{name}] must be a table of settings")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{name}]: {', '.join(unknown)}")
    values = {}
    for key, value in data.items():
        default = getattr(cls(), key)
        kind = Path if isinstance(default, Path) else type(default)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is Path and isinstance(value, str):
            value = Path(value)
        if kind is tuple and isinstance(value, list):
            value = tuple(value)
        if not isinstance(value, kind) or isinstance(value, bool) != isinstance(default, bool):
            raise ConfigError(f"[{name}] {key} must be a {kind.__name__}, not {value!r}")
        values[key] = value
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
        for line in Path(".env").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "DISCORD_TOKEN":
                token = value.strip().strip("\"'")
    return token or None
