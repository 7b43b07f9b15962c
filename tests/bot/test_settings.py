import dataclasses

from bot.settings import IndexSettings, Settings, discord_token, load_settings
from tests.helpers import ROOT


def test_shipped_config_holds_the_defaults():
    assert load_settings(ROOT / "config" / "newsdesk.toml") == Settings()


def test_command_line_paths_override(tmp_path):
    settings = Settings().with_paths(corpus=str(tmp_path), index=None)
    assert settings.corpus.dir == tmp_path and settings.index == Settings().index


def test_an_index_folder_from_the_command_line_keeps_the_other_index_settings(tmp_path):
    settings = dataclasses.replace(Settings(), index=IndexSettings(approximate_from=7))
    moved = settings.with_paths(index=str(tmp_path))
    assert moved.index == IndexSettings(dir=tmp_path, approximate_from=7)


def test_token_from_environment_only(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert discord_token() is None
    (tmp_path / ".env").write_text("OTHER=1\nDISCORD_TOKEN='abc.def'\n")
    assert discord_token() == "abc.def"
    monkeypatch.setenv("DISCORD_TOKEN", " xyz ")
    assert discord_token() == "xyz"
