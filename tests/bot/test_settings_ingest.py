"""The [ingest] settings (issue 11): the feeds to poll, how often, and whether the corpus
folder is watched, checked at start-up like every other section."""

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import IngestSettings, Settings, load_settings


def load(tmp_path: Path, toml: str) -> Settings:
    path = tmp_path / "newsdesk.toml"
    path.write_text(toml, encoding="utf-8")
    return load_settings(path)


def test_ingest_settings_are_read(tmp_path):
    settings = load(
        tmp_path,
        "[ingest]\nfeeds = ['https://example.com/rss.xml', 'feeds/local.atom']\n"
        "poll_minutes = 5\nwatch = false\nstate_dir = 'state'\n",
    )
    assert settings.ingest == IngestSettings(
        feeds=("https://example.com/rss.xml", "feeds/local.atom"),
        poll_minutes=5.0,
        watch=False,
        state_dir=Path("state"),
    )


def test_ingest_defaults_poll_nothing_and_watch_the_corpus():
    assert IngestSettings() == IngestSettings((), 30.0, True, Path(".newsdesk/ingest"))


@pytest.mark.parametrize(
    "toml, message",
    [
        ("feeds = 'https://example.com/rss.xml'", "[ingest] feeds must be a list of strings"),
        ("feeds = [1]", "[ingest] feeds must be a list of strings, not [1]"),
        ("feeds = ['a', ' ']", "[ingest] feeds must not hold an empty string"),
        ("poll_minutes = 0", "[ingest] poll_minutes must be more than 0, not 0.0"),
        ("poll_minutes = true", "[ingest] poll_minutes must be a number, not True"),
        ("watch = 1", "[ingest] watch must be true or false, not 1"),
        ("watch = 'yes'", "[ingest] watch must be true or false, not 'yes'"),
        ("state_dir = ''", "[ingest] state_dir must not be empty"),
        ("feed = []", "unknown setting(s) in [ingest]: feed"),
    ],
)
def test_a_bad_ingest_setting_names_its_key(tmp_path, toml, message):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, f"[ingest]\n{toml}\n")
    assert str(caught.value).startswith(message)
