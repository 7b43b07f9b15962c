"""REST routes of channels: messages (with the permission rules), threads, the guild,
members, DMs, and the routes the bot may call that need no state."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from . import errors, ids, limits
from .gateway import GUILDS
from .rest_base import BODY, FILES, RestBase, error, json_response, no_content

PERM_VIEW_CHANNEL = 1 << 10
PERM_SEND_MESSAGES = 1 << 11
PERM_CREATE_PUBLIC_THREADS = 1 << 35
PERM_CREATE_PRIVATE_THREADS = 1 << 36
PERM_SEND_MESSAGES_IN_THREADS = 1 << 38

HAS_THREAD = 1 << 5


class ChannelRoutes(RestBase):
    # --- channels and messages ----------------------------------------------------------------

    def _channel(self, request: web.Request) -> dict[str, Any] | None:
        return self.world.find_channel(int(request.match_info["channel_id"]))

    def _lacks(self, request: web.Request, channel: dict[str, Any], needed: int, what: str):
        """403 Missing Permissions (and a violation) if the bot lacks ``needed``."""
        if self.world.bot_permissions(channel) & needed == needed:
            return None
        self._violation(request, f"missing permission to {what} in #{channel.get('name', 'DM')}")
        return error(403, errors.MISSING_PERMISSIONS)

    async def channel_get(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        return json_response(channel) if channel else error(404, errors.UNKNOWN_CHANNEL)

    async def typing(self, request: web.Request) -> web.Response:
        return no_content() if self._channel(request) else error(404, errors.UNKNOWN_CHANNEL)

    async def messages_list(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return error(404, errors.UNKNOWN_CHANNEL)
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
            return error(404, errors.UNKNOWN_CHANNEL)
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
                    problem = errors.Problem(
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
        return json_response(message) if message else error(404, errors.UNKNOWN_MESSAGE)

    async def message_edit(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message is None:
            return error(404, errors.UNKNOWN_MESSAGE)
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
            return error(404, errors.UNKNOWN_MESSAGE)
        await self._delete(message)
        return no_content()

    # --- threads ------------------------------------------------------------------------------

    async def _created_thread(self, thread: dict[str, Any]) -> web.Response:
        event = {
            **thread,
            "newly_created": True,
            "member": {
                "id": thread["id"],
                "user_id": str(self.world.bot_id),
                "join_timestamp": ids.timestamp(),
                "flags": 0,
            },
        }
        await self.server.gateway.dispatch("THREAD_CREATE", event, intent=GUILDS)
        self.server.notify()
        return json_response(thread, 201)

    def _new_thread(
        self, request: web.Request, channel: dict[str, Any], needed: int, **options: Any
    ) -> dict[str, Any] | web.Response:
        """The thread the request asks for in ``channel`` once its name and the bot's
        permission ``needed`` are checked, or the error Discord would give."""
        body = request[BODY]
        problems = limits.check_thread_name(body.get("name"))
        if problems:
            return self._invalid(request, problems)
        denied = self._lacks(request, channel, needed, "create threads")
        if denied is not None:
            return denied
        return self.world.add_thread(
            int(channel["id"]),
            self.world.bot_id,
            body["name"],
            auto_archive_duration=body.get("auto_archive_duration") or 1440,
            rate_limit_per_user=body.get("rate_limit_per_user") or 0,
            **options,
        )

    async def thread_from_message(self, request: web.Request) -> web.Response:
        world = self.world
        channel = self._channel(request)
        if channel is None or world.is_dm(channel) or world.is_thread(channel):
            self._violation(request, "thread from a message outside a guild text channel")
            return error(404 if channel is None else 400, errors.UNKNOWN_CHANNEL)
        message = self._message(request)
        if message is None:
            return error(404, errors.UNKNOWN_MESSAGE)
        if int(message["id"]) in world.channels:
            self._violation(request, "a thread was already created for this message")
            return error(400, errors.THREAD_ALREADY_CREATED)
        thread = self._new_thread(
            request, channel, PERM_CREATE_PUBLIC_THREADS, thread_id=int(message["id"])
        )
        if isinstance(thread, web.Response):
            return thread
        message["thread"] = thread
        message["flags"] |= HAS_THREAD
        return await self._created_thread(thread)

    async def thread_create(self, request: web.Request) -> web.Response:
        world = self.world
        channel = self._channel(request)
        if channel is None or world.is_dm(channel) or world.is_thread(channel):
            self._violation(request, "thread outside a guild text channel")
            return error(404 if channel is None else 400, errors.UNKNOWN_CHANNEL)
        body = request[BODY]
        thread_type = body.get("type") or 12
        needed = PERM_CREATE_PUBLIC_THREADS if thread_type == 11 else PERM_CREATE_PRIVATE_THREADS
        invitable = body.get("invitable", True)
        thread = self._new_thread(
            request, channel, needed, thread_type=thread_type, invitable=invitable
        )
        if isinstance(thread, web.Response):
            return thread
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
