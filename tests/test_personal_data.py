"""/dataku's export: a person's own reports and received appreciations, and nobody's secret."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from bot.appreciation.models import NewAppreciation
from bot.content import load_content
from bot.privacy import KEYS, export_document, export_json
from bot.problems.models import Category
from bot.storage import Database, OrgRepository
from bot.storage.appreciations import AppreciationRepository
from bot.storage.personal_data import PersonalDataRepository
from bot.storage.problems import ProblemRepository
from tests.conftest import CONTENT_FILE, WIB
from tests.engines import DatabaseTarget
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
)

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)


@pytest.fixture
async def db(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    async with database_target.database() as database:
        await import_sample_roster(OrgRepository(database))
        yield database


async def person_ids(db: Database, *nips: str) -> list[int]:
    org = OrgRepository(db)
    found = [await org.person_by_nip(nip) for nip in nips]
    return [p.id for p in found if p is not None]


async def unit_of(db: Database, nip: str) -> int:
    person = await OrgRepository(db).person_by_nip(nip)
    assert person is not None
    return person.unit_id


async def exported(db: Database, person_id: int) -> dict[str, object]:
    """The /dataku document, as the person receives it (through JSON)."""
    data = await PersonalDataRepository(db).export(person_id, telegram_user_id=-1)
    pack = load_content(CONTENT_FILE)
    document = export_document(data, pack.value_set("berakhlak"), pack, NOW, WIB)
    loaded: dict[str, object] = json.loads(export_json(document))
    return loaded


async def test_my_reports_are_mine_even_anonymous_and_not_the_agens(db: Database) -> None:
    budi, rizky = await person_ids(db, BUDI_ANGGOTA_KOMINFO, RIZKY_AGEN_KOMINFO)
    unit = await unit_of(db, BUDI_ANGGOTA_KOMINFO)
    repo = ProblemRepository(db)
    problem = await repo.create(
        unit_id=unit,
        reporter_id=budi,
        anonymous=True,
        category=Category.SARANA,
        description="Printer lantai 2 rusak sejak Senin.",
        attachment=None,
        actor_id=None,
        now=NOW,
    )
    await repo.add_message(
        problem.id, from_reporter=True, author_id=None, text="Sudah dua minggu.",
        attachment=None, now=NOW,
    )  # fmt: skip
    await repo.add_message(
        problem.id, from_reporter=False, author_id=rizky, text="Kami cek besok.",
        attachment=None, now=NOW,
    )  # fmt: skip

    mine = await exported(db, budi)
    reports = mine["laporan_masalah"]
    assert isinstance(reports, list)
    assert [r["uraian"] for r in reports] == ["Printer lantai 2 rusak sejak Senin."]
    assert reports[0]["anonim"] == 1
    assert [m["teks"] for m in reports[0]["pesan"]] == ["Sudah dua minggu."]
    assert "id_penangan" not in reports[0]

    # The Agen Perubahan's own export never ties the anonymous report to its reporter.
    agen = await exported(db, rizky)
    assert agen["laporan_masalah"] == []
    assert "Printer lantai 2" not in json.dumps(agen)


async def test_received_appreciations_name_the_giver_only_when_not_anonymous(
    db: Database,
) -> None:
    budi, fitri, rizky = await person_ids(
        db, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO
    )
    unit = await unit_of(db, RIZKY_AGEN_KOMINFO)
    repo = AppreciationRepository(db)
    day = date(2026, 11, 23)
    for giver, anonymous, sentence in (
        (budi, False, "Terima kasih sudah membantu rekap."),
        (fitri, True, "Selalu tepat waktu."),
    ):
        await repo.give(
            NewAppreciation(giver, rizky, unit, "berakhlak.akuntabel", sentence, anonymous, day),
            3,
            NOW,
        )

    document = await exported(db, rizky)
    received = document["apresiasi_diterima"]
    assert isinstance(received, list)
    assert [(a["kalimat"], a["pemberi"]) for a in received] == [
        ("Terima kasih sudah membantu rekap.", "Budi Santoso"),
        ("Selalu tepat waktu.", None),
    ]
    assert all("id_pegawai" not in a for a in received)
    # The givers see what they gave in their own exports (data_lain), the receiver does not.
    others = document["data_lain"]
    assert isinstance(others, dict)
    assert "apresiasi_diberikan" not in others
    given = (await exported(db, budi))["data_lain"]
    assert isinstance(given, dict)
    assert [a["kalimat"] for a in given["apresiasi_diberikan"]] == [
        "Terima kasih sudah membantu rekap."
    ]


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in _keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in _keys(item)}
    return set()


async def test_every_key_is_indonesian_and_every_moment_local(db: Database) -> None:
    budi, rizky = await person_ids(db, BUDI_ANGGOTA_KOMINFO, RIZKY_AGEN_KOMINFO)
    unit = await unit_of(db, BUDI_ANGGOTA_KOMINFO)
    await ProblemRepository(db).create(
        unit_id=unit, reporter_id=budi, anonymous=False, category=Category.SARANA,
        description="AC mati.", attachment=None, actor_id=None, now=NOW,
    )  # fmt: skip
    await AppreciationRepository(db).give(
        NewAppreciation(rizky, budi, unit, "berakhlak.akuntabel", "Rapi.", False, NOW.date()),
        3,
        NOW,
    )
    document = await exported(db, budi)
    english = set(KEYS) - set(KEYS.values())
    assert not _keys(document) & english, _keys(document) & english
    person = document["pegawai"]
    assert isinstance(person, dict)
    assert person["nama"] == "Budi Santoso"
    # 02:00 UTC is 09:00 in Jakarta; no UTC moment is left.
    problems = document["laporan_masalah"]
    assert isinstance(problems, list)
    assert problems[0]["dibuat_pada"] == "2026-11-23T09:00:00+07:00"
    assert "+00:00" not in json.dumps(document)
