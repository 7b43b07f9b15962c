"""Discord's limits on message components: action rows, buttons, select menus, custom ids,
and components v2 (the ``IS_COMPONENTS_V2`` message flag).

``check_action_rows`` and ``check_components_v2`` return a list of ``errors.Problem``;
``limits.check_message`` picks one of them by the message flags.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .errors import Problem, required, too_long, too_many

# --- the limits ------------------------------------------------------------------------------

MAX_ACTION_ROWS = 5
MAX_ROW_BUTTONS = 5
MAX_BUTTON_LABEL = 80
MAX_CUSTOM_ID = 100
MAX_SELECT_OPTIONS = 25
MAX_SELECT_PLACEHOLDER = 150
MAX_SELECT_OPTION_TEXT = 100
MAX_V2_COMPONENTS = 40
MAX_TEXT_DISPLAY_TOTAL = 4000

BUTTON_STYLES = {1, 2, 3, 4, 5, 6}
LINK_STYLE = 5
PREMIUM_STYLE = 6
SELECT_TYPES = {3, 5, 6, 7, 8}

JsonPath = tuple[str | int, ...]


def _walk(items: list[dict[str, Any]], at: JsonPath) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every component of the tree with its path, each before its children (``components``
    and ``accessory``)."""
    for i, item in enumerate(items):
        here = (*at, i)
        yield here, item
        for key in ("components", "accessory"):
            child = item.get(key)
            if isinstance(child, list):
                yield from _walk(child, (*here, key))
            elif isinstance(child, dict):
                yield from _walk([child], (*here, key))


def _check_button(at: JsonPath, button: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    style = button.get("style")
    if style not in BUTTON_STYLES:
        problems.append(Problem((*at, "style"), "BASE_TYPE_CHOICES", "Value must be one of (1-6)."))
    problems += too_long((*at, "label"), button.get("label"), MAX_BUTTON_LABEL)
    if style == LINK_STYLE:
        problems += required((*at, "url"), button.get("url"))
    elif style != PREMIUM_STYLE:
        problems += required((*at, "custom_id"), button.get("custom_id"))
    if style != PREMIUM_STYLE and not button.get("label") and not button.get("emoji"):
        problems.append(
            Problem((*at, "label"), "BUTTON_COMPONENT_MISSING_LABEL", "A label is required")
        )
    return problems


def _check_select(at: JsonPath, select: dict[str, Any]) -> list[Problem]:
    problems = required((*at, "custom_id"), select.get("custom_id"))
    problems += too_long((*at, "placeholder"), select.get("placeholder"), MAX_SELECT_PLACEHOLDER)
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
                problems += too_long(
                    (*at, "options", k, key), option.get(key), MAX_SELECT_OPTION_TEXT
                )
    return problems


def _check_custom_ids(components: list[dict[str, Any]]) -> list[Problem]:
    """custom_id length, and uniqueness within the message (anywhere in the tree)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for here, item in _walk(components, ("components",)):
        custom_id = item.get("custom_id")
        if isinstance(custom_id, str):
            problems.extend(too_long((*here, "custom_id"), custom_id, MAX_CUSTOM_ID))
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
    return problems


def check_action_rows(rows: list[dict[str, Any]]) -> list[Problem]:
    """Classic components: at most 5 action rows, each with 1-5 buttons or one select."""
    problems = too_many(("components",), rows, MAX_ACTION_ROWS)
    for i, row in enumerate(rows):
        at: JsonPath = ("components", i)
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
    for here, item in _walk(components, ("components",)):
        count += 1
        if item.get("type") == 10:
            text += len(item.get("content") or "")
        elif item.get("type") == 2:
            problems.extend(_check_button(here, item))
        elif item.get("type") in SELECT_TYPES:
            problems.extend(_check_select(here, item))
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
