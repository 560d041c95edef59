"""The bot side of the delivery benchmark, in a process of its own (so its memory is its own).

Builds the real Application on a prepared database, with the clock set to a working-day
morning, and runs its start-up exactly as ``budaya-bot run`` does (``post_init``: open the
database, catch up on today's reminders). Waits until the sender has nothing left, shuts
down, and prints one JSON line: the sender's counts and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app import build_application
from bot.clock import Clock
from bot.config import Settings

CONTENT_FILE = Path(__file__).parents[1] / "content" / "values_id.yaml"


async def deliver(args: argparse.Namespace) -> dict[str, object]:
    settings = Settings(
        _env_file=None,
        bot_token=args.token,
        bot_api_url=args.api_url,
        database_path=args.db,
        content_file=CONTENT_FILE,
        delivery_rate=args.rate,
        log_level="WARNING",
    )
    settings.configure_logging()
    moment = datetime.fromisoformat(args.at)
    app = build_application(settings, clock=Clock(moment - datetime.now(UTC)))
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--at", required=True, help="the bot's 'now', ISO 8601 with zone")
    parser.add_argument("--rate", type=float, required=True)
    print(json.dumps(asyncio.run(deliver(parser.parse_args()))))


if __name__ == "__main__":
    main()
