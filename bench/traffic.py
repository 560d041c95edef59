"""Traffic benchmark: people using the bot while it sends, through the fake Bot API with a
round trip of ``--latency`` (100 ms: Indonesia to Telegram's servers) on every call and
Telegram's flood limit (``--cap`` sends a second).

    make bench
    .venv/bin/python -m bench.traffic --rush-people 2000 --mixed-people 10000

Two scenarios, each run twice in the same process: the bot as it is ("outbox": updates of
different chats at once, one budget for every send, replies first) and the path before it
("sequential": one update at a time, PTB's own AIORateLimiter on replies apart from the
broadcast's limiter).

- morning rush: everyone gets the morning message, then each taps "✅ Sudah" once, at a
  random moment within ``--tap-window`` seconds. Printed: from tap to answer (the spinner
  stops: answerCallbackQuery) and to the bot's message, p50/p95/max; the drain time (first
  tap to last answer); taps never answered; 429s. Target: p95 <= 1 s, none lost, none
  refused by the cap.
- mixed traffic: the broadcast to ``--mixed-people`` at the default rate, while
  ``--commanders`` people take turns sending /riwayat, ``--commands-per-second`` in all;
  measured over ``--mixed-seconds`` of it. Printed: the broadcast's rate as a share of the
  cap, 429s as a share of sends, from command to reply p50/p95. Target: >= 0.90 of the cap,
  429s <= 0.1% of sends, p95 <= 1 s.

The sequential run stops ``--cutoff`` seconds after the last tap, drained or not (it would
take many minutes); what it had not answered by then counts as unanswered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.run import ROOT, bot_command, prepare_database
from bot.emulator import FakeBotApi, FakeUser

SETTLE = 2.0
"""Seconds without a new answer before a run counts as drained."""


@dataclass
class Run:
    name: str
    figures: dict[str, str] = field(default_factory=dict)
    met: bool = True


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def seconds(values: Sequence[float], share: float, missing: int) -> str:
    """A percentile over ``values`` plus ``missing`` never-answered ones (infinitely late)."""
    total = len(values) + missing
    if not total:
        return "-"
    rank = max(1, round(share * total))
    if rank > len(values):
        return "never"
    return f"{sorted(values)[rank - 1]:.2f} s"


class Bot:
    """The bot in a process of its own, polling the fake server (bench/bot_process.py)."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, fake: FakeBotApi, database: Path, *, baseline: bool) -> Bot:
        command = bot_command(fake, database, 30.0, "--serve", *(["--baseline"] * baseline))
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=ROOT,
            env={**os.environ, "PTB_TIMEDELTA": "true"},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = await process.stdout.readline()
        if line.strip() != b"ready":
            _, err = await process.communicate()
            raise RuntimeError(f"the bot process failed:\n{err.decode(errors='replace')}")
        return cls(process)

    async def kill(self) -> None:
        """Stop at once: the sequential path would first work through every update queued."""
        self.process.kill()
        await self.process.communicate()

    async def stop(self) -> dict[str, float]:
        out, err = await self.process.communicate(b"")
        if self.process.returncode != 0:
            raise RuntimeError(f"the bot process failed:\n{err.decode(errors='replace')}")
        result: dict[str, float] = json.loads(out.decode().strip().splitlines()[-1])
        return result


async def until(done: object, limit: float) -> bool:
    """Poll ``done()`` every 50 ms for up to ``limit`` seconds; whether it came true."""
    assert callable(done)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if done():
            return True
        await asyncio.sleep(0.05)
    return bool(done())


@contextlib.asynccontextmanager
async def slow_fake(
    args: argparse.Namespace, database: Path, people: int
) -> AsyncIterator[tuple[FakeBotApi, list[FakeUser]]]:
    """The capped fake with ``args.latency`` on every call, and a database of ``people``
    registered people, each bound to one of its users."""
    async with FakeBotApi(rate_cap=args.cap) as fake:
        users = [fake.make_user(f"P{i}", started=True) for i in range(people)]
        await prepare_database(database, [u.id for u in users])
        fake.inject_delay("*", args.latency, times=None)
        # The fake is the measuring instrument: no garbage-collector pauses while it times
        # arrivals (as in bench/run.py).
        gc.collect()
        gc.disable()
        try:
            yield fake, users
        finally:
            gc.enable()


def count_429(fake: FakeBotApi, since: float) -> int:
    return sum(1 for r in fake.requests if r.status == 429 and r.at >= since)


