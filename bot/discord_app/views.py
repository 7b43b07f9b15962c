"""Buttons under answers and long lists: page through them, vote on answers, and follow
an answer up in a thread.

The pages of a message live in memory only, in a view that expires: its ◀ ▶ are then
disabled on the message, so that they look as dead as they are. A vote needs nothing from
memory (it is recorded from the embed of the message voted on), so 👍/👎 keep working after
the view expires and after a restart, and so does "Follow up" (the thread it opens has the
answer message's id, the key its conversation was kept under): ``LeftoverButtons``,
registered once at start-up, answers every click that no live view claims (and disables
◀ ▶ left over from a restart).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

import discord

from ..render import short
from .embeds import shown_answer
from .feedback import Vote

if TYPE_CHECKING:
    from .client import NewsdeskBot

log = logging.getLogger(__name__)
# Under the 15 minutes an interaction's token lasts: a view that expires can still use the
# token of the last interaction that showed it to disable its buttons.
TIMEOUT = 14 * 60
PREVIOUS, NEXT = "page:previous", "page:next"
VOTE_EMOJI: dict[Vote, str] = {"up": "👍", "down": "👎"}
FOLLOW_UP = "follow-up"
THREAD_NAME = 100  # Discord's limit on a thread's name
# Discord's error code when a thread was already started from the message.
THREAD_ALREADY_CREATED = 160004
# The bot reads no message content but that of messages that mention it (a reply pings
# its author, so it mentions the bot too): the thread says so first.
FOLLOW_UP_HELP = (
    "Ask your follow-ups here, mentioning me or replying to my messages: *why?*, "
    "*what about 2021?*, *and Kono?*, *more* (the next quotes), *source?* (the article)."
)


class BotView(discord.ui.View):
    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        # The tree's handler is NewsdeskBot.on_app_command_error, which takes any Exception;
        # discord.py types it for the AppCommandErrors of slash commands only.
        tree = cast("NewsdeskBot", interaction.client).tree
        await tree.on_error(interaction, error)  # type: ignore[arg-type]


class VoteButton(discord.ui.Button):
    """👍 or 👎: records the vote with the question and quotes the message shows."""

    def __init__(self, vote: Vote):
        super().__init__(
            emoji=VOTE_EMOJI[vote], style=discord.ButtonStyle.secondary, custom_id=f"vote:{vote}"
        )
        self.vote: Vote = vote

    async def callback(self, interaction: discord.Interaction) -> None:
        feedback = cast("NewsdeskBot", interaction.client).feedback
        assert interaction.message is not None, "a button's click comes with its message"
        answer = shown_answer(interaction.message.embeds[0])
        try:
            feedback.record(answer, self.vote, interaction.user.id)
        except OSError:  # the bot's keeper has to fix the file; the voter is answered anyway
            log.exception("cannot record a vote in %s", feedback.path)
            text = "Sorry, I could not record your vote; the details are in the bot's log."
        else:
            text = "Thanks for the feedback!"
        await interaction.response.send_message(text, ephemeral=True)


class FollowUpButton(discord.ui.Button):
    """Opens a thread on the answer's message, where replies are read as follow-ups of it;
    the button is removed from the message once the thread is there."""

    def __init__(self) -> None:
        super().__init__(
            label="Follow up", emoji="🧵", style=discord.ButtonStyle.secondary, custom_id=FOLLOW_UP
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        message = interaction.message
        assert message is not None, "a button's click comes with its message"
        name = short(shown_answer(message.embeds[0]).question, THREAD_NAME)
        try:
            thread = await message.create_thread(name=name)
        except discord.HTTPException as error:
            if error.code != THREAD_ALREADY_CREATED:
                raise
            text = "This answer has its thread already: follow it up there."
            await interaction.response.send_message(text, ephemeral=True)
            return
        view = self.view
        if isinstance(view, PagesView):  # live: its pages go on, without this button
            view.remove_item(self)
            view.edit_message = interaction.edit_original_response
        else:
            view = _shown_without(message, FOLLOW_UP)
        await interaction.response.edit_message(view=view)
        await thread.send(FOLLOW_UP_HELP)


class PagesView(BotView):
    """◀ ▶ buttons that switch the message between pre-built embeds, 👍/👎 if asked, and
    "Follow up" if asked."""

    def __init__(self, pages: list[discord.Embed], votes: bool = False, follow: bool = False):
        super().__init__(timeout=TIMEOUT)
        self.pages = pages
        self.page = 0
        # How to edit the message once the view expires (set when the message is sent).
        self.edit_message: Callable[..., Awaitable[Any]] | None = None
        if len(pages) < 2:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        if votes:
            self.add_item(VoteButton("up"))
            self.add_item(VoteButton("down"))
        if follow:
            self.add_item(FollowUpButton())
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = page
        self._sync()
        await interaction.response.edit_message(embed=self.pages[page], view=self)
        # This click's token outlives the one the message was sent with.
        self.edit_message = interaction.edit_original_response

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary, custom_id=PREVIOUS)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, max(0, self.page - 1))

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary, custom_id=NEXT)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, min(len(self.pages) - 1, self.page + 1))

    async def on_timeout(self) -> None:
        if len(self.pages) < 2 or self.edit_message is None:
            return  # no page buttons: the votes go on working as they are
        self.previous.disabled = self.next.disabled = True
        try:
            await self.edit_message(view=self)
        except discord.HTTPException:  # deleted meanwhile, or Discord failing
            log.error("could not disable the page buttons of an expired message", exc_info=True)


class LeftoverButtons(BotView):
    """Answers clicks on buttons whose view is gone (expired, or from before a restart):
    votes and follow-ups work as always; ◀ ▶, whose pages are gone, are disabled on the
    message."""

    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.add_item(VoteButton("up"))
        self.add_item(VoteButton("down"))
        self.add_item(FollowUpButton())

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary, custom_id=PREVIOUS)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._expire_pages(interaction)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary, custom_id=NEXT)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._expire_pages(interaction)

    @staticmethod
    async def _expire_pages(interaction: discord.Interaction) -> None:
        assert interaction.message is not None, "a button's click comes with its message"
        shown = _shown_without(interaction.message)
        for item in shown.children:
            if isinstance(item, discord.ui.Button) and item.custom_id in (PREVIOUS, NEXT):
                item.disabled = True
        await interaction.response.edit_message(view=shown)


def _shown_without(message: discord.Message, *custom_ids: str) -> discord.ui.View:
    """The message's buttons, but those of ``custom_ids``, as a view only shown, never
    listened to: their clicks stay with ``LeftoverButtons``."""
    shown = discord.ui.View.from_message(message)
    for item in list(shown.children):
        if isinstance(item, discord.ui.Button) and item.custom_id in custom_ids:
            shown.remove_item(item)
    shown.stop()
    return shown


async def show_pages(
    send: Callable[..., Awaitable[Any]],
    pages: list[discord.Embed],
    *,
    votes: bool = False,
    follow: bool = False,
    **options: Any,
) -> discord.Message:
    """Sends the first of ``pages`` with ``send`` (a reply's, a thread's or a followup's)
    and the buttons to page through them (and vote, and follow up); returns the message."""
    view = PagesView(pages, votes=votes, follow=follow)
    message = await send(embed=pages[0], view=view, **options)
    view.edit_message = message.edit
    return message


async def follow_up(
    interaction: discord.Interaction,
    pages: list[discord.Embed],
    *,
    votes: bool = False,
    follow: bool = False,
    ephemeral: bool = False,
) -> discord.Message:
    """Answers a deferred interaction with ``pages``; returns the message."""
    return await show_pages(
        interaction.followup.send, pages, votes=votes, follow=follow, ephemeral=ephemeral
    )
