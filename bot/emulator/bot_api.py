"""A Telegram Bot API emulator on 127.0.0.1 for driving a real bot end to end: the test
suite's fake server and the engine of ``budaya-bot demo``.

The bot (e.g. a python-telegram-bot ``Application``) is pointed at :attr:`FakeBotApi.base_url`
and talks to it over real HTTP; the test plays the users with :meth:`FakeBotApi.send_message`,
:meth:`FakeBotApi.press_button` and friends, and reads what the bot sent with
:meth:`FakeBotApi.messages_to` / :meth:`FakeBotApi.wait_for_message`.

The server answers like Telegram where it matters for a bot's correctness: text and caption
limits, HTML parse errors, keyboard checks, "message is not modified", unknown chats, blocked
users, stale callback queries, injectable 429/403/5xx answers (always, or at random with
a ``probability``) and delays, and an optional flood limit (``FakeBotApi(rate_cap=200)``:
sends beyond 200 in any second get 429 with ``retry_after``).
"""

from __future__ import annotations

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
from .state import TOKEN_RE, ChatRef
from .users import UserActions

__all__ = ["ChatRef", "FakeBotApi"]

Handler = Callable[[JsonDict], Awaitable[Any]]
RouteSetup = Callable[[web.Application], None]
"""Adds routes of its own (e.g. the demo's web page) to the server's aiohttp app."""
_LOGGER = logging.getLogger(__name__)


class FakeBotApi(BotMethods, MessageMethods, UserActions, Inspection):
    """A fake Telegram Bot API server. Use ``async with FakeBotApi() as server:``.

    ``privacy_mode`` (on by default, as for new bots) hides group messages that are not
    commands, replies to the bot or mentions of it. ``rate_cap`` makes the server refuse
    sends beyond that many per second with 429 and ``retry_after`` (off by default).
    ``routes`` adds routes of its own to the server (the demo's chat page).
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "budaya_test_bot",
        *,
        bot_first_name: str = "Budaya Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        privacy_mode: bool = True,
        rate_cap: int | None = None,
        routes: RouteSetup | None = None,
    ) -> None:
        super().__init__(
            token, bot_username, bot_first_name=bot_first_name, privacy_mode=privacy_mode
        )
        self._host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._methods = self._method_table()
        self._routes = routes
        self.internal_errors: list[Exception] = []
        """Exceptions raised by the fake itself while handling a call (answered with 500)."""
        self.rate_cap = RateCap(rate_cap) if rate_cap is not None else None
        """Telegram's flood control for sends, when asked for (see :class:`RateCap`)."""

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0: any free port; see :attr:`port`)."""
        if self._runner is not None:
            raise RuntimeError("the fake Bot API server is already running")
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        if self._routes is not None:
            self._routes(app)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._host, self._requested_port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._closing = False
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Answer pending long polls and delays at once, then close every connection."""
        if self._runner is None:
            return
        self._closing = True
        self._updates_pulse.fire()
        self._changes.fire()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def go_offline(self) -> None:
        """Stop listening, as when Telegram cannot be reached (connections are refused),
        keeping every chat; :meth:`come_back` listens again on the same port."""
        port = self.port
        await self.stop()
        self._requested_port = port

    async def come_back(self) -> None:
        await self.start()

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the fake Bot API server is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://host:port``; bots use ``{base_url}/bot`` and ``{base_url}/file/bot``."""
        return f"http://{self._host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The value for PTB's ``base_url`` (the token is appended by PTB)."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """The value for PTB's ``base_file_url``."""
        return f"{self.base_url}/file/bot"

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        record = RecordedRequest(method=method, params={}, at=time.monotonic())
        self.requests.append(record)
        try:
            token = request.match_info["token"]
            if token != self.token:
                if TOKEN_RE.match(token):
                    raise ApiError(401, "Unauthorized")
                raise ApiError(404, "Not Found")
            handler = self._methods.get(method.lower())
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
            if self.rate_cap is not None and method.lower() in SEND_METHODS:
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
        except Exception as error:  # a bug of the fake: answer as Telegram's 500 would
            _LOGGER.exception("fake Bot API failed to handle %s", method)
            self.internal_errors.append(error)
            body, status = ApiError(500, "Internal Server Error").payload(), 500
            record.description = f"Internal Server Error: {error!r}"
        record.status = status
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self.files.by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

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
