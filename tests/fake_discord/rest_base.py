"""The plumbing of the fake REST API: JSON responses, per-request storage, the recording
middleware, and what every group of routes shares (``RestBase``).

Every response is JSON with ``Content-Type: application/json`` exactly: discord.py's
``json_or_text`` compares the header with ``==``, so aiohttp's usual
``application/json; charset=utf-8`` would reach the bot as a plain string.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import limits
from .errors import EMPTY_MESSAGE, Problem, error_body, invalid_form_body
from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES
from .interactions import EPHEMERAL, InteractionState
from .records import RecordedRequest

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fake_discord.rest")

API_PREFIX = "/api/v10"


# Per-request storage; typed keys where aiohttp has them (it warns about plain strings).
_RequestKey = getattr(web, "RequestKey", None)


def _key(name: str, kind: type) -> Any:
    return _RequestKey(name, kind) if _RequestKey is not None else name


RECORD = _key("fake_discord.record", RecordedRequest)
BODY = _key("fake_discord.body", dict)
FILES = _key("fake_discord.files", list)


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json"},
    )


def no_content() -> web.Response:
    return web.Response(status=204)


def error(status: int, err: tuple[int, str], errors: dict[str, Any] | None = None) -> web.Response:
    return json_response(error_body(err, errors), status)


def truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


class RestBase:
    """What the route groups (``rest_application``, ``rest_interactions``,
    ``rest_channels``) share: the server, the recording middleware, the rule checks and
    the echo of the bot's own messages over the gateway."""

    def __init__(self, server: FakeDiscord) -> None:
        self.server = server
        self.world = server.world

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX + "/"):
            return await handler(request)
        arrived = time.monotonic()
        body, files = await self._read_body(request)
        resource = request.match_info.route.resource
        template = resource.canonical if resource is not None else request.path
        if template.endswith("{tail}"):
            template = request.path
        record = RecordedRequest(
            method=request.method,
            path=request.path[len(API_PREFIX) :],
            route=f"{request.method} {template[len(API_PREFIX) :]}",
            query=dict(request.query),
            json=body,
            files=[name for name, _ in files],
            time=arrived,
        )
        request[RECORD] = record
        request[BODY] = body if isinstance(body, dict) else {}
        request[FILES] = files
        if self._needs_auth(record) and request.headers.get("Authorization") != (
            f"Bot {self.server.token}"
        ):
            response: web.StreamResponse = json_response(
                {"message": "401: Unauthorized", "code": 0}, 401
            )
        elif (fault := self.server.fault_for(record)) is not None:
            response = json_response(fault.body(), fault.status)
        else:
            try:
                response = await handler(request)
            except web.HTTPException:
                raise
            except Exception as exc:
                # A bug in the fake. Answer 400, not 500: discord.py retries 5xx with
                # sleeps of 1-9 s, which would only make the test slow and confusing.
                log.exception("fake Discord failed on %s %s", request.method, request.path)
                self.server.internal_errors.append(f"{request.method} {request.path}: {exc!r}")
                response = json_response({"message": f"fake Discord bug: {exc!r}", "code": 0}, 400)
        record.status = response.status
        raw = getattr(response, "body", None)
        if isinstance(raw, bytes | bytearray) and raw:
            record.response = json.loads(raw)
        self.server.record_request(record)
        return response

    @staticmethod
    def _needs_auth(record: RecordedRequest) -> bool:
        route = record.route.split(" ", 1)[1]
        return not route.startswith(("/webhooks/", "/interactions/", "/gateway"))

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[tuple[str, int]]]:
        if not request.can_read_body:
            return None, []
        if request.content_type.startswith("multipart/"):
            body: Any = None
            files: list[tuple[str, int]] = []
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())  # type: ignore[union-attr]
                elif getattr(part, "filename", None):
                    data = await part.read()  # type: ignore[union-attr]
                    files.append((part.filename, len(data)))  # type: ignore[union-attr]
            return body, files
        text = await request.text()
        return (json.loads(text) if text else None), []

    def _violation(self, request: web.Request, text: str, state: InteractionState | None = None):
        record: RecordedRequest = request[RECORD]
        self.server.violate(f"{record.method} {record.path}", text, state)

    def _invalid(self, request: web.Request, problems: list[Problem], state=None) -> web.Response:
        for problem in problems:
            self._violation(request, problem.describe(), state)
        return json_response(invalid_form_body(problems), 400)

    def _check_message_body(
        self, request: web.Request, body: dict[str, Any], *, creating: bool, state=None
    ) -> web.Response | None:
        """Discord's content/embed/component limits; None if the body is fine."""
        if creating and limits.is_empty_message(body) and not request[FILES]:
            self._violation(request, "cannot send an empty message", state)
            return error(400, EMPTY_MESSAGE)
        problems = limits.check_message(body)
        return self._invalid(request, problems, state) if problems else None

    async def _echo(self, event: str, message: dict[str, Any]) -> None:
        """Discord sends the bot its own (non-ephemeral) messages back over the gateway."""
        if message["flags"] & EPHEMERAL:
            return
        channel = self.world.find_channel(int(message["channel_id"]))
        intent = DIRECT_MESSAGES if channel and self.world.is_dm(channel) else GUILD_MESSAGES
        data = self.world.gateway_message(message)
        await self.server.gateway.dispatch(event, data, intent=intent)

    async def _delete(self, message: dict[str, Any]) -> None:
        self.world.messages.pop(int(message["id"]), None)
        data = {"id": message["id"], "channel_id": message["channel_id"]}
        channel = self.world.find_channel(int(message["channel_id"]))
        intent = DIRECT_MESSAGES
        if channel is not None and not self.world.is_dm(channel):
            data["guild_id"] = str(self.world.guild_id)
            intent = GUILD_MESSAGES
        if not message["flags"] & EPHEMERAL:
            await self.server.gateway.dispatch("MESSAGE_DELETE", data, intent=intent)
        self.server.notify()
