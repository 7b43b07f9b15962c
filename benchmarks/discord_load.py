"""Load on the Discord front end: many simultaneous /ask through the fake Discord server.

The real bot (real model, real seeds) runs on the real discord.py against the fake server
of ``tests/fake_discord`` on 127.0.0.1. Every user asks at once; we record how long each
interaction took to be acknowledged (Discord allows 3 s) and to be answered.
"""

from __future__ import annotations

import asyncio
import time

from measure import ms, percentile
from report import Goal, Section

from bot.discord_app import NewsdeskBot
from bot.engine import Engine
from tests.fake_discord import BotRunner, FakeDiscord

DISCORD_ACK_DEADLINE = 3.0
ANSWER_TIMEOUT = 600.0


async def _answered_after(handle, started: float) -> float:
    await handle.wait_response(timeout=ANSWER_TIMEOUT)
    return time.perf_counter() - started


async def _load(
    engine: Engine, questions: list[str], users: int
) -> tuple[list[float], list[float]]:
    server = FakeDiscord(ack_deadline=DISCORD_ACK_DEADLINE)
    await server.start()
    try:
        with server.patched():
            runner = BotRunner(server)
            await runner(NewsdeskBot(engine, engine.settings.discord))
            names = [f"user{i}" for i in range(users)]  # one each: no rate limit applies
            for name in names:
                server.world.add_user(name)
            started = time.perf_counter()
            handles = await asyncio.gather(
                *(
                    server.slash("ask", {"question": questions[i % len(questions)]}, user=name)
                    for i, name in enumerate(names)
                )
            )
            answered = await asyncio.gather(*(_answered_after(h, started) for h in handles))
            acks = [h.ack_latency for h in handles]
            problems = await runner.close()
            if problems or server.violations:
                raise RuntimeError("\n".join([*problems, *server.violations]))
            return acks, list(answered)
    finally:
        await server.stop()


def bench_discord_load(engine: Engine, questions: list[str], users: int = 50) -> Section:
    acks, answered = asyncio.run(_load(engine, questions, users))
    section = Section(
        f"7. Discord: {users} simultaneous /ask",
        f"{users} users each send `/ask` at the same moment through the fake Discord server "
        "(tests/fake_discord, real discord.py, real model over the seeds). Acknowledgement is "
        "the deferral Discord must receive within 3 s; answered is when the answer arrived, "
        f"from the moment all {users} were sent. The bot answers "
        f"{engine.settings.discord.max_concurrent} questions at a time in its thread pool.",
    )
    section.table(
        ["", "p50", "p95", "max"],
        [
            [
                "acknowledged after",
                ms(percentile(acks, 50)),
                ms(percentile(acks, 95)),
                ms(max(acks)),
            ],
            [
                "answered after",
                ms(percentile(answered, 50)),
                ms(percentile(answered, 95)),
                ms(max(answered)),
            ],
        ],
    )
    section.goals.append(Goal("slowest acknowledgement", max(acks), DISCORD_ACK_DEADLINE, unit="s"))
    section.notes.append(f"all {len(answered)} answered; no Discord rule violated")
    return section
