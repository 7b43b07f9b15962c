"""Server-side state of an interaction and the handle tests use to watch it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .records import RecordedRequest

if TYPE_CHECKING:
    from .server import FakeDiscord

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

#: Callback types Discord accepts for each interaction type.
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {4, 5, 9, 12},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9, 12},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}

CALLBACK_NAMES = {
    1: "PONG",
    4: "CHANNEL_MESSAGE_WITH_SOURCE",
    5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE",
    6: "DEFERRED_UPDATE_MESSAGE",
    7: "UPDATE_MESSAGE",
    8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT",
    9: "MODAL",
    12: "LAUNCH_ACTIVITY",
}

EPHEMERAL = 1 << 6
LOADING = 1 << 7


@dataclass
class InteractionState:
    """What the fake knows about one interaction it dispatched."""

    id: int
    token: str
    type: int
    name: str
    payload: dict[str, Any]
    channel: dict[str, Any]
    user: dict[str, Any]
    created_at: float
    component_message_id: int | None = None
    acked_at: float | None = None
    ack_type: int | None = None
    ack_body: dict[str, Any] | None = None
    callbacks: list[RecordedRequest] = field(default_factory=list)
    original_id: int | None = None
    loading: bool = False
    followup_ids: list[int] = field(default_factory=list)
    #: Message ids in the order they became visible as answers to this interaction.
    response_ids: list[int] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None
    modal: dict[str, Any] | None = None
    violations: list[str] = field(default_factory=list)

    @property
    def acked(self) -> bool:
        return self.acked_at is not None

    @property
    def label(self) -> str:
        kind = {2: "/", 3: "component ", 4: "autocomplete /"}.get(self.type, "")
        return f"interaction {kind}{self.name} ({self.id})"

    def add_response(self, message_id: int) -> None:
        if message_id not in self.response_ids:
            self.response_ids.append(message_id)


class InteractionHandle:
    """Returned by ``FakeDiscord.slash/autocomplete/click/select``.

    Properties give the current state; the ``wait_*`` coroutines wait (default 2 s) for the
    bot to do something and fail the test with a readable message if it doesn't.
    """

    def __init__(self, server: FakeDiscord, state: InteractionState) -> None:
        self._server = server
        self.state = state

    def __repr__(self) -> str:
        return f"<InteractionHandle {self.state.label} ack={self.ack_type}>"

    # --- current state ------------------------------------------------------------------------

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def payload(self) -> dict[str, Any]:
        """The INTERACTION_CREATE payload that was dispatched."""
        return self.state.payload

    @property
    def acknowledged(self) -> bool:
        return self.state.acked

    @property
    def ack_type(self) -> int | None:
        """Type of the accepted callback: 4 message, 5 defer, 6 deferred update, 7 update,
        8 autocomplete result, 9 modal; None while unacknowledged."""
        return self.state.ack_type

    @property
    def ack_latency(self) -> float | None:
        """Seconds from dispatch to the accepted acknowledgement."""
        if self.state.acked_at is None:
            return None
        return self.state.acked_at - self.state.created_at

    @property
    def callbacks(self) -> list[RecordedRequest]:
        """Every answered callback request for this interaction, accepted or rejected."""
        return list(self.state.callbacks)

    @property
    def original(self) -> dict[str, Any] | None:
        """The original response message (for components: the clicked message once the
        bot answered with type 6/7), as currently stored."""
        if self.state.original_id is None:
            return None
        return self._server.world.messages.get(self.state.original_id)

    @property
    def followups(self) -> list[dict[str, Any]]:
        """Messages sent through the followup webhook (the first followup after a type 5
        defer edits the loading message, so it has the original's id)."""
        messages = self._server.world.messages
        return [messages[i] for i in self.state.followup_ids if i in messages]

    @property
    def responses(self) -> list[dict[str, Any]]:
        """Every message shown as an answer, in the order they became visible."""
        messages = self._server.world.messages
        return [messages[i] for i in self.state.response_ids if i in messages]

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices sent with callback type 8."""
        return self.state.choices

    @property
    def modal(self) -> dict[str, Any] | None:
        """The modal sent with callback type 9."""
        return self.state.modal

    @property
    def violations(self) -> list[str]:
        """The violations recorded against this interaction."""
        return list(self.state.violations)

    # --- waiting ------------------------------------------------------------------------------

    async def wait_ack(self, timeout: float = 2.0) -> dict[str, Any]:
        """The accepted callback body (``{"type": ..., "data": ...}``)."""
        await self._server.wait_until(
            lambda: self.state.ack_body, timeout, f"{self.state.label} to be acknowledged"
        )
        return self.state.ack_body  # type: ignore[return-value]

    async def wait_response(
        self,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 2.0,
    ) -> dict[str, Any]:
        """The first answer the user sees (a type 4 message, the deferred message once
        edited or filled by a followup, the message updated by type 7, or a followup) that
        matches ``predicate`` if given."""

        def found() -> dict[str, Any] | None:
            for message in self.responses:
                if not message["flags"] & LOADING and (predicate is None or predicate(message)):
                    return message
            return None

        return await self._server.wait_until(found, timeout, f"a response to {self.state.label}")

    async def wait_original(
        self,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 2.0,
    ) -> dict[str, Any]:
        """The original response once it is no longer loading (and matches ``predicate``)."""

        def found() -> dict[str, Any] | None:
            message = self.original
            if message is None or message["flags"] & LOADING:
                return None
            return message if predicate is None or predicate(message) else None

        return await self._server.wait_until(
            found, timeout, f"the original response of {self.state.label}"
        )

    async def wait_followups(self, count: int = 1, timeout: float = 2.0) -> list[dict[str, Any]]:
        """The first ``count`` followup messages."""

        def found() -> list[dict[str, Any]] | None:
            followups = self.followups
            return followups[:count] if len(followups) >= count else None

        return await self._server.wait_until(
            found, timeout, f"{count} followup(s) to {self.state.label}"
        )

    async def wait_choices(self, timeout: float = 2.0) -> list[dict[str, Any]]:
        """Autocomplete choices (callback type 8)."""
        found = await self._server.wait_until(
            lambda: (self.state.choices,) if self.state.choices is not None else None,
            timeout,
            f"autocomplete choices for {self.state.label}",
        )
        return found[0]
