"""One bot of the fake Bot API server: its state, its methods, and the way it answers a call.

A :class:`~bot.emulator.bot_api.FakeBotApi` routes each request by the token in its URL to
one :class:`FakeBot`; every bot keeps its own users' chats, messages, updates, webhook,
rate cap and faults.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .faults import SEND_METHODS, RateCap, default_description
from .inspection import Inspection
from .methods_bot import BotMethods
from .methods_messages import MessageMethods
from .models import ApiError, JsonDict, RecordedRequest
from .params import decode_params, read_params
from .state import Platform
from .stats import SendStats
from .users import UserActions
from .webhooks import WebhookDelivery

__all__ = ["FakeBot"]

Handler = Callable[[JsonDict], Awaitable[Any]]
_LOGGER = logging.getLogger(__name__)


class FakeBot(BotMethods, WebhookDelivery, MessageMethods, UserActions, Inspection):
    """A bot as Telegram keeps it, and what its test reads and injects.

    Made by :meth:`FakeBotApi.add_bot <bot.emulator.bot_api.FakeBotApi.add_bot>`; a
    :class:`~bot.emulator.bot_api.FakeBotApi` is itself its server's first bot.
    ``rate_cap`` refuses this bot's sends beyond that many per second (see :class:`RateCap`).
    """

    def __init__(
        self,
        token: str,
        bot_username: str,
        *,
        bot_first_name: str,
        privacy_mode: bool = True,
        rate_cap: int | None = None,
        platform: Platform | None = None,
    ) -> None:
        super().__init__(
            token,
            bot_username,
            bot_first_name=bot_first_name,
            privacy_mode=privacy_mode,
            platform=platform,
        )
        self._methods = self._method_table()
        self.rate_cap = RateCap(rate_cap) if rate_cap is not None else None
        """Telegram's flood control for this bot's sends, when asked for."""
        self._send_arrivals: list[float] = []
        self._send_refusals: list[float] = []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} @{self.bot_username}>"

    def send_stats(self, since: float | None = None) -> SendStats:
        """This bot's sends (from ``since``, a ``time.monotonic()``), by the moment each
        arrived, as the rate cap counts them."""
        return SendStats.of(self.send_arrivals(since), len(self.send_refusals(since)))

    def send_arrivals(self, since: float | None = None) -> list[float]:
        """When each accepted send arrived (``time.monotonic()``), oldest first."""
        return _since(self._send_arrivals, since)

    def send_refusals(self, since: float | None = None) -> list[float]:
        """When each send answered 429 arrived (the rate cap or an injected fault)."""
        return _since(self._send_refusals, since)

    # ------------------------------------------------------------------ answering a call

    async def answer(self, method: str, request: web.Request) -> web.Response:
        """Run the Bot API call ``method`` of ``request`` for this bot, as Telegram would."""
        record = RecordedRequest(method=method, params={}, at=time.monotonic())
        self.requests.append(record)
        name = method.lower()
        try:
            handler = self._methods.get(name)
            if handler is None:
                raise ApiError(404, "Not Found")
            raw = await read_params(request)
            record.params = raw
            params = decode_params(raw)
            record.params = params
            delay = self.faults.take_delay(method, params)
            if delay:
                await self._sleep(delay)
            fault = self.faults.take_fault(method, params)
            if fault is not None:
                raise fault.error()
            if self.rate_cap is not None and name in SEND_METHODS:
                # Counted when it arrived: an injected delay stands for the network, and the
                # moment this server's timer wakes up from it is not Telegram's to count.
                retry_after = self.rate_cap.admit(record.at)
                if retry_after is not None:
                    raise ApiError(
                        429, default_description(429, retry_after), {"retry_after": retry_after}
                    )
            body: JsonDict = {"ok": True, "result": await handler(params)}
            status = 200
        except ApiError as error:
            body, status = error.payload(), error.status
            record.description = error.description
        except Exception as error:  # a bug of the emulator: answer as Telegram's 500 would
            _LOGGER.exception("fake Bot API failed to handle %s", method)
            self.internal_errors.append(error)
            body, status = ApiError(500, "Internal Server Error").payload(), 500
            record.description = f"Internal Server Error: {error!r}"
        record.status = status
        if name in SEND_METHODS:
            # In order of arrival, which a delayed call does not keep.
            if status == 200:
                bisect.insort(self._send_arrivals, record.at)
            elif status == 429:
                bisect.insort(self._send_refusals, record.at)
        return web.json_response(body, status=status)

    def file_response(self, path: str) -> web.Response:
        """The download of one of this bot's files (``/file/bot<token>/<path>``)."""
        stored = self.files.by_path.get(path)
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _halt(self) -> None:
        """The server stops: answer pending long polls and waits at once, post no more."""
        self._closing = True
        self._updates_pulse.fire()
        self._changes.fire()
        await self._stop_delivery()

    def _resume(self) -> None:
        """The server listens (again): a webhook set before gets its updates again."""
        self._closing = False
        self._start_delivery()

    def _method_table(self) -> dict[str, Handler]:
        methods: dict[str, Handler] = {
            "getMe": self._api_get_me,
            "getUpdates": self._api_get_updates,
            "setWebhook": self._api_set_webhook,
            "deleteWebhook": self._api_delete_webhook,
            "getWebhookInfo": self._api_get_webhook_info,
            "setMyCommands": self._api_set_my_commands,
            "getMyCommands": self._api_get_my_commands,
            "deleteMyCommands": self._api_delete_my_commands,
            "sendMessage": self._api_send_message,
            "sendPhoto": self._api_send_photo,
            "sendDocument": self._api_send_document,
            "sendChatAction": self._api_send_chat_action,
            "editMessageText": self._api_edit_message_text,
            "editMessageCaption": self._api_edit_message_caption,
            "editMessageReplyMarkup": self._api_edit_message_reply_markup,
            "deleteMessage": self._api_delete_message,
            "answerCallbackQuery": self._api_answer_callback_query,
            "getFile": self._api_get_file,
            "close": self._api_close,
            "logOut": self._api_log_out,
        }
        return {name.lower(): handler for name, handler in methods.items()}


def _since(times: list[float], since: float | None) -> list[float]:
    """The moments of ``times`` (ascending) from ``since`` on."""
    return times[bisect.bisect_left(times, since) :] if since is not None else list(times)
