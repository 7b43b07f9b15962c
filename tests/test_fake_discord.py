"""The fake Discord server, exercised by a tiny inline bot running on the real discord.py."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fake_discord import BotRunner, FakeDiscord
from tests.fake_discord.limits import check_message

NO_PINGS = {"parse": []}
GLOBAL_SYNC = "PUT /applications/{application_id}/commands"
GUILD_SYNC = "PUT /applications/{application_id}/guilds/{guild_id}/commands"


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Useful", style=discord.ButtonStyle.success, custom_id="vote:yes")
    async def yes(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        button.disabled = True
        await interaction.response.edit_message(
            content=f"Thanks, {interaction.user.name}!", view=self
        )


def make_bot(*, late_by: float = 0.0) -> commands.Bot:
    """A tiny bot; NOT the newsdesk bot. ``late_by`` is how long /late sleeps before answering."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(
        command_prefix=commands.when_mentioned,
        intents=intents,
        help_command=None,
        allowed_mentions=discord.AllowedMentions.none(),
    )
    bot.double_results = []  # type: ignore[attr-defined]

    @bot.tree.command(description="Defer, then answer in a followup")
    async def slow(interaction: discord.Interaction, question: str) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send(f"Answer to {question}")

    @bot.tree.command(description="Answer at once with an embed")
    async def card(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="Harbor deal signed", description="Portville approved it.")
        embed.add_field(name="Source", value="alpha.txt")
        await interaction.response.send_message(embed=embed)

    @bot.tree.command(description="Ask whether the answer helped")
    async def vote(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Was this useful?", view=VoteView())

    @bot.tree.command(description="Answers after the deadline")
    async def late(interaction: discord.Interaction) -> None:
        await asyncio.sleep(late_by)
        await interaction.response.send_message("Sorry for the wait")

    @bot.tree.command(description="Acknowledges twice at the same time")
    async def double(interaction: discord.Interaction) -> None:
        bot.double_results = await asyncio.gather(  # type: ignore[attr-defined]
            interaction.response.defer(),
            interaction.response.send_message("twice"),
            return_exceptions=True,
        )

    @bot.tree.command(description="Defers, deletes the deferral, then sends a followup")
    async def retract(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.delete_original_response()
        try:
            await interaction.followup.send("too late", ephemeral=True)
        except discord.HTTPException as error:
            bot.retract_error = error  # type: ignore[attr-defined]

    @bot.tree.command(description="Sends a followup without acknowledging first")
    async def eager(interaction: discord.Interaction) -> None:
        await interaction.followup.send("too early")

    async def topics(interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
        names = ["harbor", "rail strike", "election"]
        return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

    @bot.tree.command(description="Find articles on a topic")
    @app_commands.autocomplete(topic=topics)
    async def find(interaction: discord.Interaction, topic: str) -> None:
        await interaction.response.send_message(f"Articles on {topic}")

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot or bot.user not in message.mentions:
            return
        text = message.content.replace(bot.user.mention, "").strip()
        if text.startswith("thread"):
            thread = await message.create_thread(name="Discussion")
            await thread.send("Let's talk here.")
        else:
            await message.reply(f"You said: {text}")

    return bot


@pytest.fixture
async def bot(run_bot: BotRunner) -> commands.Bot:
    client = make_bot()
    await run_bot(client)
    return client


async def test_slash_command_defers_then_sends_followup(fake_discord: FakeDiscord, bot) -> None:
    handle = await fake_discord.slash("slow", {"question": "the harbor"})

    ack = await handle.wait_ack()
    response = await handle.wait_response()

    assert ack == {"type": 5}
    assert handle.ack_latency < fake_discord.ack_deadline
    assert response["content"] == "Answer to the harbor"
    # After a deferral the first followup edits the "thinking" message.
    assert response["id"] == handle.original["id"]
    assert handle.followups == [response]


async def test_slash_command_responds_immediately_with_an_embed(
    fake_discord: FakeDiscord, bot
) -> None:
    handle = await fake_discord.slash("card")

    ack = await handle.wait_ack()
    response = await handle.wait_response()

    assert ack["type"] == 4
    [embed] = response["embeds"]
    assert embed["title"] == "Harbor deal signed"
    assert embed["fields"] == [{"name": "Source", "value": "alpha.txt", "inline": True}]
    assert response["interaction_metadata"]["name"] == "card"


async def test_mention_is_answered_with_a_reply(fake_discord: FakeDiscord, bot) -> None:
    question = await fake_discord.message("what happened in Portville?", user="bob")

    reply = await fake_discord.wait_for_reply(question)

    assert reply["content"] == "You said: what happened in Portville?"
    assert reply["message_reference"]["message_id"] == question["id"]
    assert reply["type"] == 19  # REPLY
    assert reply["mentions"] == []  # allowed_mentions kept the reply from pinging bob


async def test_button_click_updates_the_message(fake_discord: FakeDiscord, bot) -> None:
    question = await (await fake_discord.slash("vote")).wait_response()

    click = await fake_discord.click(question, "vote:yes", user="bob")

    assert (await click.wait_ack())["type"] == 7
    updated = await click.wait_response()
    assert updated["id"] == question["id"]
    assert updated["content"] == "Thanks, bob!"
    assert updated["components"][0]["components"][0]["disabled"] is True


async def test_allowed_mentions_of_every_message_are_recorded(
    fake_discord: FakeDiscord, bot
) -> None:
    await (await fake_discord.slash("card")).wait_response()
    await (await fake_discord.slash("slow", {"question": "rail"})).wait_response()
    await fake_discord.wait_for_reply(await fake_discord.message("hello"))

    assert len(fake_discord.allowed_mentions) == 3
    assert all(mentions == NO_PINGS for mentions in fake_discord.allowed_mentions)


async def test_message_over_2000_characters_is_rejected(fake_discord: FakeDiscord, bot) -> None:
    channel = bot.get_channel(fake_discord.channel_id)

    with pytest.raises(discord.HTTPException) as error:
        await channel.send("x" * 2001)

    assert error.value.status == 400
    assert error.value.code == 50035
    assert "Must be 2000 or fewer in length." in str(error.value)
    assert fake_discord.violations == [
        f"POST /channels/{fake_discord.channel_id}/messages: content:"
        " Must be 2000 or fewer in length. (got 2001)"
    ]
    fake_discord.violations.clear()
    assert await channel.send("x" * 2000)


async def test_second_acknowledgement_is_rejected(fake_discord: FakeDiscord, bot) -> None:
    handle = await fake_discord.slash("double")

    await fake_discord.wait_until(lambda: bot.double_results, 2.0, "both acknowledgements")

    assert [c.status for c in handle.callbacks] == [200, 400]
    assert handle.callbacks[1].response["code"] == 40060
    [rejected] = [r for r in bot.double_results if isinstance(r, Exception)]
    assert isinstance(rejected, discord.HTTPException) and rejected.code == 40060
    assert len(fake_discord.violations) == 1
    assert "acknowledged twice" in fake_discord.violations[0]
    fake_discord.violations.clear()


async def test_late_acknowledgement_is_rejected(fake_discord: FakeDiscord, run_bot) -> None:
    fake_discord.ack_deadline = 0.2  # or @pytest.mark.fake_discord(ack_deadline=0.2)
    await run_bot(make_bot(late_by=0.3))

    handle = await fake_discord.slash("late")
    await fake_discord.wait_until(lambda: handle.callbacks, 2.0, "the late callback")
    await fake_discord.wait_until(lambda: run_bot.errors, 2.0, "the command to fail")

    assert handle.callbacks[0].status == 404
    assert handle.callbacks[0].response == {"message": "Unknown interaction", "code": 10062}
    assert not handle.acknowledged
    [error] = run_bot.errors
    assert isinstance(error, app_commands.CommandInvokeError)
    assert isinstance(error.original, discord.NotFound) and error.original.code == 10062
    assert "acknowledged after 0.3" in handle.violations[0]
    run_bot.errors.clear()
    fake_discord.violations.clear()


async def test_followup_before_acknowledgement_is_a_violation(
    fake_discord: FakeDiscord, run_bot
) -> None:
    await run_bot(make_bot())

    handle = await fake_discord.slash("eager")
    await fake_discord.wait_until(lambda: run_bot.errors, 2.0, "the command to fail")

    assert "followup before interaction /eager" in handle.violations[0]
    assert run_bot.errors[0].original.code == 10015  # Unknown Webhook
    run_bot.errors.clear()
    fake_discord.violations.clear()


async def test_a_followup_after_deleting_the_deferral_is_unknown_message(
    fake_discord: FakeDiscord, bot
) -> None:
    # Discord's first followup after a deferral edits the loading message: once that is
    # deleted, the followup fails (404 Unknown Message), ephemeral or not.
    handle = await fake_discord.slash("retract")
    await fake_discord.wait_until(lambda: getattr(bot, "retract_error", None), 2, "the error")
    assert bot.retract_error.status == 404 and bot.retract_error.code == 10008
    assert handle.responses == []
    assert fake_discord.violations == handle.violations
    assert "deferred response was deleted: Unknown Message" in handle.violations[0]
    fake_discord.violations.clear()


@pytest.mark.fake_discord(retry_delay_scale=0.001)
async def test_an_injected_fault_is_answered_until_it_is_used_up(
    fake_discord: FakeDiscord, bot
) -> None:
    route = "POST /webhooks/{application_id}/{token}"
    fault = fake_discord.fail(route, 500, times=2)
    handle = await fake_discord.slash("slow", {"question": "the harbor"})
    response = await handle.wait_response()
    # discord.py retried the 500s (waiting a thousandth of its 1 s and 3 s), then got through.
    assert response["content"] == "Answer to the harbor" and fault.hits == 2
    assert [r.status for r in fake_discord.requests_to(route)] == [500, 500, 200]
    assert fake_discord.requests_to(route)[0].response == {
        "message": "500: Internal Server Error",
        "code": 0,
    }


async def test_command_sync_is_recorded(fake_discord: FakeDiscord, bot) -> None:
    synced = await bot.tree.sync()
    guild = discord.Object(fake_discord.guild_id)
    bot.tree.copy_global_to(guild=guild)
    await bot.tree.sync(guild=guild)

    [put] = fake_discord.requests_to(GLOBAL_SYNC)
    names = {c["name"] for c in put.json}
    assert names == {"slow", "card", "vote", "late", "double", "eager", "retract", "find"}
    assert {c.name for c in synced} == names
    assert len(fake_discord.requests_to(GUILD_SYNC)) == 1
    # Interactions now carry the registered command's id and guild.
    handle = await fake_discord.slash("card")
    registered = fake_discord.guild_commands[fake_discord.guild_id]
    assert handle.payload["data"]["id"] == next(c["id"] for c in registered if c["name"] == "card")
    assert handle.payload["data"]["guild_id"] == str(fake_discord.guild_id)
    await handle.wait_response()


async def test_autocomplete_returns_choices(fake_discord: FakeDiscord, bot) -> None:
    handle = await fake_discord.autocomplete("find", {"topic": "ha"})

    choices = await handle.wait_choices()

    assert handle.ack_type == 8
    assert choices == [{"name": "harbor", "value": "harbor"}]


async def test_mention_can_start_a_thread(fake_discord: FakeDiscord, bot) -> None:
    question = await fake_discord.message("thread please")

    message = await fake_discord.wait_for_message(lambda m: m["content"] == "Let's talk here.")

    thread = fake_discord.world.channel(int(question["id"]))
    assert thread["type"] == 11 and thread["name"] == "Discussion"
    assert message["channel_id"] == question["id"]
    assert bot.get_channel(int(question["id"])) is not None  # THREAD_CREATE reached the bot


def button(custom_id: str, *, label: str = "x") -> dict:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def row(*buttons: dict) -> dict:
    return {"type": 1, "components": list(buttons)}


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"embeds": [{"title": "t" * 257}]}, "embeds.0.title"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds.0.description"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "embeds.0.fields"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "embeds.0.fields.0.value"),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, "embeds.0.footer.text"),
        ({"embeds": [{"author": {"name": "a" * 257}}]}, "embeds.0.author.name"),
        ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, "embeds"),
        ({"embeds": [{"title": "t"}] * 11}, "embeds"),
        ({"components": [row(*(button(f"b{i}") for i in range(6)))]}, "components.0.components"),
        ({"components": [row(button("c", label="l" * 81))]}, "components.0.components.0.label"),
        ({"components": [row(button("c" * 101))]}, "components.0.components.0.custom_id"),
        ({"components": [row(button(f"r{i}")) for i in range(6)]}, "components"),
        (
            {"components": [row(button("same")), row(button("same"))]},
            "components.1.components.0.custom_id",
        ),
    ],
)
def test_limits_checker(body: dict, where: str) -> None:
    assert [".".join(map(str, p.path)) for p in check_message(body)] == [where]


