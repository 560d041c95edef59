"""The Pemda registry in the home database, where each Pemda's data lives, and the settings
it runs with; on both engines. A Pemda's data is invisible to every other."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.org.roster import parse_roster
from bot.storage import Database, OrgRepository
from bot.storage.tenants import PemdaRepository, open_registry
from bot.tenants.location import (
    InvalidOverrides,
    parse_overrides,
    pemda_database,
    pemda_schema,
    pemda_settings,
)
from bot.tenants.models import Pemda
from tests.conftest import SettingsFactory
from tests.engines import DatabaseTarget
from tests.org_fixtures import DEDI_ADMIN, SAMPLE_ROSTER, import_sample_roster

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)

SERANG = Pemda(
    code="kab_serang",
    name="Kabupaten Serang",
    bot_token=SecretStr("111:serang-token"),
    bot_username="serang_budaya_bot",
    settings={"timezone": "Asia/Jakarta"},
    webhook_secret=SecretStr("serang-secret"),
)
BASEL = Pemda(
    code="kab_basel",
    name="Kabupaten Bangka Selatan",
    bot_token=SecretStr("222:basel-token"),
    settings={"value_set": "besaoh", "timezone": "Asia/Makassar"},
)


async def test_added_pemda_are_listed_read_back_and_deactivated(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings()
    async with open_registry(settings) as registry:
        assert await registry.all() == []
        await registry.add(SERANG)
        await registry.add(BASEL)
        serang = await registry.get("kab_serang")
        assert serang is not None
        assert serang.bot_token.get_secret_value() == "111:serang-token"
        assert serang.webhook_secret is not None
        assert serang.webhook_secret.get_secret_value() == "serang-secret"
        assert serang.settings == {"timezone": "Asia/Jakarta"}
        assert serang.bot_username == "serang_budaya_bot"
        assert serang.active
        assert serang.created_at is not None
        assert [p.code for p in await registry.all()] == ["kab_basel", "kab_serang"]
        assert await registry.get("kab_nowhere") is None

        assert await registry.deactivate("kab_basel")
        assert not await registry.deactivate("kab_nowhere")
        assert [p.code for p in await registry.all(active_only=True)] == ["kab_serang"]
        basel = await registry.get("kab_basel")
        assert basel is not None
        assert not basel.active
        assert await registry.activate("kab_basel")
        assert len(await registry.all(active_only=True)) == 2

    # Opening again (migrations are idempotent) finds the same registry.
    async with open_registry(settings) as registry:
        assert [p.code for p in await registry.all()] == ["kab_basel", "kab_serang"]


async def test_a_code_or_a_token_is_registered_once(make_settings: SettingsFactory) -> None:
    async with open_registry(make_settings()) as registry:
        await registry.add(SERANG)
        with pytest.raises(ValueError, match="already exists"):
            await registry.add(Pemda("kab_serang", "Lagi", SecretStr("333:other")))
        with pytest.raises(ValueError, match="token"):
            await registry.add(Pemda("kota_serang", "Kota Serang", SERANG.bot_token))
        with pytest.raises(ValueError, match="code"):
            await registry.add(Pemda("Kab Serang!", "Salah", SecretStr("444:x")))
        assert [p.code for p in await registry.all()] == ["kab_serang"]


async def test_the_registry_lives_in_the_home_database_only(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings()
    async with open_registry(settings) as registry:
        await registry.add(SERANG)
        home_tables = await registry.db.tables()
    assert "pemda" in home_tables
    async with pemda_database(settings, "kab_serang") as db:
        tables = await db.tables()
        assert "people" in tables
        assert "pemda" not in tables
        assert "registry_version" not in tables
        assert await db.schema_version() == "0023"


async def test_where_a_pemda_lives(
    make_settings: SettingsFactory, database_target: DatabaseTarget
) -> None:
    settings = make_settings()
    db = pemda_database(settings, "kab_serang")
    if database_target.path is not None:
        assert db.path == database_target.path.parent / "budaya.kab_serang.db"
    else:
        assert db.schema == f"{database_target.schema}_pemda_kab_serang"
    with pytest.raises(ValueError, match="Pemda code"):
        pemda_database(settings, "../etc")


def deployment_settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_the_schema_of_a_pemda_beside_the_public_home() -> None:
    on_public = deployment_settings(database_url="postgresql://u@h/d")
    assert pemda_schema(on_public, "kota_bogor") == "pemda_kota_bogor"
    on_own = deployment_settings(database_url="postgresql://u@h/d", database_schema="prov_jabar")
    assert pemda_schema(on_own, "kota_bogor") == "prov_jabar_pemda_kota_bogor"


async def unit_names(db: Database) -> list[str]:
    return [name for (name,) in await db.fetchall("SELECT name FROM units ORDER BY name")]


async def people(db: Database) -> int:
    return int(await db.fetchval("SELECT count(*) FROM people"))


async def test_one_pemda_sees_nothing_of_another(make_settings: SettingsFactory) -> None:
    settings = make_settings()
    async with (
        pemda_database(settings, "kab_serang") as serang_db,
        pemda_database(settings, "kab_basel") as basel_db,
        pemda_database(settings, "kab_lebak") as lebak_db,
    ):
        serang, basel = OrgRepository(serang_db), OrgRepository(basel_db)
        await import_sample_roster(serang)
        assert await people(serang_db) > 0
        assert await people(basel_db) == 0
        assert await unit_names(basel_db) == []
        assert await basel.person_by_nip(DEDI_ADMIN) is None

        # The same NIP and the same unit name in a second Pemda: uniqueness is per Pemda.
        parsed = parse_roster(SAMPLE_ROSTER.read_text(encoding="utf-8-sig"))
        first = parsed.entries[:3]
        await basel.import_roster(first, NOW)
        dedi_serang = await serang.person_by_nip(DEDI_ADMIN)
        dedi_basel = await basel.person_by_nip(DEDI_ADMIN)
        assert dedi_serang is not None
        assert dedi_basel is not None
        assert await unit_names(basel_db) == ["Sekretariat Daerah - Bagian Organisasi"]
        assert "Sekretariat Daerah - Bagian Organisasi" in await unit_names(serang_db)
        assert len(await unit_names(serang_db)) > 1
        assert await people(basel_db) == 3
        assert await people(lebak_db) == 0
        # Deactivating in one Pemda (a smaller roster) leaves the other untouched.
        await basel.import_roster(first[:1], NOW)
        assert await basel.person_by_nip(DEDI_ADMIN) is None
        assert await serang.person_by_nip(DEDI_ADMIN) is not None


def test_pemda_settings_apply_the_bot_and_the_overrides() -> None:
    deployment = deployment_settings(report_min_people=6, bot_token="1:deployment")
    basel = Pemda(
        "kab_basel",
        "Kabupaten Bangka Selatan",
        SecretStr("222:basel-token"),
        bot_username="basel_bot",
        settings={"timezone": "Asia/Makassar", "value_set": "besaoh", "morning_time": "07:00"},
        webhook_secret=SecretStr("basel-secret"),
    )
    settings = pemda_settings(deployment, basel)
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "222:basel-token"
    assert settings.bot_username == "basel_bot"
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "basel-secret"
    assert settings.timezone == "Asia/Makassar"
    assert settings.value_set == "besaoh"
    assert settings.morning_time == time(7, 0)
    assert settings.report_min_people == 6  # the deployment's, not overridden
    assert settings.database_target == deployment.database_target
    assert settings.deprecated_settings == deployment.deprecated_settings
    assert deployment.timezone == "Asia/Jakarta"  # the deployment's own stay as they were


def test_invalid_overrides_are_refused() -> None:
    deployment = deployment_settings()

    def with_overrides(**values: object) -> Pemda:
        return Pemda("kab_x", "X", SecretStr("9:x"), settings=dict(values))

    with pytest.raises(InvalidOverrides) as bad_zone:
        pemda_settings(deployment, with_overrides(timezone="Asia/Atlantis"))
    assert bad_zone.value.problems[0][0] == "TIMEZONE"
    with pytest.raises(InvalidOverrides) as too_few:
        pemda_settings(deployment, with_overrides(report_min_people="2"))
    assert too_few.value.problems[0][0] == "REPORT_MIN_PEOPLE"
    with pytest.raises(InvalidOverrides) as not_theirs:
        pemda_settings(deployment, with_overrides(database_url="sqlite:///elsewhere.db"))
    assert not_theirs.value.problems == [("DATABASE_URL", "not a setting a Pemda may set")]
    with pytest.raises(InvalidOverrides):  # the model's own rule across two settings
        pemda_settings(
            deployment, with_overrides(problem_remind_days="5", problem_escalate_days="4")
        )


def test_overrides_from_the_command_line() -> None:
    assert parse_overrides(["TIMEZONE=Asia/Makassar", "value_set = besaoh"]) == {
        "timezone": "Asia/Makassar",
        "value_set": "besaoh",
    }
    with pytest.raises(InvalidOverrides) as error:
        parse_overrides(["TIMEZONE", "BOT_TOKEN=1:x", "=x"])
    assert [name for name, _ in error.value.problems] == ["TIMEZONE", "BOT_TOKEN", "=x"]


async def test_the_registry_repository_on_an_open_database(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    async with database_target.database() as db:
        registry = PemdaRepository(db)
        await registry.migrate()
        await registry.migrate()
        await registry.add(SERANG)
        assert (await registry.get("kab_serang")) is not None
        assert await db.schema_version() == "0023"
        assert await db.fetchval("SELECT version_num FROM registry_version") == "r0001"
