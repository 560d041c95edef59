"""The self-assessment repository on a real SQLite file: answers as they come, resume,
aggregates per unit and window, and the reminder's bookkeeping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.storage import Database, OrgRepository, UserRepository
from bot.storage.evaluations import EvaluationRepository
from bot.storage.personal_data import PersonalDataRepository
from tests.engines import DatabaseTarget
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    DADANG_ANGGOTA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
)

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)
Q4 = "20261001-20261231"
Q3 = "20260701-20260930"


@pytest.fixture
async def db(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    async with database_target.database() as database:
        await import_sample_roster(OrgRepository(database))
        yield database


async def bound(db: Database, nip: str, user_id: int) -> tuple[int, int]:
    """(person id, unit id) of a person bound to Telegram account ``user_id``."""
    org = OrgRepository(db)
    found = await org.person_by_nip(nip)
    assert found is not None
    await org.bind_telegram(found.id, user_id, NOW)
    return found.id, found.unit_id


async def test_answers_are_kept_as_they_come(db: Database) -> None:
    repo = EvaluationRepository(db)
    budi, kominfo = await bound(db, BUDI_ANGGOTA_KOMINFO, 11)
    assert await repo.get(budi, Q4) is None
    started = await repo.start(budi, Q4, kominfo, False, NOW)
    assert (started.unit_id, started.leading, started.scores, started.finished) == (
        kominfo, False, {}, False,
    )  # fmt: skip
    again = await repo.start(budi, Q4, kominfo, True, NOW)  # already started: unchanged
    assert (again.id, again.leading) == (started.id, False)
    await repo.answer(started.id, "evaluasi.pola_pikir.1", 4, NOW)
    await repo.answer(started.id, "evaluasi.pola_pikir.2", 2, NOW)
    await repo.answer(started.id, "evaluasi.pola_pikir.2", 3, NOW)  # changed
    resumed = await repo.get(budi, Q4)
    assert resumed is not None
    assert resumed.scores == {"evaluasi.pola_pikir.1": 4, "evaluasi.pola_pikir.2": 3}
    with pytest.raises(ValueError, match="1-5"):
        await repo.answer(started.id, "evaluasi.pola_pikir.3", 6, NOW)
    assert await repo.finish(started.id, NOW)
    assert not await repo.finish(started.id, NOW)
    done = await repo.get(budi, Q4)
    assert done is not None
    assert done.finished_at == NOW
    assert await repo.get(budi, Q3) is None  # another window, another questionnaire
    # The person's own answers are in their /dataku export.
    export = await PersonalDataRepository(db).export(budi, 11)
    assert [row["window_key"] for row in export.other["evaluations"]] == [Q4]
    answers = export.other["evaluation_answers"]
    assert sorted((row["criterion_id"], row["score"]) for row in answers) == [
        ("evaluasi.pola_pikir.1", 4),
        ("evaluasi.pola_pikir.2", 3),
    ]
    with pytest.raises(LookupError):
        await repo.answer(started.id + 100, "evaluasi.pola_pikir.1", 4, NOW)


async def test_aggregates_per_unit_and_window(db: Database) -> None:
    repo = EvaluationRepository(db)
    people = [
        await bound(db, nip, 20 + n)
        for n, nip in enumerate((BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO))
    ]
    dadang, sukamaju = await bound(db, DADANG_ANGGOTA_SUKAMAJU, 30)
    for score, (person_id, unit_id) in zip((3, 4, 5), people, strict=True):
        evaluation = await repo.start(person_id, Q4, unit_id, False, NOW)
        await repo.answer(evaluation.id, "evaluasi.pola_pikir.1", score, NOW)
        if score == 5:
            await repo.answer(evaluation.id, "evaluasi.pola_pikir.2", 1, NOW)
            await repo.finish(evaluation.id, NOW)
    other = await repo.start(dadang, Q4, sukamaju, False, NOW)
    await repo.answer(other.id, "evaluasi.pola_pikir.1", 1, NOW)
    old = await repo.start(dadang, Q3, sukamaju, False, NOW)
    await repo.answer(old.id, "evaluasi.pola_pikir.1", 5, NOW)
    kominfo = people[0][1]

    rows = {r.criterion_id: (r.respondents, r.total) for r in await repo.scores(Q4, kominfo)}
    assert rows == {"evaluasi.pola_pikir.1": (3, 12), "evaluasi.pola_pikir.2": (1, 1)}
    everyone = {r.criterion_id: (r.respondents, r.total) for r in await repo.scores(Q4)}
    assert everyone["evaluasi.pola_pikir.1"] == (4, 13)
    by_unit = await repo.scores_by_unit(Q4)
    assert set(by_unit) == {kominfo, sukamaju}
    assert [(r.respondents, r.total) for r in by_unit[sukamaju]] == [(1, 1)]
    assert await repo.finished_by_unit(Q4) == {kominfo: 1}
    assert (await repo.registered_by_unit()) == {kominfo: 3, sukamaju: 1}


async def test_reminder_targets_and_record(db: Database) -> None:
    repo = EvaluationRepository(db)
    budi, kominfo = await bound(db, BUDI_ANGGOTA_KOMINFO, 41)
    fitri, _ = await bound(db, FITRI_KETUA_KOMINFO, 42)
    await bound(db, RIZKY_AGEN_KOMINFO, 43)
    dadang, sukamaju = await bound(db, DADANG_ANGGOTA_SUKAMAJU, 44)
    # Fitri finished, Budi is half-way, Rizky blocked the bot, Dadang has not started.
    done = await repo.start(fitri, Q4, kominfo, True, NOW)
    await repo.finish(done.id, NOW)
    half = await repo.start(budi, Q4, kominfo, False, NOW)
    await repo.answer(half.id, "evaluasi.pola_pikir.1", 4, NOW)
    await repo.answer(half.id, "evaluasi.pola_pikir.2", 4, NOW)
    users = UserRepository(db)
    for user_id in (41, 43):
        await users.seen(user_id, "X", last_name=None, username=None, language_code=None,
                         now=NOW)  # fmt: skip
    await users.mark_unreachable(43, "Forbidden: bot was blocked by the user", NOW)
    targets = await repo.reminder_targets(Q4)
    assert [(t.person_id, t.telegram_user_id, t.unit_id, t.answered) for t in targets] == sorted(
        [(budi, 41, kominfo, 2), (dadang, 44, sukamaju, 0)]
    )
    assert await repo.record_reminder(Q4, budi, NOW, delivered=True)
    assert not await repo.record_reminder(Q4, budi, NOW, delivered=True)
    assert await repo.record_reminder(Q4, dadang, NOW, delivered=False)
    assert await repo.reminder_targets(Q4) == []
    assert len(await repo.reminder_targets(Q3)) == 3  # another window: reminded afresh
