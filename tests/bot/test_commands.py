"""Each command is described once (bot/commands.py), and every front end shows that
description: the CLI's help, the terminal chat's /help, Discord's /help and slash commands."""

import re

import pytest

from bot.chat import HELP_TEXT as CHAT_HELP
from bot.cli import main
from bot.commands import COMMANDS, Query
from bot.discord_app import NewsdeskBot
from bot.discord_app.embeds import HELP_TEXT as DISCORD_HELP
from bot.settings import DiscordSettings


def words(text):
    return " ".join(text.split())


def test_the_cli_help_shows_each_command_line_query(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = words(capsys.readouterr().out)
    queries = [c for c in COMMANDS if isinstance(c, Query) and c.cli]
    assert {c.cli for c in queries} == {"ask", "timeline", "check", "whatsnew", "sources"}
    for command in queries:
        assert f"{command.cli} {command.help}" in shown


def test_the_chat_help_shows_each_chat_command():
    for command in COMMANDS:
        assert bool(re.search(rf"/{command.name}\b", CHAT_HELP)) == command.chat
        if command.chat:
            assert command.help in CHAT_HELP


def test_the_discord_help_shows_each_slash_command():
    for command in COMMANDS:
        assert (f"**/{command.name}**" in DISCORD_HELP) == command.discord
        if command.discord:
            assert command.help in DISCORD_HELP


async def test_slash_commands_carry_their_descriptions(fake_discord, run_bot, fake_engine):
    await run_bot(NewsdeskBot(fake_engine, DiscordSettings()))
    synced = {c["name"]: c for c in fake_discord.global_commands}
    described = {c.name: c for c in COMMANDS if c.discord}
    assert set(synced) == set(described)
    for name, command in described.items():
        assert synced[name]["description"] == command.description
        options = {o["name"]: o["description"] for o in synced[name].get("options", [])}
        assert options == command.option_descriptions
