"""Building the interactions ``FakeDiscord`` sends: INTERACTION_CREATE payloads for
commands and components, with the ``data.options`` tree, ``resolved`` users, members,
roles, channels and attachments, checked against the synced commands."""

from __future__ import annotations

import logging
import time
from typing import Any

from . import ids, payloads_messages
from .interactions import MESSAGE_COMPONENT, InteractionHandle, InteractionState
from .world import ChannelRef, MessageRef, UserRef

log = logging.getLogger("fake_discord")

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


class InteractionBuilder:
    """Part of ``FakeDiscord`` (uses its ``world``, ``interactions``, ``connected``, the
    synced commands and ``dispatch``)."""

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
            else self._adhoc_command_ids.setdefault(path[0], ids.snowflake())
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
        interaction_id, token = ids.snowflake(), ids.interaction_token()
        payload = payloads_messages.interaction(
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
            attachment = payloads_messages.attachment(name, size)
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
