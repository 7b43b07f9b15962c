"""The fake guild: its users, roles, channels, threads and messages.

One guild ("Fake Newsroom") with two text channels (``general``, ``news``), three roles
(``@everyone``, ``Moderator``, the bot's managed role) and four members: the bot,
``owner`` (the guild owner), ``alice`` (plain member) and ``bob`` (Moderator). Tests add
more with ``add_user``/``add_channel``/``add_role``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import ids, payloads_guild, payloads_messages

UserRef = str | int | dict[str, Any]
ChannelRef = str | int | dict[str, Any] | None
MessageRef = int | str | dict[str, Any]

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_EVERYONE = re.compile(r"@(everyone|here)\b")

THREAD_TYPES = {10, 11, 12}
GUILD_TEXT_TYPES = {0, 5, *THREAD_TYPES}


class World:
    def __init__(
        self,
        *,
        bot_name: str = "newsdesk",
        bot_permissions: int = payloads_guild.BOT_PERMISSIONS,
        everyone_permissions: int = payloads_guild.EVERYONE_PERMISSIONS,
    ) -> None:
        self.joined_at = ids.timestamp()
        self.application_id = ids.snowflake()
        # Modern applications: the bot user's id is the application id.
        self.bot_id = self.application_id
        self.bot_user = payloads_guild.user(self.bot_id, bot_name, bot=True)
        self.guild_id = ids.snowflake()
        self.guild_name = "Fake Newsroom"

        self.roles: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.member_roles: dict[int, list[int]] = {}
        self.channels: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, dict[str, Any]] = {}

        self.everyone_role = self.add_role("@everyone", everyone_permissions, role_id=self.guild_id)
        self.moderator_role = self.add_role("Moderator", payloads_guild.MODERATOR_PERMISSIONS)
        self.bot_role = self.add_role(bot_name, bot_permissions, managed=True, bot_id=self.bot_id)

        self._add_member(self.bot_user, [int(self.bot_role["id"])])
        self.owner = self.add_user("owner")
        self.owner_id = int(self.owner["id"])
        self.alice = self.add_user("alice")
        self.bob = self.add_user("bob", roles=["Moderator"])

        self.general = self.add_channel("general")
        self.news = self.add_channel("news")

    # --- building the world -----------------------------------------------------------------

    def add_role(
        self,
        name: str,
        permissions: int,
        *,
        role_id: int | None = None,
        managed: bool = False,
        bot_id: int | None = None,
    ) -> dict[str, Any]:
        role_id = role_id or ids.snowflake()
        data = payloads_guild.role(
            role_id, name, permissions, position=len(self.roles), managed=managed, bot_id=bot_id
        )
        self.roles[role_id] = data
        return data

    def add_user(
        self, name: str, *, roles: Sequence[str | int] = (), bot: bool = False
    ) -> dict[str, Any]:
        """A new guild member named ``name`` with the given roles (names or ids)."""
        user = payloads_guild.user(ids.snowflake(), name, bot=bot)
        self._add_member(user, [int(self.role(r)["id"]) for r in roles])
        return user

    def _add_member(self, user: dict[str, Any], role_ids: list[int]) -> None:
        self.users[int(user["id"])] = user
        self.member_roles[int(user["id"])] = role_ids

    def add_channel(self, name: str) -> dict[str, Any]:
        channel = payloads_guild.text_channel(
            ids.snowflake(), self.guild_id, name, position=len(self.channels)
        )
        self.channels[int(channel["id"])] = channel
        return channel

    def add_thread(
        self,
        parent_id: int,
        owner_id: int,
        name: str,
        *,
        thread_id: int | None = None,
        thread_type: int = 11,
        auto_archive_duration: int = 1440,
        rate_limit_per_user: int = 0,
        invitable: bool = True,
    ) -> dict[str, Any]:
        thread = payloads_guild.thread_channel(
            thread_id or ids.snowflake(),
            self.guild_id,
            parent_id,
            owner_id,
            name,
            thread_type=thread_type,
            auto_archive_duration=auto_archive_duration,
            rate_limit_per_user=rate_limit_per_user,
            invitable=invitable,
        )
        self.channels[int(thread["id"])] = thread
        return thread

    # --- lookups ------------------------------------------------------------------------------

    def role(self, ref: str | int) -> dict[str, Any]:
        for role in self.roles.values():
            if ref in (role["name"], int(role["id"]), role["id"]):
                return role
        raise KeyError(f"no role {ref!r} in the fake guild")

    def user(self, ref: UserRef) -> dict[str, Any]:
        """A user by name (``"alice"``), id, or user payload."""
        if isinstance(ref, dict):
            ref = int(ref["id"])
        if isinstance(ref, str) and not ref.isdigit():
            for user in self.users.values():
                if user["username"] == ref:
                    return user
            raise KeyError(f"no user named {ref!r} in the fake guild (add_user it first)")
        try:
            return self.users[int(ref)]
        except KeyError:
            raise KeyError(f"no user with id {ref} in the fake guild") from None

    def channel(self, ref: ChannelRef) -> dict[str, Any]:
        """A channel or thread by name, id or payload; ``None`` is ``#general``."""
        if ref is None:
            return self.general
        if isinstance(ref, dict):
            ref = int(ref["id"])
        if isinstance(ref, str) and not ref.isdigit():
            for channel in self.channels.values():
                if channel.get("name") == ref:
                    return channel
            raise KeyError(f"no channel named {ref!r} in the fake guild")
        channel_id = int(ref)
        found = self.channels.get(channel_id) or self._dm_by_id(channel_id)
        if found is None:
            raise KeyError(f"no channel with id {channel_id}")
        return found

    def find_channel(self, channel_id: int) -> dict[str, Any] | None:
        return self.channels.get(channel_id) or self._dm_by_id(channel_id)

    def _dm_by_id(self, channel_id: int) -> dict[str, Any] | None:
        for channel in self.dm_channels.values():
            if int(channel["id"]) == channel_id:
                return channel
        return None

    def dm_channel(self, user: UserRef) -> dict[str, Any]:
        """The DM channel between the bot and ``user`` (created on first use)."""
        user_data = self.user(user)
        user_id = int(user_data["id"])
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = payloads_guild.dm_channel(ids.snowflake(), user_data)
        return self.dm_channels[user_id]

    @staticmethod
    def is_thread(channel: dict[str, Any]) -> bool:
        return channel.get("type") in THREAD_TYPES

    @staticmethod
    def is_dm(channel: dict[str, Any]) -> bool:
        return channel.get("type") in (1, 3)

    def guild_id_of(self, channel: dict[str, Any]) -> int | None:
        return None if self.is_dm(channel) else self.guild_id

    def message(self, ref: int | str | dict[str, Any]) -> dict[str, Any] | None:
        if isinstance(ref, dict):
            ref = ref["id"]
        return self.messages.get(int(ref))

    def channel_messages(self, channel: ChannelRef) -> list[dict[str, Any]]:
        channel_id = self.channel(channel)["id"]
        return [m for m in self.messages.values() if m["channel_id"] == channel_id]

    # --- permissions --------------------------------------------------------------------------

    def permissions(self, user_id: int, channel: dict[str, Any] | None = None) -> int:
        """Total permissions of a member (no channel overwrites in the fake guild)."""
        if channel is not None and self.is_dm(channel):
            return payloads_guild.EVERYONE_PERMISSIONS
        if user_id == self.owner_id:
            return payloads_guild.ALL_PERMISSIONS
        value = int(self.everyone_role["permissions"])
        for role_id in self.member_roles.get(user_id, []):
            value |= int(self.roles[role_id]["permissions"])
        if value & payloads_guild.ADMINISTRATOR:
            return payloads_guild.ALL_PERMISSIONS
        return value

    def bot_permissions(self, channel: dict[str, Any] | None = None) -> int:
        return self.permissions(self.bot_id, channel)

    # --- payloads -----------------------------------------------------------------------------

    def member(
        self, user_id: int, *, with_user: bool = True, permissions: int | None = None
    ) -> dict[str, Any]:
        return payloads_guild.member(
            self.users[user_id] if with_user else None,
            roles=self.member_roles.get(user_id, []),
            joined_at=self.joined_at,
            permissions=permissions,
        )

    def guild_create(self) -> dict[str, Any]:
        guild_channels = [c for c in self.channels.values() if not self.is_thread(c)]
        threads = [c for c in self.channels.values() if self.is_thread(c)]
        return payloads_guild.guild(
            self.guild_id,
            self.guild_name,
            owner_id=self.owner_id,
            system_channel_id=int(self.general["id"]),
            roles=list(self.roles.values()),
            channels=[{k: v for k, v in c.items() if k != "guild_id"} for c in guild_channels],
            threads=threads,
            members=[self.member(uid) for uid in self.users],
            joined_at=self.joined_at,
        )

    def mentions(
        self,
        content: str,
        allowed_mentions: dict[str, Any] | None,
        *,
        in_guild: bool,
        replied_user_id: int | None = None,
    ) -> tuple[list[dict[str, Any]], list[str], bool]:
        """Who a message really mentions: ``(users, role ids, @everyone)``.

        Without ``allowed_mentions`` Discord parses everything (and pings the replied-to
        author); with it only what it allows (``replied_user`` defaults to false).
        """
        if allowed_mentions is None:
            parse = {"users", "roles", "everyone"}
            users_allowed: set[int] = set()
            roles_allowed: set[int] = set()
            replied = True
        else:
            parse = set(allowed_mentions.get("parse") or [])
            users_allowed = {int(u) for u in allowed_mentions.get("users") or []}
            roles_allowed = {int(r) for r in allowed_mentions.get("roles") or []}
            replied = bool(allowed_mentions.get("replied_user", False))

        user_ids: list[int] = []
        for match in _USER_MENTION.finditer(content or ""):
            uid = int(match.group(1))
            allowed = "users" in parse or uid in users_allowed
            if uid in self.users and allowed and uid not in user_ids:
                user_ids.append(uid)
        if replied and replied_user_id is not None and replied_user_id not in user_ids:
            user_ids.append(replied_user_id)

        role_ids: list[str] = []
        for match in _ROLE_MENTION.finditer(content or ""):
            rid = int(match.group(1))
            if rid in self.roles and ("roles" in parse or rid in roles_allowed):
                role_ids.append(str(rid))

        everyone = bool(_EVERYONE.search(content or "")) and "everyone" in parse

        users = []
        for uid in user_ids:
            data = dict(self.users[uid])
            if in_guild:
                data["member"] = self.member(uid, with_user=False)
            users.append(data)
        return users, role_ids, everyone

    def compose_message(
        self,
        channel: dict[str, Any],
        author: dict[str, Any],
        body: dict[str, Any],
        *,
        message_type: int = 0,
        flags: int = 0,
        files: Sequence[tuple[str, int]] = (),
        reference: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A new message from a create body (content, embeds, components, allowed_mentions,
        tts, flags) as Discord would store it."""
        referenced = self.message(reference["message_id"]) if reference else None
        replied_author = int(referenced["author"]["id"]) if referenced else None
        users, roles, everyone = self.mentions(
            body.get("content") or "",
            body.get("allowed_mentions"),
            in_guild=not self.is_dm(channel),
            replied_user_id=replied_author,
        )
        message = payloads_messages.message(
            ids.snowflake(),
            int(channel["id"]),
            author,
            body.get("content") or "",
            message_type=19 if referenced and message_type == 0 else message_type,
            embeds=body.get("embeds"),
            components=body.get("components"),
            attachments=[payloads_messages.attachment(name, size) for name, size in files],
            flags=flags | (body.get("flags") or 0),
            mentions=users,
            mention_roles=roles,
            mention_everyone=everyone,
            tts=bool(body.get("tts")),
        )
        if referenced is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": referenced["id"],
                "channel_id": referenced["channel_id"],
                **({} if self.is_dm(channel) else {"guild_id": str(self.guild_id)}),
            }
            message["referenced_message"] = {
                k: v for k, v in referenced.items() if k != "referenced_message"
            }
        if self.is_thread(channel):
            message["position"] = channel["message_count"]
            channel["message_count"] += 1
            channel["total_message_sent"] += 1
        channel["last_message_id"] = message["id"]
        self.messages[int(message["id"])] = message
        return message

    def edit_message(self, message: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Apply an edit body (only the keys given change) and mark it edited."""
        for key in ("content", "components", "flags"):
            if key in body and body[key] is not None:
                message[key] = body[key]
        if "embeds" in body and body["embeds"] is not None:
            message["embeds"] = [payloads_messages.normalise_embed(e) for e in body["embeds"]]
        if "attachments" in body and body["attachments"] is not None:
            keep = {str(a.get("id")) for a in body["attachments"]}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
        if "content" in body:
            channel = self.find_channel(int(message["channel_id"]))
            users, roles, everyone = self.mentions(
                message["content"],
                body.get("allowed_mentions"),
                in_guild=channel is not None and not self.is_dm(channel),
            )
            message.update(mentions=users, mention_roles=roles, mention_everyone=everyone)
        message["edited_timestamp"] = ids.timestamp()
        return message

    def gateway_message(self, message: dict[str, Any]) -> dict[str, Any]:
        """A stored message as MESSAGE_CREATE/UPDATE carries it (plus guild_id, member)."""
        data = dict(message)
        channel = self.find_channel(int(message["channel_id"]))
        if channel is not None and not self.is_dm(channel):
            data["guild_id"] = str(self.guild_id)
            author_id = int(message["author"]["id"])
            if author_id in self.users and "webhook_id" not in message:
                data["member"] = self.member(author_id, with_user=False)
        return data
