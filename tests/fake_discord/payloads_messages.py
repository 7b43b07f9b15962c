"""JSON builders for what is said: application commands, messages, attachments,
interactions and interaction callback responses (users, channels and the guild are in
``payloads_guild.py``).

The same conventions as there: Discord API v10 shapes as parsed by discord.py 2.7, plain
JSON values, snowflakes as strings.
"""

from __future__ import annotations

from typing import Any

from .ids import snowflake, timestamp

# --- application commands ----------------------------------------------------------------------


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
