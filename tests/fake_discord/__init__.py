"""A fake Discord (REST + gateway on 127.0.0.1) that the real discord.py connects to.

See ``fixtures.py`` for the pytest fixtures and ``server.FakeDiscord`` for the test API.
"""

from .interactions import InteractionHandle
from .records import RecordedRequest
from .runner import BotRunner, RunningBot
from .server import FakeDiscord

__all__ = ["BotRunner", "FakeDiscord", "InteractionHandle", "RecordedRequest", "RunningBot"]
