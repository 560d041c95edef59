"""The semester reports' periodic job: a week before a semester ends it drafts each unit's
report for its head (or, without a head on the bot, for its Ketua) and the Pemda's summary
for the Tim / Bagian Organisasi; once the semester is over it delivers every approved report
with the complete semester's figures to the recipients the content file names, and records
when. State is in ``semester_reports``: a tick that runs twice or late does nothing twice."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.content.models import Citation
from bot.org.models import KbkRole, PemdaRole, Person
from bot.reports.period import Period, semester_of
from bot.semester.build import Inputs, unit_document, unit_report, unit_workbook
from bot.semester.models import PreparedAs, Scope, SemesterReport
from bot.semester.pemda import pemda_document, pemda_workbook_for
from bot.semester.ports import SemesterPeople
from bot.texts import semester as texts

log = logging.getLogger(__name__)

JOB_NAME = "semester-reports"
INTERVAL = timedelta(minutes=15)
DRAFT_DAYS = 7
"""The draft reaches the head this many days before the semester ends."""


@dataclass(frozen=True)
class Draft:
    report: SemesterReport
    title: str
    period: Period
    figures: list[str]
    citation: Citation


class SemesterSender(Protocol):
    async def draft(self, person: Person, draft: Draft) -> bool:
        """The draft card with its buttons, to whoever prepares the report."""
        ...

    async def deliver(self, person: Person, caption: str, files: list[tuple[bytes, str]]) -> bool:
        """The approved report's files to one recipient; False if it failed (retried)."""
        ...


def draft_due(today: date) -> Period | None:
    """The semester whose report is drafted now: from ``DRAFT_DAYS`` days before its end."""
    current = semester_of(today)
    return current if today >= current.end - timedelta(days=DRAFT_DAYS) else None


async def _registered(people: list[Person]) -> list[Person]:
    return [p for p in people if p.registered and p.active]


async def unit_preparers(org: SemesterPeople, unit_id: int) -> tuple[PreparedAs, list[Person]]:
    """The head if he is on the bot, else the Ketua (who prepares; the head did not approve)."""
    heads = await _registered(await org.unit_leaders(unit_id, [KbkRole.PENANGGUNG_JAWAB]))
    if heads:
        return PreparedAs.KEPALA, heads
    return PreparedAs.KETUA, await _registered(await org.unit_leaders(unit_id, [KbkRole.KETUA]))


async def pemda_preparers(
    org: SemesterPeople, roles: tuple[str, ...]
) -> tuple[PreparedAs, list[Person]]:
    for role in roles:
        people = await _registered(await org.pemda_people(PemdaRole(role)))
        if people:
            return PreparedAs(role), people
    return PreparedAs.ADMIN, []


def may_prepare(person: Person, report: SemesterReport, roles: tuple[str, ...]) -> bool:
    """Who may write the narrative and approve: the unit's head (or its Ketua when the Ketua
    prepares it); for the Pemda's summary, the preparing Pemda role."""
    if not (person.active and person.registered):
        return False
    if report.scope is Scope.UNIT:
        if person.unit_id != report.unit_id:
            return False
        if person.kbk_role is KbkRole.PENANGGUNG_JAWAB:
            return True
        return report.preparer_as is PreparedAs.KETUA and person.kbk_role is KbkRole.KETUA
    return person.pemda_role is not None and person.pemda_role.value in roles


async def run_semester_reports(
    inputs: Inputs, org: SemesterPeople, sender: SemesterSender, now: datetime
) -> int:
    """Draft what is due and deliver what was approved; how many messages went out."""
    today = now.astimezone(inputs.zone).date()
    sent = 0
    period = draft_due(today)
    if period is not None:
        sent += await _draft(inputs, org, sender, period, today, now)
    for past in (semester_of(today).previous(),):
        if today > past.end:
            sent += await _deliver(inputs, org, sender, past, now)
    return sent


async def _draft(
    inputs: Inputs,
    org: SemesterPeople,
    sender: SemesterSender,
    period: Period,
    today: date,
    now: datetime,
) -> int:
    basis = inputs.value_set.legal_basis
    count = 0
    for unit in await org.units():
        preparer_as, people = await unit_preparers(org, unit.id)
        if not people:
            continue
        report = await inputs.reports.draft(
            Scope.UNIT, unit.id, period.key, people[0].id, preparer_as, now
        )
        if report is None:
            continue  # drafted at an earlier tick
        content = await unit_report(inputs, unit, period, today)
        draft = Draft(
            report, content.summary.kbk_name, period, content.figures(),
            basis.duties.semester_report,
        )  # fmt: skip
        for person in people:
            count += await sender.draft(person, draft)
    roles = basis.duties.pemda_report.prepared_by
    if roles:
        preparer_as, people = await pemda_preparers(org, roles)
        report = (
            await inputs.reports.draft(Scope.PEMDA, None, period.key, people[0].id,
                                       preparer_as, now)
            if people else None
        )  # fmt: skip
        if report is not None:
            draft = Draft(report, "Pemda", period, [], basis.duties.pemda_report)
            for person in people:
                count += await sender.draft(person, draft)
    return count


async def _recipients(org: SemesterPeople, roles: tuple[str, ...]) -> list[Person]:
    people: list[Person] = []
    for role in roles:
        for person in await _registered(await org.pemda_people(PemdaRole(role))):
            if person.id not in {p.id for p in people}:
                people.append(person)
    return people


async def _deliver(
    inputs: Inputs, org: SemesterPeople, sender: SemesterSender, period: Period, now: datetime
) -> int:
    basis = inputs.value_set.legal_basis
    today = now.astimezone(inputs.zone).date()
    reports = await inputs.reports.of_period(period.key)
    count = 0
    for report in reports:
        if not report.approved or report.sent_at is not None:
            continue
        approver = await org.person(report.approved_by or 0)
        if report.scope is Scope.UNIT:
            unit = await org.unit(report.unit_id or 0)
            if unit is None:
                continue
            content = await unit_report(inputs, unit, period, today)
            xlsx = await asyncio.to_thread(
                unit_workbook, content, report, approver, basis, today, inputs.zone
            )
            docx = await asyncio.to_thread(
                unit_document, content, report, approver, basis, inputs.zone
            )
            title, citation = content.summary.kbk_name, basis.duties.semester_report
            name = f"laporan-semester-{period.key}-unit-{unit.id}"
        else:
            xlsx = await pemda_workbook_for(inputs, org, period, today, report, approver)
            docx = await pemda_document(inputs, org, period, reports, report, approver)
            title, citation, name = (
                "Pemda",
                basis.duties.pemda_report,
                (f"laporan-semester-{period.key}-pemda"),
            )
        caption = texts.delivery_caption(
            title, period, report, approver, basis, citation, inputs.zone
        )
        files = [(xlsx, f"{name}.xlsx"), (docx, f"{name}.docx")]
        delivered = [
            await sender.deliver(person, caption, files)
            for person in await _recipients(org, citation.recipients)
        ]
        if delivered and all(delivered):
            await inputs.reports.mark_sent(report, now)
            count += len(delivered)
    if count:
        log.info("delivered %d semester reports of %s", count, period.key)
    return count
