"""The fake REST API (``/api/v10/...``): routes, recording middleware, and the rules.

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
from . import payloads as p
from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES, GUILDS
from .interactions import (
    ALLOWED_CALLBACKS,
    APPLICATION_COMMAND,
    CALLBACK_NAMES,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    InteractionState,
)
from .records import RecordedRequest

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fake_discord.rest")

API_PREFIX = "/api/v10"

PERM_VIEW_CHANNEL = 1 << 10
PERM_SEND_MESSAGES = 1 << 11
PERM_CREATE_PUBLIC_THREADS = 1 << 35
PERM_CREATE_PRIVATE_THREADS = 1 << 36
PERM_SEND_MESSAGES_IN_THREADS = 1 << 38

HAS_THREAD = 1 << 5
CHAT_INPUT_COMMAND_MESSAGE = 20


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
    return json_response(limits.error_body(err, errors), status)


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


class RestApi:
    def __init__(self, server: FakeDiscord) -> None:
        self.server = server
        self.world = server.world

    # --- plumbing -----------------------------------------------------------------------------

    def routes(self) -> list[web.RouteDef]:
        a = API_PREFIX
        cmds = a + "/applications/{application_id}/commands"
        guild_cmds = a + "/applications/{application_id}/guilds/{guild_id}/commands"
        hook = a + "/webhooks/{application_id}/{token}"
        channel = a + "/channels/{channel_id}"
        message = channel + "/messages/{message_id}"
        return [
            web.get(a + "/users/@me", self.get_me),
            web.get(a + "/oauth2/applications/@me", self.get_application),
            web.get(a + "/applications/@me", self.get_application),
            web.get(a + "/gateway", self.get_gateway),
            web.get(a + "/gateway/bot", self.get_gateway_bot),
            web.get(cmds, self.get_commands),
            web.put(cmds, self.put_commands),
            web.post(cmds, self.post_command),
            web.get(cmds + "/{command_id}", self.get_command),
            web.delete(cmds + "/{command_id}", self.delete_command),
            web.get(guild_cmds, self.get_commands),
            web.put(guild_cmds, self.put_commands),
            web.post(guild_cmds, self.post_command),
            web.get(guild_cmds + "/{command_id}", self.get_command),
            web.delete(guild_cmds + "/{command_id}", self.delete_command),
            web.post(a + "/interactions/{interaction_id}/{token}/callback", self.callback),
            web.post(hook, self.followup),
            web.get(hook + "/messages/{message_id}", self.webhook_message_get),
            web.patch(hook + "/messages/{message_id}", self.webhook_message_edit),
            web.delete(hook + "/messages/{message_id}", self.webhook_message_delete),
            web.get(channel, self.channel_get),
            web.post(channel + "/typing", self.typing),
            web.get(channel + "/messages", self.messages_list),
            web.post(channel + "/messages", self.message_create),
            web.get(message, self.message_get),
            web.patch(message, self.message_edit),
            web.delete(message, self.message_delete),
            web.put(message + "/reactions/{emoji}/@me", self.no_content),
            web.delete(message + "/reactions/{emoji}/@me", self.no_content),
            web.post(message + "/threads", self.thread_from_message),
            web.post(channel + "/threads", self.thread_create),
            web.put(channel + "/thread-members/@me", self.no_content),
            web.delete(channel + "/thread-members/@me", self.no_content),
            web.get(a + "/guilds/{guild_id}", self.guild_get),
            web.get(a + "/guilds/{guild_id}/members/{user_id}", self.member_get),
            web.post(a + "/users/@me/channels", self.dm_create),
            web.get(a + "/applications/{application_id}/entitlements", self.empty_list),
            web.get(a + "/applications/{application_id}/emojis", self.app_emojis),
            web.route("*", a + "/{tail:.*}", self.unknown_route),
        ]

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

    def _invalid(
        self, request: web.Request, problems: list[limits.Problem], state=None
    ) -> web.Response:
        for problem in problems:
            self._violation(request, problem.describe(), state)
        return json_response(limits.invalid_form_body(problems), 400)

    def _check_message_body(
        self, request: web.Request, body: dict[str, Any], *, creating: bool, state=None
    ) -> web.Response | None:
        """Discord's content/embed/component limits; None if the body is fine."""
        if creating and limits.is_empty_message(body) and not request[FILES]:
            self._violation(request, "cannot send an empty message", state)
            return error(400, limits.EMPTY_MESSAGE)
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

    # --- identity -----------------------------------------------------------------------------

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(p.bot_user(self.world.bot_user))

    async def get_application(self, request: web.Request) -> web.Response:
        world = self.world
        return json_response(
            p.application(
                world.application_id,
                world.bot_user["username"],
                world.bot_user,
                world.owner,
                flags=self.server.application_flags,
            )
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.server.gateway_url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return json_response(
            {"url": self.server.gateway_url, "shards": 1, "session_start_limit": limit}
        )

    # --- application commands -----------------------------------------------------------------

    def _command_scope(
        self, request: web.Request
    ) -> tuple[list[dict[str, Any]] | None, int | None]:
        """The command list for the route (global or guild), or None if access is denied."""
        app_id = int(request.match_info["application_id"])
        if app_id != self.world.application_id:
            return None, None
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return self.server.global_commands, None
        if int(guild_id) != self.world.guild_id:
            return None, None
        return self.server.guild_commands.setdefault(int(guild_id), []), int(guild_id)

    def _register(
        self, existing: list[dict[str, Any]], definition: dict[str, Any], guild_id: int | None
    ) -> dict[str, Any]:
        key = (definition.get("type", 1), definition["name"])
        old = next((c for c in existing if (c["type"], c["name"]) == key), None)
        return p.app_command(
            definition,
            command_id=int(old["id"]) if old else p.snowflake(),
            application_id=self.world.application_id,
            guild_id=guild_id,
        )

    async def get_commands(self, request: web.Request) -> web.Response:
        commands, _ = self._command_scope(request)
        if commands is None:
            return error(403, (50001, "Missing Access"))
        return json_response(commands)

    async def get_command(self, request: web.Request) -> web.Response:
        commands, _ = self._command_scope(request)
        wanted = request.match_info["command_id"]
        found = next((c for c in commands or [] if c["id"] == wanted), None)
        return json_response(found) if found else error(404, limits.UNKNOWN_COMMAND)

    async def put_commands(self, request: web.Request) -> web.Response:
        commands, guild_id = self._command_scope(request)
        if commands is None:
            self._violation(request, "commands for another application or guild")
            return error(403, (50001, "Missing Access"))
        body = request[RECORD].json or []
        problems = limits.check_commands(body, is_global=guild_id is None)
        if problems:
            return self._invalid(request, problems)
        registered = [self._register(commands, d, guild_id) for d in body]
        commands[:] = registered
        self.server.command_syncs.append((guild_id, registered))
        return json_response(registered)

    async def post_command(self, request: web.Request) -> web.Response:
        commands, guild_id = self._command_scope(request)
        if commands is None:
            return error(403, (50001, "Missing Access"))
        definition = request[BODY]
        problems = limits.check_commands([definition], is_global=guild_id is None)
        if problems:
            return self._invalid(request, problems)
        command = self._register(commands, definition, guild_id)
        created = all(c["id"] != command["id"] for c in commands)
        commands[:] = [c for c in commands if c["id"] != command["id"]] + [command]
        return json_response(command, 201 if created else 200)

    async def delete_command(self, request: web.Request) -> web.Response:
        commands, _ = self._command_scope(request)
        wanted = request.match_info["command_id"]
        if commands is None or all(c["id"] != wanted for c in commands):
            return error(404, limits.UNKNOWN_COMMAND)
        commands[:] = [c for c in commands if c["id"] != wanted]
        return no_content()

    # --- interactions -------------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        server = self.server
        record: RecordedRequest = request[RECORD]
        state = server.interactions.get(int(request.match_info["interaction_id"]))
        if state is None or state.token != request.match_info["token"]:
            self._violation(request, "callback for an unknown interaction")
            return error(404, limits.UNKNOWN_INTERACTION)
        body = request[BODY]
        callback_type = body.get("type")
        name = CALLBACK_NAMES.get(callback_type, str(callback_type))
        if state.acked:
            self._violation(
                request,
                f"{state.label} acknowledged twice (first {CALLBACK_NAMES.get(state.ack_type)},"
                f" then {name})",
                state,
            )
            return error(400, limits.ALREADY_ACKNOWLEDGED)
        elapsed = record.time - state.created_at
        if elapsed > server.ack_deadline:
            self._violation(
                request,
                f"{state.label} acknowledged after {elapsed:.2f}s"
                f" (deadline {server.ack_deadline:g}s): Unknown interaction",
                state,
            )
            return error(404, limits.UNKNOWN_INTERACTION)
        if callback_type not in ALLOWED_CALLBACKS.get(state.type, set()):
            allowed = sorted(ALLOWED_CALLBACKS.get(state.type, set()))
            problem = limits.Problem(
                ("type",),
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Value must be one of {allowed}.",
                f"{name} is not valid for this interaction type",
            )
            return self._invalid(request, [problem], state)
        data = body.get("data") or {}
        if callback_type in (4, 7):
            rejected = self._check_message_body(
                request, data, creating=callback_type == 4, state=state
            )
            if rejected is not None:
                return rejected
        if callback_type == 8:
            problems = limits.check_choices(data)
            if problems:
                return self._invalid(request, problems, state)

        state.acked_at = record.time
        state.ack_type = callback_type
        state.ack_body = body
        message, loading = await self._apply_callback(state, callback_type, data, request[FILES])
        server.notify()
        if not _truthy(request.query.get("with_response")):
            return no_content()
        return json_response(
            p.callback_response(
                interaction_id=state.id,
                interaction_type=state.type,
                callback_type=callback_type,
                message_data=message if callback_type in (4, 5, 7) else None,
                response_message_id=int(message["id"]) if message else None,
                loading=loading,
                ephemeral=bool(message and message["flags"] & EPHEMERAL),
            )
        )

    async def _apply_callback(
        self,
        state: InteractionState,
        callback_type: int,
        data: dict[str, Any],
        files: list[tuple[str, int]],
    ) -> tuple[dict[str, Any] | None, bool]:
        """Update the fake world for an accepted callback; returns (message, loading)."""
        world = self.world
        if callback_type in (4, 5):
            flags = (data.get("flags") or 0) & EPHEMERAL
            body = data if callback_type == 4 else {}
            if callback_type == 5:
                flags |= LOADING
            message = self._interaction_message(state, body, flags, files)
            state.original_id = int(message["id"])
            state.loading = callback_type == 5
            if callback_type == 4:
                state.add_response(state.original_id)
            await self._echo("MESSAGE_CREATE", message)
            return message, state.loading
        if callback_type in (6, 7):
            message_id = state.component_message_id
            message = world.message(message_id) if message_id else None
            if message is None:
                return None, False
            state.original_id = int(message["id"])
            if callback_type == 7:
                world.edit_message(message, data)
                state.add_response(state.original_id)
                await self._echo("MESSAGE_UPDATE", message)
            return message, False
        if callback_type == 8:
            state.choices = data.get("choices", [])
        elif callback_type == 9:
            state.modal = data
        return None, False

    def _interaction_message(
        self,
        state: InteractionState,
        body: dict[str, Any],
        flags: int,
        files: list[tuple[str, int]],
    ) -> dict[str, Any]:
        """A message sent by the application in answer to an interaction."""
        world = self.world
        message = world.compose_message(
            state.channel,
            world.bot_user,
            {**body, "flags": flags | (body.get("flags") or 0)},
            message_type=CHAT_INPUT_COMMAND_MESSAGE if state.type == APPLICATION_COMMAND else 0,
            files=files,
        )
        message["webhook_id"] = str(world.application_id)
        message["application_id"] = str(world.application_id)
        metadata: dict[str, Any] = {
            "id": str(state.id),
            "type": state.type,
            "user": state.user,
            "authorizing_integration_owners": state.payload["authorizing_integration_owners"],
        }
        if state.type == APPLICATION_COMMAND:
            metadata["name"] = state.name
            metadata["command_type"] = 1
        if state.type == MESSAGE_COMPONENT and state.component_message_id:
            metadata["interacted_message_id"] = str(state.component_message_id)
        message["interaction_metadata"] = metadata
        return message

    def _webhook_state(
        self, request: web.Request, *, action: str
    ) -> tuple[InteractionState | None, web.Response | None]:
        """The interaction behind a followup webhook, or the error Discord would give."""
        server = self.server
        token = request.match_info["token"]
        state = server.interactions_by_token.get(token)
        if state is None or int(request.match_info["application_id"]) != self.world.application_id:
            self._violation(request, f"{action}: unknown webhook (no interaction has this token)")
            return None, error(404, limits.UNKNOWN_WEBHOOK)
        if not state.acked:
            self._violation(
                request, f"{action} before {state.label} was acknowledged: Unknown Webhook", state
            )
            return state, error(404, limits.UNKNOWN_WEBHOOK)
        if state.ack_type == 8:
            self._violation(request, f"{action} on an autocomplete interaction", state)
            return state, error(404, limits.UNKNOWN_WEBHOOK)
        age = request[RECORD].time - state.created_at
        if age > server.token_ttl:
            self._violation(
                request,
                f"{action} {age:.1f}s after {state.label} was created"
                f" (interaction tokens last {server.token_ttl:g}s)",
                state,
            )
            return state, error(401, limits.INVALID_WEBHOOK_TOKEN)
        return state, None

    async def followup(self, request: web.Request) -> web.Response:
        state, failed = self._webhook_state(request, action="followup")
        if failed is not None or state is None:
            return failed  # type: ignore[return-value]
        body = request[BODY]
        rejected = self._check_message_body(request, body, creating=True, state=state)
        if rejected is not None:
            return rejected
        original = self.world.message(state.original_id) if state.original_id else None
        if state.ack_type == 5 and state.loading and original is not None:
            # The first followup after a deferred response edits the loading message and
            # keeps the ephemeral flag chosen when deferring.
            self.world.edit_message(original, {k: v for k, v in body.items() if k != "flags"})
            original["flags"] &= ~LOADING
            state.loading = False
            message = original
            await self._echo("MESSAGE_UPDATE", message)
        else:
            flags = (body.get("flags") or 0) & EPHEMERAL
            message = self._interaction_message(state, body, flags, request[FILES])
            message["type"] = 0
            await self._echo("MESSAGE_CREATE", message)
        state.followup_ids.append(int(message["id"]))
        state.add_response(int(message["id"]))
        self.server.notify()
        if not _truthy(request.query.get("wait")):
            return no_content()
        return json_response(message)

    def _webhook_message(
        self, request: web.Request, state: InteractionState
    ) -> dict[str, Any] | None:
        wanted = request.match_info["message_id"]
        if wanted == "@original":
            return self.world.message(state.original_id) if state.original_id else None
        if int(wanted) not in (state.original_id, *state.followup_ids):
            return None
        return self.world.message(int(wanted))

    async def webhook_message_get(self, request: web.Request) -> web.Response:
        state, failed = self._webhook_state(request, action="fetching a response")
        if failed is not None or state is None:
            return failed  # type: ignore[return-value]
        message = self._webhook_message(request, state)
        return json_response(message) if message else error(404, limits.UNKNOWN_MESSAGE)

    async def webhook_message_edit(self, request: web.Request) -> web.Response:
        state, failed = self._webhook_state(request, action="editing a response")
        if failed is not None or state is None:
            return failed  # type: ignore[return-value]
        message = self._webhook_message(request, state)
        if message is None:
            return error(404, limits.UNKNOWN_MESSAGE)
        body = request[BODY]
        rejected = self._check_message_body(request, body, creating=False, state=state)
        if rejected is not None:
            return rejected
        self.world.edit_message(message, {k: v for k, v in body.items() if k != "flags"})
        if int(message["id"]) == state.original_id and state.loading:
            message["flags"] &= ~LOADING
            state.loading = False
        state.add_response(int(message["id"]))
        await self._echo("MESSAGE_UPDATE", message)
        self.server.notify()
        return json_response(message)

    async def webhook_message_delete(self, request: web.Request) -> web.Response:
        state, failed = self._webhook_state(request, action="deleting a response")
        if failed is not None or state is None:
            return failed  # type: ignore[return-value]
        message = self._webhook_message(request, state)
        if message is None:
            return error(404, limits.UNKNOWN_MESSAGE)
        await self._delete(message)
        return no_content()

    # --- channels and messages ----------------------------------------------------------------

    def _channel(self, request: web.Request) -> dict[str, Any] | None:
        return self.world.find_channel(int(request.match_info["channel_id"]))

    def _lacks(self, request: web.Request, channel: dict[str, Any], needed: int, what: str):
        """403 Missing Permissions (and a violation) if the bot lacks ``needed``."""
        if self.world.bot_permissions(channel) & needed == needed:
            return None
        self._violation(request, f"missing permission to {what} in #{channel.get('name', 'DM')}")
        return error(403, limits.MISSING_PERMISSIONS)

    async def channel_get(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        return json_response(channel) if channel else error(404, limits.UNKNOWN_CHANNEL)

    async def typing(self, request: web.Request) -> web.Response:
        return no_content() if self._channel(request) else error(404, limits.UNKNOWN_CHANNEL)

    async def messages_list(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return error(404, limits.UNKNOWN_CHANNEL)
        messages = sorted(
            (m for m in self.world.messages.values() if m["channel_id"] == channel["id"]),
            key=lambda m: int(m["id"]),
            reverse=True,
        )
        if "before" in request.query:
            messages = [m for m in messages if int(m["id"]) < int(request.query["before"])]
        if "after" in request.query:
            messages = [m for m in messages if int(m["id"]) > int(request.query["after"])]
        return json_response(messages[: int(request.query.get("limit", 50))])

    async def message_create(self, request: web.Request) -> web.Response:
        world = self.world
        channel = self._channel(request)
        if channel is None:
            self._violation(request, "message to an unknown channel")
            return error(404, limits.UNKNOWN_CHANNEL)
        if not world.is_dm(channel):
            send = PERM_SEND_MESSAGES_IN_THREADS if world.is_thread(channel) else PERM_SEND_MESSAGES
            denied = self._lacks(request, channel, PERM_VIEW_CHANNEL | send, "send messages")
            if denied is not None:
                return denied
        body = request[BODY]
        rejected = self._check_message_body(request, body, creating=True)
        if rejected is not None:
            return rejected
        reference = body.get("message_reference")
        if reference:
            referenced = world.message(reference.get("message_id", 0))
            if referenced is None:
                if reference.get("fail_if_not_exists", True):
                    problem = limits.Problem(
                        ("message_reference",),
                        "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                        "Unknown message",
                    )
                    return self._invalid(request, [problem])
                reference = None
        message = world.compose_message(
            channel, world.bot_user, body, files=request[FILES], reference=reference
        )
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        await self._echo("MESSAGE_CREATE", message)
        self.server.notify()
        return json_response(message)

    def _message(self, request: web.Request) -> dict[str, Any] | None:
        message = self.world.message(int(request.match_info["message_id"]))
        if message is None or message["channel_id"] != request.match_info["channel_id"]:
            return None
        return message

    async def message_get(self, request: web.Request) -> web.Response:
        message = self._message(request)
        return json_response(message) if message else error(404, limits.UNKNOWN_MESSAGE)

    async def message_edit(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message is None:
            return error(404, limits.UNKNOWN_MESSAGE)
        if message["author"]["id"] != str(self.world.bot_id):
            self._violation(request, "editing a message the bot did not send")
            return error(403, (50005, "Cannot edit a message authored by another user"))
        body = request[BODY]
        rejected = self._check_message_body(request, body, creating=False)
        if rejected is not None:
            return rejected
        self.world.edit_message(message, body)
        await self._echo("MESSAGE_UPDATE", message)
        self.server.notify()
        return json_response(message)

    async def message_delete(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message is None:
            return error(404, limits.UNKNOWN_MESSAGE)
        await self._delete(message)
        return no_content()

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

    # --- threads ------------------------------------------------------------------------------

    async def _created_thread(self, thread: dict[str, Any]) -> web.Response:
        event = {
            **thread,
            "newly_created": True,
            "member": {
                "id": thread["id"],
                "user_id": str(self.world.bot_id),
                "join_timestamp": p.timestamp(),
                "flags": 0,
            },
        }
        await self.server.gateway.dispatch("THREAD_CREATE", event, intent=GUILDS)
        self.server.notify()
        return json_response(thread, 201)

    async def thread_from_message(self, request: web.Request) -> web.Response:
        world = self.world
        channel = self._channel(request)
        if channel is None or world.is_dm(channel) or world.is_thread(channel):
            self._violation(request, "thread from a message outside a guild text channel")
            return error(404 if channel is None else 400, limits.UNKNOWN_CHANNEL)
        message = self._message(request)
        if message is None:
            return error(404, limits.UNKNOWN_MESSAGE)
        if int(message["id"]) in world.channels:
            self._violation(request, "a thread was already created for this message")
            return error(400, limits.THREAD_ALREADY_CREATED)
        body = request[BODY]
        problems = limits.check_thread_name(body.get("name"))
        if problems:
            return self._invalid(request, problems)
        denied = self._lacks(request, channel, PERM_CREATE_PUBLIC_THREADS, "create threads")
        if denied is not None:
            return denied
        thread = world.add_thread(
            int(channel["id"]),
            world.bot_id,
            body["name"],
            thread_id=int(message["id"]),
            auto_archive_duration=body.get("auto_archive_duration") or 1440,
            rate_limit_per_user=body.get("rate_limit_per_user") or 0,
        )
        message["thread"] = thread
        message["flags"] |= HAS_THREAD
        return await self._created_thread(thread)

    async def thread_create(self, request: web.Request) -> web.Response:
        world = self.world
        channel = self._channel(request)
        if channel is None or world.is_dm(channel) or world.is_thread(channel):
            self._violation(request, "thread outside a guild text channel")
            return error(404 if channel is None else 400, limits.UNKNOWN_CHANNEL)
        body = request[BODY]
        problems = limits.check_thread_name(body.get("name"))
        if problems:
            return self._invalid(request, problems)
        thread_type = body.get("type") or 12
        needed = PERM_CREATE_PUBLIC_THREADS if thread_type == 11 else PERM_CREATE_PRIVATE_THREADS
        denied = self._lacks(request, channel, needed, "create threads")
        if denied is not None:
            return denied
        thread = world.add_thread(
            int(channel["id"]),
            world.bot_id,
            body["name"],
            thread_type=thread_type,
            auto_archive_duration=body.get("auto_archive_duration") or 1440,
            rate_limit_per_user=body.get("rate_limit_per_user") or 0,
            invitable=body.get("invitable", True),
        )
        return await self._created_thread(thread)

    # --- guild, users, misc -------------------------------------------------------------------

    async def guild_get(self, request: web.Request) -> web.Response:
        if int(request.match_info["guild_id"]) != self.world.guild_id:
            return error(404, (10004, "Unknown Guild"))
        guild = self.world.guild_create()
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at"):
            guild.pop(key, None)
        return json_response(guild)

    async def member_get(self, request: web.Request) -> web.Response:
        user_id = int(request.match_info["user_id"])
        if int(request.match_info["guild_id"]) != self.world.guild_id:
            return error(404, (10004, "Unknown Guild"))
        if user_id not in self.world.users:
            return error(404, (10007, "Unknown Member"))
        return json_response(self.world.member(user_id))

    async def dm_create(self, request: web.Request) -> web.Response:
        recipient = request[BODY].get("recipient_id")
        try:
            channel = self.world.dm_channel(int(recipient))
        except (KeyError, TypeError, ValueError):
            return error(400, (50033, "Invalid Recipient(s)"))
        return json_response(channel)

    async def no_content(self, request: web.Request) -> web.Response:
        return no_content()

    async def empty_list(self, request: web.Request) -> web.Response:
        return json_response([])

    async def app_emojis(self, request: web.Request) -> web.Response:
        return json_response({"items": []})

    async def unknown_route(self, request: web.Request) -> web.Response:
        self._violation(request, "route not supported by the fake Discord server")
        return json_response({"message": "404: Not Found", "code": 0}, 404)
