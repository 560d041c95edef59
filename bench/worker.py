"""``budaya-bot run`` with the bot's clock moved to a working-day morning (bench/scale.py).

The scale benchmark runs real workers: this is the console script's own ``main(["run"])``,
in a process of its own, configured by the environment as any deployment is
(DATABASE_URL, DATABASE_SCHEMA, BOT_API_URL, ...). The one difference is the clock every
Pemda's Application reads (:class:`bot.clock.Clock`): it starts at ``--at``, so the start-up
catch-up sends everyone's morning message whatever the real time and day. Leases and the
workers' round keep real time (they never read that clock).

    python -m bench.worker --at 2026-11-23T08:00:00+07:00

With ``BENCH_PROFILE=folder`` in its environment a worker writes a cProfile of itself there
when it stops (``BENCH_PROFILE=folder python -m bench.scale`` profiles both workers).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime, timedelta

os.environ.setdefault("PTB_TIMEDELTA", "true")


def move_clock(moment: datetime) -> None:
    """Every :class:`~bot.clock.Clock` made from now on starts at ``moment``."""
    from bot import clock

    shift = moment - datetime.now(UTC)
    made = clock.Clock.__init__

    def starts_at_moment(self: clock.Clock, offset: timedelta = timedelta(0)) -> None:
        made(self, offset + shift)

    clock.Clock.__init__ = starts_at_moment  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__)
    parser.add_argument("--at", required=True, help="the bots' 'now', ISO 8601 with zone")
    args = parser.parse_args()
    move_clock(datetime.fromisoformat(args.at))
    from bot.cli import main as budaya_bot

    folder = os.environ.get("BENCH_PROFILE")
    if not folder:
        return budaya_bot(["run"])
    # A CPU profile of this worker, written when it stops (SIGTERM; not after a SIGKILL).
    import cProfile

    profile = cProfile.Profile()
    try:
        return profile.runcall(budaya_bot, ["run"])
    finally:
        profile.dump_stats(os.path.join(folder, f"worker-{os.getpid()}.prof"))


if __name__ == "__main__":
    sys.exit(main())
