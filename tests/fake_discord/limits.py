"""Discord's limits on what a bot may send, and the error bodies Discord answers with.

``check_message`` returns a list of ``Problem``; ``invalid_form_body`` turns them into the
400 "Invalid Form Body" (code 50035) JSON Discord sends, with the same nested ``errors``
layout (``{"embeds": {"0": {"description": {"_errors": [...]}}}}``), so discord.py's
``HTTPException`` text reads like the real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
MAX_ACTION_ROWS = 5
MAX_ROW_BUTTONS = 5
MAX_BUTTON_LABEL = 80
MAX_CUSTOM_ID = 100
MAX_SELECT_OPTIONS = 25
MAX_SELECT_PLACEHOLDER = 150
MAX_SELECT_OPTION_TEXT = 100
MAX_V2_COMPONENTS = 40
MAX_TEXT_DISPLAY_TOTAL = 4000
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_VALUE = 100
MAX_THREAD_NAME = 100
MAX_COMMAND_NAME = 32
MAX_COMMAND_DESCRIPTION = 100
MAX_COMMAND_OPTIONS = 25
MAX_GLOBAL_COMMANDS = 100

IS_COMPONENTS_V2 = 1 << 15
BUTTON_STYLES = {1, 2, 3, 4, 5, 6}
LINK_STYLE = 5
PREMIUM_STYLE = 6
SELECT_TYPES = {3, 5, 6, 7, 8}

# --- error bodies ----------------------------------------------------------------------------

UNKNOWN_CHANNEL = (10003, "Unknown Channel")
UNKNOWN_MESSAGE = (10008, "Unknown Message")
UNKNOWN_WEBHOOK = (10015, "Unknown Webhook")
UNKNOWN_INTERACTION = (10062, "Unknown interaction")
UNKNOWN_COMMAND = (10063, "Unknown application command")
ALREADY_ACKNOWLEDGED = (40060, "Interaction has already been acknowledged.")
EMPTY_MESSAGE = (50006, "Cannot send an empty message")
MISSING_PERMISSIONS = (50013, "Missing Permissions")
INVALID_WEBHOOK_TOKEN = (50027, "Invalid Webhook Token")
INVALID_FORM_BODY = (50035, "Invalid Form Body")
THREAD_ALREADY_CREATED = (160004, "A thread has already been created for this message")


def error_body(error: tuple[int, str], errors: dict[str, Any] | None = None) -> dict[str, Any]:
    code, message = error
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return body


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (a JSON path), Discord's error code, and its message."""

    path: tuple[str | int, ...]
    code: str
    message: str
    detail: str = ""

    def describe(self) -> str:
        where = ".".join(str(p) for p in self.path) or "<body>"
        extra = f" ({self.detail})" if self.detail else ""
        return f"{where}: {self.message}{extra}"


