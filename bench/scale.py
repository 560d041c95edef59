"""Scale benchmark (issue 20): many Pemda on one PostgreSQL server, two workers sharing them.

    make bench-scale
    .venv/bin/python -m bench.scale --pemda 20 --people 1000

- ``--pemda`` Pemda are registered with ``budaya-bot pemda tambah`` in a home schema of the
  bench's own (``--schema``; each Pemda's data in a schema of its own beside it), with
  ``--people`` people each, every one registered with their Pemda's bot;
- the fake Bot API (this process) hosts one bot per Pemda, each capped at ``--cap`` sends a
  second (Telegram's 30: 600/s in all for 20) and answering every call after ``--latency``
  (100 ms: Indonesia to Telegram's servers);
- two workers, ``budaya-bot run`` each (bench/worker.py: the console script with the bots'
  clock set to a working day, a minute and a half before the 07.30 reminders), share the Pemda;
  when the clock reaches 07.30 every bot sends its people's morning messages.

Two mornings, then the summaries:

1. **clean**: achieved sends/s against the combined cap, from the first send to the last and
   while every bot was sending (target >= 0.90), people missing their message or given
   two (target 0 and 0);
2. **one worker killed**: SIGKILL to one worker when about a third is out; the other takes
   its Pemda over (target: each of its bots sending again within 30 s of the kill), nobody
   missing, at most the sends in flight at the kill doubled;
3. ``/laporan semester`` for a KBK of 200 on PostgreSQL with 2.3 M check-ins in its Pemda
   (bench/reports_bench.py): p50/p95 beside a ``SELECT count(*)`` yardstick (target p95 <
   100 ms).

Every schema the bench made is dropped afterwards. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import os
import re
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.reports_bench import POSTGRESQL_URL, run_postgresql
from bench.traffic import _is_morning
from bot.emulator import FakeBot, FakeBotApi, FakeUser, SendStats
from bot.storage import Database

ROOT = Path(__file__).parents[1]
STAMP = "2026-11-01T00:00:00+00:00"
"""When the roster was imported and everyone registered (before the mornings)."""
MORNINGS = ("2026-11-23T07:28:30+07:00", "2026-11-24T07:28:30+07:00")
"""The bots' clock as the workers start: a minute and a half before the reminders of a
Monday and of the Tuesday after (a new day: everyone is due again)."""
WARM_UP = 90.0
"""Seconds from the workers' start to 07.30 on the bots' clock: time to share the Pemda."""
TICK = 60
"""DELIVERY_TICK_SECONDS, the default: every Application ticks on the whole minute of the
bots' clock, the first at least a minute after its start (07.30.00 here), then every
minute. (Each tick reads the Pemda's whole roster and day's log: at 5 s, as here before,
ticks were a tenth of a worker's CPU.)"""
UNITS = 20
KILL_AT = 1 / 3
"""The share of the messages out when a worker is killed ..."""
KILL_AFTER = 20.0
"""... or this many seconds after the first send, whichever comes first."""
AFTER_KILL = 60.0
"""Seconds a morning goes on at least after the kill, whatever ``--limit`` says."""
SERVING = re.compile(r"Pemda (\w+) \(.*\): serving it")
GIVEN_BACK = re.compile(r"Pemda (\w+): giving it back")
RESENT = re.compile(r"(\d+) sends were in flight when the bot last stopped: (\d+) sent again")


@dataclass(frozen=True)
class Deployment:
    url: str
    schema: str
    codes: list[str]
    fake: FakeBotApi
    bots: dict[str, FakeBot]
    """By Pemda code."""
    users: dict[str, list[FakeUser]]
    """By Pemda code: its people, in roster order."""
    workdir: Path
    rate: float
    cap: int
    latency: float

    def environment(self) -> dict[str, str]:
        """The workers' environment: a deployment configured as in production."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
        env.update(
            DATABASE_URL=self.url,
            DATABASE_SCHEMA=self.schema,
            BOT_API_URL=self.fake.api_url,
            DELIVERY_RATE=f"{self.rate:g}",
            DELIVERY_TICK_SECONDS=str(TICK),
            STATE_FOLDER=str(self.workdir / "state"),
            LOG_LEVEL="INFO",
            BUDAYA_ENV="production",
            PTB_TIMEDELTA="true",
        )
        return env


@dataclass
class Morning:
    name: str
    people: int
    cap: int
    first_to_last: SendStats
    all_sending: float
    """Sends per second while every bot was sending (from the last bot's first send to the
    first bot's last)."""
    per_bot: list[float]
    missing: int
    doubled: int
    refused: int
    killed_pemda: list[str] = field(default_factory=list)
    takeover: float | None = None
    """Seconds from the kill until every Pemda of the killed worker was sending again."""
    in_flight: int = 0
    """Sends the delivery log showed in flight at the kill, sent again by the new owner
    (at least once: each may be a second copy)."""
    doubled_before_kill: int = 0
    """Doubles whose copies both went out before the kill (not the kill's doing)."""
    double_gaps: list[float] = field(default_factory=list)
    """Seconds between the copies of each double."""
    worker_cpu: float = 0.0
    """CPU seconds of both workers (user and system)."""
    fake_cpu: float = 0.0
    """CPU seconds of this process: the fake Bot API, and the bench polling it."""
    load: float = 0.0
    """The machine's load average (1 minute) at the end."""
    sending_cpu: float | None = None
    """CPU seconds of both workers from the first send to the last (Linux: /proc)."""
    sending_sent: int = 0
    """Messages sent in that window."""
    machine_busy: float | None = None
    """The share of the machine's CPUs busy (any process, PostgreSQL too) in that window."""
    notes: list[str] = field(default_factory=list)

    @property
    def combined_cap(self) -> int:
        return self.cap * len(self.per_bot)


# --- the deployment ------------------------------------------------------------------------


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def register(url: str, schema: str, codes: Sequence[str], fake: FakeBotApi) -> None:
    """``budaya-bot pemda tambah`` for every Pemda (the command itself, in this process: it
    makes and migrates the Pemda's schema and writes the registry)."""
    from bot.cli import main as budaya_bot

    with environment({"DATABASE_URL": url, "DATABASE_SCHEMA": schema}):
        for code in codes:
            bot = fake.bots[codes.index(code) + 1]
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                status = budaya_bot(
                    ["pemda", "tambah", code, "--nama", f"Kabupaten {code}", "--token",
                     bot.token, "--username", bot.bot_username]
                )  # fmt: skip
            if status != 0:
                raise RuntimeError(f"budaya-bot pemda tambah {code} failed:\n{out.getvalue()}")


async def seed(url: str, schema: str, chat_ids: Sequence[int]) -> None:
    """A roster of len(chat_ids) people in UNITS units, each registered with one fake user
    (as bench/run.py, written by the server in one statement)."""
    async with Database(url, schema=schema) as db, db.transaction() as tx:
        await tx.execute(
            "INSERT INTO units (name, created_at) SELECT 'Unit Kerja '"
            " || lpad(CAST(u AS text), 2, '0'), ? FROM generate_series(1, ?) u",
            (STAMP, UNITS),
        )
        await tx.execute(
            "INSERT INTO people (nip, name, position, unit_id, kbk_role, telegram_user_id,"
            " registered_at, created_at, updated_at)"
            " SELECT '19800101' || lpad(CAST(t.i AS text), 10, '0'), 'Pegawai Nomor ' || t.i,"
            " 'Pelaksana', u.id, 'anggota', t.chat, ?, ?, ?"
            " FROM unnest(CAST(? AS bigint[])) WITH ORDINALITY AS t(chat, i)"
            " JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM units) u"
            " ON u.k = t.i % ?",
            (STAMP, STAMP, STAMP, list(chat_ids), UNITS),
        )


async def drop_schemas(url: str, prefix: str) -> None:
    """Drop the schema ``prefix`` and every ``prefix_...`` (one at a time: dropping them all
    in one transaction needs more locks than the server keeps)."""
    db = Database(url)
    await db.open(migrate=False)  # nothing is made in the server's default schema
    try:
        names = await db.fetchall(
            "SELECT nspname FROM pg_namespace WHERE nspname = ? OR nspname LIKE ?",
            (prefix, prefix + "\\_%"),
        )
        for (name,) in names:
            await db.execute(f'DROP SCHEMA "{name}" CASCADE')
    finally:
        await db.close()


async def prepare(args: argparse.Namespace, fake: FakeBotApi, workdir: Path) -> Deployment:
    codes = [f"kab_{n:02d}" for n in range(1, args.pemda + 1)]
    bots: dict[str, FakeBot] = {}
    users: dict[str, list[FakeUser]] = {}
    for n, code in enumerate(codes, start=1):
        bot = fake.add_bot(f"{7000 + n}:BENCH{n:02d}", f"bench_{code}_bot", rate_cap=args.cap)
        bot.inject_delay("*", args.latency, times=None)
        bots[code] = bot
        users[code] = [bot.make_user(f"P{code}{i}", started=True) for i in range(args.people)]
    await drop_schemas(args.url, args.schema)  # what an interrupted run left
    started = time.perf_counter()
    await asyncio.to_thread(register, args.url, args.schema, codes, fake)
    registered = time.perf_counter() - started
    for code in codes:
        await seed(args.url, f"{args.schema}_pemda_{code}", [u.id for u in users[code]])
    print(f"{len(codes)} Pemda registered with `budaya-bot pemda tambah` ({registered:.1f} s),"
          f" {args.people:,} people each seeded and registered"
          f" ({time.perf_counter() - started:.1f} s in all)", file=sys.stderr)  # fmt: skip
    return Deployment(
        args.url, args.schema, codes, fake, bots, users, workdir, args.rate, args.cap, args.latency
    )


# --- the workers ---------------------------------------------------------------------------


class Worker:
    """One ``budaya-bot run`` process (bench/worker.py), its log in a file."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self.process = process
        self.log = log

    @classmethod
    async def start(cls, deployment: Deployment, at: str, log: Path) -> Worker:
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.worker", "--at", at,
                cwd=ROOT, env=deployment.environment(),
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out,
            )  # fmt: skip
        return cls(process, log)

    def serving(self) -> set[str]:
        """The Pemda this worker serves now, as its log says."""
        held: set[str] = set()
        for line in self.log.read_text(errors="replace").splitlines():
            if found := SERVING.search(line):
                held.add(found.group(1))
            elif found := GIVEN_BACK.search(line):
                held.discard(found.group(1))
        return held

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def stop(self, grace: float = 30.0) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), grace)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


# --- one morning ---------------------------------------------------------------------------


def morning_sends(bot: FakeBot, since: float) -> list[tuple[float, int]]:
    """(arrival, chat) of the bot's accepted morning messages since ``since``."""
    found = []
    for r in bot.requests:
        if r.at < since or r.method != "sendMessage" or r.status != 200:
            continue
        chat = r.params.get("chat_id")
        if isinstance(chat, int) and _is_morning(r.params):
            found.append((r.at, chat))
    return found


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of a running process so far; 0 where /proc is not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_times() -> tuple[float, float]:
    """(busy, total) CPU ticks of the whole machine so far (Linux: /proc/stat)."""
    try:
        ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return float(sum(ticks) - idle), float(sum(ticks))


@dataclass
class SendingWindow:
    """The workers' CPU and the machine's from the first send seen to the last."""

    pids: list[int]
    start: tuple[float, float, float, int] | None = None
    end: tuple[float, float, float, int] | None = None

    def sample(self, sent: int) -> tuple[float, float, float, int]:
        busy, total = machine_times()
        return sum(process_cpu(pid) for pid in self.pids), busy, total, sent

    def seen(self, sent: int, *, changed: bool) -> None:
        if sent and self.start is None:
            self.start = self.sample(sent)
        elif changed and self.start is not None:
            self.end = self.sample(sent)

    def figures(self) -> tuple[float | None, int, float | None]:
        if self.start is None or self.end is None or self.end[3] <= self.start[3]:
            return None, 0, None
        total = self.end[2] - self.start[2]
        busy = (self.end[1] - self.start[1]) / total if total else None
        return self.end[0] - self.start[0], self.end[3] - self.start[3], busy


def sent_so_far(deployment: Deployment, since: float) -> int:
    """Sends accepted since ``since`` (cheap: asked twice a second, beside the workers)."""
    return sum(len(bot.send_arrivals(since)) for bot in deployment.bots.values())


async def run_morning(
    deployment: Deployment, name: str, at: str, *, kill: bool, limit: float
) -> Morning:
    fake = deployment.fake
    people = sum(len(u) for u in deployment.users.values())
    started = time.monotonic()
    children, own = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time()
    workers = [
        await Worker.start(deployment, at, deployment.workdir / f"{name}-worker{i + 1}.log")
        for i in range(2)
    ]
    notes: list[str] = []
    killed_at: float | None = None
    killed: list[str] = []
    cpu_window = SendingWindow([w.process.pid for w in workers])
    try:
        # Until 07.30 on the bots' clock the workers share the Pemda out.
        await asyncio.sleep(WARM_UP - 2.0)
        shares = [len(w.serving()) for w in workers]
        notes.append(f"Pemda per worker at 07.30: {shares[0]} and {shares[1]}")
        deadline = started + limit
        last, last_change = -1, time.monotonic()
        first_send: float | None = None
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            count = sent_so_far(deployment, started)
            if count and first_send is None:
                first_send = time.monotonic()
            late = first_send is not None and time.monotonic() - first_send >= KILL_AFTER
            if kill and killed_at is None and (count >= KILL_AT * people or late):
                killed = sorted(workers[0].serving())
                workers[0].kill()
                killed_at = time.monotonic()
                deadline = max(deadline, killed_at + AFTER_KILL)
                print(f"{name}: worker 1 killed (SIGKILL) with {count:,} of {people:,} out;"
                      f" its Pemda: {len(killed)}", file=sys.stderr)  # fmt: skip
            if not kill:  # a killed worker's CPU would be lost from the window
                cpu_window.seen(count, changed=count != last)
            if count != last:
                last, last_change = count, time.monotonic()
            if count >= people and time.monotonic() - last_change > 3.0:
                break  # everyone's, and nothing more for a while (a double would show)
            if count and time.monotonic() - last_change > 30.0:
                notes.append(f"no send for 30 s with {count:,} of {people:,} out: stopped")
                break
        else:
            waited = time.monotonic() - started
            notes.append(f"cut off after {waited:.0f} s: 'missing' is who had none by then")
    finally:
        await asyncio.gather(*(w.stop() for w in workers))
    sending_cpu, sending_sent, machine_busy = cpu_window.figures()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = used.ru_utime + used.ru_stime - children.ru_utime - children.ru_stime
    fake_cpu = time.process_time() - own
    for i, worker in enumerate(workers, start=1):
        if worker.process.returncode not in (0, -signal.SIGKILL):
            notes.append(f"worker {i} exited {worker.process.returncode}:\n{worker.tail()}")

    counts: Counter[int] = Counter()
    per_bot: list[float] = []
    firsts, lasts, arrivals = [], [], []
    for code, bot in deployment.bots.items():
        sends = morning_sends(bot, started)
        counts.update(chat for _, chat in sends)
        times = sorted(t for t, _ in sends)
        arrivals.extend(times)
        if times:
            firsts.append(times[0])
            lasts.append(times[-1])
        per_bot.append(SendStats.of(times, 0).per_second)
        del code
    arrivals.sort()
    window = (max(firsts), min(lasts)) if firsts else (0.0, 0.0)
    inside = sum(1 for t in arrivals if window[0] <= t <= window[1])
    all_sending = inside / (window[1] - window[0]) if window[1] > window[0] else 0.0
    everyone = [u.id for users in deployment.users.values() for u in users]
    result = Morning(
        name=name,
        people=people,
        cap=deployment.cap,
        first_to_last=SendStats.of(arrivals, 0),
        all_sending=all_sending,
        per_bot=per_bot,
        missing=sum(1 for chat in everyone if counts[chat] == 0),
        doubled=sum(n - 1 for n in counts.values() if n > 1),
        refused=fake.all_send_stats(started).total.refused,
        worker_cpu=worker_cpu,
        fake_cpu=fake_cpu,
        load=os.getloadavg()[0],
        sending_cpu=sending_cpu,
        sending_sent=sending_sent,
        machine_busy=machine_busy,
        notes=notes,
    )
    if killed_at is not None:
        result.killed_pemda = killed
        result.takeover = _takeover(deployment, killed, killed_at)
        result.in_flight = sum(
            int(found.group(2)) for found in RESENT.finditer(workers[1].log.read_text())
        )
        copies: dict[int, list[float]] = {}
        for bot in deployment.bots.values():
            for moment, chat in morning_sends(bot, started):
                if counts[chat] > 1:
                    copies.setdefault(chat, []).append(moment)
        for times in copies.values():
            times.sort()
            result.double_gaps.append(times[1] - times[0])
            result.doubled_before_kill += sum(1 for t in times[1:] if t < killed_at)
    return result


def _takeover(deployment: Deployment, killed: Sequence[str], killed_at: float) -> float | None:
    """Seconds from the kill until the last of ``killed``'s bots sent again (None: one
    never did)."""
    again: list[float] = []
    for code in killed:
        # A request written just before the kill may still arrive a moment after it.
        after = [
            r.at
            for r in deployment.bots[code].requests
            if r.method == "sendMessage" and r.status == 200 and r.at > killed_at + 0.5
        ]
        if not after:
            return None
        again.append(min(after) - killed_at)
    return max(again) if again else None


# --- the report ----------------------------------------------------------------------------


def report(mornings: Sequence[Morning], reports_p95: float | None, yardstick: float | None,
           people: int) -> tuple[str, bool]:  # fmt: skip
    lines = []
    met = True
    for m in mornings:
        cap = m.combined_cap
        rate = m.first_to_last.per_second
        lines.append(f"{m.name}: {m.first_to_last.sends:,} morning messages to {m.people:,}"
                     f" people by {len(m.per_bot)} bots")  # fmt: skip
        lines.append(f"  sends/s, first to last: {rate:.1f} of {cap} ({rate / cap:.3f})")
        lines.append(f"  sends/s while every bot was sending: {m.all_sending:.1f} of {cap}"
                     f" ({m.all_sending / cap:.3f})")  # fmt: skip
        ordered = sorted(m.per_bot)
        lines.append(f"  per bot (cap {m.cap}/s): min {ordered[0]:.1f}, median"
                     f" {ordered[len(ordered) // 2]:.1f}, max {ordered[-1]:.1f}")  # fmt: skip
        lines.append(f"  missing {m.missing}, doubled {m.doubled}, refused by the caps (429)"
                     f" {m.refused}")  # fmt: skip
        sent = max(m.first_to_last.sends, 1)
        lines.append(f"  CPU: workers {m.worker_cpu:.0f} s ({1000 * m.worker_cpu / sent:.1f} ms"
                     f" a message), fake Bot API {m.fake_cpu:.0f} s; load average at the end"
                     f" {m.load:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
        if m.sending_cpu is not None and m.machine_busy is not None:
            lines.append(f"  while sending: workers {1000 * m.sending_cpu / m.sending_sent:.1f} ms"
                         f" CPU a message; the machine's CPUs {100 * m.machine_busy:.0f}% busy"
                         f" (workers, fake Bot API, PostgreSQL)")  # fmt: skip
        for note in m.notes:
            lines.append(f"  note: {note}")
        if m.killed_pemda:
            took = "never" if m.takeover is None else f"{m.takeover:.1f} s"
            lines.append(f"  worker killed with {len(m.killed_pemda)} Pemda: all sending again"
                         f" after {took} (target < 30 s); in flight at the kill by the"
                         f" delivery log and sent again: {m.in_flight}; doubled {m.doubled}"
                         f" ({m.doubled_before_kill} of them both before the kill)")  # fmt: skip
            if m.double_gaps:
                gaps = sorted(m.double_gaps)
                lines.append(f"  between the two copies of a double: min {gaps[0]:.1f} s, median"
                             f" {gaps[len(gaps) // 2]:.1f} s, max {gaps[-1]:.1f} s")  # fmt: skip
            met = met and m.takeover is not None and m.takeover < 30 and m.missing == 0
            met = met and m.doubled <= m.in_flight
        else:
            met = met and rate / cap >= 0.90 and m.missing == 0 and m.doubled == 0
    if reports_p95 is not None and yardstick is not None:
        lines.append(f"/laporan semester on PostgreSQL, KBK of 200, 2.3 M check-ins: p95"
                     f" {1000 * reports_p95:.0f} ms (target < 100 ms), yardstick SELECT count(*)"
                     f" {1000 * yardstick:.0f} ms")  # fmt: skip
        met = met and reports_p95 < 0.1
    lines.append("")
    lines.append(f"Targets: {'met' if met else 'NOT met'}.")
    del people
    return "\n".join(lines), met


def copy_logs(workdir: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for log in workdir.glob("*.log"):
        (folder / log.name).write_bytes(log.read_bytes())


async def main_async(args: argparse.Namespace) -> int:
    mornings: list[Morning] = []
    with tempfile.TemporaryDirectory(prefix="budaya-scale-") as tmp:
        workdir = Path(tmp)
        async with FakeBotApi() as fake:
            try:
                deployment = await prepare(args, fake, workdir)
                gc.collect()
                gc.disable()  # the fake times arrivals: no collector pauses meanwhile
                try:
                    mornings.append(
                        await run_morning(deployment, "clean", MORNINGS[0], kill=False,
                                          limit=args.limit)
                    )  # fmt: skip
                    print(f"clean morning done: {mornings[-1].first_to_last.sends:,} sent",
                          file=sys.stderr)  # fmt: skip
                    if not args.no_kill:
                        mornings.append(
                            await run_morning(deployment, "one worker killed", MORNINGS[1],
                                              kill=True, limit=args.limit)
                        )  # fmt: skip
                finally:
                    gc.enable()
                if args.keep_logs:
                    copy_logs(workdir, Path(args.keep_logs))
            finally:
                if not args.keep_schemas:
                    await drop_schemas(args.url, args.schema)
    p95 = yardstick = None
    failed = None
    if not args.no_reports:
        try:
            timings = await run_postgresql(
                args.url, f"{args.schema}_reports", 50, 200, args.repeats, keep=False
            )
            p95, yardstick = timings.p95, timings.yardstick
        except Exception as error:  # the mornings' figures are still worth printing
            failed = f"/laporan semester on PostgreSQL failed: {error!r}"[:400]
            await drop_schemas(args.url, f"{args.schema}_reports")
    text, met = report(mornings, p95, yardstick, args.people)
    if failed:
        text, met = f"{failed}\n{text}", False
    print()
    print(
        f"Scale benchmark: {args.pemda} Pemda x {args.people:,} people on PostgreSQL, two"
        f" workers, each bot capped at {args.cap}/s, {1000 * args.latency:.0f} ms per call"
    )
    print(text)
    return 0 if met else 1


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--pemda", type=int, default=20)
    parser.add_argument("--people", type=int, default=1000, help="per Pemda")
    parser.add_argument("--cap", type=int, default=30, help="sends/s each bot may make")
    parser.add_argument("--rate", type=float, default=30.0, help="each bot's DELIVERY_RATE")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--limit", type=float, default=210.0, help="seconds per morning")
    parser.add_argument("--repeats", type=int, default=40, help="/laporan semester runs")
    parser.add_argument(
        "--url",
        default=os.environ.get("BENCH_DATABASE_URL", POSTGRESQL_URL),
        help="PostgreSQL server (default $BENCH_DATABASE_URL, else the local one)",
    )
    parser.add_argument("--schema", default="bench_scale", help="the deployment's home schema")
    parser.add_argument("--no-kill", action="store_true", help="the clean morning only")
    parser.add_argument("--no-reports", action="store_true", help="no /laporan timings")
    parser.add_argument("--keep-schemas", action="store_true")
    parser.add_argument("--keep-logs", metavar="FOLDER", help="copy the workers' logs there")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(main_async(parser().parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
