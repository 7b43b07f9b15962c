"""/factcheck: a claim's verdict, with the quotes that decide it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...commands import FACTCHECK
from ..checks import rate_limited
from ..embeds import factcheck_embeds
from ..options import read_filters, source_choices
from ..views import follow_up

if TYPE_CHECKING:
    from ..client import NewsdeskBot


class FactCheckCog(commands.Cog):
    def __init__(self, bot: NewsdeskBot):
        self.bot = bot

    @app_commands.command(name=FACTCHECK.name, description=FACTCHECK.description)
    @app_commands.describe(**FACTCHECK.option_descriptions)
    @rate_limited()
    @app_commands.autocomplete(source=source_choices)
    async def factcheck(
        self,
        interaction: discord.Interaction,
        claim: str,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
    ):
        claim = self.bot.engine.check_claim(claim)  # a question or opinion is refused privately
        filters = read_filters(self.bot, since, until, source)
        await interaction.response.defer(thinking=True)
        result = await self.bot.run_engine(self.bot.engine.factcheck, claim, filters)
        await follow_up(interaction, factcheck_embeds(result))


async def setup(bot: NewsdeskBot) -> None:
    await bot.add_cog(FactCheckCog(bot))
