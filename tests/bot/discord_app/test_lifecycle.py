"""How the bot starts and how its buttons age (issue 9, items 1, 4 and 6): cogs loaded as
extensions, the model ready before the first question, buttons that expire looking expired
and votes that outlive the view and the bot. Through the real discord.py against the fake
Discord server."""

import ast
import json
import sys
import threading
from pathlib import Path

import pytest

from bot.answers import Answer
from bot.discord_app import NewsdeskBot, cogs, views
from bot.engine import Engine
from bot.settings import DiscordSettings
from embeddings import HashingEncoder
from tests.bot.discord_app.helpers import QUESTION, buttons, embed_of, long_answer, quote

COGS = Path(cogs.__file__).parent
PAGES = {"page:previous", "page:next"}


@pytest.fixture
def discord_settings(tmp_path):
    return DiscordSettings(feedback_file=tmp_path / "feedback.jsonl")


@pytest.fixture
async def newsdesk(fake_discord, run_bot, fake_engine, discord_settings):
    bot = NewsdeskBot(fake_engine, discord_settings)
    await run_bot(bot)
    return bot


def votes_of(settings):
    return [json.loads(line) for line in settings.feedback_file.read_text().splitlines()]


async def ask(fake_discord, question=QUESTION):
    return await (await fake_discord.slash("ask", {"question": question})).wait_response()


# --- item 1: cogs as extensions ---------------------------------------------------------------


async def test_every_cog_module_is_loaded_as_an_extension(newsdesk):
    modules = {f"bot.discord_app.cogs.{p.stem}" for p in COGS.glob("*.py")} - {
        "bot.discord_app.cogs.__init__"
    }
    assert set(newsdesk.extensions) == modules


def test_no_cog_imports_the_bot_when_it_runs():
    """The bot loads the cogs by name; a cog names the bot's class for typing only."""

    def runtime_imports(path):
        tree = ast.parse(path.read_text())
        typing_only = {
            id(node)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
            for node in ast.walk(block)
        }
        return {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and id(node) not in typing_only
        }

    for path in COGS.glob("*.py"):
        assert "client" not in runtime_imports(path), path.name
    client = runtime_imports(COGS.parent / "client.py")
    assert not any(module.startswith("cogs.") for module in client if module)


async def test_a_new_cog_file_is_a_new_command(fake_discord, run_bot, fake_engine, tmp_path):
    (tmp_path / "ping.py").write_text(
        "from discord import app_commands\n"
        "from discord.ext import commands\n\n\n"
        "class PingCog(commands.Cog):\n"
        "    @app_commands.command(description='Answer pong')\n"
        "    async def ping(self, interaction):\n"
        "        await interaction.response.send_message('pong')\n\n\n"
        "async def setup(bot):\n"
        "    await bot.add_cog(PingCog())\n"
    )
    path = [*cogs.__path__, str(tmp_path)]
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cogs, "__path__", path)
            await run_bot(NewsdeskBot(fake_engine, DiscordSettings()))
        response = await (await fake_discord.slash("ping")).wait_response()
    finally:
        sys.modules.pop("bot.discord_app.cogs.ping", None)
    assert response["content"] == "pong"


# --- item 6: the model is ready before the first question --------------------------------------


class WatchedEncoder(HashingEncoder):
    """The hashing encoder, noting the thread of each use (its first is the model's load)."""

    def __init__(self):
        super().__init__()
        self.threads = []

    def encode(self, texts, progress=False):
        self.threads.append(threading.current_thread().name)
        return super().encode(texts, progress)


async def test_the_model_and_index_are_loaded_before_ready(
    fake_discord, run_bot, fake_settings, discord_settings
):
    Engine(fake_settings, HashingEncoder()).build_index()  # a restart: the index is built
    encoder = WatchedEncoder()
    engine = Engine(fake_settings, encoder)
    await run_bot(NewsdeskBot(engine, discord_settings))
    # Loaded while starting, in the engine's thread pool (never on the event loop).
    assert encoder.threads and all(name.startswith("engine") for name in encoder.threads)
    loads = len(encoder.threads)
    await ask(fake_discord)
    assert len(encoder.threads) == loads + 1  # the question itself, nothing more


# --- item 4: buttons that expire look expired; votes outlive the view and the bot -------------


async def test_expired_page_buttons_are_disabled_and_votes_still_count(
    fake_discord, newsdesk, fake_engine, discord_settings, monkeypatch
):
    monkeypatch.setattr(views, "TIMEOUT", 0.3)
    fake_engine.ask = long_answer
    response = await ask(fake_discord)
    assert buttons(response) == {
        "page:previous": True,  # on the first page
        "page:next": False,
        "vote:up": False,
        "vote:down": False,
        "follow-up": False,
    }
    message = fake_discord.world.messages[int(response["id"])]
    await fake_discord.wait_until(
        lambda: all(buttons(message)[p] for p in PAGES), 3, "the page buttons to be disabled"
    )
    expired = fake_discord.world.messages[int(response["id"])]
    assert not buttons(expired)["vote:up"] and not buttons(expired)["vote:down"]
    thanks = await (await fake_discord.click(expired, "vote:up")).wait_response()
    assert "Thanks" in thanks["content"]
    [vote] = votes_of(discord_settings)
    assert vote["question"] == QUESTION and vote["vote"] == "up"
    assert [q["source"] for q in vote["quotes"]] == ["a1.txt", "a2.txt", "a3.txt"]  # page 1


async def test_votes_and_pages_after_a_restart(
    fake_discord, run_bot, fake_engine, discord_settings
):
    first = NewsdeskBot(fake_engine, discord_settings)
    await run_bot(first)
    fake_engine.ask = long_answer
    answer = await ask(fake_discord)
    await first.close()
    await run_bot(NewsdeskBot(fake_engine, discord_settings))  # the bot restarted

    thanks = await (await fake_discord.click(answer, "vote:down")).wait_response()
    assert "Thanks" in thanks["content"]
    [vote] = votes_of(discord_settings)
    assert vote["question"] == QUESTION and vote["vote"] == "down"
    assert vote["quotes"][0] == {
        "source": "a1.txt",
        "paragraph": 1,
        "text": "The council met again. " * 40,
    }
    # The pages were in the old bot's memory: a click on ▶ shows that they are gone.
    click = await fake_discord.click(answer, "page:next")
    edited = await click.wait_response()
    assert click.ack_type == 7 and all(buttons(edited)[p] for p in PAGES)
    assert embed_of(edited) == embed_of(answer)  # still the first page
    assert not buttons(edited)["vote:up"]


async def test_page_buttons_page_their_own_message(fake_discord, newsdesk, fake_engine):
    fake_engine.ask = long_answer
    older = await ask(fake_discord, "What did the council do?")
    await ask(fake_discord, "When did the council meet?")
    edited = await (await fake_discord.click(older, "page:next")).wait_response()
    assert edited["id"] == older["id"] and embed_of(edited)["title"] == "What did the council do?"
    assert embed_of(edited)["footer"]["text"].endswith("Page 2/3")


async def test_a_vote_on_an_abstention_records_no_quotes(
    fake_discord, newsdesk, fake_engine, discord_settings
):
    fake_engine.ask = lambda q, filters=None: Answer(
        q, (), True, 0.1, "they never mention x", (quote("A."),)
    )
    response = await ask(fake_discord, "What about *x*?")
    await (await fake_discord.click(response, "vote:down")).wait_response()
    [vote] = votes_of(discord_settings)
    assert vote["abstained"] and vote["quotes"] == [] and vote["question"] == "What about *x*?"
