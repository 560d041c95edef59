"""Webhooks: setWebhook, deleteWebhook, getWebhookInfo, and posting a bot's updates to it.

Telegram posts each update to the bot's HTTPS URL with its ``secret_token`` in the
``X-Telegram-Bot-Api-Secret-Token`` header, one after another, and keeps an update until the
bot answers 2xx. The emulator does the same, but only to a local address a test routed the
public URL to (:meth:`~bot.emulator.bot_api.FakeBotApi.route_webhook`, as a reverse proxy in
front of the bot would); with no route it posts nothing and the updates wait, as they would
for a bot Telegram cannot reach.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from http import HTTPStatus

import aiohttp

from .models import JsonDict, UploadedFile, bad_request
from .state import BotState

__all__ = ["SECRET_HEADER", "WebhookDelivery"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_FIRST_RETRY = 0.05
_LAST_RETRY = 2.0
_POST_TIMEOUT = 10.0


class WebhookDelivery(BotState):
    """The webhook methods of one bot and the task that posts its updates."""

    async def _api_set_webhook(self, params: JsonDict) -> bool:
        url = params.get("url") or ""
        if not url:
            return await self._api_delete_webhook(params)
        if not str(url).lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or []) or None
        self.webhook = {k: v for k, v in params.items() if not isinstance(v, UploadedFile)}
        self._webhook_error = None
        await self._stop_delivery()
        self._start_delivery()
        return True

    async def _api_delete_webhook(self, params: JsonDict) -> bool:
        self.webhook = None
        await self._stop_delivery()
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_get_webhook_info(self, params: JsonDict) -> JsonDict:
        info: JsonDict = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        if self._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    # ------------------------------------------------------------------ delivery

    def _start_delivery(self) -> None:
        """Post updates to the webhook from now on, if it is set and routed somewhere."""
        if self.webhook is None or self._closing or self._delivery is not None:
            return
        target = self._platform.local_webhook_url(str(self.webhook["url"]))
        if target is not None:
            self._delivery = asyncio.create_task(
                self._deliver(target), name=f"webhook of @{self.bot_username}"
            )

    async def _stop_delivery(self) -> None:
        task, self._delivery = self._delivery, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver(self, target: str) -> None:
        """Post the oldest update until the bot takes it, then the next, as Telegram does."""
        assert self.webhook is not None
        headers = {"Content-Type": "application/json"}
        if self.webhook.get("secret_token"):
            headers[SECRET_HEADER] = str(self.webhook["secret_token"])
        retry = _FIRST_RETRY
        timeout = aiohttp.ClientTimeout(total=_POST_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while not self._closing:
                update = self._next_for_webhook()
                if update is None:
                    await self._updates_pulse.wait(_POST_TIMEOUT)
                    continue
                error = await _post(http, target, update, headers)
                if error is None:
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                    self.webhook_posts += 1
                    retry = _FIRST_RETRY
                    continue
                self._webhook_error = (self._now(), error)
                await self._sleep(retry)
                retry = min(retry * 2, _LAST_RETRY)

    def _next_for_webhook(self) -> JsonDict | None:
        """The oldest update the webhook wants; those it does not want are dropped."""
        while self._updates:
            update = self._updates[0]
            if self._wanted(update):
                return update
            self._updates.pop(0)
        return None


async def _post(
    http: aiohttp.ClientSession, url: str, update: JsonDict, headers: dict[str, str]
) -> str | None:
    """Post one update; None if the bot took it, else Telegram's words for what went wrong."""
    started = time.monotonic()
    try:
        async with http.post(url, data=json.dumps(update), headers=headers) as response:
            await response.read()
            if 200 <= response.status < 300:
                return None
            return f"Wrong response from the webhook: {response.status} {_phrase(response.status)}"
    except TimeoutError:
        return f"Read timeout expired after {time.monotonic() - started:.0f}s"
    except aiohttp.ClientError as error:
        return f"Connection failed: {error}"


def _phrase(status: int) -> str:
    with contextlib.suppress(ValueError):
        return HTTPStatus(status).phrase
    return "Unknown"