async def test_bot_connects_like_to_discord(fake_discord: FakeDiscord, bot) -> None:
    [connection] = fake_discord.gateway.connections
    [session] = fake_discord.gateway.sessions

    assert connection == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    assert session.compressor.kind == "zlib-stream"
    assert session.heartbeats >= 1
    assert bot.user.id == bot.application_id == fake_discord.bot_id
    [guild] = bot.guilds
    assert guild.id == fake_discord.guild_id
    assert {c.name for c in guild.text_channels} == {"general", "news"}
    assert {r.name for r in guild.roles} == {"@everyone", "Moderator", "newsdesk"}
    assert guild.me.guild_permissions.send_messages
    assert [r.route for r in fake_discord.requests] == [
        "GET /users/@me",
        "GET /oauth2/applications/@me",
    ]


async def test_privileged_intents_not_enabled_stop_the_bot(fake_discord: FakeDiscord) -> None:
    fake_discord.privileged_intents = ("message_content",)  # the default "portal" settings
    client = discord.Client(intents=discord.Intents.all())
    runner = BotRunner(fake_discord)

    with pytest.raises(AssertionError, match="PrivilegedIntentsRequired"):
        await runner(client)

    assert "the bot's client task failed" in (await runner.close())[0]
    assert fake_discord.violations == [
        "gateway IDENTIFY: privileged intents not enabled: ['members', 'presences']"
    ]
    fake_discord.violations.clear()
