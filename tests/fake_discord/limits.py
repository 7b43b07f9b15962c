"""Discord's limits on what a bot may send: message content, embeds, autocomplete choices,
thread names and application commands.

``check_message`` returns a list of ``Problem`` (``errors.py``; the component rules are in
``limits_components.py``); ``errors.invalid_form_body`` turns them into the 400 "Invalid
Form Body" (code 50035) JSON Discord sends, with the same nested ``errors`` layout
(``{"embeds": {"0": {"description": {"_errors": [...]}}}}``), so discord.py's
``HTTPException`` text reads like the real one.
"""

from __future__ import annotations

from typing import Any

from .errors import Problem, required, too_long, too_many
from .limits_components import check_action_rows, check_components_v2

# --- the limits ------------------------------------------------------------------------------

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER_TEXT = 2048
MAX_AUTHOR_NAME = 256
MAX_EMBED_TOTAL = 6000
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_VALUE = 100
MAX_THREAD_NAME = 100
MAX_COMMAND_NAME = 32
MAX_COMMAND_DESCRIPTION = 100
MAX_COMMAND_OPTIONS = 25
MAX_GLOBAL_COMMANDS = 100

IS_COMPONENTS_V2 = 1 << 15

# --- messages ---------------------------------------------------------------------------------


def is_empty_message(body: dict[str, Any]) -> bool:
    """Discord refuses (50006) a new message with nothing to show."""
    return not any(
        body.get(key)
        for key in ("content", "embeds", "components", "attachments", "sticker_ids", "poll")
    )


def check_message(body: dict[str, Any]) -> list[Problem]:
    """Content, embed and component limits of a message create/edit body."""
    problems = too_long(("content",), body.get("content"), MAX_CONTENT)
    embeds = body.get("embeds") or []
    problems += too_many(("embeds",), embeds, MAX_EMBEDS)
    problems += check_embeds(embeds)
    components = body.get("components") or []
    if (body.get("flags") or 0) & IS_COMPONENTS_V2:
        problems += check_components_v2(components)
    else:
        problems += check_action_rows(components)
    return problems


def embed_size(embed: dict[str, Any]) -> int:
    """Characters counted towards the 6000 total (title, description, field names and values,
    footer text, author name)."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def check_embeds(embeds: list[dict[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    for i, embed in enumerate(embeds):
        at = ("embeds", i)
        problems += too_long((*at, "title"), embed.get("title"), MAX_EMBED_TITLE)
        problems += too_long((*at, "description"), embed.get("description"), MAX_EMBED_DESCRIPTION)
        footer = embed.get("footer") or {}
        problems += too_long((*at, "footer", "text"), footer.get("text"), MAX_FOOTER_TEXT)
        author = embed.get("author") or {}
        problems += too_long((*at, "author", "name"), author.get("name"), MAX_AUTHOR_NAME)
        fields = embed.get("fields") or []
        problems += too_many((*at, "fields"), fields, MAX_EMBED_FIELDS)
        for j, field in enumerate(fields):
            problems += required((*at, "fields", j, "name"), field.get("name"))
            problems += required((*at, "fields", j, "value"), field.get("value"))
            problems += too_long((*at, "fields", j, "name"), field.get("name"), MAX_FIELD_NAME)
            problems += too_long((*at, "fields", j, "value"), field.get("value"), MAX_FIELD_VALUE)
    total = sum(embed_size(e) for e in embeds)
    if total > MAX_EMBED_TOTAL:
        problems.append(
            Problem(
                ("embeds",),
                "MAX_EMBED_SIZE_EXCEEDED",
                f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}",
                f"got {total}",
            )
        )
    return problems


# --- other payloads --------------------------------------------------------------------------


def check_choices(data: dict[str, Any]) -> list[Problem]:
    """An autocomplete result (callback type 8): at most 25 choices, names 1-100 characters,
    string values at most 100."""
    choices = data.get("choices")
    if choices is None:
        return [Problem(("data", "choices"), "BASE_TYPE_REQUIRED", "This field is required")]
    problems = too_many(("data", "choices"), choices, MAX_CHOICES)
    for i, choice in enumerate(choices):
        at = ("data", "choices", i)
        problems += required((*at, "name"), choice.get("name"))
        problems += too_long((*at, "name"), choice.get("name"), MAX_CHOICE_NAME)
        problems += too_long((*at, "value"), choice.get("value"), MAX_CHOICE_VALUE)
    return problems


def check_thread_name(name: Any) -> list[Problem]:
    return required(("name",), name) + too_long(("name",), name, MAX_THREAD_NAME)


def check_commands(commands: list[dict[str, Any]], *, is_global: bool) -> list[Problem]:
    """The basic rules of a bulk command overwrite (name/description length, option count,
    unique names per type, at most 100 global chat-input commands)."""
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        name = command.get("name") or ""
        kind = command.get("type", 1)
        problems += required((i, "name"), name)
        problems += too_long((i, "name"), name, MAX_COMMAND_NAME)
        if kind == 1:
            problems += too_long((i, "description"), command.get("description"), 100)
            problems += too_many((i, "options"), command.get("options"), MAX_COMMAND_OPTIONS)
        if (kind, name) in seen:
            problems.append(
                Problem(
                    (i, "name"),
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    f"Application command names must be unique: {name}",
                )
            )
        seen.add((kind, name))
    chat_input = [c for c in commands if c.get("type", 1) == 1]
    if is_global and len(chat_input) > MAX_GLOBAL_COMMANDS:
        problems += too_many((), chat_input, MAX_GLOBAL_COMMANDS)
    return problems
