"""Buttons under answers and long lists: page through them, and vote on answers."""

from __future__ import annotations

import logging

import discord

from ..answers import Answer
from .feedback import FeedbackLog

log = logging.getLogger(__name__)
TIMEOUT = 15 * 60  # buttons stop working after this many seconds
# Fixed custom ids are safe here: discord.py routes a click by message id and custom id.


class PagesView(discord.ui.View):
    """◀ ▶ buttons that switch the message between pre-built embeds."""

    def __init__(self, pages: list[discord.Embed]):
        super().__init__(timeout=TIMEOUT)
        self.pages = pages
        self.page = 0
        if len(pages) < 2:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await interaction.client.tree.on_error(interaction, error)  # the bot's one handler

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = page
        self._sync()
        await interaction.response.edit_message(embed=self.pages[page], view=self)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary, custom_id="page:previous")
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, max(0, self.page - 1))

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary, custom_id="page:next")
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, min(len(self.pages) - 1, self.page + 1))


class AnswerView(PagesView):
    """Pages of an answer, plus 👍/👎 votes recorded to the feedback log."""

    def __init__(self, pages: list[discord.Embed], answer: Answer, feedback: FeedbackLog):
        super().__init__(pages)
        self.answer = answer
        self.feedback = feedback

    async def _vote(self, interaction: discord.Interaction, vote: str) -> None:
        try:
            self.feedback.record(self.answer, vote, interaction.user.id)
        except OSError:  # the bot's keeper has to fix the file; the voter is answered anyway
            log.exception("cannot record a vote in %s", self.feedback.path)
            text = "Sorry, I could not record your vote; the details are in the bot's log."
        else:
            text = "Thanks for the feedback!"
        await interaction.response.send_message(text, ephemeral=True)

    @discord.ui.button(emoji="👍", style=discord.ButtonStyle.secondary, custom_id="vote:up")
    async def upvote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._vote(interaction, "up")

    @discord.ui.button(emoji="👎", style=discord.ButtonStyle.secondary, custom_id="vote:down")
    async def downvote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._vote(interaction, "down")
