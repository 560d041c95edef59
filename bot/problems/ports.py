"""What the problem desk reads and writes through storage: problems with their thread and
drafts, escalations with their solutions, and the outbox of notices
(``bot.storage.problems``, ``bot.storage.problem_escalations``,
``bot.storage.problem_outbox``).

The desk's users (the problem modules, and the handlers and demo that reach storage through
the desk) call exactly these methods; the repositories satisfy the protocols structurally.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.problems.models import (
    Action,
    ActorRole,
    Attachment,
    Category,
    Desk,
    Draft,
    Escalation,
    Level,
    Order,
    OutgoingNotice,
    Problem,
    QueuedNotice,
    Route,
    Solution,
    Status,
    ThreadMessage,
    UnitCounts,
)


class ProblemStore(Protocol):
    async def get(self, problem_id: int) -> Problem | None: ...

    async def messages(self, problem_id: int, last: int = 5) -> list[ThreadMessage]: ...

    async def transition(
        self,
        problem: Problem,
        action: Action,
        to_status: Status,
        *,
        actor_id: int | None,
        actor_role: ActorRole,
        now: datetime,
        detail: str = "",
        handler_id: int | None = None,
    ) -> Problem | None: ...

    async def mark_reminded(self, problem: Problem, now: datetime) -> None: ...

    async def with_status(self, status: Status) -> list[Problem]: ...

    async def add_message(
        self,
        problem_id: int,
        *,
        from_reporter: bool,
        author_id: int | None,
        text: str,
        attachment: Attachment | None,
        now: datetime,
    ) -> ThreadMessage: ...

    async def create(
        self,
        *,
        unit_id: int,
        reporter_id: int,
        anonymous: bool,
        category: Category,
        description: str,
        attachment: Attachment | None,
        actor_id: int | None,
        now: datetime,
        desk: Desk = Desk.UNIT,
    ) -> Problem: ...

    async def counts_by_unit(self) -> list[UnitCounts]: ...

    async def of_pemda_desk(self, *, order: Order = "newest") -> list[Problem]: ...

    async def of_unit(
        self, unit_id: int, *, open_only: bool = True, order: Order = "newest"
    ) -> list[Problem]: ...

    async def draft(self, person_id: int) -> Draft | None: ...

    async def drop_draft(self, person_id: int) -> bool: ...

    async def save_draft(self, draft: Draft, now: datetime) -> None: ...

    async def of_reporter(self, reporter_id: int, limit: int = 10) -> list[Problem]: ...


class EscalationStore(Protocol):
    async def latest_escalation(self, problem_id: int) -> Escalation | None: ...

    async def solutions(self, escalation_id: int) -> list[Solution]: ...

    async def answer(
        self,
        problem: Problem,
        escalation: Escalation,
        *,
        by: int,
        solution_id: int | None,
        direction: str | None,
        now: datetime,
    ) -> tuple[Problem, Escalation] | None: ...

    async def draft_solutions(self, problem_id: int, person_id: int) -> list[Solution]: ...

    async def escalate(
        self,
        problem: Problem,
        route: Route,
        level: Level,
        *,
        by: int | None,
        now: datetime,
        detail: str,
    ) -> tuple[Problem, Escalation] | None: ...

    async def escalation(self, escalation_id: int) -> Escalation | None: ...

    async def forward(
        self,
        escalation: Escalation,
        level: Level,
        *,
        by: int,
        now: datetime,
        note: str | None = None,
    ) -> Escalation | None: ...

    async def add_draft_solution(
        self, problem_id: int, person_id: int, text: str, now: datetime
    ) -> Solution | None: ...

    async def drop_draft_solutions(self, problem_id: int, person_id: int) -> None: ...

    async def mark_head_reminded(self, escalation: Escalation, now: datetime) -> None: ...

    async def open_escalations(self) -> list[Escalation]: ...

    async def reached_pemda(self, problem_id: int) -> bool: ...


class NoticeOutbox(Protocol):
    async def add(
        self, notices: Sequence[OutgoingNotice], due_at: datetime, now: datetime
    ) -> list[QueuedNotice]: ...

    async def done(self, queued_id: int) -> None: ...

    async def lease_due(self, now: datetime, limit: int = 100) -> list[QueuedNotice]: ...

    async def retry_at(self, queued_id: int, at: datetime) -> None: ...
