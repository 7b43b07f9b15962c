"""What the Discord tests share: quotes and answers to show, and reading the messages the
bot sent to the fake Discord server. (Test modules import from here, never from each other.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.answers import Answer
from bot.quotes import Quote

MANAGE_GUILD = 1 << 5
NO_PINGS = {"parse": []}
QUESTION = "How much is the Portville harbor expansion worth?"


def quote(text: str, n: int = 1) -> Quote:
    return Quote(text, f"a{n}.txt", n, 0, len(text), 0.7, "A *bold* title", dt.date(2020, 9, 24))


def long_answer(question: str, filters: object = None) -> Answer:
    """An answer of three pages."""
    quotes = tuple(quote("The council met again. " * 40, n) for n in range(1, 9))
    return Answer(question, quotes, False, 0.9, "")


def embed_of(message: dict[str, Any]) -> dict[str, Any]:
    [embed] = message["embeds"]
    return embed


def is_private(message: dict[str, Any]) -> bool:
    return bool(message["flags"] & 64)


def buttons(message: dict[str, Any]) -> dict[str, bool]:
    """The message's buttons: whether each (by custom id) is disabled."""
    return {
        button["custom_id"]: bool(button.get("disabled"))
        for row in message.get("components") or []
        for button in row["components"]
    }
