"""Run a real ``discord.Client`` / ``commands.Bot`` against a ``FakeDiscord``.

``BotRunner(server)(client)`` starts ``client.start(server.token)`` in a task, waits for
``wait_until_ready`` and records every exception the bot swallows:

* a ``CommandTree.on_error`` handler that itself raises (the handler is wrapped; an error
  it handles quietly, such as a refused permission, is the bot's business),
* event handler errors (``Client.on_error`` is wrapped),
* anything logged at ERROR or above, by discord.py or by the bot (discord.py's default
  app command error handler, view/modal and autocomplete callbacks, "Ignoring exception
  in ..." messages, a bot's own handler logging an unexpected error).

``close()`` closes the clients and returns the problems (a crashed client task, recorded
errors) so a fixture can fail the test on them. Tests expecting an error assert on
``runner.errors`` and then clear it.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any

import discord

from .server import FakeDiscord

#: discord.py waits this long after the last GUILD_CREATE before READY (default 2 s).
GUILD_READY_TIMEOUT = 0.05


class _ErrorLogHandler(logging.Handler):
    def __init__(self, runner: BotRunner) -> None:
        super().__init__(logging.ERROR)
        self.runner = runner

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.runner.record(error or RuntimeError(record.getMessage()), f"log {record.name}")


@dataclass
class RunningBot:
    client: discord.Client
    task: asyncio.Task[None]
    #: The runner's error list (shared by all bots of the runner).
    errors: list[BaseException] = field(default_factory=list)

    @property
    def tree(self) -> discord.app_commands.CommandTree | None:
        return self.client._connection._command_tree


class BotRunner:
    def __init__(
        self,
        server: FakeDiscord,
        *,
        guild_ready_timeout: float = GUILD_READY_TIMEOUT,
        fail_on_errors: bool = True,
    ) -> None:
        self.server = server
        self.guild_ready_timeout = guild_ready_timeout
        #: Fail (in ``close``) if the bot swallowed any exception.
        self.fail_on_errors = fail_on_errors
        #: Exceptions the bots raised and discord.py swallowed, in order.
        self.errors: list[BaseException] = []
        #: Where each error was seen, by ``id(error)``.
        self.error_sources: dict[int, str] = {}
        self.bots: list[RunningBot] = []
        self._log_handler: _ErrorLogHandler | None = None

    def record(self, error: BaseException, source: str) -> None:
        if any(error is seen for seen in self.errors):
            return  # the same exception reported twice (handler + log)
        self.errors.append(error)
        self.error_sources[id(error)] = source
        self.server.notify()

    async def __call__(self, client: discord.Client, *, ready_timeout: float = 5.0) -> RunningBot:
        return await self.start(client, ready_timeout=ready_timeout)

    async def start(self, client: discord.Client, *, ready_timeout: float = 5.0) -> RunningBot:
        """Start ``client`` against the fake server and wait until it is ready."""
        if self._log_handler is None:
            self._log_handler = _ErrorLogHandler(self)
            logging.getLogger().addHandler(self._log_handler)
        client._connection.guild_ready_timeout = self.guild_ready_timeout
        task = asyncio.create_task(client.start(self.server.token), name="fake-discord-client")
        running = RunningBot(client=client, task=task, errors=self.errors)
        self.bots.append(running)

        waiter = asyncio.create_task(self._wait_ready(client))
        done, _ = await asyncio.wait(
            {waiter, task}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if waiter not in done:
            waiter.cancel()
            if task in done and not task.cancelled() and task.exception() is not None:
                raise AssertionError(
                    f"the bot failed before it was ready: {task.exception()!r}"
                ) from task.exception()
            raise AssertionError(
                f"the bot was not ready after {ready_timeout:g}s\n"
                + self.server._timeout_report("READY", ready_timeout)
            )
        self._hook_errors(running)
        return running

    @staticmethod
    async def _wait_ready(client: discord.Client) -> None:
        while True:
            try:
                await client.wait_until_ready()
                return
            except RuntimeError:  # before login() has set the client up
                await asyncio.sleep(0.005)

    def _hook_errors(self, running: RunningBot) -> None:
        client = running.client
        tree = running.tree
        if tree is not None:
            tree_on_error = tree.on_error

            async def on_app_command_error(interaction: discord.Interaction, error: Exception):
                try:
                    await tree_on_error(interaction, error)
                except Exception as failure:
                    self.record(failure, "CommandTree.on_error raised")
                    raise

            tree.on_error = on_app_command_error  # type: ignore[method-assign]

        client_on_error = client.on_error

        async def on_error(event_method: str, /, *args: Any, **kwargs: Any) -> None:
            error = sys.exc_info()[1] or RuntimeError(f"error in {event_method}")
            self.record(error, f"Client.on_error({event_method})")
            await client_on_error(event_method, *args, **kwargs)

        client.on_error = on_error  # type: ignore[method-assign]

    async def close(self) -> list[str]:
        """Close every client; returns the problems (crashes, recorded errors)."""
        problems: list[str] = []
        for running in self.bots:
            try:
                await asyncio.wait_for(running.client.close(), 5)
                await asyncio.wait_for(running.task, 5)
            except Exception as exc:  # reported to the test
                problems.append(f"the bot's client task failed: {exc!r}")
        self.bots.clear()
        if self._log_handler is not None:
            logging.getLogger().removeHandler(self._log_handler)
            self._log_handler = None
        if self.fail_on_errors:
            for error in self.errors:
                source = self.error_sources.get(id(error), "?")
                text = "".join(traceback.format_exception(error)).rstrip()
                problems.append(f"the bot swallowed an exception ({source}):\n{text}")
        return problems

    async def __aenter__(self) -> BotRunner:
        return self

    async def __aexit__(self, *exc: object) -> None:
        problems = await self.close()
        if problems:
            raise AssertionError("\n\n".join(problems))
