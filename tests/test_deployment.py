"""Many Pemda in one process (bot/deployment), on both engines, over the emulator: each Pemda
answers on its own bot from its own data; a worker gives back what is beyond its fair share;
a Pemda whose lease is lost stops alone; webhook mode serves every Pemda from one server,
each behind its own secret."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from bot.cli import main
from bot.deployment.run import active_pemda
from bot.deployment.share import fair_share
from bot.deployment.webhooks import PemdaWebhooks
from bot.emulator import FakeBot, FakeBotApi, FakeUser
from bot.org.roster import parse_roster
from bot.ownership import Owner
from bot.storage import Database, OrgRepository
from bot.storage.lease import SqliteLease
from bot.storage.onboarding import AuditLog
from bot.storage.pg_lease import PostgresLease
from bot.storage.tenants import open_registry
from bot.tenants.location import pemda_database
from bot.webhook import RefusedRequests
from tests.conftest import SettingsFactory
from tests.deployment_helpers import MemoryRegistry, pemda_with_bot, supervising
from tests.engines import DatabaseTarget, _asyncpg_dsn
from tests.org_fixtures import BUDI_ANGGOTA_KOMINFO as BUDI
from tests.org_fixtures import SAMPLE_ROSTER, import_sample_roster, registered
from tests.processes import until

WEBHOOK_URL = "https://bot.example.go.id/telegram"


async def ask(bot: FakeBot, user: FakeUser, text: str) -> str:
    await bot.send_message(user, text)
    return (await bot.wait_for_message(user, timeout=10)).text


async def owner_of(db: Database) -> Owner | None:
    async with db:
        lease = SqliteLease(db) if db.sqlite else PostgresLease(db)
        try:
            return await lease.current()
        finally:
            lease.close()


def test_the_fair_share_is_every_pemda_over_the_live_workers_rounded_up() -> None:
    assert fair_share(0, 3) == 0
    assert fair_share(4, 1) == 4
    assert fair_share(4, 2) == 2
    assert fair_share(3, 2) == 2
    assert fair_share(5, 3) == 2
    assert fair_share(20, 0) == 20  # no count yet: this worker alone


async def test_two_pemda_in_one_process_each_on_its_own_bot_with_its_own_people(
    make_settings: SettingsFactory, fake: FakeBotApi, tmp_path: Path
) -> None:
    settings = make_settings(state_dir=tmp_path)
    serang, serang_bot = pemda_with_bot(fake, "kab_serang", 1)
    basel, basel_bot = pemda_with_bot(fake, "kab_basel", 2)
    # Serang has the sample roster and Budi registered; Bangka Selatan has nobody yet.
    async with pemda_database(settings, "kab_serang") as db:
        org = OrgRepository(db)
        await import_sample_roster(org)
        budi = (await registered(org, fake, BUDI))[BUDI]
    registry = MemoryRegistry({p.code: p for p in (serang, basel)})
    async with supervising(settings, registry) as running:
        await running.serving("kab_serang", "kab_basel")
        assert running.supervisor.share == 2
        # Serang's bot knows Budi from Serang's roster ...
        assert "Anda sudah terdaftar" in await ask(serang_bot, budi, "/start")
        # ... Bangka Selatan's bot does not: it asks for his NIP, and his NIP means nothing
        # there (the same words as for any NIP: no oracle of another Pemda's roster).
        welcome = await ask(basel_bot, budi, "/start")
        assert "Belum terdaftar?" in welcome
        assert "jika NIP terdaftar" in await ask(basel_bot, budi, BUDI)
        basel_services = running.supervisor.served["kab_basel"].app.bot_data.services
        assert await basel_services.org.person_by_nip(BUDI) is None
        assert "nip_unknown" in await AuditLog(basel_services.db).events(budi.id)
        serang_services = running.supervisor.served["kab_serang"].app.bot_data.services
        assert "nip_unknown" not in await AuditLog(serang_services.db).events(budi.id)
        # Each bot spoke only in its own chat with Budi; the first bot of the server, none.
        assert len(serang_bot.messages_to(budi)) == 1
        assert len(basel_bot.messages_to(budi)) == 2
        assert fake.messages_to(budi) == []
        # Each Pemda's database is owned by this process while it runs.
        for code in ("kab_serang", "kab_basel"):
            owner = await owner_of(pemda_database(settings, code))
            assert owner is not None
    # Stopped gracefully: both leases given up.
    assert running.supervisor.served == {}
    for code in ("kab_serang", "kab_basel"):
        assert await owner_of(pemda_database(settings, code)) is None
    assert fake.internal_errors == []


async def test_a_worker_gives_back_what_is_beyond_its_fair_share(
    make_settings: SettingsFactory, fake: FakeBotApi, tmp_path: Path
) -> None:
    settings = make_settings(state_dir=tmp_path)
    pemda = [pemda_with_bot(fake, f"kab_{n}", i) for i, n in enumerate(("aa", "bb", "cc"), 1)]
    registry = MemoryRegistry({p.code: p for p, _ in pemda})
    codes = [p.code for p, _ in pemda]
    async with supervising(settings, registry) as running:
        await running.serving(*codes)
        first = dict(running.supervisor.served)
        # Another worker joins: the share is 2 of 3, so the newest one goes back.
        running.roster.pretend_live = 2
        await until(lambda: len(running.supervisor.served) == 2, within=30)
        given_back = set(codes) - set(running.supervisor.served)
        (code,) = given_back
        newest = max(first.values(), key=lambda s: s.since).pemda.code
        assert code == newest
        # Given back gracefully: the lease released, nobody owns it (another worker may
        # take it). Only that file is probed: this process has the others open.
        for _ in range(500):
            if await owner_of(pemda_database(settings, code)) is None:
                break
            await asyncio.sleep(0.02)
        assert await owner_of(pemda_database(settings, code)) is None
        assert await running.roster.owned({code: pemda_database(settings, code)}) == set()
        # Its bot stopped: nothing answers there, the others still do.
        user = fake.make_user("Tamu")
        bots = {p.code: bot for p, bot in pemda}
        await bots[code].send_message(user, "/start")
        for other in set(codes) - {code}:
            assert "Belum terdaftar?" in await ask(bots[other], user, "/start")
        assert bots[code].messages_to(user) == []
        # Deactivated in the registry: stopped too.
        other = sorted(set(codes) - {code})[0]
        await registry.deactivate(other)
        await until(lambda: other not in running.supervisor.served, within=30)
        # The other worker is gone again: the share is 2 of the 2 active, the free one
        # is taken back.
        running.roster.pretend_live = 1
        await running.serving(*(set(codes) - {other}))
    assert fake.internal_errors == []


async def test_a_pemda_whose_lease_is_lost_stops_alone_and_is_taken_again(
    make_settings: SettingsFactory,
    fake: FakeBotApi,
    database_target: DatabaseTarget,
    tmp_path: Path,
) -> None:
    settings = make_settings(state_dir=tmp_path)
    serang, _ = pemda_with_bot(fake, "kab_serang", 1)
    basel, basel_bot = pemda_with_bot(fake, "kab_basel", 2)
    registry = MemoryRegistry({p.code: p for p in (serang, basel)})
    async with supervising(settings, registry, renew_every=0.5) as running:
        await running.serving("kab_serang", "kab_basel")
        before = {code: s.app for code, s in running.supervisor.served.items()}
        await _break_lease(pemda_database(settings, "kab_serang"), database_target)
        # Serang stops (its lease is lost) and is taken again with a new Application;
        # Bangka Selatan ran on untouched.
        await until(
            lambda: (
                running.supervisor.served.get("kab_serang") is not None
                and running.supervisor.served["kab_serang"].app is not before["kab_serang"]
            ),
            within=30,
        )
        assert running.supervisor.served["kab_basel"].app is before["kab_basel"]
        assert before["kab_serang"].bot_data.services.ownership.lost
        user = fake.make_user("Tamu")
        assert "Belum terdaftar?" in await ask(basel_bot, user, "/start")


async def _break_lease(db: Database, target: DatabaseTarget) -> None:
    """PostgreSQL: the server ends the connection holding the Pemda's lock (a network cut,
    an admin). SQLite: another process wrote itself into the lease row (this one stalled)."""
    if db.path is not None:
        with sqlite3.connect(db.path) as conn:
            conn.execute("UPDATE owner_lease SET holder = 'another-process'")
        return
    assert target.url is not None
    conn = await asyncpg.connect(_asyncpg_dsn(target.url))
    try:
        ended = await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype ="
            " 'advisory' AND objsubid = 1 AND granted AND"
            " (classid::bigint << 32 | objid::bigint) = hashtext($1)::bigint",
            f"budaya-bot owner {db.schema}",
        )
    finally:
        await conn.close()
    assert ended == 1


def _start_update(update_id: int, user: FakeUser) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": user.id, "type": "private"},
            "from": {"id": user.id, "is_bot": False, "first_name": user.first_name},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_one_web_server_for_every_pemda_each_behind_its_own_secret(
    make_settings: SettingsFactory, fake: FakeBotApi, tmp_path: Path
) -> None:
    settings = make_settings(webhook_url=WEBHOOK_URL, state_dir=tmp_path)
    serang, serang_bot = pemda_with_bot(fake, "kab_serang", 1)
    basel, basel_bot = pemda_with_bot(fake, "kab_basel", 2)
    registry = MemoryRegistry({p.code: p for p in (serang, basel)})
    counter = RefusedRequests()
    webhooks = PemdaWebhooks("127.0.0.1", 0, counter)
    assert serang.webhook_secret is not None
    assert basel.webhook_secret is not None
    secrets = {
        "kab_serang": serang.webhook_secret.get_secret_value(),
        "kab_basel": basel.webhook_secret.get_secret_value(),
    }
    async with supervising(settings, registry, webhooks=webhooks) as running:
        await running.serving("kab_serang", "kab_basel")
        # setWebhook per Pemda: its own path, its own secret.
        for code, bot in (("kab_serang", serang_bot), ("kab_basel", basel_bot)):
            assert bot.webhook is not None
            assert bot.webhook["url"] == f"https://bot.example.go.id/telegram/{code}"
            assert bot.webhook["secret_token"] == secrets[code]
        base = f"http://127.0.0.1:{webhooks.port}/telegram"
        user = fake.make_user("Tamu", started=True)
        serang_bot.add_user(user, started=True)
        basel_bot.add_user(user, started=True)

        async def post(code: str, secret: str | None, update_id: int) -> int:
            headers = {"Content-Type": "application/json"}
            if secret is not None:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            async with httpx.AsyncClient() as client:
                response = await client.post(
                    f"{base}/{code}",
                    content=json.dumps(_start_update(update_id, user)),
                    headers=headers,
                )
            return response.status_code

        # A forged POST to Serang's path with Bangka Selatan's secret, or none: 403, counted.
        assert await post("kab_serang", secrets["kab_basel"], 1) == 403
        assert await post("kab_serang", None, 2) == 403
        assert await post("kab_basel", secrets["kab_serang"], 3) == 403
        assert counter.count == 3
        assert await post("kab_nowhere", secrets["kab_serang"], 4) == 404
        # The right secret on each path reaches that Pemda's bot, and only it.
        assert await post("kab_serang", secrets["kab_serang"], 5) == 200
        welcome = await serang_bot.wait_for_message(user, timeout=10)
        assert "Belum terdaftar?" in welcome.text
        assert basel_bot.messages_to(user) == []
        assert await post("kab_basel", secrets["kab_basel"], 6) == 200
        await basel_bot.wait_for_message(user, timeout=10)
        assert len(serang_bot.messages_to(user)) == 1
        assert counter.count == 3
        # Telegram itself (the emulator, behind a proxy to this server) posts each bot's
        # updates to its own path with its own secret: each Pemda answers on its own bot.
        fake.route_webhook("https://bot.example.go.id", f"http://127.0.0.1:{webhooks.port}")
        ani = fake.make_user("Ani")
        assert "Belum terdaftar?" in await ask(basel_bot, ani, "/start")
        assert "Belum terdaftar?" in await ask(serang_bot, ani, "/start")
        assert counter.count == 3
        # A Pemda this worker does not serve (deactivated here): 404 once it is gone.
        await registry.deactivate("kab_basel")
        await until(lambda: "kab_basel" not in running.supervisor.served, within=30)
        assert await post("kab_basel", secrets["kab_basel"], 7) == 404
    assert fake.internal_errors == []


async def test_run_serves_many_pemda_only_when_the_registry_has_active_ones(
    make_settings: SettingsFactory, database_target: DatabaseTarget, tmp_path: Path
) -> None:
    settings = make_settings(state_dir=tmp_path)
    if database_target.path is not None:
        database_target.path.unlink()  # the fixture laid a database down: start without one
    # A fresh deployment: no file made, nothing created, today's single-Pemda path.
    assert await active_pemda(settings) == []
    if database_target.path is not None:
        assert not database_target.path.exists()
    # An existing single-Pemda database without a registry: still none, and no registry
    # table appears in it.
    async with Database(settings.database_target, schema=settings.database_schema) as home:
        await OrgRepository(home).import_roster(
            parse_roster(SAMPLE_ROSTER.read_text(encoding="utf-8-sig")).entries,
            datetime(2026, 11, 1, tzinfo=UTC),
        )
    assert await active_pemda(settings) == []
    async with Database(settings.database_target, schema=settings.database_schema) as home:
        assert "pemda" not in await home.tables()
    # A registry with one active Pemda (and one deactivated): the supervisor's path.
    async with open_registry(settings) as registry:
        fake_api = FakeBotApi()
        serang, _ = pemda_with_bot(fake_api, "kab_serang", 1)
        basel, _ = pemda_with_bot(fake_api, "kab_basel", 2)
        await registry.add(serang)
        await registry.add(basel)
        await registry.deactivate("kab_basel")
    assert [p.code for p in await active_pemda(settings)] == ["kab_serang"]


async def test_health_names_the_worker_that_owns_a_pemda(
    make_settings: SettingsFactory,
    fake: FakeBotApi,
    database_target: DatabaseTarget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = make_settings(state_dir=tmp_path)
    serang, _ = pemda_with_bot(fake, "kab_serang", 1)
    async with open_registry(settings) as registry:
        await registry.add(serang)
    for key, value in database_target.settings().items():
        monkeypatch.setenv(key.upper(), str(value))
    monkeypatch.setenv("STATE_DIR", str(tmp_path))
    async with supervising(settings, MemoryRegistry({serang.code: serang})) as running:
        await running.serving("kab_serang")
        await until(lambda: (tmp_path / "heartbeat").exists())
        assert await asyncio.to_thread(main, ["health", "--pemda", "kab_serang"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sehat / healthy\n")
    assert f"pid {os.getpid()}" in out  # this process (the worker) owns Serang
