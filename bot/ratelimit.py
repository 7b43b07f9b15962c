"""A per-user sliding-window rate limit, shared by every answering front end."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, count: int, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.count = count
        self.seconds = seconds
        self._clock = clock
        self._recent: dict[int, deque[float]] = defaultdict(deque)

    def retry_after(self, user_id: int) -> float:
        """0 if ``user_id`` may go ahead now (and counts this use), else seconds to wait."""
        now = self._clock()
        recent = self._recent[user_id]
        while recent and recent[0] <= now - self.seconds:
            recent.popleft()
        if len(recent) >= self.count:
            return recent[0] + self.seconds - now
        recent.append(now)
        return 0.0
