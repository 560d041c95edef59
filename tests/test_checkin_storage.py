"""The check-in repository and the personal-data export, on a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from bot.checkin.models import Answer, NoteStatus
from bot.storage import Database, OrgRepository
from bot.storage.checkins import CheckinRepository
from bot.storage.personal_data import PersonalDataRepository
from tests.engines import DatabaseTarget
from tests.org_fixtures import BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO, import_sample_roster

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)


@pytest.fixture
async def db(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    async with database_target.database() as database:
        await import_sample_roster(OrgRepository(database))
        yield database


async def person_id(db: Database, nip: str) -> int:
    found = await OrgRepository(db).person_by_nip(nip)
    assert found is not None
    return found.id


async def test_answer_then_change(db: Database) -> None:
    repo = CheckinRepository(db)
    budi = await person_id(db, BUDI_ANGGOTA_KOMINFO)
    first, created = await repo.record_answer(budi, MONDAY, "v.a", "v.a.1", Answer.SUDAH, NOW)
    assert created
    assert (first.answer, first.note_status, first.malu_answered) == (
        Answer.SUDAH,
        NoteStatus.NONE,
        False,
    )
    # A later answer changes the answer only; the day's value stays the first one.
    second, created = await repo.record_answer(budi, MONDAY, "v.b", "v.b.1", Answer.BELUM, NOW)
    assert not created
    assert (second.id, second.answer, second.value_id) == (first.id, Answer.BELUM, "v.a")
    assert await repo.checked_in([budi], MONDAY) == {budi}


async def test_toggles_and_note_states(db: Database) -> None:
    repo = CheckinRepository(db)
    budi = await person_id(db, BUDI_ANGGOTA_KOMINFO)
    checkin, _ = await repo.record_answer(budi, MONDAY, "v.a", "v.a.1", Answer.SUDAH, NOW)
    assert await repo.toggle_practised(checkin.id, "v.b.2", NOW)
    assert await repo.toggle_practised(checkin.id, "v.c.1", NOW)
    assert not await repo.toggle_practised(checkin.id, "v.c.1", NOW)
    assert await repo.toggle_malu(checkin.id, "malu.4", NOW)
    with pytest.raises(LookupError):  # no such check-in: nothing is ticked
        await repo.toggle_practised(checkin.id + 1, "v.b.2", NOW)
    assert await db.fetchval("SELECT COUNT(*) FROM checkin_behaviours") == 1  # v.b.2
    await repo.finish_malu(checkin.id, NOW)
    assert await repo.get(budi, TUESDAY) is None
    current = await repo.get(budi, MONDAY)
    assert current is not None
    assert (current.practised, current.malu, current.malu_answered) == (
        {"v.b.2"},
        {"malu.4"},
        True,
    )
    await repo.save_note(checkin.id, "membantu rekan", "v.d.2", NOW)
    suggested = await repo.get(budi, MONDAY)
    assert suggested is not None
    assert (suggested.note_status, suggested.note_suggestion_id) == (NoteStatus.SUGGESTED, "v.d.2")
    await repo.settle_suggestion(checkin.id, True, NOW)
    settled = await repo.get(budi, MONDAY)
    assert settled is not None
    assert (settled.note, settled.note_behaviour_id, settled.note_status) == (
        "membantu rekan",
        "v.d.2",
        NoteStatus.DONE,
    )
    assert settled.practised == {"v.b.2", "v.d.2"}
    # Settling twice changes nothing.
    await repo.settle_suggestion(checkin.id, False, NOW)
    again = await repo.get(budi, MONDAY)
    assert again is not None
    assert again.note_behaviour_id == "v.d.2"


async def test_erase_is_personal_and_keeps_answers(db: Database) -> None:
    repo = CheckinRepository(db)
    budi = await person_id(db, BUDI_ANGGOTA_KOMINFO)
    fitri = await person_id(db, FITRI_KETUA_KOMINFO)
    for who in (budi, fitri):
        for day in (MONDAY, TUESDAY):
            checkin, _ = await repo.record_answer(who, day, "v.a", "v.a.1", Answer.SEBAGIAN, NOW)
            await repo.toggle_malu(checkin.id, "malu.1", NOW)
            await repo.toggle_practised(checkin.id, "v.b.1", NOW)
            await repo.save_note(checkin.id, f"catatan {who}", None, NOW)
    counts = await repo.personal_counts(budi)
    assert (counts.notes, counts.malu_days, counts.empty) == (2, 2, False)
    erased = await repo.erase_personal(budi, NOW)
    assert (erased.notes, erased.malu_days) == (2, 2)
    assert (await repo.personal_counts(budi)).empty
    for day in (MONDAY, TUESDAY):
        mine = await repo.get(budi, day)
        assert mine is not None
        assert (mine.note, mine.malu, mine.answer, mine.practised) == (
            None,
            set(),
            Answer.SEBAGIAN,
            {"v.b.1"},
        )
        theirs = await repo.get(fitri, day)
        assert theirs is not None
        assert (theirs.note, theirs.malu) == (f"catatan {fitri}", {"malu.1"})


async def test_export_holds_my_rows_of_every_table(db: Database) -> None:
    repo = CheckinRepository(db)
    org = OrgRepository(db)
    budi = await person_id(db, BUDI_ANGGOTA_KOMINFO)
    fitri = await person_id(db, FITRI_KETUA_KOMINFO)
    await org.bind_telegram(budi, 501, NOW)
    await org.bind_telegram(fitri, 502, NOW)
    for who in (budi, fitri):
        checkin, _ = await repo.record_answer(who, MONDAY, "v.a", "v.a.1", Answer.SUDAH, NOW)
        await repo.toggle_malu(checkin.id, f"malu.{who}", NOW)
    # A table a later feature adds: its rows about Budi are exported without being listed.
    await db.execute(
        "CREATE TABLE later_feature (id INTEGER PRIMARY KEY, person_id INTEGER, x TEXT)"
    )
    await db.execute(
        "INSERT INTO later_feature (id, person_id, x) VALUES (1, ?, 'mine'), (2, ?, 'not')",
        (budi, fitri),
    )
    data = await PersonalDataRepository(db).export(budi, 501)
    assert data.person is not None
    assert data.person["nip"] == BUDI_ANGGOTA_KOMINFO
    assert [c["malu"] for c in data.checkins] == [[f"malu.{budi}"]]
    assert data.other["later_feature"] == [{"id": 1, "person_id": budi, "x": "mine"}]
    # The unit membership history (migration 0012) is exported the same way.
    assert [m["person_id"] for m in data.other["unit_memberships"]] == [budi]
    assert str(fitri) not in str(data.checkins)
