"""pytest fixtures for the fake Discord server. Load them with, in ``tests/conftest.py``::

    pytest_plugins = ["tests.fake_discord.fixtures"]

* ``fake_discord``: a started ``FakeDiscord`` with discord.py pointed at it. The test fails
  at teardown if any Discord rule was violated (assert on ``fake_discord.violations`` and
  clear it when a test provokes one on purpose). Options per test with the marker
  ``@pytest.mark.fake_discord(ack_deadline=0.3, privileged_intents=(), ...)`` or by setting
  the attributes (``fake_discord.ack_deadline = 0.3``).
* ``run_bot``: ``running = await run_bot(client)`` starts a real ``discord.Client`` /
  ``commands.Bot`` against it and waits until ready; closed at teardown, which fails on a
  crashed client or on any exception the bot swallowed (``run_bot.errors``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .runner import BotRunner
from .server import FakeDiscord

#: Acknowledgement deadline in tests (Discord's 3 s scaled down so late acks fail fast).
TEST_ACK_DEADLINE = 1.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fake_discord(**options): FakeDiscord options for the fake_discord fixture"
        " (ack_deadline, token_ttl, privileged_intents, strict_message_content, bot_name,"
        " retry_delay_scale)",
    )


@pytest.fixture
async def fake_discord(request: pytest.FixtureRequest) -> AsyncIterator[FakeDiscord]:
    marker = request.node.get_closest_marker("fake_discord")
    options = {"ack_deadline": TEST_ACK_DEADLINE, **(marker.kwargs if marker else {})}
    server = FakeDiscord(**options)
    await server.start()
    try:
        with server.patched():
            yield server
    finally:
        await server.stop()
    problems = [f"fake Discord internal error: {e}" for e in server.internal_errors]
    if server.fail_on_violations:
        problems += [f"Discord rule violated: {v}" for v in server.violations]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
async def run_bot(fake_discord: FakeDiscord) -> AsyncIterator[BotRunner]:
    runner = BotRunner(fake_discord)
    try:
        yield runner
    finally:
        problems = await runner.close()
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)
