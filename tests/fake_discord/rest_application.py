"""REST routes about the application: who the bot is (``/users/@me``, the application,
the gateway URL) and its application commands (global and guild, bulk overwrite included)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from . import errors, ids, limits, payloads_guild, payloads_messages
from .rest_base import BODY, RECORD, RestBase, error, json_response, no_content


class ApplicationRoutes(RestBase):
    # --- identity -----------------------------------------------------------------------------

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(payloads_guild.bot_user(self.world.bot_user))

    async def get_application(self, request: web.Request) -> web.Response:
        world = self.world
        return json_response(
            payloads_guild.application(
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
        return payloads_messages.app_command(
            definition,
            command_id=int(old["id"]) if old else ids.snowflake(),
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
        return json_response(found) if found else error(404, errors.UNKNOWN_COMMAND)

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
            return error(404, errors.UNKNOWN_COMMAND)
        commands[:] = [c for c in commands if c["id"] != wanted]
        return no_content()
