"""Waiting for the bot: ``wait_until`` and the ``wait_for_*`` helpers of ``FakeDiscord``,
with a readable report (recent requests, violations, undelivered events) on timeout."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from .records import RecordedRequest
from .world import ChannelRef, MessageRef

T = TypeVar("T")
POLL_INTERVAL = 0.02


class Waits:
    """Part of ``FakeDiscord`` (uses its ``requests``, ``violations``, ``undelivered``,
    ``world``, ``connected``, ``bot_messages`` and the event ``notify`` sets)."""

    async def wait_until(
        self, check: Callable[[], T | None], timeout: float = 2.0, what: str = "a condition"
    ) -> T:
        """Wait until ``check()`` returns something truthy and return it; on timeout fail
        with ``what`` and the recent requests and violations. Re-checked whenever the fake
        records something, and every 20 ms (for conditions on the bot's own state)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(self._timeout_report(what, timeout))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, POLL_INTERVAL))

    def _timeout_report(self, what: str, timeout: float) -> str:
        lines = [f"fake Discord: timed out after {timeout:g}s waiting for {what}."]
        lines.append("Last requests:")
        lines += [f"  {r.method} {r.path} -> {r.status}" for r in self.requests[-10:]] or ["  none"]
        if self.violations:
            lines.append("Violations:")
            lines += [f"  {v}" for v in self.violations]
        if self.undelivered:
            lines.append("Not delivered (the bot lacks the intent):")
            lines += [f"  {event}" for event, _ in self.undelivered]
        if not self.connected:
            lines.append("No bot is connected to the gateway.")
        return "\n".join(lines)

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        route: str | None = None,
        start: int = 0,
        timeout: float = 2.0,
    ) -> RecordedRequest:
        """The first recorded request (from index ``start``) matching ``route`` (e.g.
        ``"POST /channels/{channel_id}/messages"``) and ``predicate``."""

        def found() -> RecordedRequest | None:
            for record in self.requests[start:]:
                if (route is None or record.route == route) and (
                    predicate is None or predicate(record)
                ):
                    return record
            return None

        return await self.wait_until(found, timeout, f"a request {route or ''}".rstrip())

    async def wait_for_message(
        self,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        *,
        channel: ChannelRef = None,
        timeout: float = 2.0,
    ) -> dict[str, Any]:
        """The first message from the bot (in ``channel`` if given) matching ``predicate``."""
        channel_id = None if channel is None else self.world.channel(channel)["id"]

        def found() -> dict[str, Any] | None:
            for message in self.bot_messages:
                if channel_id is not None and message["channel_id"] != channel_id:
                    continue
                if predicate is None or predicate(message):
                    return message
            return None

        return await self.wait_until(found, timeout, "a message from the bot")

    async def wait_for_reply(self, to: MessageRef, *, timeout: float = 2.0) -> dict[str, Any]:
        """The bot's reply (a message referencing ``to``)."""
        wanted = str(to["id"] if isinstance(to, dict) else to)
        return await self.wait_for_message(
            lambda m: (m.get("message_reference") or {}).get("message_id") == wanted,
            timeout=timeout,
        )
