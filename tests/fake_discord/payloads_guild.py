"""JSON builders for who and where: users, members, roles, channels, threads, DMs, the guild
and the application (the messages and interactions are in ``payloads_messages.py``).

Shapes follow the Discord API v10 as parsed by discord.py 2.7 (keys discord.py reads with
``data[...]`` are always present). Everything is plain ``dict``/``list``/``str`` so it can be
sent over the wire as is; snowflakes are strings, as on the real API.
"""

from __future__ import annotations

import secrets
from typing import Any

import discord

from .ids import timestamp

# --- permissions -----------------------------------------------------------------------------

#: The permissions of the bot's managed role (what an invite with sensible scopes grants).
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_application_commands=True,
).value

#: What @everyone can do in the fake guild (close to a new server's defaults): what the bot
#: may, and use external emojis and change their nickname.
EVERYONE_PERMISSIONS = (
    BOT_PERMISSIONS | discord.Permissions(use_external_emojis=True, change_nickname=True).value
)

#: The extra permissions of the fake "Moderator" role.
MODERATOR_PERMISSIONS = discord.Permissions(
    manage_messages=True,
    manage_threads=True,
    kick_members=True,
    moderate_members=True,
    mention_everyone=True,
).value

ALL_PERMISSIONS = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value

# --- users, roles, members -------------------------------------------------------------------


def user(user_id: int, username: str, *, bot: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": None if bot else username.title(),
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "primary_guild": None,
        "collectibles": None,
        "display_name_styles": None,
    }
    if bot:
        data["bot"] = True
    return data


def bot_user(base: dict[str, Any]) -> dict[str, Any]:
    """The full user object a bot gets for itself (``GET /users/@me``, READY)."""
    return {
        **base,
        "verified": True,
        "mfa_enabled": False,
        "email": None,
        "locale": "en-US",
        "premium_type": 0,
    }


def role(
    role_id: int,
    name: str,
    permissions: int,
    *,
    position: int,
    managed: bool = False,
    bot_id: int | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(role_id),
        "name": name,
        "description": None,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": managed,
        "mentionable": False,
        "flags": 0,
    }
    if bot_id is not None:
        data["tags"] = {"bot_id": str(bot_id)}
    return data


def member(
    user_data: dict[str, Any] | None,
    *,
    roles: list[int],
    joined_at: str,
    permissions: int | None = None,
) -> dict[str, Any]:
    """A guild member. ``user_data=None`` gives the partial member of a message's author;
    ``permissions`` is only present in interactions (total permissions in the channel)."""
    data: dict[str, Any] = {
        "nick": None,
        "avatar": None,
        "banner": None,
        "roles": [str(r) for r in roles],
        "joined_at": joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
        "unusual_dm_activity_until": None,
    }
    if user_data is not None:
        data["user"] = user_data
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


# --- channels and guilds ---------------------------------------------------------------------


def text_channel(channel_id: int, guild_id: int, name: str, *, position: int) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "default_thread_rate_limit_per_user": 0,
        "permission_overwrites": [],
        "flags": 0,
    }


def thread_channel(
    thread_id: int,
    guild_id: int,
    parent_id: int,
    owner_id: int,
    name: str,
    *,
    thread_type: int = 11,
    auto_archive_duration: int = 1440,
    rate_limit_per_user: int = 0,
    invitable: bool = True,
) -> dict[str, Any]:
    now = timestamp()
    metadata: dict[str, Any] = {
        "archived": False,
        "auto_archive_duration": auto_archive_duration,
        "archive_timestamp": now,
        "locked": False,
        "create_timestamp": now,
    }
    if thread_type == 12:
        metadata["invitable"] = invitable
    return {
        "id": str(thread_id),
        "type": thread_type,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": None,
        "message_count": 0,
        "total_message_sent": 0,
        "member_count": 1,
        "rate_limit_per_user": rate_limit_per_user,
        "flags": 0,
        "thread_metadata": metadata,
    }


def dm_channel(channel_id: int, recipient: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [recipient],
    }


def guild(
    guild_id: int,
    name: str,
    *,
    owner_id: int,
    system_channel_id: int,
    roles: list[dict[str, Any]],
    channels: list[dict[str, Any]],
    threads: list[dict[str, Any]],
    members: list[dict[str, Any]],
    joined_at: str,
) -> dict[str, Any]:
    """A GUILD_CREATE payload (the full guild, as sent once the bot is ready)."""
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-US",
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": roles,
        "system_channel_id": str(system_channel_id),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "application_id": None,
        "joined_at": joined_at,
        "large": False,
        "lazy": True,
        "unavailable": False,
        "member_count": len(members),
        "members": members,
        "channels": channels,
        "threads": threads,
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


# --- application ------------------------------------------------------------------------------

#: ApplicationFlags bits for the privileged intents an app has enabled in the portal.
PRIVILEGED_INTENT_FLAGS = {
    "presences": 1 << 13,
    "members": 1 << 15,
    "message_content": 1 << 19,
}


def application(
    app_id: int,
    name: str,
    bot: dict[str, Any],
    owner: dict[str, Any],
    *,
    flags: int,
) -> dict[str, Any]:
    """``GET /oauth2/applications/@me``."""
    return {
        "id": str(app_id),
        "name": name,
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "hook": True,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": secrets.token_hex(32),
        "owner": owner,
        "team": None,
        "flags": flags,
        "bot": bot,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "integration_types_config": {"0": {}},
    }
