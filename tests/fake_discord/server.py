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
from collections.abc import Iterator, Sequence
from typing import Any

import discord.gateway
import discord.http
import discord.webhook.async_
import yarl
from aiohttp import web

from . import payloads_guild
from .faults import Fault, ScaledSleep
from .gateway import PRIVILEGED, Gateway
from .interactions import InteractionState
from .records import RecordedRequest
from .rest import RestApi
from .rest_base import API_PREFIX
from .user_events import UserEvents
from .waits import Waits
from .world import World

log = logging.getLogger("fake_discord")
CALLBACK_ROUTE = "POST /interactions/{interaction_id}/{token}/callback"


class FakeDiscord(UserEvents, Waits):
    """A fake Discord for one test: one guild, REST under ``api_base``, gateway at
    ``gateway_url``, both on 127.0.0.1 and a random free port.

    Rules are enforced and broken ones recorded in ``violations`` (see ``limits.py``,
    ``limits_components.py`` and the ``rest_*.py`` routes); every REST request is recorded in
    ``requests``.

    The test-side API is mixed in: ``UserEvents`` (``user_events.py``: ``slash``,
    ``autocomplete``, ``click``, ``select``, ``message``, ``dispatch``, built by
    ``interaction_builder.py``) and ``Waits`` (``waits.py``: ``wait_until``,
    ``wait_for_request``, ``wait_for_message``, ``wait_for_reply``).
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
        retry_delay_scale: float = 1.0,
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
        #: discord.py's sleeps before retrying a 5xx (1 to 9 s) are multiplied by this.
        self.retry_delay_scale = retry_delay_scale
        #: Injected faults (``fail``), checked in order before a request is served.
        self.faults: list[Fault] = []

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
        connects there directly, without ``GET /gateway``); and let its HTTP clients sleep
        ``retry_delay_scale`` times as long (see ``faults.py``). Restored on exit."""
        route, ws = discord.http.Route, discord.gateway.DiscordWebSocket
        clients = (discord.http, discord.webhook.async_)
        old_base, old_gateway = route.BASE, ws.DEFAULT_GATEWAY
        old_asyncio = [client.asyncio for client in clients]
        route.BASE = self.api_base
        ws.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        for client in clients:
            client.asyncio = ScaledSleep(lambda: self.retry_delay_scale)  # type: ignore[assignment]
        try:
            yield self
        finally:
            route.BASE = old_base
            ws.DEFAULT_GATEWAY = old_gateway
            for client, module in zip(clients, old_asyncio, strict=True):
                client.asyncio = module

    # --- faults ---------------------------------------------------------------------------

    def fail(self, route: str, status: int = 500, *, times: int | None = None) -> Fault:
        """Answer requests to ``route`` with ``status`` instead of serving them: the next
        ``times`` of them, or every one until the fault is removed from ``faults``. A 5xx
        is retried by discord.py, five times in all: set ``retry_delay_scale`` to make its
        waits short."""
        fault = Fault(route, status, times)
        self.faults.append(fault)
        return fault

    def fault_for(self, record: RecordedRequest) -> Fault | None:
        return next((fault for fault in self.faults if fault.takes(record)), None)

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
            flags |= payloads_guild.PRIVILEGED_INTENT_FLAGS[name]
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

    # --- recording (used by rest_*.py/gateway.py) ------------------------------------------

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