async def morning_rush(args: argparse.Namespace, workdir: Path, *, baseline: bool) -> Run:
    name = "sequential" if baseline else "outbox"
    database = workdir / f"rush-{name}.db"
    async with slow_fake(args, database, args.rush_people) as (fake, users):
        bot = await Bot.start(fake, database, baseline=baseline)
        drained = False
        try:
            # Everyone's morning message (the start-up catch-up sends them).
            if not await until(lambda: all(fake.messages_to(u) for u in users), 600):
                raise RuntimeError("the morning messages did not all go out")
            print(f"rush ({name}): morning messages out, tapping", file=sys.stderr)
            taps_start = time.monotonic()
            pressed = await _tap_everyone(fake, users, args.tap_window, args.seed)
            last_tap = time.monotonic()
            limit = args.cutoff if baseline else 600.0
            drained = await until(lambda: not fake.unanswered_callbacks(), limit)
            if drained:
                await _settle(fake)
        finally:
            if drained:
                rss = f"{(await bot.stop())['peak_rss_kib'] / 1024:.0f}"
            else:
                await bot.kill()
                rss = "-"
        answered_at = {
            r.params["callback_query_id"]: r.at + args.latency
            for r in fake.requests
            if r.method == "answerCallbackQuery" and r.status == 200
        }
        waits = [answered_at[q] - at for q, (at, _) in pressed.items() if q in answered_at]
        replies = _reply_waits(fake, pressed, args.latency)
        lost = len(pressed) - len(waits)
        run = Run(name)
        run.figures = {
            "taps answered": f"{len(waits)}/{len(pressed)}",
            "answered ones: tap -> answer p50": (
                f"{percentile(waits, 0.5):.2f} s" if waits else "-"
            ),
            "tap -> answer p50": seconds(waits, 0.50, lost),
            "tap -> answer p95": seconds(waits, 0.95, lost),
            "tap -> answer max": seconds(waits, 1.0, lost),
            "tap -> bot's message p95": seconds(replies, 0.95, len(pressed) - len(replies)),
            "drain (first tap to last answer)": (
                f"{max(answered_at.values()) - taps_start:.1f} s" if answered_at else "-"
            ),
            "taps unanswered": f"{lost}" + (f" (after {args.cutoff:.0f} s)" if lost else ""),
            "429 during the taps": str(count_429(fake, taps_start)),
            "429 during the broadcast before": str(
                count_429(fake, 0.0) - count_429(fake, taps_start)
            ),
            "tap window (s)": f"{last_tap - taps_start:.0f}",
            "bot peak RSS (MiB)": rss,
        }
        p95 = percentile(waits, 0.95) if not lost else float("inf")
        run.met = p95 <= 1.0 and lost == 0 and count_429(fake, 0.0) == 0
        return run


async def _tap_everyone(
    fake: FakeBotApi, users: list[FakeUser], window: float, seed: int
) -> dict[str, tuple[float, int]]:
    """Each user taps "✅ Sudah" under their morning message once, at a random moment."""
    rng = random.Random(seed)
    moments = sorted((rng.uniform(0, window), i) for i in range(len(users)))
    start = time.monotonic()
    pressed: dict[str, tuple[float, int]] = {}
    for offset, index in moments:
        delay = start + offset - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        user = users[index]
        message = fake.messages_to(user)[0]
        query = await fake.press_button(user, message, text="✅ Sudah")
        pressed[query] = (time.monotonic(), user.id)
    return pressed


def _reply_waits(
    fake: FakeBotApi, pressed: dict[str, tuple[float, int]], latency: float
) -> list[float]:
    """From each tap to the bot's next message (sent or edited) in the tapper's chat."""
    tapped = {chat: at for at, chat in pressed.values()}
    first: dict[int, float] = {}
    for r in fake.requests:
        if r.status != 200 or not r.method.startswith(("sendMessage", "editMessage")):
            continue
        chat = r.params.get("chat_id")
        if isinstance(chat, int) and chat in tapped and r.at >= tapped[chat]:
            first.setdefault(chat, r.at + latency - tapped[chat])
    return list(first.values())


async def _settle(fake: FakeBotApi) -> None:
    """Wait until the fake has been quiet for a moment (the bot's last calls are in)."""
    seen = -1
    while seen != len(fake.requests):
        seen = len(fake.requests)
        await asyncio.sleep(SETTLE)


