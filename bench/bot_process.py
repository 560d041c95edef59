"""The bot side of the benchmarks, in a process of its own (so its memory is its own).

Builds the real Application on a prepared database, with the clock set to a working-day
morning, and runs its start-up exactly as ``budaya-bot run`` does (``post_init``: open the
database, catch up on today's reminders). Waits until the sender has nothing left, shuts
down, and prints one JSON line: the sender's counts and the process's peak RSS.

With ``--serve`` (bench/traffic.py): polls for updates like ``budaya-bot run`` until its
stdin is closed; ``--baseline`` runs the path before the outbox (one update at a time,
PTB's AIORateLimiter apart from the broadcast's budget).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "true")

from typing import Any

from telegram.ext import AIORateLimiter, BaseRateLimiter

from bot.app import build_application, start_polling, stop_polling
from bot.clock import Clock
from bot.config import Settings
from bot.handlers.context import BotApplication

CONTENT_FILE = Path(__file__).parents[1] / "content" / "values_id.yaml"


def application(
    args: argparse.Namespace, rate_limiter: BaseRateLimiter[Any] | None = None, **settings: Any
) -> BotApplication:
    """The real Application on the prepared database, its clock at ``--at``."""
    config = Settings(
        _env_file=None,
        bot_token=args.token,
        bot_api_url=args.api_url,
        database_path=args.db,
        content_file=CONTENT_FILE,
        delivery_rate=args.rate,
        log_level="WARNING",
        **settings,
    )
    config.configure_logging()
    moment = datetime.fromisoformat(args.at)
    clock = Clock(moment - datetime.now(UTC))
    return build_application(config, clock=clock, rate_limiter=rate_limiter)


async def deliver(args: argparse.Namespace) -> dict[str, object]:
    app = application(args)
    started = time.monotonic()
    await app.initialize()
    assert app.post_init is not None
    assert app.post_shutdown is not None
    await app.post_init(app)  # catches up on today: every reminder is due
    dispatcher = app.bot_data.services.dispatcher
    await dispatcher.idle()
    elapsed = time.monotonic() - started
    stats = dispatcher.sender.stats
    await app.post_shutdown(app)
    await app.shutdown()
    return {
        "elapsed": elapsed,
        "sent": stats.sent,
        "rate_limited": stats.rate_limited,
        "retried": stats.retried,
        "unreachable": stats.unreachable,
        "rejected": stats.rejected,
        "paused_seconds": stats.paused_seconds,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


async def serve(args: argparse.Namespace) -> dict[str, object]:
    """Poll for updates (as ``budaya-bot run``) until the benchmark closes our stdin."""
    # The baseline is the path before the outbox: one update at a time, and PTB's own rate
    # limiter on the Application's bot, apart from the broadcast's budget.
    if args.baseline:
        app = application(args, AIORateLimiter(max_retries=3), update_concurrency=1)
    else:
        app = application(args, update_concurrency=args.concurrency)
    await start_polling(app, poll_timeout=10)
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.read)
    stats = app.bot_data.services.dispatcher.sender.stats
    await stop_polling(app)
    return {
        "sent": stats.sent,
        "rate_limited": stats.rate_limited,
        "paused_seconds": stats.paused_seconds,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--at", required=True, help="the bot's 'now', ISO 8601 with zone")
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--serve", action="store_true", help="poll until stdin closes")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--baseline", action="store_true", help="the sequential path")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(serve(args) if args.serve else deliver(args))))


if __name__ == "__main__":
    main()
