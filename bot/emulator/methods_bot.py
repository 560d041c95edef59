"""Bot API methods about the bot itself: getMe, updates, commands."""

from __future__ import annotations

import re
import time

from .models import (
    ApiError,
    JsonDict,
    bad_request,
)
from .state import BotState

__all__ = ["BotMethods"]


_BOT_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


class BotMethods(BotState):
    """getMe, getUpdates, commands, chat actions, close and logOut."""

    async def _api_get_updates(self, params: JsonDict) -> list[JsonDict]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = max(params.get("timeout", 0), 0)
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or []) or None
        if isinstance(offset, int) and offset < 0:
            self._updates = self._updates[offset:]
        elif isinstance(offset, int):
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        # A newer getUpdates terminates an older one still waiting, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_pulse.fire()
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            batch = self._deliverable()[:limit]
            remaining = deadline - time.monotonic()
            if batch or self._closing or remaining <= 0:
                return batch
            await self._updates_pulse.wait(remaining)

    # ------------------------------------------------------------------ simple methods

    async def _api_get_me(self, params: JsonDict) -> JsonDict:
        return {
            **self.bot_user.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_close(self, params: JsonDict) -> bool:
        self.closed_by_bot = True
        return True

    async def _api_log_out(self, params: JsonDict) -> bool:
        self.logged_out = True
        return True

    async def _api_send_chat_action(self, params: JsonDict) -> bool:
        chat = self._target_chat(params)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions.append((chat.id, str(action)))
        return True

    async def _api_set_my_commands(self, params: JsonDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned = []
        for item in commands:
            if not isinstance(item, dict):
                raise bad_request("can't parse BotCommand JSON object")
            command, description = item.get("command"), item.get("description")
            if not isinstance(command, str) or not _BOT_COMMAND_RE.match(command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True

    async def _api_get_my_commands(self, params: JsonDict) -> list[JsonDict]:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return [dict(command) for command in self._commands.get(key, [])]

    async def _api_delete_my_commands(self, params: JsonDict) -> bool:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True
