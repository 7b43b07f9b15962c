"""What the fake server remembers about each REST request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Routes whose request creates a message (and so carries ``allowed_mentions``).
MESSAGE_CREATING_ROUTES = frozenset(
    {
        "POST /channels/{channel_id}/messages",
        "POST /webhooks/{application_id}/{token}",
        "POST /interactions/{interaction_id}/{token}/callback",
    }
)


@dataclass
class RecordedRequest:
    """One REST request the bot made.

    ``path`` is relative to the API base (``/channels/123/messages``); ``route`` is the
    method plus the route template (``POST /channels/{channel_id}/messages``); ``json`` is
    the JSON body (for multipart uploads: the ``payload_json`` part), ``files`` the uploaded
    file names; ``time`` is ``time.monotonic()`` at arrival. ``status`` and ``response`` are
    filled in once the fake has answered.
    """

    method: str
    path: str
    route: str
    query: dict[str, str]
    json: Any
    files: list[str] = field(default_factory=list)
    time: float = 0.0
    status: int | None = None
    response: Any = None

    @property
    def creates_message(self) -> bool:
        if self.route not in MESSAGE_CREATING_ROUTES:
            return False
        if self.route.endswith("/callback"):
            return isinstance(self.json, dict) and self.json.get("type") == 4
        return True

    @property
    def message_body(self) -> dict[str, Any]:
        """The message part of the body (``data`` of an interaction callback)."""
        if not isinstance(self.json, dict):
            return {}
        if self.route.endswith("/callback"):
            return self.json.get("data") or {}
        return self.json

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        """The ``allowed_mentions`` sent, or None when the request had none (then Discord
        parses every mention in the content: users, roles, @everyone)."""
        return self.message_body.get("allowed_mentions")

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def __repr__(self) -> str:
        return f"<RecordedRequest {self.method} {self.path} -> {self.status}>"
