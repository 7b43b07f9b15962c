"""Faults a test injects: Discord answering a route with an error (a 5xx outage, say)
instead of serving it, and discord.py's waits between retries, scaled down.

discord.py retries a 5xx answer up to five times, sleeping 1, 3, 5, 7 and 9 s in between
(``discord.http`` and ``discord.webhook.async_``): 25 s before the bot sees the error. Under
``FakeDiscord.patched()`` those modules see ``asyncio`` through ``ScaledSleep``, which
multiplies every sleep by the server's ``retry_delay_scale`` (1 unless a test asks).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .records import RecordedRequest

STATUS_MESSAGES = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


@dataclass
class Fault:
    """Requests to ``route`` (``"POST /webhooks/{application_id}/{token}"``) answered with
    ``status`` instead of being served: the next ``times`` of them, or all while it is in
    ``FakeDiscord.faults`` if ``times`` is None. ``hits`` counts the requests it failed."""

    route: str
    status: int = 500
    times: int | None = None
    hits: int = 0

    def takes(self, record: RecordedRequest) -> bool:
        """Whether this fault answers ``record`` (counted as a hit if so)."""
        if record.route != self.route or (self.times is not None and self.hits >= self.times):
            return False
        self.hits += 1
        return True

    def body(self) -> dict[str, Any]:
        reason = STATUS_MESSAGES.get(self.status, "Error")
        return {"message": f"{self.status}: {reason}", "code": 0}


class ScaledSleep:
    """The ``asyncio`` module with ``sleep`` scaled by ``scale()``."""

    def __init__(self, scale: Callable[[], float]) -> None:
        self._scale = scale

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(delay * self._scale(), result)
