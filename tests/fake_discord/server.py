"""``FakeDiscord``: the fake server (REST + gateway on 127.0.0.1) and the test-side API.

Outside pytest (in pytest use the ``fake_discord`` and ``run_bot`` fixtures)::

    async with FakeDiscord(ack_deadline=0.5) as server, BotRunner(server) as run_bot:
        with server.patched():
            await run_bot(make_bot())  # a real discord.Client / commands.Bot
            handle = await server.slash("ask", {"question": "Who won?"})
            reply = await handle.wait_response()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import discord.gateway
import discord.http
import yarl
from aiohttp import web

from . import payloads as p
from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES, MESSAGE_CONTENT, PRIVILEGED, Gateway
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    InteractionHandle,
    InteractionState,
)
from .limits import SELECT_TYPES
from .records import RecordedRequest
from .rest import API_PREFIX, RestApi
from .world import ChannelRef, UserRef, World

log = logging.getLogger("fake_discord")

T = TypeVar("T")
POLL_INTERVAL = 0.02
CALLBACK_ROUTE = "POST /interactions/{interaction_id}/{token}/callback"
MessageRef = int | str | dict[str, Any]

OPTION_TYPES = {
    "SUB_COMMAND": 1,
    "SUB_COMMAND_GROUP": 2,
    "STRING": 3,
    "INTEGER": 4,
    "BOOLEAN": 5,
    "USER": 6,
    "CHANNEL": 7,
    "ROLE": 8,
    "MENTIONABLE": 9,
    "NUMBER": 10,
    "ATTACHMENT": 11,
}


class FakeDiscord:
    """A fake Discord for one test: one guild, REST under ``api_base``, gateway at
    ``gateway_url``, both on 127.0.0.1 and a random free port.

    Rules are enforced and broken ones recorded in ``violations`` (see ``limits.py`` and
    ``rest.py``); every REST request is recorded in ``requests``.
    """

    def __init__(
        self,
        *,
        ack_deadline: float = 3.0,
        token_ttl: float = 15 * 60,
        token: str = "fake-bot-token",
        privileged_intents: Sequence[str] = ("message_content",),
        strict_message_content: bool = False,
        bot_name: str = "newsdesk",
    ) -> None:
        unknown = set(privileged_intents) - set(PRIVILEGED)
        if unknown:
            raise ValueError(f"unknown privileged intents {unknown}; choose from {set(PRIVILEGED)}")
        #: Seconds the bot has to acknowledge an interaction (Discord: 3).
        self.ack_deadline = ack_deadline
        #: Seconds an interaction token stays valid for followups/edits (Discord: 900).
        self.token_ttl = token_ttl
        self.token = token
        #: Privileged intents "enabled in the developer portal"; asking for others closes
        #: the gateway with 4014 (discord.py raises PrivilegedIntentsRequired).
        self.privileged_intents = tuple(privileged_intents)
        #: Blank the content of messages that don't mention the bot when the bot lacks the
        #: message_content intent, as Discord does. Off by default: content is delivered.
        self.strict_message_content = strict_message_content

        self.world = World(bot_name=bot_name)
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        #: The fixture fails the test at teardown if ``violations`` is not empty.
        self.fail_on_violations = True
        #: Exceptions raised inside the fake itself (bugs in the fake, never the bot's).
        self.internal_errors: list[str] = []
        #: ``allowed_mentions`` of every message-creating request, in order (None = absent).
        self.allowed_mentions: list[dict[str, Any] | None] = []
        #: Gateway events not delivered because the bot lacks the needed intent.
        self.undelivered: list[tuple[str, dict[str, Any]]] = []
        self.interactions: dict[int, InteractionState] = {}
        self.interactions_by_token: dict[str, InteractionState] = {}
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        #: Every accepted bulk overwrite: ``(guild_id or None, registered commands)``.
        self.command_syncs: list[tuple[int | None, list[dict[str, Any]]]] = []
        self._adhoc_command_ids: dict[str, int] = {}

        self.gateway = Gateway(self)
        self.rest = RestApi(self)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application(middlewares=[self.rest.middleware])
        app.add_routes([web.get("/gateway", self.gateway.handle), *self.rest.routes()])
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.debug("fake Discord listening on %s", self.url)
        return self

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        """Point discord.py at this server: ``Route.BASE`` (all REST, webhooks and
        interaction callbacks included) and ``DiscordWebSocket.DEFAULT_GATEWAY`` (2.7.1
        connects there directly, without ``GET /gateway``). Restored on exit."""
        route, ws = discord.http.Route, discord.gateway.DiscordWebSocket
        old_base, old_gateway = route.BASE, ws.DEFAULT_GATEWAY
        route.BASE = self.api_base
        ws.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            route.BASE = old_base
            ws.DEFAULT_GATEWAY = old_gateway

    # --- addresses and shortcuts ----------------------------------------------------------

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the fake Discord server is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return self.url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def bot_id(self) -> int:
        return self.world.bot_id

    @property
    def guild_id(self) -> int:
        return self.world.guild_id

    @property
    def channel(self) -> dict[str, Any]:
        """``#general``, where events happen unless told otherwise."""
        return self.world.general

    @property
    def channel_id(self) -> int:
        return int(self.world.general["id"])

    @property
    def application_flags(self) -> int:
        flags = 0
        for name in self.privileged_intents:
            flags |= p.PRIVILEGED_INTENT_FLAGS[name]
        return flags

    @property
    def connected(self) -> bool:
        """Whether a bot has identified on the gateway."""
        return bool(self.gateway.ready_sessions)

    @property
    def bot_messages(self) -> list[dict[str, Any]]:
        """Every message the bot has (still) got, oldest first (current content)."""
        bot = str(self.bot_id)
        return [m for m in self.world.messages.values() if m["author"]["id"] == bot]

    def requests_to(self, route: str) -> list[RecordedRequest]:
        """Recorded requests for a route, e.g. ``"PUT /applications/{application_id}/commands"``."""
        return [r for r in self.requests if r.route == route]

    # --- recording (used by rest.py/gateway.py) --------------------------------------------

    def record_request(self, record: RecordedRequest) -> None:
        self.requests.append(record)
        if record.route == CALLBACK_ROUTE:
            state = self.interactions.get(int(record.path.split("/")[2]))
            if state is not None:
                state.callbacks.append(record)
        if record.creates_message:
            self.allowed_mentions.append(record.allowed_mentions)
        self.notify()

    def violate(self, where: str, text: str, state: InteractionState | None = None) -> None:
        entry = f"{where}: {text}"
        self.violations.append(entry)
        if state is not None:
            state.violations.append(entry)
        log.warning("Discord rule violated: %s", entry)
        self.notify()

    def notify(self) -> None:
        """Wake everything waiting in ``wait_until``."""
        self._changed.set()
        self._changed = asyncio.Event()

    # --- waiting ----------------------------------------------------------------------------

    async def wait_until(
        self, check: Callable[[], T | None], timeout: float = 2.0, what: str = "a condition"
    ) -> T:
        """Wait until ``check()`` returns something truthy and return it; on timeout fail
        with ``what`` and the recent requests and violations. Re-checked whenever the fake
        records something, and every 20 ms (for conditions on the bot's own state)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(self._timeout_report(what, timeout))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, POLL_INTERVAL))

    def _timeout_report(self, what: str, timeout: float) -> str:
        lines = [f"fake Discord: timed out after {timeout:g}s waiting for {what}."]
        lines.append("Last requests:")
        lines += [f"  {r.method} {r.path} -> {r.status}" for r in self.requests[-10:]] or ["  none"]
        if self.violations:
            lines.append("Violations:")
            lines += [f"  {v}" for v in self.violations]
        if self.undelivered:
            lines.append("Not delivered (the bot lacks the intent):")
            lines += [f"  {event}" for event, _ in self.undelivered]
        if not self.connected:
            lines.append("No bot is connected to the gateway.")
        return "\n".join(lines)

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        route: str | None = None,
        start: int = 0,
        timeout: float = 2.0,
    ) -> RecordedRequest:
        """The first recorded request (from index ``start``) matching ``route`` (e.g.
        ``"POST /channels/{channel_id}/messages"``) and ``predicate``."""

        def found() -> RecordedRequest | None:
            for record in self.requests[start:]:
                if (route is None or record.route == route) and (
                    predicate is None or predicate(record)
                ):
                    return record
            return None

        return await self.wait_until(found, timeout, f"a request {route or ''}".rstrip())

    async def wait_for_message(
        self,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        *,
        channel: ChannelRef = None,
        timeout: float = 2.0,
    ) -> dict[str, Any]:
        """The first message from the bot (in ``channel`` if given) matching ``predicate``."""
        channel_id = None if channel is None else self.world.channel(channel)["id"]

        def found() -> dict[str, Any] | None:
            for message in self.bot_messages:
                if channel_id is not None and message["channel_id"] != channel_id:
                    continue
                if predicate is None or predicate(message):
                    return message
            return None

        return await self.wait_until(found, timeout, "a message from the bot")

    async def wait_for_reply(self, to: MessageRef, *, timeout: float = 2.0) -> dict[str, Any]:
        """The bot's reply (a message referencing ``to``)."""
        wanted = str(to["id"] if isinstance(to, dict) else to)
        return await self.wait_for_message(
            lambda m: (m.get("message_reference") or {}).get("message_id") == wanted,
            timeout=timeout,
        )

    # --- events from "users" ------------------------------------------------------------------

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

    # --- building interactions ----------------------------------------------------------------

    def _require_bot(self) -> None:
        if not self.connected:
            raise RuntimeError(
                "no bot is connected to the fake gateway: start one first (run_bot fixture)"
            )

    def _stored_message(self, ref: MessageRef) -> dict[str, Any]:
        message = self.world.message(ref)
        if message is None:
            raise KeyError(f"no message {ref if not isinstance(ref, dict) else ref['id']}")
        return message

    @staticmethod
    def _component(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
        def walk(items: list[dict[str, Any]]) -> dict[str, Any] | None:
            for item in items:
                if item.get("custom_id") == custom_id:
                    return item
                for key in ("components", "accessory"):
                    child = item.get(key)
                    children = child if isinstance(child, list) else [child] if child else []
                    found = walk(children)
                    if found is not None:
                        return found
            return None

        component = walk(message.get("components") or [])
        if component is None:
            raise KeyError(f"message {message['id']} has no component {custom_id!r}")
        if component.get("disabled"):
            raise AssertionError(f"component {custom_id!r} is disabled: nobody can use it")
        return component

    async def _component_interaction(
        self, message: dict[str, Any], data: dict[str, Any], user: UserRef
    ) -> InteractionHandle:
        channel = self.world.channel(int(message["channel_id"]))
        return await self._interact(
            MESSAGE_COMPONENT,
            data["custom_id"],
            data,
            self.world.user(user),
            channel,
            permissions=None,
            locale="en-US",
            message=message,
        )

    async def _command(
        self,
        kind: int,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        focused: str | None,
        user: UserRef,
        channel: ChannelRef,
        permissions: int | Any | None,
        guild: bool,
        locale: str,
        command_guild: bool | None,
    ) -> InteractionHandle:
        world = self.world
        author = world.user(user)
        target = world.channel(channel) if guild else world.dm_channel(author)
        path = name.strip().lstrip("/").split()
        schema, is_guild_command = self._registered(path[0], guild)
        command_id = (
            int(schema["id"])
            if schema
            else self._adhoc_command_ids.setdefault(path[0], p.snowflake())
        )
        resolved: dict[str, dict[str, Any]] = {}
        built = self._options(path, schema, options, focused, resolved, in_guild=guild)
        data: dict[str, Any] = {"id": str(command_id), "name": path[0], "type": 1}
        if built:
            data["options"] = built
        if resolved:
            data["resolved"] = resolved
        if command_guild or (command_guild is None and is_guild_command):
            data["guild_id"] = str(world.guild_id)
        return await self._interact(
            kind, " ".join(path), data, author, target, permissions=permissions, locale=locale
        )

    async def _interact(
        self,
        kind: int,
        name: str,
        data: dict[str, Any],
        user: dict[str, Any],
        channel: dict[str, Any],
        *,
        permissions: int | Any | None,
        locale: str,
        message: dict[str, Any] | None = None,
    ) -> InteractionHandle:
        self._require_bot()
        world = self.world
        user_id = int(user["id"])
        in_guild = not world.is_dm(channel)
        if permissions is None:
            permissions = world.permissions(user_id, channel)
        permissions = int(getattr(permissions, "value", permissions))
        interaction_id, token = p.snowflake(), p.interaction_token()
        payload = p.interaction(
            interaction_id=interaction_id,
            interaction_type=kind,
            token=token,
            application_id=world.application_id,
            data=data,
            channel={**channel, "permissions": str(permissions)},
            app_permissions=world.bot_permissions(channel),
            guild_id=world.guild_id if in_guild else None,
            member_data=world.member(user_id, permissions=permissions) if in_guild else None,
            user_data=user,
            locale=locale,
            message_data=dict(message) if message is not None else None,
        )
        state = InteractionState(
            id=interaction_id,
            token=token,
            type=kind,
            name=name,
            payload=payload,
            channel=channel,
            user=user,
            created_at=time.monotonic(),
            component_message_id=int(message["id"]) if message is not None else None,
        )
        self.interactions[interaction_id] = state
        self.interactions_by_token[token] = state
        await self.dispatch("INTERACTION_CREATE", payload)
        return InteractionHandle(self, state)

    def _registered(self, name: str, in_guild: bool) -> tuple[dict[str, Any] | None, bool]:
        """The synced chat-input command called ``name`` (guild first), if any."""
        if in_guild:
            for command in self.guild_commands.get(self.guild_id, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command, True
        for command in self.global_commands:
            if command["name"] == name and command.get("type", 1) == 1:
                return command, False
        if self.global_commands or self.guild_commands.get(self.guild_id):
            log.info("/%s is not among the synced commands; sending it anyway", name)
        return None, False

    def _options(
        self,
        path: list[str],
        schema: dict[str, Any] | None,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        focused: str | None,
        resolved: dict[str, dict[str, Any]],
        *,
        in_guild: bool,
    ) -> list[dict[str, Any]]:
        """The ``data.options`` tree: subcommand (group) wrappers around the leaf options."""
        specs: list[dict[str, Any]] | None = (schema.get("options") or []) if schema else None
        chain: list[tuple[int, str]] = []
        for depth, sub in enumerate(path[1:]):
            spec = None
            if specs is not None:
                spec = next((o for o in specs if o["name"] == sub), None)
                if spec is None:
                    raise ValueError(f"/{path[0]} has no subcommand {sub!r}")
            guess = OPTION_TYPES["SUB_COMMAND_GROUP"] if depth == 0 and len(path) == 3 else 1
            chain.append((spec["type"] if spec else guess, sub))
            specs = (spec.get("options") or []) if spec else None
        leaf = self._leaf_options(options, specs, focused, resolved, in_guild=in_guild)
        for kind, sub in reversed(chain):
            leaf = [{"type": kind, "name": sub, "options": leaf}]
        return leaf

    def _leaf_options(
        self,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        specs: list[dict[str, Any]] | None,
        focused: str | None,
        resolved: dict[str, dict[str, Any]],
        *,
        in_guild: bool,
    ) -> list[dict[str, Any]]:
        if isinstance(options, list):
            return options  # raw option payloads, sent as given
        options = options or {}
        if focused is not None and focused not in options:
            raise ValueError(f"focused option {focused!r} is not among {list(options)}")
        built = []
        for name, value in options.items():
            spec = None
            if specs is not None:
                spec = next((o for o in specs if o["name"] == name), None)
                if spec is None:
                    known = [o["name"] for o in specs]
                    raise ValueError(f"no option {name!r}; the command has {known}")
            kind = spec["type"] if spec else _infer_type(value)
            if name == focused:
                option = {"type": kind, "name": name, "value": str(value), "focused": True}
            else:
                value = self._option_value(kind, value, resolved, in_guild=in_guild)
                option = {"type": kind, "name": name, "value": value}
                choices = (spec or {}).get("choices")
                if choices and value not in [c["value"] for c in choices]:
                    raise ValueError(f"{value!r} is not a choice of {name!r}: {choices}")
            built.append(option)
        if specs is not None and focused is None:
            missing = [o["name"] for o in specs if o.get("required") and o["name"] not in options]
            if missing:
                raise ValueError(f"required options missing: {missing}")
        return built

    def _option_value(
        self, kind: int, value: Any, resolved: dict[str, dict[str, Any]], *, in_guild: bool
    ) -> Any:
        world = self.world
        if kind in (6, 9) and not (kind == 9 and _is_role(value)):
            user = world.user(value)
            resolved.setdefault("users", {})[user["id"]] = user
            if in_guild:
                uid = int(user["id"])
                member = world.member(uid, with_user=False, permissions=world.permissions(uid))
                resolved.setdefault("members", {})[user["id"]] = member
            return user["id"]
        if kind in (8, 9):
            role = world.role(value["id"] if isinstance(value, dict) else value)
            resolved.setdefault("roles", {})[role["id"]] = role
            return role["id"]
        if kind == 7:
            channel = world.channel(value)
            entry = {
                k: channel[k]
                for k in ("id", "name", "type", "parent_id", "thread_metadata")
                if k in channel
            }
            entry["permissions"] = str(world.permissions(world.bot_id, channel))
            resolved.setdefault("channels", {})[channel["id"]] = entry
            return channel["id"]
        if kind == 11:
            name, size = (value, 0) if isinstance(value, str) else value
            attachment = p.attachment(name, size)
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            return attachment["id"]
        return {3: str, 4: int, 5: bool, 10: float}.get(kind, lambda v: v)(value)


def _is_role(value: Any) -> bool:
    return isinstance(value, dict) and "permissions" in value and "type" not in value


def _infer_type(value: Any) -> int:
    if isinstance(value, bool):
        return OPTION_TYPES["BOOLEAN"]
    if isinstance(value, int):
        return OPTION_TYPES["INTEGER"]
    if isinstance(value, float):
        return OPTION_TYPES["NUMBER"]
    if isinstance(value, dict):
        if "username" in value:
            return OPTION_TYPES["USER"]
        if _is_role(value):
            return OPTION_TYPES["ROLE"]
        return OPTION_TYPES["CHANNEL"]
    return OPTION_TYPES["STRING"]
