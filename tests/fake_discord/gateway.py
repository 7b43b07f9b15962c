"""The fake gateway: the websocket discord.py's ``DiscordWebSocket`` talks to.

Protocol (discord.py 2.7.1, gateway.py): the client connects to
``DEFAULT_GATEWAY?v=10&encoding=json&compress=zlib-stream`` (``zstd-stream`` when the
``zstandard`` package is installed), waits for HELLO (op 10), sends a heartbeat (op 1) at
once and IDENTIFY (op 2). We answer READY (guilds unavailable), then GUILD_CREATE, ack
heartbeats with op 11, support RESUME (op 6) and REQUEST_GUILD_MEMBERS (op 8).

Frames are compressed as the client asked: one zlib stream per connection, each message
flushed with Z_SYNC_FLUSH (discord.py buffers until the ``00 00 ff ff`` suffix); zstd
frames when ``zstandard`` is importable; otherwise plain text frames (discord.py decodes
text frames without decompressing).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from . import payloads_guild

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fake_discord.gateway")

# Opcodes
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE_UPDATE = 3
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

# Intents
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED = {
    "members": GUILD_MEMBERS,
    "presences": GUILD_PRESENCES,
    "message_content": MESSAGE_CONTENT,
}

# Close codes
AUTHENTICATION_FAILED = 4004
DECODE_ERROR = 4002
INVALID_API_VERSION = 4012
DISALLOWED_INTENTS = 4014

HEARTBEAT_INTERVAL_MS = 41250


class _Compressor:
    """Per-connection transport compression as requested by ``?compress=``."""

    def __init__(self, kind: str | None) -> None:
        self.kind = None
        self._zlib = None
        self._zstd = None
        if kind == "zlib-stream":
            self.kind = kind
            self._zlib = zlib.compressobj()
        elif kind == "zstd-stream":
            try:
                import zstandard  # type: ignore[import-not-found]
            except ImportError:  # answer in text frames, which discord.py also accepts
                return
            self.kind = kind
            self._zstd = zstandard.ZstdCompressor().compressobj()
            self._zstd_flush = zstandard.COMPRESSOBJ_FLUSH_BLOCK

    def encode(self, text: str) -> str | bytes:
        data = text.encode()
        if self._zlib is not None:
            return self._zlib.compress(data) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
        if self._zstd is not None:
            return self._zstd.compress(data) + self._zstd.flush(self._zstd_flush)
        return text


class GatewaySession:
    """One websocket connection (one bot process / shard)."""

    def __init__(self, gateway: Gateway, ws: web.WebSocketResponse, compress: str | None):
        self.gateway = gateway
        self.ws = ws
        self.compressor = _Compressor(compress)
        self.session_id = secrets.token_hex(16)
        self.sequence = 0
        self.intents = 0
        self.identified = False
        self.identify: dict[str, Any] | None = None
        self.presence: dict[str, Any] | None = None
        self.heartbeats = 0
        self._lock = asyncio.Lock()

    def wants(self, intent: int | None) -> bool:
        return self.identified and (intent is None or bool(self.intents & intent))

    async def send(self, op: int, d: Any = None, t: str | None = None) -> None:
        """Send one gateway payload (dispatches get the next sequence number)."""
        async with self._lock:  # sequence numbers and the compression stream stay in order
            seq = None
            if op == DISPATCH:
                self.sequence += 1
                seq = self.sequence
            text = json.dumps({"op": op, "d": d, "s": seq, "t": t}, separators=(",", ":"))
            frame = self.compressor.encode(text)
            if self.ws.closed:
                return
            if isinstance(frame, bytes):
                await self.ws.send_bytes(frame)
            else:
                await self.ws.send_str(frame)

    async def dispatch(self, event: str, data: Any) -> None:
        await self.send(DISPATCH, data, event)


class Gateway:
    """Accepts gateway connections and dispatches events to identified sessions."""

    def __init__(self, server: FakeDiscord) -> None:
        self.server = server
        self.sessions: list[GatewaySession] = []
        self.known_sessions: dict[str, int] = {}  # session id -> intents, for RESUME
        #: Query parameters of every connection (v, encoding, compress).
        self.connections: list[dict[str, str]] = []

    @property
    def ready_sessions(self) -> list[GatewaySession]:
        return [s for s in self.sessions if s.identified and not s.ws.closed]

    async def dispatch(self, event: str, data: Any, *, intent: int | None = None) -> int:
        """Send a DISPATCH to every identified session that asked for ``intent``; returns
        how many sessions received it."""
        sent = 0
        for session in self.ready_sessions:
            if session.wants(intent):
                await session.dispatch(event, data)
                sent += 1
        return sent

    async def close_all(self, code: int = 1001) -> None:
        for session in list(self.sessions):
            if not session.ws.closed:
                await session.ws.close(code=code, message=b"fake gateway shutting down")

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        query = dict(request.query)
        self.connections.append(query)
        if query.get("v") not in (None, "9", "10"):
            await ws.close(code=INVALID_API_VERSION, message=b"Invalid API version")
            return ws
        if query.get("encoding", "json") != "json":
            await ws.close(code=DECODE_ERROR, message=b"only json encoding is faked")
            return ws

        session = GatewaySession(self, ws, query.get("compress"))
        self.sessions.append(session)
        try:
            await session.send(
                HELLO,
                {"heartbeat_interval": HEARTBEAT_INTERVAL_MS, "_trace": ['["fake-gateway",{}]']},
            )
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_payload(session, json.loads(msg.data))
                elif msg.type == WSMsgType.BINARY:
                    await self._on_payload(session, json.loads(msg.data.decode()))
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            session.identified = False
            self.sessions.remove(session)
            self.server.notify()
        return ws

    async def _on_payload(self, session: GatewaySession, payload: dict[str, Any]) -> None:
        op, d = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            session.heartbeats += 1
            await session.send(HEARTBEAT_ACK)
        elif op == IDENTIFY:
            await self._identify(session, d or {})
        elif op == RESUME:
            await self._resume(session, d or {})
        elif op == PRESENCE_UPDATE:
            session.presence = d
        elif op == REQUEST_GUILD_MEMBERS:
            await self._members_chunk(session, d or {})
        else:
            log.debug("ignoring gateway op %s", op)

    async def _identify(self, session: GatewaySession, d: dict[str, Any]) -> None:
        server = self.server
        if d.get("token") != server.token:
            await session.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        intents = int(d.get("intents", 0))
        allowed = 0
        for name in server.privileged_intents:
            allowed |= PRIVILEGED[name]
        requested = intents & sum(PRIVILEGED.values())
        if requested & ~allowed:
            denied = [n for n, bit in PRIVILEGED.items() if requested & bit and not allowed & bit]
            server.violate("gateway IDENTIFY", f"privileged intents not enabled: {denied}")
            await session.ws.close(code=DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return
        session.identify = d
        session.intents = intents
        self.known_sessions[session.session_id] = intents
        world = server.world
        await session.dispatch(
            "READY",
            {
                "v": 10,
                "user": payloads_guild.bot_user(world.bot_user),
                "guilds": [{"id": str(world.guild_id), "unavailable": True}],
                "session_id": session.session_id,
                "session_type": "normal",
                "resume_gateway_url": server.gateway_url,
                "application": {"id": str(world.application_id), "flags": server.application_flags},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": ["fake"],
                "user_settings": {},
                "_trace": ['["fake-gateway",{}]'],
                # A sharded connection is told which shard it is, as it identified.
                **({"shard": d["shard"]} if "shard" in d else {}),
            },
        )
        session.identified = True
        await session.dispatch("GUILD_CREATE", world.guild_create())
        server.notify()

    async def _resume(self, session: GatewaySession, d: dict[str, Any]) -> None:
        if d.get("token") != self.server.token:
            await session.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        intents = self.known_sessions.get(d.get("session_id", ""))
        if intents is None:
            await session.send(INVALID_SESSION, False)
            return
        session.session_id = d["session_id"]
        session.sequence = int(d.get("seq") or 0)
        session.intents = intents
        session.identified = True
        await session.dispatch("RESUMED", {"_trace": ['["fake-gateway",{}]']})
        self.server.notify()

    async def _members_chunk(self, session: GatewaySession, d: dict[str, Any]) -> None:
        world = self.server.world
        user_ids = d.get("user_ids")
        ids = [int(u) for u in user_ids] if user_ids else list(world.users)
        query = (d.get("query") or "").lower()
        members = [
            world.member(uid)
            for uid in ids
            if uid in world.users and world.users[uid]["username"].lower().startswith(query)
        ]
        limit = d.get("limit") or 0
        if limit:
            members = members[:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(world.guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if d.get("nonce"):
            chunk["nonce"] = d["nonce"]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)