def invalid_form_body(problems: list[Problem]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for problem in problems:
        node = errors
        for key in problem.path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": problem.code, "message": problem.message})
    return error_body(INVALID_FORM_BODY, errors)


def _too_long(path: tuple[str | int, ...], value: Any, limit: int) -> list[Problem]:
    if isinstance(value, str) and len(value) > limit:
        return [
            Problem(
                path,
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {limit} or fewer in length.",
                f"got {len(value)}",
            )
        ]
    return []


def _too_many(path: tuple[str | int, ...], items: Any, limit: int) -> list[Problem]:
    if isinstance(items, list) and len(items) > limit:
        return [
            Problem(
                path,
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {limit} or fewer in length.",
                f"got {len(items)}",
            )
        ]
    return []


def _required(path: tuple[str | int, ...], value: Any) -> list[Problem]:
    if value is None or value == "":
        return [Problem(path, "BASE_TYPE_REQUIRED", "This field is required")]
    return []


# --- messages ---------------------------------------------------------------------------------


def is_empty_message(body: dict[str, Any]) -> bool:
    """Discord refuses (50006) a new message with nothing to show."""
    return not any(
        body.get(key)
        for key in ("content", "embeds", "components", "attachments", "sticker_ids", "poll")
    )


def check_message(body: dict[str, Any]) -> list[Problem]:
    """Content, embed and component limits of a message create/edit body."""
    problems = _too_long(("content",), body.get("content"), MAX_CONTENT)
    embeds = body.get("embeds") or []
    problems += _too_many(("embeds",), embeds, MAX_EMBEDS)
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
        problems += _too_long((*at, "title"), embed.get("title"), MAX_EMBED_TITLE)
        problems += _too_long((*at, "description"), embed.get("description"), MAX_EMBED_DESCRIPTION)
        footer = embed.get("footer") or {}
        problems += _too_long((*at, "footer", "text"), footer.get("text"), MAX_FOOTER_TEXT)
        author = embed.get("author") or {}
        problems += _too_long((*at, "author", "name"), author.get("name"), MAX_AUTHOR_NAME)
        fields = embed.get("fields") or []
        problems += _too_many((*at, "fields"), fields, MAX_EMBED_FIELDS)
        for j, field in enumerate(fields):
            problems += _required((*at, "fields", j, "name"), field.get("name"))
            problems += _required((*at, "fields", j, "value"), field.get("value"))
            problems += _too_long((*at, "fields", j, "name"), field.get("name"), MAX_FIELD_NAME)
            problems += _too_long((*at, "fields", j, "value"), field.get("value"), MAX_FIELD_VALUE)
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


def _check_button(at: tuple[str | int, ...], button: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    style = button.get("style")
    if style not in BUTTON_STYLES:
        problems.append(Problem((*at, "style"), "BASE_TYPE_CHOICES", "Value must be one of (1-6)."))
    problems += _too_long((*at, "label"), button.get("label"), MAX_BUTTON_LABEL)
    if style == LINK_STYLE:
        problems += _required((*at, "url"), button.get("url"))
    elif style != PREMIUM_STYLE:
        problems += _required((*at, "custom_id"), button.get("custom_id"))
    if style != PREMIUM_STYLE and not button.get("label") and not button.get("emoji"):
        problems.append(
            Problem((*at, "label"), "BUTTON_COMPONENT_MISSING_LABEL", "A label is required")
        )
    return problems


def _check_select(at: tuple[str | int, ...], select: dict[str, Any]) -> list[Problem]:
    problems = _required((*at, "custom_id"), select.get("custom_id"))
    problems += _too_long((*at, "placeholder"), select.get("placeholder"), MAX_SELECT_PLACEHOLDER)
    if select.get("type") == 3:
        options = select.get("options") or []
        if not 1 <= len(options) <= MAX_SELECT_OPTIONS:
            problems.append(
                Problem(
                    (*at, "options"),
                    "BASE_TYPE_BAD_LENGTH",
                    f"Must be between 1 and {MAX_SELECT_OPTIONS} in length.",
                    f"got {len(options)}",
                )
            )
        for k, option in enumerate(options):
            for key in ("label", "value", "description"):
                problems += _too_long(
                    (*at, "options", k, key), option.get(key), MAX_SELECT_OPTION_TEXT
                )
    return problems


def _check_custom_ids(components: list[dict[str, Any]]) -> list[Problem]:
    """custom_id length, and uniqueness within the message (anywhere in the tree)."""
    problems: list[Problem] = []
    seen: set[str] = set()

    def walk(items: list[dict[str, Any]], at: tuple[str | int, ...]) -> None:
        for i, item in enumerate(items):
            here = (*at, i)
            custom_id = item.get("custom_id")
            if isinstance(custom_id, str):
                problems.extend(_too_long((*here, "custom_id"), custom_id, MAX_CUSTOM_ID))
                if custom_id in seen:
                    problems.append(
                        Problem(
                            (*here, "custom_id"),
                            "COMPONENT_CUSTOM_ID_DUPLICATED",
                            "Component custom id cannot be duplicated",
                            repr(custom_id),
                        )
                    )
                seen.add(custom_id)
            for key in ("components", "accessory"):
                child = item.get(key)
                if isinstance(child, list):
                    walk(child, (*here, key))
                elif isinstance(child, dict):
                    walk([child], (*here, key))

    walk(components, ("components",))
    return problems


def check_action_rows(rows: list[dict[str, Any]]) -> list[Problem]:
    """Classic components: at most 5 action rows, each with 1-5 buttons or one select."""
    problems = _too_many(("components",), rows, MAX_ACTION_ROWS)
    for i, row in enumerate(rows):
        at: tuple[str | int, ...] = ("components", i)
        if row.get("type") != 1:
            problems.append(
                Problem(
                    (*at, "type"),
                    "UNION_TYPE_CHOICES",
                    'Value of field "type" must be one of (1,).',
                )
            )
            continue
        children = row.get("components") or []
        selects = [c for c in children if c.get("type") in SELECT_TYPES]
        if not 1 <= len(children) <= MAX_ROW_BUTTONS:
            problems.append(
                Problem(
                    (*at, "components"),
                    "BASE_TYPE_BAD_LENGTH",
                    f"Must be between 1 and {MAX_ROW_BUTTONS} in length.",
                    f"got {len(children)}",
                )
            )
        if selects and len(children) > 1:
            problems.append(
                Problem(
                    (*at, "components"),
                    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                    "The specified component exceeds the maximum width",
                )
            )
        for j, child in enumerate(children):
            if child.get("type") == 2:
                problems += _check_button((*at, "components", j), child)
            elif child.get("type") in SELECT_TYPES:
                problems += _check_select((*at, "components", j), child)
    return problems + _check_custom_ids(rows)


def check_components_v2(components: list[dict[str, Any]]) -> list[Problem]:
    """Components v2 (IS_COMPONENTS_V2 flag): at most 40 components in all, text displays at
    most 4000 characters together, and the usual button/select/custom_id rules."""
    problems: list[Problem] = []
    count = 0
    text = 0

    def walk(items: list[dict[str, Any]], at: tuple[str | int, ...]) -> None:
        nonlocal count, text
        for i, item in enumerate(items):
            count += 1
            here = (*at, i)
            if item.get("type") == 10:
                text += len(item.get("content") or "")
            elif item.get("type") == 2:
                problems.extend(_check_button(here, item))
            elif item.get("type") in SELECT_TYPES:
                problems.extend(_check_select(here, item))
            for key in ("components", "accessory"):
                child = item.get(key)
                if isinstance(child, list):
                    walk(child, (*here, key))
                elif isinstance(child, dict):
                    walk([child], (*here, key))

    walk(components, ("components",))
    if count > MAX_V2_COMPONENTS:
        problems.append(
            Problem(
                ("components",),
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {MAX_V2_COMPONENTS} or fewer in length.",
                f"got {count} components",
            )
        )
    if text > MAX_TEXT_DISPLAY_TOTAL:
        problems.append(
            Problem(
                ("components",),
                "MAX_TEXT_DISPLAY_LENGTH_EXCEEDED",
                f"Text displays must be {MAX_TEXT_DISPLAY_TOTAL} or fewer characters in total.",
                f"got {text}",
            )
        )
    return problems + _check_custom_ids(components)


# --- other payloads --------------------------------------------------------------------------


def check_choices(data: dict[str, Any]) -> list[Problem]:
    """An autocomplete result (callback type 8): at most 25 choices, names 1-100 characters,
    string values at most 100."""
    choices = data.get("choices")
    if choices is None:
        return [Problem(("data", "choices"), "BASE_TYPE_REQUIRED", "This field is required")]
    problems = _too_many(("data", "choices"), choices, MAX_CHOICES)
    for i, choice in enumerate(choices):
        at = ("data", "choices", i)
        problems += _required((*at, "name"), choice.get("name"))
        problems += _too_long((*at, "name"), choice.get("name"), MAX_CHOICE_NAME)
        problems += _too_long((*at, "value"), choice.get("value"), MAX_CHOICE_VALUE)
    return problems


def check_thread_name(name: Any) -> list[Problem]:
    return _required(("name",), name) + _too_long(("name",), name, MAX_THREAD_NAME)


def check_commands(commands: list[dict[str, Any]], *, is_global: bool) -> list[Problem]:
    """The basic rules of a bulk command overwrite (name/description length, option count,
    unique names per type, at most 100 global chat-input commands)."""
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        name = command.get("name") or ""
        kind = command.get("type", 1)
        problems += _required((i, "name"), name)
        problems += _too_long((i, "name"), name, MAX_COMMAND_NAME)
        if kind == 1:
            problems += _too_long((i, "description"), command.get("description"), 100)
            problems += _too_many((i, "options"), command.get("options"), MAX_COMMAND_OPTIONS)
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
        problems += _too_many((), chat_input, MAX_GLOBAL_COMMANDS)
    return problems
