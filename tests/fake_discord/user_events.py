"""The test-facing event API of ``FakeDiscord``: what users do (post a message, run a slash
command, type into an autocompleted option, click a button, pick in a select menu) and raw
gateway events."""

from __future__ import annotations

import re
from typing import Any

from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES, MESSAGE_CONTENT
from .interaction_builder import InteractionBuilder
from .interactions import APPLICATION_COMMAND, AUTOCOMPLETE, InteractionHandle
from .limits_components import SELECT_TYPES
from .world import ChannelRef, MessageRef, UserRef


class UserEvents(InteractionBuilder):
    """Part of ``FakeDiscord``: every event goes through its ``gateway`` to the bot."""

    async def dispatch(self, event: str, data: dict[str, Any], *, intent: int | None = None) -> int:
        """Send a raw gateway event; returns how many sessions got it."""
        self._require_bot()
        sent = await self.gateway.dispatch(event, data, intent=intent)
        if not sent:
            self.undelivered.append((event, data))
        self.notify()
        return sent

    async def message(
        self,
        content: str,
        *,
        user: UserRef = "alice",
        channel: ChannelRef = None,
        mentions_bot: bool = True,
        reply_to: MessageRef | None = None,
        dm: bool = False,
    ) -> dict[str, Any]:
        """A user posts a message (MESSAGE_CREATE). ``mentions_bot`` prefixes ``<@bot>`` if
        the content doesn't mention the bot yet; ``reply_to`` makes it a reply; ``dm`` sends
        it in the user's DM with the bot. Returns the stored message."""
        self._require_bot()
        world = self.world
        author = world.user(user)
        target = world.dm_channel(author) if dm else world.channel(channel)
        if mentions_bot and not re.search(rf"<@!?{self.bot_id}>", content):
            content = f"<@{self.bot_id}> {content}"
        reference = None
        if reply_to is not None:
            referenced = self._stored_message(reply_to)
            reference = {"message_id": referenced["id"]}
        message = world.compose_message(target, author, {"content": content}, reference=reference)
        data = world.gateway_message(message)
        mentioned = any(u["id"] == str(self.bot_id) for u in message["mentions"])
        intent = DIRECT_MESSAGES if dm else GUILD_MESSAGES
        sent = 0
        for session in self.gateway.ready_sessions:
            if not session.wants(intent):
                continue
            event = data
            blind = not (session.intents & MESSAGE_CONTENT or mentioned or dm)
            if self.strict_message_content and blind:
                event = {**data, "content": "", "embeds": [], "attachments": [], "components": []}
            await session.dispatch("MESSAGE_CREATE", event)
            sent += 1
        if not sent:
            self.undelivered.append(("MESSAGE_CREATE", data))
        self.notify()
        return message

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        *,
        user: UserRef = "alice",
        channel: ChannelRef = None,
        permissions: int | Any | None = None,
        guild: bool = True,
        locale: str = "en-US",
        command_guild: bool | None = None,
    ) -> InteractionHandle:
        """A user runs ``/name`` (``"group sub"`` for subcommands) with ``options``
        (``{"name": value}``; types come from the synced command when the bot synced,
        else from the Python values; users/channels/roles may be given by name).
        ``permissions`` overrides the member's permissions; ``guild=False`` runs it in the
        user's DM. ``command_guild`` marks it a guild command (default: as registered)."""
        return await self._command(
            APPLICATION_COMMAND, name, options, None, user, channel, permissions, guild, locale,
            command_guild,
        )  # fmt: skip

    async def autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        focused: str | None = None,
        *,
        user: UserRef = "alice",
        channel: ChannelRef = None,
        guild: bool = True,
        locale: str = "en-US",
        command_guild: bool | None = None,
    ) -> InteractionHandle:
        """A user types into an autocompleted option: ``focused`` (default: the last option
        given) is sent as the raw string typed so far. Await ``handle.wait_choices()``."""
        focused = focused or list(options)[-1]
        return await self._command(
            AUTOCOMPLETE, name, options, focused, user, channel, None, guild, locale,
            command_guild,
        )  # fmt: skip

    async def click(
        self, message: MessageRef, custom_id: str, *, user: UserRef = "alice"
    ) -> InteractionHandle:
        """A user clicks the button ``custom_id`` on a message the bot sent."""
        stored = self._stored_message(message)
        component = self._component(stored, custom_id)
        if component.get("type") != 2:
            raise ValueError(f"{custom_id!r} is not a button; use select()")
        if component.get("style") == 5:
            raise ValueError(f"{custom_id!r} is a link button: clicking it sends no interaction")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component_interaction(stored, data, user)

    async def select(
        self,
        message: MessageRef,
        custom_id: str,
        values: list[str],
        *,
        user: UserRef = "alice",
    ) -> InteractionHandle:
        """A user picks ``values`` in the select menu ``custom_id`` of a bot message."""
        stored = self._stored_message(message)
        component = self._component(stored, custom_id)
        if component.get("type") not in SELECT_TYPES:
            raise ValueError(f"{custom_id!r} is not a select menu")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise ValueError(f"{custom_id!r} takes {low}..{high} values, not {len(values)}")
        if component["type"] == 3:
            offered = [o["value"] for o in component.get("options", [])]
            if any(v not in offered for v in values):
                raise ValueError(f"{values} not all among the options {offered}")
        data = {"custom_id": custom_id, "component_type": component["type"], "values": values}
        if component["type"] == 5:
            data["resolved"] = {"users": {v: self.world.user(v) for v in values}}
        return await self._component_interaction(stored, data, user)
