"""REST routes of interactions: the callback (acknowledgement) with its rules (deadline,
once only, allowed types), and the followup webhook (followups, edits, deletes)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from . import errors, limits, payloads_messages
from .interactions import (
    ALLOWED_CALLBACKS,
    APPLICATION_COMMAND,
    CALLBACK_NAMES,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    InteractionState,
)
from .records import RecordedRequest
from .rest_base import BODY, FILES, RECORD, RestBase, error, json_response, no_content, truthy

CHAT_INPUT_COMMAND_MESSAGE = 20


class InteractionRoutes(RestBase):
    # --- interactions -------------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        server = self.server
        record: RecordedRequest = request[RECORD]
        state = server.interactions.get(int(request.match_info["interaction_id"]))
        if state is None or state.token != request.match_info["token"]:
            self._violation(request, "callback for an unknown interaction")
            return error(404, errors.UNKNOWN_INTERACTION)
        body = request[BODY]
        callback_type = body.get("type")
        name = CALLBACK_NAMES.get(callback_type, str(callback_type))
        if state.acked:
            self._violation(
                request,
                f"{state.label} acknowledged twice (first {CALLBACK_NAMES.get(state.ack_type)},"
                f" then {name})",
                state,
            )
            return error(400, errors.ALREADY_ACKNOWLEDGED)
        elapsed = record.time - state.created_at
        if elapsed > server.ack_deadline:
            self._violation(
                request,
                f"{state.label} acknowledged after {elapsed:.2f}s"
                f" (deadline {server.ack_deadline:g}s): Unknown interaction",
                state,
            )
            return error(404, errors.UNKNOWN_INTERACTION)
        if callback_type not in ALLOWED_CALLBACKS.get(state.type, set()):
            allowed = sorted(ALLOWED_CALLBACKS.get(state.type, set()))
            problem = errors.Problem(
                ("type",),
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Value must be one of {allowed}.",
                f"{name} is not valid for this interaction type",
            )
            return self._invalid(request, [problem], state)
        data = body.get("data") or {}
        if callback_type in (4, 7):
            rejected = self._check_message_body(
                request, data, creating=callback_type == 4, state=state
            )
            if rejected is not None:
                return rejected
        if callback_type == 8:
            problems = limits.check_choices(data)
            if problems:
                return self._invalid(request, problems, state)

        state.acked_at = record.time
        state.ack_type = callback_type
        state.ack_body = body
        message, loading = await self._apply_callback(state, callback_type, data, request[FILES])
        server.notify()
        if not truthy(request.query.get("with_response")):
            return no_content()
        return json_response(
            payloads_messages.callback_response(
                interaction_id=state.id,
                interaction_type=state.type,
                callback_type=callback_type,
                message_data=message if callback_type in (4, 5, 7) else None,
                response_message_id=int(message["id"]) if message else None,
                loading=loading,
                ephemeral=bool(message and message["flags"] & EPHEMERAL),
            )
        )

    async def _apply_callback(
        self,
        state: InteractionState,
        callback_type: int,
        data: dict[str, Any],
        files: list[tuple[str, int]],
    ) -> tuple[dict[str, Any] | None, bool]:
        """Update the fake world for an accepted callback; returns (message, loading)."""
        world = self.world
        if callback_type in (4, 5):
            flags = (data.get("flags") or 0) & EPHEMERAL
            body = data if callback_type == 4 else {}
            if callback_type == 5:
                flags |= LOADING
            message = self._interaction_message(state, body, flags, files)
            state.original_id = int(message["id"])
            state.loading = callback_type == 5
            if callback_type == 4:
                state.add_response(state.original_id)
            await self._echo("MESSAGE_CREATE", message)
            return message, state.loading
        if callback_type in (6, 7):
            message_id = state.component_message_id
            message = world.message(message_id) if message_id else None
            if message is None:
                return None, False
            state.original_id = int(message["id"])
            if callback_type == 7:
                world.edit_message(message, data)
                state.add_response(state.original_id)
                await self._echo("MESSAGE_UPDATE", message)
            return message, False
        if callback_type == 8:
            state.choices = data.get("choices", [])
        elif callback_type == 9:
            state.modal = data
        return None, False

    def _interaction_message(
        self,
        state: InteractionState,
        body: dict[str, Any],
        flags: int,
        files: list[tuple[str, int]],
    ) -> dict[str, Any]:
        """A message sent by the application in answer to an interaction."""
        world = self.world
        message = world.compose_message(
            state.channel,
            world.bot_user,
            {**body, "flags": flags | (body.get("flags") or 0)},
            message_type=CHAT_INPUT_COMMAND_MESSAGE if state.type == APPLICATION_COMMAND else 0,
            files=files,
        )
        message["webhook_id"] = str(world.application_id)
        message["application_id"] = str(world.application_id)
        metadata: dict[str, Any] = {
            "id": str(state.id),
            "type": state.type,
            "user": state.user,
            "authorizing_integration_owners": state.payload["authorizing_integration_owners"],
        }
        if state.type == APPLICATION_COMMAND:
            metadata["name"] = state.name
            metadata["command_type"] = 1
        if state.type == MESSAGE_COMPONENT and state.component_message_id:
            metadata["interacted_message_id"] = str(state.component_message_id)
        message["interaction_metadata"] = metadata
        return message

    def _webhook_state(
        self, request: web.Request, *, action: str
    ) -> tuple[InteractionState | None, web.Response | None]:
        """The interaction behind a followup webhook, or the error Discord would give."""
        server = self.server
        token = request.match_info["token"]
        state = server.interactions_by_token.get(token)
        if state is None or int(request.match_info["application_id"]) != self.world.application_id:
            self._violation(request, f"{action}: unknown webhook (no interaction has this token)")
            return None, error(404, errors.UNKNOWN_WEBHOOK)
        if not state.acked:
            self._violation(
                request, f"{action} before {state.label} was acknowledged: Unknown Webhook", state
            )
            return state, error(404, errors.UNKNOWN_WEBHOOK)
        if state.ack_type == 8:
            self._violation(request, f"{action} on an autocomplete interaction", state)
            return state, error(404, errors.UNKNOWN_WEBHOOK)
        age = request[RECORD].time - state.created_at
        if age > server.token_ttl:
            self._violation(
                request,
                f"{action} {age:.1f}s after {state.label} was created"
                f" (interaction tokens last {server.token_ttl:g}s)",
                state,
            )
            return state, error(401, errors.INVALID_WEBHOOK_TOKEN)
        return state, None

    async def followup(self, request: web.Request) -> web.Response:
        state, failed = self._webhook_state(request, action="followup")
        if failed is not None or state is None:
            return failed  # type: ignore[return-value]
        body = request[BODY]
        rejected = self._check_message_body(request, body, creating=True, state=state)
        if rejected is not None:
            return rejected
        original = self.world.message(state.original_id) if state.original_id else None
        if state.ack_type == 5 and state.loading and original is None:
            # The first followup after a deferral edits the loading message (Discord's
            # "Create Followup Message"); once that message is deleted there is nothing
            # to edit, and every followup fails.
            self._violation(
                request, "followup after the deferred response was deleted: Unknown Message", state
            )
            return error(404, errors.UNKNOWN_MESSAGE)
        if state.ack_type == 5 and state.loading and original is not None:
            # The first followup after a deferred response edits the loading message and
            # keeps the ephemeral flag chosen when deferring.
            self.world.edit_message(original, {k: v for k, v in body.items() if k != "flags"})
            original["flags"] &= ~LOADING
            state.loading = False
            message = original
            await self._echo("MESSAGE_UPDATE", message)
        else:
            flags = (body.get("flags") or 0) & EPHEMERAL
            message = self._interaction_message(state, body, flags, request[FILES])
            message["type"] = 0
            await self._echo("MESSAGE_CREATE", message)
        state.followup_ids.append(int(message["id"]))
        state.add_response(int(message["id"]))
        self.server.notify()
        if not truthy(request.query.get("wait")):
            return no_content()
        return json_response(message)

    def _webhook_message(
        self, request: web.Request, *, action: str
    ) -> tuple[InteractionState | None, dict[str, Any] | None, web.Response | None]:
        """The interaction and the message a webhook message route names (``@original`` or
        one of its answers), or the error Discord would give."""
        state, failed = self._webhook_state(request, action=action)
        if failed is not None or state is None:
            return state, None, failed
        wanted = request.match_info["message_id"]
        if wanted == "@original":
            message = self.world.message(state.original_id) if state.original_id else None
        elif int(wanted) not in (state.original_id, *state.followup_ids):
            message = None
        else:
            message = self.world.message(int(wanted))
        if message is None:
            return state, None, error(404, errors.UNKNOWN_MESSAGE)
        return state, message, None

    async def webhook_message_get(self, request: web.Request) -> web.Response:
        _, message, failed = self._webhook_message(request, action="fetching a response")
        return json_response(message) if failed is None else failed

    async def webhook_message_edit(self, request: web.Request) -> web.Response:
        state, message, failed = self._webhook_message(request, action="editing a response")
        if failed is not None or state is None or message is None:
            return failed  # type: ignore[return-value]
        body = request[BODY]
        rejected = self._check_message_body(request, body, creating=False, state=state)
        if rejected is not None:
            return rejected
        self.world.edit_message(message, {k: v for k, v in body.items() if k != "flags"})
        if int(message["id"]) == state.original_id and state.loading:
            message["flags"] &= ~LOADING
            state.loading = False
        state.add_response(int(message["id"]))
        await self._echo("MESSAGE_UPDATE", message)
        self.server.notify()
        return json_response(message)

    async def webhook_message_delete(self, request: web.Request) -> web.Response:
        _, message, failed = self._webhook_message(request, action="deleting a response")
        if failed is not None or message is None:
            return failed  # type: ignore[return-value]
        await self._delete(message)
        return no_content()
