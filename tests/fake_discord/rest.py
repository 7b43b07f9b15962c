"""The fake REST API (``/api/v10/...``): ``RestApi`` and its route table.

The handlers are grouped by what they serve: ``rest_application.py`` (identity and
application commands), ``rest_interactions.py`` (callbacks and followup webhooks, with the
interaction rules) and ``rest_channels.py`` (messages, threads, guild, DMs); the recording
middleware and the JSON responses are in ``rest_base.py``.
"""

from __future__ import annotations

from aiohttp import web

from .rest_application import ApplicationRoutes
from .rest_base import API_PREFIX
from .rest_channels import ChannelRoutes
from .rest_interactions import InteractionRoutes


class RestApi(ApplicationRoutes, InteractionRoutes, ChannelRoutes):
    """Every route of the fake REST API, and the recording middleware (``RestBase``)."""

    def routes(self) -> list[web.RouteDef]:
        a = API_PREFIX
        cmds = a + "/applications/{application_id}/commands"
        guild_cmds = a + "/applications/{application_id}/guilds/{guild_id}/commands"
        hook = a + "/webhooks/{application_id}/{token}"
        channel = a + "/channels/{channel_id}"
        message = channel + "/messages/{message_id}"
        return [
            web.get(a + "/users/@me", self.get_me),
            web.get(a + "/oauth2/applications/@me", self.get_application),
            web.get(a + "/applications/@me", self.get_application),
            web.get(a + "/gateway", self.get_gateway),
            web.get(a + "/gateway/bot", self.get_gateway_bot),
            web.get(cmds, self.get_commands),
            web.put(cmds, self.put_commands),
            web.post(cmds, self.post_command),
            web.get(cmds + "/{command_id}", self.get_command),
            web.delete(cmds + "/{command_id}", self.delete_command),
            web.get(guild_cmds, self.get_commands),
            web.put(guild_cmds, self.put_commands),
            web.post(guild_cmds, self.post_command),
            web.get(guild_cmds + "/{command_id}", self.get_command),
            web.delete(guild_cmds + "/{command_id}", self.delete_command),
            web.post(a + "/interactions/{interaction_id}/{token}/callback", self.callback),
            web.post(hook, self.followup),
            web.get(hook + "/messages/{message_id}", self.webhook_message_get),
            web.patch(hook + "/messages/{message_id}", self.webhook_message_edit),
            web.delete(hook + "/messages/{message_id}", self.webhook_message_delete),
            web.get(channel, self.channel_get),
            web.post(channel + "/typing", self.typing),
            web.get(channel + "/messages", self.messages_list),
            web.post(channel + "/messages", self.message_create),
            web.get(message, self.message_get),
            web.patch(message, self.message_edit),
            web.delete(message, self.message_delete),
            web.put(message + "/reactions/{emoji}/@me", self.no_content),
            web.delete(message + "/reactions/{emoji}/@me", self.no_content),
            web.post(message + "/threads", self.thread_from_message),
            web.post(channel + "/threads", self.thread_create),
            web.put(channel + "/thread-members/@me", self.no_content),
            web.delete(channel + "/thread-members/@me", self.no_content),
            web.get(a + "/guilds/{guild_id}", self.guild_get),
            web.get(a + "/guilds/{guild_id}/members/{user_id}", self.member_get),
            web.post(a + "/users/@me/channels", self.dm_create),
            web.get(a + "/applications/{application_id}/entitlements", self.empty_list),
            web.get(a + "/applications/{application_id}/emojis", self.app_emojis),
            web.route("*", a + "/{tail:.*}", self.unknown_route),
        ]
