"""``python -m tests.bot_at MOMENT ARGS...``: the real ``budaya-bot`` command in a process of
its own, with the bot's clock (bot/clock.py) reading MOMENT (ISO 8601 with zone) at start-up
and running on from there. Everything else is the command exactly as an operator runs it."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from bot.cli import main
from bot.clock import Clock


def run(argv: list[str]) -> int:
    moment = datetime.fromisoformat(argv[0])
    # Every Clock() the bot builds starts with this offset from the real time.
    Clock.__init__.__defaults__ = (moment - datetime.now(UTC),)
    return main(argv[1:])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
