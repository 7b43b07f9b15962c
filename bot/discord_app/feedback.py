"""Recording 👍/👎 votes on answers as JSON lines, ready to become eval cases."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .embeds import ShownAnswer

Vote = Literal["up", "down"]


class FeedbackLog:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def record(self, answer: ShownAnswer, vote: Vote, user_id: int) -> None:
        entry = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "question": answer.question,
            "vote": vote,
            "abstained": answer.abstained,
            "quotes": [
                {"source": q.source, "paragraph": q.paragraph, "text": q.text}
                for q in answer.quotes
            ],
            # Hashed: votes can be grouped per user without keeping who they are.
            "user": hashlib.sha256(f"newsdesk:{user_id}".encode()).hexdigest()[:16],
        }
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
