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

One server hosts several bots, as Telegram does: :meth:`FakeBotApi.add_bot` adds one with its
own token, and requests are routed by the token in their URL. Each bot has its own chats,
messages, updates, webhook, rate cap and faults; users are shared (one person may write to
several bots, in a separate private chat with each). The server is itself its first bot, so a
test of one bot uses it directly. A bot whose webhook is set gets its updates posted to it,
with its secret token, once :meth:`FakeBotApi.route_webhook` says where its public URL is
reached locally (see :mod:`bot.emulator.webhooks`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web

from .fake_bot import FakeBot
from .models import ApiError, RecordedRequest
from .state import TOKEN_RE, ChatRef, Platform
from .stats import SendStats

__all__ = ["ChatRef", "FakeBotApi", "ServerSendStats"]

RouteSetup = Callable[[web.Application], None]
"""Adds routes of its own (e.g. the demo's web page) to the server's aiohttp app."""


class ServerSendStats:
    """The sends of every bot of a server: :attr:`per_bot` by username, and :attr:`total`."""

    def __init__(self, bots: list[FakeBot], since: float | None) -> None:
        self.per_bot: dict[str, SendStats] = {b.bot_username: b.send_stats(since) for b in bots}
        self.total = SendStats.combined(
            (b.send_arrivals(since) for b in bots),
            sum(stats.refused for stats in self.per_bot.values()),
        )

    def __repr__(self) -> str:
        return f"ServerSendStats(total={self.total!r}, bots={len(self.per_bot)})"


class FakeBotApi(FakeBot):
    """A fake Telegram Bot API server, and its first bot. Use ``async with FakeBotApi() as
    server:``; :meth:`add_bot` adds more bots.

    ``privacy_mode`` (on by default, as for new bots) hides group messages that are not
    commands, replies to the bot or mentions of it. ``rate_cap`` makes the server refuse
    sends beyond that many per second with 429 and ``retry_after`` (off by default).
    Both are the first bot's; every bot has its own. ``routes`` adds routes of its own to
    the server (the demo's chat page).
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
            token,
            bot_username,
            bot_first_name=bot_first_name,
            privacy_mode=privacy_mode,
            rate_cap=rate_cap,
            platform=Platform(),
        )
        self._host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._routes = routes
        self._bots: dict[str, FakeBot] = {token: self}

    # ------------------------------------------------------------------ bots

    def add_bot(
        self,
        token: str,
        username: str,
        *,
        first_name: str | None = None,
        privacy_mode: bool = True,
        rate_cap: int | None = None,
    ) -> FakeBot:
        """Host one more bot (also while running): requests with ``token`` in their URL
        reach it. ``rate_cap``: its own flood limit in sends per second (e.g. 30)."""
        if token in self._bots:
            raise ValueError(f"this server already has a bot with token {token!r}")
        if any(bot.bot_username.lower() == username.lower() for bot in self._bots.values()):
            raise ValueError(f"this server already has a bot @{username}")
        bot = FakeBot(
            token,
            username,
            bot_first_name=first_name or username,
            privacy_mode=privacy_mode,
            rate_cap=rate_cap,
            platform=self._platform,
        )
        bot._closing = self._closing
        self._bots[token] = bot
        return bot

    @property
    def bots(self) -> list[FakeBot]:
        """Every bot of the server, this one (the first) first."""
        return list(self._bots.values())

    def bot_with_token(self, token: str) -> FakeBot:
        """The bot a request with ``token`` reaches; KeyError if none."""
        return self._bots[token]

    def all_send_stats(self, since: float | None = None) -> ServerSendStats:
        """Every bot's sends (from ``since``, a ``time.monotonic()``) and all of them together;
        see :meth:`FakeBot.send_stats`."""
        return ServerSendStats(self.bots, since)

    def route_webhook(self, public_prefix: str, local_prefix: str) -> None:
        """Post the updates of any bot whose webhook URL starts with ``public_prefix`` to
        the same URL under ``local_prefix`` (e.g. ``"https://bot.example.go.id"`` to
        ``"http://127.0.0.1:8443"``), as a reverse proxy in front of the bots would; each
        bot's own updates, with its own secret token."""
        self._platform.webhook_routes[public_prefix] = local_prefix
        if self._runner is not None:
            for bot in self._bots.values():
                bot._start_delivery()  # a webhook set before the route was known

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
        self._port = int(runner.addresses[0][1])
        for bot in self._bots.values():
            bot._resume()

    async def stop(self) -> None:
        """Answer pending long polls and delays at once, then close every connection."""
        if self._runner is None:
            return
        for bot in self._bots.values():
            await bot._halt()
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
        token, method = request.match_info["token"], request.match_info["method"]
        bot = self._bots.get(token)
        if bot is not None:
            return await bot.answer(method, request)
        # Recorded with the first bot's calls: a client with a wrong token shows up there.
        error = (
            ApiError(401, "Unauthorized") if TOKEN_RE.match(token) else ApiError(404, "Not Found")
        )
        record = RecordedRequest(method=method, params={}, at=time.monotonic())
        record.status, record.description = error.status, error.description
        self.requests.append(record)
        return web.json_response(error.payload(), status=error.status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        bot = self._bots.get(request.match_info["token"])
        if bot is None:
            return await self._handle_unknown(request)
        return bot.file_response(request.match_info["path"])

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)
