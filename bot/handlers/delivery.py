"""Telegram glue of the daily delivery: the PTB transport, and starting and ticking the
dispatcher (``bot.delivery`` decides everything; this module only talks to Telegram).
"""

from __future__ import annotations

import functools
import json
import logging
from datetime import date, datetime

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.config import Settings
from bot.delivery.sender import Outgoing
from bot.handlers.aiohttp_request import AiohttpRequest
from bot.handlers.checkin_entry import entry_keyboard
from bot.handlers.context import BotApplication, Context
from bot.handlers.outbox import classify

log = logging.getLogger(__name__)

JOB_NAME = "delivery-tick"
POOL_SIZE = 20
"""HTTP connections of the delivery's own client: more than the sender keeps in flight."""


@functools.lru_cache(maxsize=8)
def _entry_markup(day: date) -> str:
    """The check-in buttons of ``day`` as JSON: the same for everyone, serialised once."""
    return json.dumps(entry_keyboard(day).to_dict(), separators=(",", ":"))


class _DeliveryBot(Bot):
    """A Bot whose sends do not parse Telegram's answer into a ``Message`` nobody reads:
    about a millisecond of CPU per message saved at broadcast rates."""

    async def send_html(self, chat_id: int, text: str, markup: str | None) -> None:
        """``markup``: the reply markup already serialised to JSON."""
        await self._post(
            "sendMessage",
            {
                "chat_id": chat_id,
                "text": text,
                "parse_mode": ParseMode.HTML,
                "reply_markup": markup,
            },
        )


class TelegramTransport:
    """Sends daily messages through a Bot of its own.

    Not the Application's bot: its rate limiter would take a second slot of the budget for
    these messages and retry behind the sender's back. Here the sender takes the slot,
    pauses and retries; this class only maps PTB's errors to the sender's.
    """

    def __init__(self, settings: Settings, request: AiohttpRequest | None = None) -> None:
        if settings.bot_token is None:
            raise ValueError("BOT_TOKEN is not set")
        self.bot = _DeliveryBot(
            settings.bot_token.get_secret_value(),
            base_url=settings.bot_api_url,
            base_file_url=settings.file_url,
            request=request or AiohttpRequest(connection_pool_size=POOL_SIZE),
        )

    async def open(self) -> None:
        await self.bot.initialize()

    async def close(self) -> None:
        await self.bot.shutdown()

    async def send(self, message: Outgoing) -> None:
        markup = _entry_markup(message.checkin_day) if message.checkin_day else None
        try:
            await self.bot.send_html(message.chat_id, message.text, markup)
        except TelegramError as error:
            raise classify(error) from error


async def start_delivery(app: BotApplication) -> None:
    """Open the transport, catch up on today and schedule the tick (from ``post_init``)."""
    services = app.bot_data.services
    await services.delivery_transport.open()
    report = await services.dispatcher.start()
    log.info("delivery started: %d caught up", report.submitted)
    if app.job_queue is not None:
        interval = services.settings.delivery_tick_seconds
        app.job_queue.run_repeating(
            delivery_job,
            interval=interval,
            first=until_next_tick(services.clock.now(), interval),
            name=JOB_NAME,
            # A tick that runs late still runs (APScheduler's default grace is 1 s); ticks
            # missed while the loop was busy collapse into one.
            job_kwargs={"misfire_grace_time": interval, "coalesce": True, "max_instances": 1},
        )


def until_next_tick(now: datetime, interval: int) -> float:
    """Seconds from ``now`` to the first whole multiple of ``interval`` on the bot's clock at
    least ``interval`` away: ticks on the minute, so a 07.30 reminder goes out at 07.30, not
    up to a minute after (and every Pemda of a deployment ticks together). The start-up
    catch-up covers the moment of the start; nothing ticks sooner than an interval after."""
    return 2 * interval - now.timestamp() % interval


async def stop_delivery(app: BotApplication) -> None:
    """Let the sends in flight finish, then close the transport (from ``post_shutdown``)."""
    services = app.bot_data.services
    await services.dispatcher.stop()
    await services.delivery_transport.close()


async def delivery_job(context: Context) -> None:
    """Hand everyone whose reminder is due now to the sender."""
    await context.dispatcher.tick()