async def mixed_traffic(args: argparse.Namespace, workdir: Path, *, baseline: bool) -> Run:
    name = "sequential" if baseline else "outbox"
    database = workdir / f"mixed-{name}.db"
    async with slow_fake(args, database, args.mixed_people) as (fake, users):
        commanders = users[: args.commanders]
        bot = await Bot.start(fake, database, baseline=baseline)
        try:
            if not await until(lambda: bool(fake.send_times()), 60):
                raise RuntimeError("the broadcast did not start")
            start = time.monotonic()
            commands = await _commands(fake, commanders, args, start + args.mixed_seconds)
            end = time.monotonic()
        finally:
            await bot.stop()
        sends = [r for r in fake.requests if r.method == "sendMessage" and start <= r.at < end]
        broadcast = sorted(r.at for r in sends if r.status == 200 and _is_morning(r.params))
        rate = (len(broadcast) - 1) / (broadcast[-1] - broadcast[0]) if len(broadcast) > 1 else 0
        refused = sum(1 for r in sends if r.status == 429)
        waits = _command_waits(fake, commands, args.latency)
        lost = len(commands) - len(waits)
        run = Run(name)
        run.figures = {
            "measured over (s)": f"{end - start:.0f}",
            "broadcast sent": str(len(broadcast)),
            "broadcast rate (msg/s)": f"{rate:.1f}",
            "broadcast rate / cap": f"{rate / args.cap:.3f}",
            "sends refused with 429": f"{refused} of {len(sends)} ({refused / len(sends):.2%})",
            "commands": str(len(commands)),
            "command -> reply p50": seconds(waits, 0.50, lost),
            "command -> reply p95": seconds(waits, 0.95, lost),
            "command -> reply max": seconds(waits, 1.0, lost),
        }
        p95 = percentile(waits, 0.95) if not lost else float("inf")
        run.met = rate / args.cap >= 0.90 and refused <= 0.001 * len(sends) and p95 <= 1.0
        return run


def _is_morning(params: dict[str, object]) -> bool:
    """A morning message: it carries the one-tap check-in buttons (``ci:``)."""
    return '"ci:' in json.dumps(params.get("reply_markup"))


async def _commands(
    fake: FakeBotApi, commanders: list[FakeUser], args: argparse.Namespace, until_at: float
) -> list[tuple[float, int]]:
    """The commanders take turns with /riwayat, ``commands_per_second`` in all."""
    rng = random.Random(args.seed)
    sent: list[tuple[float, int]] = []
    interval = 1.0 / args.commands_per_second
    while time.monotonic() < until_at:
        user = commanders[len(sent) % len(commanders)]
        await fake.send_message(user, "/riwayat")
        sent.append((time.monotonic(), user.id))
        await asyncio.sleep(rng.uniform(0.5, 1.5) * interval)
    await asyncio.sleep(3.0)  # the last replies
    return sent


def _command_waits(
    fake: FakeBotApi, commands: list[tuple[float, int]], latency: float
) -> list[float]:
    """From each command to the first reply in its chat after it (morning messages aside)."""
    replies: dict[int, list[float]] = {}
    for r in fake.requests:
        if r.method == "sendMessage" and r.status == 200 and not _is_morning(r.params):
            chat = r.params.get("chat_id")
            if isinstance(chat, int):
                replies.setdefault(chat, []).append(r.at + latency)
    waits = []
    used: set[tuple[int, float]] = set()
    for at, chat in commands:
        for moment in replies.get(chat, []):
            if moment >= at and (chat, moment) not in used:
                used.add((chat, moment))
                waits.append(moment - at)
                break
    return waits


def report(title: str, target: str, runs: Sequence[Run]) -> str:
    lines = [title, "", f"{'':36}" + "".join(f"{r.name:>24}" for r in runs)]
    for key in runs[0].figures:
        lines.append(f"{key:36}" + "".join(f"{r.figures.get(key, '-'):>24}" for r in runs))
    verdict = "met" if runs[0].met else "NOT met"
    lines += ["", f"Target ({target}) for {runs[0].name}: {verdict}.", ""]
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> int:
    scenarios = {
        "rush": (
            morning_rush,
            f"Morning rush: {args.rush_people} people tap within {args.tap_window:.0f} s",
            "p95 <= 1 s, none lost, none refused by the cap",
        ),
        "mixed": (
            mixed_traffic,
            f"Mixed traffic: broadcast to {args.mixed_people} at 30 msg/s while "
            f"{args.commanders} people send /riwayat, {args.commands_per_second:g} a second "
            "in all",
            "broadcast >= 0.90 of the cap, 429s <= 0.1% of sends, reply p95 <= 1 s",
        ),
    }
    met = True
    with tempfile.TemporaryDirectory(prefix="budaya-traffic-") as tmp:
        for name, (scenario, title, target) in scenarios.items():
            if name not in args.scenarios:
                continue
            runs = [
                await scenario(args, Path(tmp), baseline=False),
                await scenario(args, Path(tmp), baseline=True),
            ]
            met = met and runs[0].met
            where = f"; fake Bot API capped at {args.cap} msg/s, {args.latency * 1000:.0f} ms"
            print(report(title + where + " per call", target, runs), flush=True)
    return 0 if met else 1


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.traffic", description=__doc__)
    parser.add_argument("--rush-people", type=int, default=2000)
    parser.add_argument("--tap-window", type=float, default=60.0)
    parser.add_argument("--cutoff", type=float, default=30.0)
    parser.add_argument("--mixed-people", type=int, default=10_000)
    parser.add_argument("--mixed-seconds", type=float, default=40.0)
    parser.add_argument("--commanders", type=int, default=50)
    parser.add_argument("--commands-per-second", type=float, default=1.0)
    parser.add_argument("--cap", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--scenarios", default="rush,mixed", help="rush, mixed or both")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(main_async(parser().parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
