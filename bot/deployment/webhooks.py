"""Webhook mode for many Pemda: ONE web server (tornado, which python-telegram-bot ships for
its own webhooks), a path per Pemda ``/telegram/<code>`` and each Pemda's own secret token.

Telegram sends the secret given to ``setWebhook`` in the ``X-Telegram-Bot-Api-Secret-Token``
header; a request whose header is not that Pemda's secret (compared in constant time) is
refused with 403 and counted (:class:`bot.webhook.RefusedRequests`), so the secret of one
Pemda opens no other. An accepted update goes to the queue of that Pemda's Application.

- 404: no active Pemda has that code;
- 403: the secret is missing or not this Pemda's;
- 503: the Pemda is active but this worker does not serve it (yet, or any more): Telegram
  retries, and the worker that owns it sets its webhook again when it takes it.

The public URL of a Pemda is the scheme and host of ``WEBHOOK_URL`` with ``/telegram/<code>``;
a Pemda without a secret of its own in the registry gets one derived from the deployment's
(``WEBHOOK_SECRET``, else the generated one of :func:`bot.webhook.webhook_secret`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import socket
from http import HTTPStatus
from urllib.parse import urlsplit

import tornado.web
from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.config import Settings
from bot.handlers.context import BotApplication
from bot.tenants.models import Pemda
from bot.webhook import RefusedRequests, webhook_secret

log = logging.getLogger(__name__)

PATH = "/telegram/{code}"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_ROUTE = r"/telegram/([a-z][a-z0-9_]{1,29})/?"


def pemda_webhook_url(settings: Settings, code: str) -> str:
    """Where Telegram sends Pemda ``code``'s updates (``WEBHOOK_URL``'s scheme and host)."""
    assert settings.webhook_url
    parts = urlsplit(settings.webhook_url)
    return f"{parts.scheme}://{parts.netloc}{PATH.format(code=code)}"


def pemda_webhook_secret(settings: Settings, pemda: Pemda) -> str:
    """The Pemda's own secret, else one derived from the deployment's for this Pemda only."""
    if pemda.webhook_secret is not None:
        return pemda.webhook_secret.get_secret_value()
    master = webhook_secret(settings).encode()
    digest = hmac.new(master, f"pemda:{pemda.code}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class PemdaWebhooks:
    """The one web server: which Pemda are active (their secrets), which this worker serves
    (their Applications)."""

    def __init__(self, listen: str, port: int, refusals: RefusedRequests) -> None:
        self.listen = listen
        self.port = port
        self.refusals = refusals
        self._secrets: dict[str, str] = {}
        self._apps: dict[str, BotApplication] = {}
        self._server: HTTPServer | None = None

    def know(self, secrets: dict[str, str]) -> None:
        """The active Pemda and their secrets (the supervisor says so every round)."""
        self._secrets = dict(secrets)

    def serve(self, code: str, app: BotApplication) -> None:
        self._apps[code] = app

    def unserve(self, code: str) -> None:
        self._apps.pop(code, None)

    async def start(self) -> None:
        sockets = bind_sockets(self.port, self.listen, family=socket.AF_INET)
        self.port = sockets[0].getsockname()[1]  # the one bound, when asked for any (0)
        application = tornado.web.Application(
            [(_ROUTE, _PemdaUpdates, {"webhooks": self})],
            log_function=lambda handler: None,  # refusals are counted, the rest is noise
        )
        self._server = HTTPServer(application)
        self._server.add_sockets(sockets)
        log.info("webhook server for every Pemda on %s:%d", self.listen, self.port)

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            await server.close_all_connections()

    async def receive(
        self, code: str, secret: str | None, content_type: str | None, body: bytes
    ) -> int:
        """Check one POST to ``/telegram/<code>`` and queue its update; the HTTP status."""
        expected = self._secrets.get(code)
        if expected is None:
            return HTTPStatus.NOT_FOUND
        if not hmac.compare_digest((secret or "").encode(), expected.encode()):
            self.refusals.refused(code)
            return HTTPStatus.FORBIDDEN
        app = self._apps.get(code)
        if app is None:
            return HTTPStatus.SERVICE_UNAVAILABLE
        if (content_type or "").split(";")[0].strip().lower() != "application/json":
            return HTTPStatus.BAD_REQUEST
        try:
            update = Update.de_json(json.loads(body), app.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("Pemda %s: an update that could not be read", code, exc_info=True)
            return HTTPStatus.BAD_REQUEST
        app.bot.insert_callback_data(update)
        await app.update_queue.put(update)
        return HTTPStatus.OK


class _PemdaUpdates(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, webhooks: PemdaWebhooks) -> None:
        self.webhooks = webhooks

    async def post(self, code: str) -> None:
        status = await self.webhooks.receive(
            code,
            self.request.headers.get(SECRET_HEADER),
            self.request.headers.get("Content-Type"),
            self.request.body,
        )
        self.set_status(status)
        await self.finish()
