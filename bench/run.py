"""Delivery benchmark: every registered person's morning reminder through the fake Bot API
server with Telegram-like flood control.

    make bench
    .venv/bin/python -m bench.run --people 10000 --cap 200 --rate 194

The fake server (this process) refuses sends beyond ``--cap`` per second with 429. The bot
runs in a process of its own (bench/bot_process.py: the real Application, its start-up
catch-up sends everyone's reminder) with its sender set to ``--rate`` per second. Two
scenarios: a clean run, then one with 429 storms and 5% 5xx answers injected. For each it
prints the achieved rate as a fraction of the cap, the most sends accepted (and attempted)
in any one second, duplicates, missing, the 429s and 5xx met, and the bot's peak RSS.
Exit status 1 if anyone got two messages or none, or the cap was ever exceeded.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.emulator import FakeBotApi, Fault
from bot.org.models import KbkRole, RosterEntry
from bot.storage import Database, OrgRepository
from bot.storage.timestamps import to_iso

ROOT = Path(__file__).parents[1]
MONDAY_MORNING = "2026-11-23T08:00:00+07:00"
"""The bot's clock: a working Monday, after everyone's 07.30 reminder time."""
UNITS = 60


@dataclass(frozen=True)
class Faults:
    error_rate: float = 0.05
    """Share of sends answered 5xx (half 502, half 500)."""
    storms: int = 4
    """How many times a 429 storm hits."""
    storm_size: int = 3
    """How many sends in a row get 429 in each storm."""
    storm_every: float = 8.0
    """Seconds between storms."""
    retry_after: int = 1


@dataclass(frozen=True)
class Figures:
    name: str
    people: int
    cap: int
    rate: float
    sent: int
    duplicates: int
    missing: int
    achieved: float
    """Accepted sends per second, first to last."""
    max_accepted: int
    """Most sends accepted in any one second (sliding window over arrival times)."""
    max_attempted: int
    """Most sends attempted (accepted or refused) in any one second."""
    refused_by_cap: int
    injected_429: int
    injected_5xx: int
    bot: dict[str, float]

    @property
    def fraction(self) -> float:
        return self.achieved / self.cap

    @property
    def correct(self) -> bool:
        return not self.duplicates and not self.missing and self.max_accepted <= self.cap


def most_in_one_second(times: Sequence[float]) -> int:
    ordered = sorted(times)
    best = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def prepare_database(path: Path, chat_ids: Sequence[int]) -> None:
    """A roster of len(chat_ids) people in UNITS units, each bound to one fake user."""
    now = datetime(2026, 11, 1, tzinfo=UTC)
    entries = [
        RosterEntry(
            nip=f"19800101{i:010d}",
            name=f"Pegawai Nomor {i}",
            position="Pelaksana",
            unit=f"Unit Kerja {i % UNITS:02d}",
            kbk_role=KbkRole.ANGGOTA,
            agen_perubahan=False,
            role_model=False,
            pemda_role=None,
        )
        for i in range(len(chat_ids))
    ]
    async with Database(path) as db:
        await OrgRepository(db).import_roster(entries, now)
        rows = await db.fetchall("SELECT id FROM people ORDER BY id")
        async with db.transaction() as tx:
            await tx.executemany(
                "UPDATE people SET telegram_user_id = ?, registered_at = ? WHERE id = ?",
                [(chat, to_iso(now), row["id"]) for chat, row in zip(chat_ids, rows, strict=True)],
            )


def bot_command(fake: FakeBotApi, database: Path, rate: float, *extra: str) -> list[str]:
    """The command line of bench/bot_process.py against ``fake``, its clock at 08.00."""
    return [
        sys.executable,
        "-m",
        "bench.bot_process",
        "--db",
        str(database),
        "--api-url",
        fake.api_url,
        "--token",
        fake.token,
        "--at",
        MONDAY_MORNING,
        "--rate",
        str(rate),
        *extra,
    ]


async def _storms(fake: FakeBotApi, faults: Faults, hit: list[Fault]) -> None:
    for _ in range(faults.storms):
        await asyncio.sleep(faults.storm_every)
        hit.append(
            fake.inject_fault(status=429, retry_after=faults.retry_after, times=faults.storm_size)
        )


async def scenario(
    name: str,
    *,
    people: int,
    cap: int,
    rate: float,
    workdir: Path,
    faults: Faults | None = None,
) -> Figures:
    async with FakeBotApi(rate_cap=cap) as fake:
        users = [fake.make_user(f"P{i}", started=True) for i in range(people)]
        database = workdir / f"{name}.db"
        await prepare_database(database, [u.id for u in users])
        # The fake is the measuring instrument: no garbage-collector pauses while it times
        # arrivals (a pause bunches the requests that wait meanwhile into one instant).
        gc.collect()
        gc.disable()
        errors: list[Fault] = []
        storms: list[Fault] = []
        if faults is not None:
            half = faults.error_rate / 2
            errors.append(fake.inject_fault(status=502, times=None, probability=half))
            errors.append(fake.inject_fault(status=500, times=None, probability=half / (1 - half)))
        process = await asyncio.create_subprocess_exec(
            *bot_command(fake, database, rate),
            cwd=ROOT,
            env={**os.environ, "PTB_TIMEDELTA": "true"},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        storming = asyncio.create_task(_storms(fake, faults, storms)) if faults else None
        try:
            out, err = await process.communicate()
        finally:
            gc.enable()
        if storming is not None:
            storming.cancel()
        if process.returncode != 0:
            raise RuntimeError(f"the bot process failed:\n{err.decode(errors='replace')}")
        bot = json.loads(out.decode().strip().splitlines()[-1])

        counts = Counter(len(fake.messages_to(user)) for user in users)
        sends = [r for r in fake.requests if r.method == "sendMessage"]
        accepted = sorted(r.at for r in sends if r.status == 200)
        span = accepted[-1] - accepted[0] if len(accepted) > 1 else 0.0
        assert fake.rate_cap is not None
        return Figures(
            name=name,
            people=people,
            cap=cap,
            rate=rate,
            sent=len(accepted),
            duplicates=sum((n - 1) * k for n, k in counts.items() if n > 1),
            missing=counts.get(0, 0),
            achieved=(len(accepted) - 1) / span if span else 0.0,
            max_accepted=most_in_one_second(accepted),
            max_attempted=most_in_one_second([r.at for r in sends]),
            refused_by_cap=fake.rate_cap.refused,
            injected_429=sum(f.hits for f in storms),
            injected_5xx=sum(f.hits for f in errors),
            bot=bot,
        )


def report(results: Sequence[Figures]) -> str:
    first = results[0]
    lines = [
        f"Delivery benchmark: {first.people} registered people, fake Bot API capped at "
        f"{first.cap} msg/s, bot sender set to {first.rate:g} msg/s",
        "",
        f"{'':32}" + "".join(f"{r.name:>20}" for r in results),
    ]

    def row(label: str, values: Sequence[str]) -> None:
        lines.append(f"{label:32}" + "".join(f"{v:>20}" for v in values))

    row("messages delivered", [f"{r.sent}/{r.people}" for r in results])
    row("duplicates", [str(r.duplicates) for r in results])
    row("missing", [str(r.missing) for r in results])
    row("achieved rate (msg/s)", [f"{r.achieved:.1f}" for r in results])
    row("achieved rate / cap", [f"{r.fraction:.3f}" for r in results])
    row("most accepted in any 1 s", [f"{r.max_accepted}" for r in results])
    row("most attempted in any 1 s", [f"{r.max_attempted}" for r in results])
    row("429 from the cap", [str(r.refused_by_cap) for r in results])
    row("429 injected (storms)", [str(r.injected_429) for r in results])
    row("5xx injected", [str(r.injected_5xx) for r in results])
    row("sender paused by 429s (s)", [f"{r.bot['paused_seconds']:.1f}" for r in results])
    row("sends retried (5xx)", [str(int(r.bot["retried"])) for r in results])
    row("bot run time (s)", [f"{r.bot['elapsed']:.1f}" for r in results])
    row("bot peak RSS (MiB)", [f"{r.bot['peak_rss_kib'] / 1024:.1f}" for r in results])
    lines.append("")
    target = "met" if first.fraction >= 0.95 else "NOT met"
    lines.append(f"Target achieved/cap >= 0.95 on the clean run: {target}.")
    verdict = "yes" if all(r.correct for r in results) else "NO"
    lines.append(f"Exactly one message each and never over the cap, in every scenario: {verdict}.")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="budaya-bench-") as tmp:
        workdir = Path(tmp)
        common = {"people": args.people, "cap": args.cap, "rate": args.rate, "workdir": workdir}
        results = [await scenario("clean", **common)]
        print(f"clean run done ({results[0].bot['elapsed']:.1f} s)", file=sys.stderr)
        results.append(await scenario("429s + 5% 5xx", faults=Faults(), **common))
    print(report(results))
    return 0 if all(r.correct for r in results) else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--cap", type=int, default=200, help="the fake server's msg/s limit")
    parser.add_argument(
        "--rate",
        type=float,
        default=194.0,
        help="the bot's DELIVERY_RATE: a little under the cap, for network jitter",
    )
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
