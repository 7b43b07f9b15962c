"""Settings are checked at start-up, kinds and ranges, with the key named (issue 14,
items 12 and 13): a bad value is one clear line, never a wrong answer or a crash later."""

from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import ConfigError
from bot.settings import Settings, discord_token, load_settings


def load(tmp_path: Path, toml: str) -> Settings:
    path = tmp_path / "newsdesk.toml"
    path.write_text(toml, encoding="utf-8")
    return load_settings(path)


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[answer]\nmax_quotes = -1", "[answer] max_quotes must be between 1 and 10, not -1"),
        ("[answer]\nmax_quotes = 0", "[answer] max_quotes must be between 1 and 10, not 0"),
        ("[answer]\nmax_quotes = 11", "[answer] max_quotes must be between 1 and 10, not 11"),
        ("[answer]\nabstain_threshold = 5.0", "[answer] abstain_threshold must be between 0 and 1"),
        ("[answer]\nmax_words = 0", "[answer] max_words must be at least 1, not 0"),
        (
            "[answer]\nabstain_threshold = -0.5",
            "[answer] abstain_threshold must be between 0 and 1",
        ),
        (
            "[answer]\nabstain_threshold = nan",
            "[answer] abstain_threshold must be a number, not nan",
        ),
        ("[input]\nmax_chars = 0", "[input] max_chars must be at least 1"),
        (
            "[answer]\nmax_question_chars = 500",
            "[answer] max_question_chars is now [input] max_chars",
        ),
        ("[model]\nbatch_size = 0", "[model] batch_size must be at least 1, not 0"),
        ("[model]\nname = ''", "[model] name must not be empty"),
        (
            "[model]\nruntime = 'onnx-int4'",
            "[model] runtime must be one of 'torch', 'onnx', 'onnx-int8', not 'onnx-int4'",
        ),
        ("[chunking]\nmax_words = 0", "[chunking] max_words must be at least 1, not 0"),
        ("[discord]\nmax_concurrent = 0", "[discord] max_concurrent must be at least 1, not 0"),
        ("[discord]\nrate_limit_count = 0", "[discord] rate_limit_count must be at least 1"),
        ("[discord]\nrate_limit_seconds = 0", "[discord] rate_limit_seconds must be more than 0"),
        ("[discord]\nrate_limit_seconds = inf", "[discord] rate_limit_seconds must be a number"),
        ("[discord]\ndev_guild_id = -1", "[discord] dev_guild_id must be at least 0, not -1"),
        (
            "[discord]\nreply_mode = 'threads'",
            "[discord] reply_mode must be one of 'inline', 'thread', not 'threads'",
        ),
        ("[discord]\nfeedback_file = ''", "[discord] feedback_file must not be empty"),
        ("[corpus]\ndir = ''", "[corpus] dir must not be empty"),
        ("[corpus]\ndir = '  '", "[corpus] dir must not be empty"),
        ("[index]\ndir = ''", "[index] dir must not be empty"),
    ],
)
def test_a_value_out_of_range_names_its_key(tmp_path, toml, message):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, toml)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[model]\nbatch_size = '32'", "[model] batch_size must be an integer, not '32'"),
        ("[model]\nbatch_size = 1.5", "[model] batch_size must be an integer, not 1.5"),
        ("[model]\nbatch_size = true", "[model] batch_size must be an integer, not True"),
        (
            "[answer]\nabstain_threshold = 'high'",
            "[answer] abstain_threshold must be a number, not 'high'",
        ),
        (
            "[answer]\nabstain_threshold = false",
            "[answer] abstain_threshold must be a number, not False",
        ),
        ("[model]\nname = 3", "[model] name must be a string, not 3"),
        ("[corpus]\ndir = 3", "[corpus] dir must be a path, not 3"),
        ("[discord]\nchannels = 5", "[discord] channels must be a list of channel ids, not 5"),
        ("[discord]\nchannels = [0]", "[discord] channels must be a list of channel ids"),
        ("[discord]\nchannels = [1.5]", "[discord] channels must be a list of channel ids"),
        ("[discord]\nchannels = ['123']", "[discord] channels must be a list of channel ids"),
    ],
)
def test_a_value_of_the_wrong_kind_says_what_kind_is_wanted(tmp_path, toml, message):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, toml)
    assert str(caught.value).startswith(message)
    assert " a int" not in str(caught.value) and " a float" not in str(caught.value)


def test_channel_names_instead_of_ids_say_how_to_find_an_id(tmp_path):
    with pytest.raises(ConfigError, match="channels holds names") as caught:
        load(tmp_path, "[discord]\nchannels = ['general', 123]")
    assert "'general'" in str(caught.value) and "Copy Channel ID" in str(caught.value)


def test_feedback_file_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "votes").mkdir()
    with pytest.raises(ConfigError, match=r"\[discord\] feedback_file must be a file, not"):
        load(tmp_path, f"[discord]\nfeedback_file = '{tmp_path / 'votes'}'")


def test_values_at_the_edges_of_their_ranges_are_accepted(tmp_path):
    settings = load(
        tmp_path,
        "[answer]\nmax_quotes = 10\nabstain_threshold = 0\n"
        "[discord]\nrate_limit_count = 1\nrate_limit_seconds = 30\nmax_concurrent = 1\n"
        "channels = [123456789012345678]\nreply_mode = 'thread'\n",
    )
    assert settings.answer.max_quotes == 10 and settings.answer.abstain_threshold == 0.0
    assert settings.discord.rate_limit_seconds == 30.0
    assert settings.discord.channels == (123456789012345678,)


@pytest.mark.parametrize("flag", ["--corpus", "--index"])
def test_an_empty_path_on_the_command_line_is_refused(flag):
    override = {flag.removeprefix("--"): ""}
    with pytest.raises(ConfigError, match=f"^{flag} must not be empty"):
        Settings().with_paths(**override)


def test_cli_refuses_an_empty_corpus_with_one_line(config_file, capsys):
    # Before: `--corpus ""` was silently ignored and the config's corpus answered.
    code = main(["ask", "Who approved the harbor?", "--config", str(config_file), "--corpus", ""])
    err = capsys.readouterr().err
    assert code == 2 and err == "newsdesk: error: --corpus must not be empty\n"


def test_cli_refuses_an_empty_corpus_dir_in_the_config(tmp_path, capsys):
    # Before: `dir = ""` meant the working directory, which was indexed.
    config = tmp_path / "newsdesk.toml"
    config.write_text("[corpus]\ndir = ''\n[model]\nname = 'hashing'\n")
    code = main(["sources", "--config", str(config), "--index", str(tmp_path / "index")])
    assert code == 2
    assert capsys.readouterr().err == "newsdesk: error: [corpus] dir must not be empty\n"


def test_a_non_utf8_env_file_is_one_clear_line(tmp_path, monkeypatch, config_file, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    (tmp_path / ".env").write_bytes(b"DISCORD_TOKEN=abc\xff\xfe.def\n")
    with pytest.raises(ConfigError, match=r"^\.env is not UTF-8 text"):
        discord_token()
    assert main(["run", "--config", str(config_file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: error: .env is not UTF-8") and err.count("\n") == 1
    assert "abc" not in err  # nothing of the token is echoed
