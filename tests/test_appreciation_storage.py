"""The appreciation repository on a real SQLite file: drafts, the daily limit inside the
transaction, and the monthly counts of distinct appreciators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from bot.appreciation.models import DailyLimitError, NewAppreciation
from bot.storage import Database, OrgRepository
from bot.storage.appreciations import AppreciationRepository
from bot.storage.personal_data import PersonalDataRepository
from tests.engines import DatabaseTarget
from tests.org_fixtures import (
    ANDI_SEKRETARIS_KOMINFO,
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
)

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)
DAY = date(2026, 11, 23)


@pytest.fixture
async def db(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    async with database_target.database() as database:
        await import_sample_roster(OrgRepository(database))
        yield database


async def ids(db: Database, *nips: str) -> list[int]:
    org = OrgRepository(db)
    found = [await org.person_by_nip(nip) for nip in nips]
    return [p.id for p in found if p is not None]


def new(giver: int, colleague: int, day: date = DAY, value: str = "berakhlak.akuntabel",
        anonymous: bool = False, unit: int = 1) -> NewAppreciation:  # fmt: skip
    return NewAppreciation(giver, colleague, unit, value, "Terima kasih atas bantuannya.",
                           anonymous, day)  # fmt: skip


async def test_draft_lifecycle(db: Database) -> None:
    repo = AppreciationRepository(db)
    budi, fitri, rizky = await ids(db, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO,
                                   RIZKY_AGEN_KOMINFO)  # fmt: skip
    assert await repo.draft(budi) is None
    await repo.save_draft(budi, fitri, None, None, NOW)
    await repo.save_draft(budi, rizky, "berakhlak.akuntabel", None, NOW)  # replaced
    await repo.save_draft(budi, rizky, "berakhlak.akuntabel", "Hebat.", NOW)
    draft = await repo.draft(budi)
    assert draft is not None
    assert (draft.colleague_id, draft.value_id, draft.sentence) == (
        rizky, "berakhlak.akuntabel", "Hebat.",
    )  # fmt: skip
    assert await repo.drop_draft(budi)
    assert not await repo.drop_draft(budi)


async def test_daily_limit_and_no_self(db: Database) -> None:
    repo = AppreciationRepository(db)
    budi, fitri, rizky = await ids(db, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO,
                                   RIZKY_AGEN_KOMINFO)  # fmt: skip
    await repo.save_draft(budi, fitri, "berakhlak.akuntabel", "Hebat.", NOW)
    first = await repo.give(new(budi, fitri), 3, NOW)
    assert await repo.draft(budi) is None  # giving uses up the draft
    await repo.mark_delivered(first)
    await repo.give(new(budi, rizky), 3, NOW)
    await repo.give(new(budi, fitri, value="berakhlak.kolaboratif"), 3, NOW)
    assert await repo.given_on(budi, DAY) == 3
    with pytest.raises(DailyLimitError):
        await repo.give(new(budi, rizky), 3, NOW)
    assert await repo.given_on(budi, DAY) == 3
    assert await repo.given_on(budi, date(2026, 11, 24)) == 0
    await repo.give(new(budi, rizky, day=date(2026, 11, 24)), 3, NOW)  # a new day
    with pytest.raises(IntegrityError):
        await repo.give(new(budi, budi, day=date(2026, 11, 25)), 3, NOW)
    # The giver's /dataku holds what they gave (anonymous or not); nobody else's does.
    export = await PersonalDataRepository(db).export(budi, 1)
    assert len(export.other["appreciations"]) == 4
    fitri_export = await PersonalDataRepository(db).export(fitri, 2)
    assert "appreciations" not in fitri_export.other


async def test_monthly_counts_of_distinct_appreciators(db: Database) -> None:
    repo = AppreciationRepository(db)
    budi, fitri, rizky, andi = await ids(db, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO,
                                         RIZKY_AGEN_KOMINFO, ANDI_SEKRETARIS_KOMINFO)  # fmt: skip
    person = await OrgRepository(db).person(budi)
    assert person is not None
    kominfo = person.unit_id
    for giver in (fitri, rizky, andi):
        await repo.give(new(giver, budi, anonymous=giver == rizky, unit=kominfo), 3, NOW)
    await repo.give(new(fitri, budi, day=date(2026, 11, 24), unit=kominfo), 3, NOW)  # again
    await repo.give(new(fitri, budi, day=date(2026, 12, 1), unit=kominfo), 3, NOW)  # December
    await repo.give(new(budi, fitri, value="berakhlak.kolaboratif", unit=kominfo), 3, NOW)
    counts = await repo.counts(kominfo, date(2026, 11, 1), date(2026, 11, 30))
    by_key = {(c.person_id, c.value_id): (c.appreciators, c.appreciations) for c in counts}
    assert by_key == {
        (budi, "berakhlak.akuntabel"): (3, 4),
        (fitri, "berakhlak.kolaboratif"): (1, 1),
    }
    assert {c.name for c in counts} == {"Budi Santoso", "Fitri Handayani, S.Kom., M.T."}
    assert await repo.counts(kominfo + 1, date(2026, 11, 1), date(2026, 11, 30)) == []
    december = await repo.counts(kominfo, date(2026, 12, 1), date(2026, 12, 31))
    assert [(c.appreciators, c.appreciations) for c in december] == [(1, 1)]
