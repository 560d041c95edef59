"""The problem and escalation repositories and pending inputs on a real SQLite file."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.problems.models import Action, ActorRole, Category, Level, Problem, Route, Status
from bot.storage import Database, OrgRepository
from bot.storage.pending_inputs import PendingInputRepository
from bot.storage.problem_escalations import EscalationRepository
from bot.storage.problems import ProblemRepository
from tests.engines import DatabaseTarget
from tests.org_fixtures import BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO, import_sample_roster

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
async def db(database_target: DatabaseTarget) -> AsyncIterator[Database]:
    async with database_target.database() as database:
        await import_sample_roster(OrgRepository(database))
        yield database


async def _ids(db: Database) -> tuple[int, int, int]:
    org = OrgRepository(db)
    budi = await org.person_by_nip(BUDI_ANGGOTA_KOMINFO)
    fitri = await org.person_by_nip(FITRI_KETUA_KOMINFO)
    assert budi is not None
    assert fitri is not None
    return budi.unit_id, budi.id, fitri.id


async def _named_problem(
    repo: ProblemRepository, unit_id: int, reporter: int, text: str
) -> Problem:
    return await repo.create(
        unit_id=unit_id,
        reporter_id=reporter,
        anonymous=False,
        category=Category.PROSEDUR,
        description=text,
        attachment=None,
        actor_id=reporter,
        now=NOW,
    )


async def test_of_two_people_acting_at_once_one_wins(db: Database) -> None:
    repo = ProblemRepository(db)
    unit_id, budi, fitri = await _ids(db)
    problem = await repo.create(
        unit_id=unit_id,
        reporter_id=budi,
        anonymous=True,
        category=Category.SARANA,
        description="Lift mati.",
        attachment=None,
        actor_id=None,
        now=NOW,
    )
    assert re.fullmatch(r"LA-\d{6}", problem.number)  # anonymous: numbered apart
    later = NOW + timedelta(hours=1)
    taken = await repo.transition(
        problem,
        Action.TAKE_UP,
        Status.DITANGANI,
        actor_id=fitri,
        actor_role=ActorRole.HANDLER,
        now=later,
        handler_id=fitri,
    )
    assert taken is not None
    assert (taken.status, taken.handler_id, taken.status_since) == (
        Status.DITANGANI,
        fitri,
        later,
    )
    # The same stale view of the problem (status baru) no longer applies.
    again = await repo.transition(
        problem,
        Action.REJECT,
        Status.DITOLAK,
        actor_id=fitri,
        actor_role=ActorRole.HANDLER,
        now=later,
    )
    assert again is None
    events = await repo.events(problem.id)
    assert [(e.action, e.from_status, e.to_status, e.actor_id) for e in events] == [
        (Action.REPORT, None, Status.BARU, None),
        (Action.TAKE_UP, Status.BARU, Status.DITANGANI, fitri),
    ]


async def test_solutions_attach_to_their_escalation(db: Database) -> None:
    repo = ProblemRepository(db)
    escalations = EscalationRepository(db)
    unit_id, budi, fitri = await _ids(db)
    problem = await _named_problem(repo, unit_id, budi, "Disposisi lambat.")
    for text in ("Satu", "Dua", "Tiga"):
        assert await escalations.add_draft_solution(problem.id, fitri, text, NOW) is not None
    assert await escalations.add_draft_solution(problem.id, fitri, "Empat", NOW) is None
    done = await escalations.escalate(
        problem, Route.DIRECT, Level.KEPALA, by=fitri, now=NOW, detail=""
    )
    assert done is not None
    moved, escalation = done
    assert moved.status is Status.DIESKALASI
    assert [s.text for s in await escalations.solutions(escalation.id)] == ["Satu", "Dua", "Tiga"]
    assert await escalations.draft_solutions(problem.id, fitri) == []
    # At most one open escalation per problem: the database itself refuses a second.
    with pytest.raises(IntegrityError):
        await escalations.escalate(moved, Route.TIERED, Level.KETUA, by=fitri, now=NOW, detail="")
    assert await escalations.latest_escalation(problem.id) == escalation


async def test_the_sla_carries_every_agents_drafts_and_a_forward_keeps_its_note(
    db: Database,
) -> None:
    repo = ProblemRepository(db)
    escalations = EscalationRepository(db)
    unit_id, budi, fitri = await _ids(db)
    problem = await _named_problem(repo, unit_id, budi, "Genset tidak menyala.")
    # Two people began writing solutions and left them unsent.
    await escalations.add_draft_solution(problem.id, fitri, "Servis genset.", NOW)
    await escalations.add_draft_solution(problem.id, budi, "Sewa genset.", NOW)
    await escalations.add_draft_solution(problem.id, fitri, "Beli genset baru.", NOW)
    done = await escalations.escalate(
        problem, Route.AUTOMATIC, Level.KETUA, by=None, now=NOW, detail=""
    )
    assert done is not None
    _, escalation = done
    carried = await escalations.solutions(escalation.id)
    assert [(s.position, s.text) for s in carried] == [
        (1, "Servis genset."),
        (2, "Sewa genset."),
        (3, "Beli genset baru."),
    ]
    later = NOW + timedelta(hours=2)
    forwarded = await escalations.forward(
        escalation, Level.KEPALA, by=fitri, now=later, note="Mendesak: pelayanan malam."
    )
    assert forwarded is not None
    assert (forwarded.level, forwarded.forward_note, forwarded.forwarded_by) == (
        Level.KEPALA,
        "Mendesak: pelayanan malam.",
        fitri,
    )
    assert forwarded.level_since == later
    # A second press on the Ketua's card finds it moved on.
    again = await escalations.forward(escalation, Level.KEPALA, by=fitri, now=later)
    assert again is None


async def test_pending_inputs_belong_to_a_feature(db: Database) -> None:
    pending = PendingInputRepository(db)
    await pending.set(42, "problems", "reply", 7, NOW)
    assert await pending.get(42, "checkin") is None
    found = await pending.get(42, "problems")
    assert found is not None
    assert (found.kind, found.ref_id) == ("reply", 7)
    await pending.set(42, "problems", "describe", None, NOW)  # the latest prompt wins
    found = await pending.get(42, "problems")
    assert found is not None
    assert (found.kind, found.ref_id) == ("describe", None)
    assert await pending.clear(42, "problems")
    assert not await pending.clear(42, "problems")
