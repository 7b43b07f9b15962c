"""The error bodies Discord answers with, and ``Problem``: one broken rule of a request body.

``invalid_form_body`` turns a list of ``Problem`` into the 400 "Invalid Form Body" (code
50035) JSON Discord sends, with the same nested ``errors`` layout
(``{"embeds": {"0": {"description": {"_errors": [...]}}}}``), so discord.py's
``HTTPException`` text reads like the real one. ``too_long``, ``too_many`` and ``required``
are the field checks the rules in ``limits.py`` and ``limits_components.py`` are made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


# --- field checks ----------------------------------------------------------------------------


def _max_length(path: tuple[str | int, ...], length: int, limit: int) -> list[Problem]:
    if length > limit:
        return [
            Problem(
                path,
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {limit} or fewer in length.",
                f"got {length}",
            )
        ]
    return []


def too_long(path: tuple[str | int, ...], value: Any, limit: int) -> list[Problem]:
    return _max_length(path, len(value), limit) if isinstance(value, str) else []


def too_many(path: tuple[str | int, ...], items: Any, limit: int) -> list[Problem]:
    return _max_length(path, len(items), limit) if isinstance(items, list) else []


def required(path: tuple[str | int, ...], value: Any) -> list[Problem]:
    if value is None or value == "":
        return [Problem(path, "BASE_TYPE_REQUIRED", "This field is required")]
    return []
