"""JSON builders for the objects Discord sends: users, members, roles, channels, guilds,
messages, application commands and interactions.

Shapes follow the Discord API v10 as parsed by discord.py 2.7 (keys discord.py reads with
``data[...]`` are always present). Everything is plain ``dict``/``list``/``str`` so it can be
sent over the wire as is; snowflakes are strings, as on the real API.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import discord

# --- identifiers and timestamps -------------------------------------------------------------

_last_snowflake = 0


def snowflake() -> int:
    """A new, strictly increasing, time-based snowflake (like Discord's, 19 digits today)."""
    global _last_snowflake
    value = discord.utils.time_snowflake(dt.datetime.now(dt.UTC))
    # Several ids in the same millisecond: use the increment bits, like Discord does.
    value = max(value, _last_snowflake + 1)
    _last_snowflake = value
    return value


def interaction_token() -> str:
    """An opaque interaction token; URL-safe like Discord's."""
    return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)


def timestamp(when: dt.datetime | None = None) -> str:
    return (when or dt.datetime.now(dt.UTC)).isoformat()


# --- permissions -----------------------------------------------------------------------------

#: What @everyone can do in the fake guild (close to a new server's defaults).
EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_application_commands=True,
    use_external_emojis=True,
    change_nickname=True,
).value

#: The extra permissions of the fake "Moderator" role.
MODERATOR_PERMISSIONS = discord.Permissions(
    manage_messages=True,
    manage_threads=True,
    kick_members=True,
    moderate_members=True,
    mention_everyone=True,
).value

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


def app_command(
    definition: dict[str, Any], *, command_id: int, application_id: int, guild_id: int | None
) -> dict[str, Any]:
    """A registered application command, as returned by the commands endpoints."""
    data = {
        "id": str(command_id),
        "application_id": str(application_id),
        "version": str(snowflake()),
        "type": definition.get("type", 1),
        "name": definition["name"],
        "name_localizations": definition.get("name_localizations"),
        "description": definition.get("description", ""),
        "description_localizations": definition.get("description_localizations"),
        "options": definition.get("options", []),
        "default_member_permissions": definition.get("default_member_permissions"),
        "dm_permission": definition.get("dm_permission", True),
        "contexts": definition.get("contexts"),
        "integration_types": definition.get("integration_types", [0]),
        "nsfw": definition.get("nsfw", False),
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


# --- messages ---------------------------------------------------------------------------------


def message(
    message_id: int,
    channel_id: int,
    author: dict[str, Any],
    content: str,
    *,
    message_type: int = 0,
    embeds: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    attachments: list[dict[str, Any]] | None = None,
    flags: int = 0,
    mentions: list[dict[str, Any]] | None = None,
    mention_roles: list[str] | None = None,
    mention_everyone: bool = False,
    tts: bool = False,
) -> dict[str, Any]:
    """A message object as the REST API returns it (no ``guild_id``/``member``: those are only
    added to gateway MESSAGE_CREATE events)."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": timestamp(),
        "edited_timestamp": None,
        "tts": tts,
        "mention_everyone": mention_everyone,
        "mentions": mentions or [],
        "mention_roles": mention_roles or [],
        "attachments": attachments or [],
        "embeds": [normalise_embed(e) for e in embeds or []],
        "components": components or [],
        "pinned": False,
        "type": message_type,
        "flags": flags,
    }


def normalise_embed(embed: dict[str, Any]) -> dict[str, Any]:
    """Discord stores bot embeds with ``type: rich`` and echoes the rest back."""
    return {"type": "rich", **embed}


def attachment(filename: str, size: int) -> dict[str, Any]:
    attachment_id = snowflake()
    url = f"https://cdn.discordapp.com/attachments/0/{attachment_id}/{filename}"
    return {
        "id": str(attachment_id),
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url,
        "content_type": "application/octet-stream",
    }


# --- interactions ----------------------------------------------------------------------------

INTERACTION_TYPES = {1: "PING", 2: "APPLICATION_COMMAND", 3: "MESSAGE_COMPONENT", 4: "AUTOCOMPLETE"}


def interaction(
    *,
    interaction_id: int,
    interaction_type: int,
    token: str,
    application_id: int,
    data: dict[str, Any],
    channel: dict[str, Any],
    app_permissions: int,
    guild_id: int | None,
    member_data: dict[str, Any] | None,
    user_data: dict[str, Any],
    locale: str = "en-US",
    guild_locale: str = "en-US",
    message_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload. In a guild ``member`` (with ``permissions``) is sent,
    in a DM ``user``; ``context`` 0 is GUILD, 1 BOT_DM."""
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "token": token,
        "version": 1,
        "data": data,
        "channel_id": channel["id"],
        "channel": channel,
        "app_permissions": str(app_permissions),
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
        payload["guild"] = {"id": str(guild_id), "locale": guild_locale, "features": []}
        payload["guild_locale"] = guild_locale
        payload["member"] = member_data
        payload["context"] = 0
        payload["authorizing_integration_owners"] = {"0": str(guild_id)}
    else:
        payload["user"] = user_data
        payload["context"] = 1
        payload["authorizing_integration_owners"] = {"0": "0"}
    if message_data is not None:
        payload["message"] = message_data
    return payload


def callback_response(
    *,
    interaction_id: int,
    interaction_type: int,
    callback_type: int,
    message_data: dict[str, Any] | None,
    response_message_id: int | None,
    loading: bool,
    ephemeral: bool,
) -> dict[str, Any]:
    """The InteractionCallbackResponse returned by ``POST .../callback?with_response=true``."""
    info: dict[str, Any] = {
        "id": str(interaction_id),
        "type": interaction_type,
        "response_message_loading": loading,
        "response_message_ephemeral": ephemeral,
    }
    if response_message_id is not None:
        info["response_message_id"] = str(response_message_id)
    body: dict[str, Any] = {"interaction": info}
    if message_data is not None:
        body["resource"] = {"type": callback_type, "message": message_data}
    return body
