"""The KBK's year in the demo: Kominfo's decree, a rencana aksi with its evidence, a
sosialisasi and the declaration of values with attendance and pledges, and innovation
proposals (one accepted, one waiting for the KBK)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.action_plan.models import EvidenceKind, ItemStatus, NewItem
from bot.activities.models import ActivityKind, InnovationStatus, NewActivity
from bot.demo.personas import BUDI_ASN, FITRI_KETUA
from bot.emulator import FakeBotApi
from bot.org.models import Person
from bot.services import Services
from bot.texts import demo as texts

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def seed_year(
    services: Services, emulator: FakeBotApi, people: Mapping[str, Person], today: date
) -> None:
    zone = ZoneInfo(services.settings.timezone)
    fitri, budi = people[FITRI_KETUA], people[BUDI_ASN]
    unit = fitri.unit_id
    colleagues = [p for p in people.values() if p.unit_id == unit]
    start = datetime.combine(date(today.year, 1, 12), time(9), tzinfo=zone)

    stored = emulator.files.add(
        "document", PDF, filename=texts.DECREE_FILE, mime_type="application/pdf"
    )
    await services.decrees.record(
        unit, texts.DECREE_NUMBER.format(year=today.year), start.date(), "document",
        stored.file_id, fitri.id, start,
    )  # fmt: skip

    for months, activity, target, indicator, ketua in texts.PLAN_ITEMS:
        month = (today.month - 1 + months) % 12 + 1
        owner = fitri if ketua else budi
        item = await services.plans.add(
            unit,
            today.year,
            NewItem(activity, target, owner.id, month, indicator),
            fitri.id,
            start,
        )
        if months < 0:
            moved = await services.plans.set_status(item, ItemStatus.SELESAI, start)
            await services.plans.add_evidence(
                moved or item, EvidenceKind.TEXT, None, texts.PLAN_EVIDENCE, budi.id, start
            )
        elif months == 0:
            await services.plans.set_status(item, ItemStatus.BERJALAN, start)

    activities = services.activities
    at = datetime.combine(today - timedelta(days=10), time(14), tzinfo=zone)
    title, place = texts.SOSIALISASI
    sosialisasi = await activities.announce(
        unit, NewActivity(ActivityKind.SOSIALISASI, title, at, place), fitri.id, at
    )
    for number, person in enumerate(colleagues):
        await activities.attend(sosialisasi, person.id, at)
        if number < len(texts.TAKEAWAYS):
            await activities.set_takeaway(sosialisasi.id, person.id, texts.TAKEAWAYS[number])
    title, place = texts.DEKLARASI
    declaration = await activities.announce(
        unit, NewActivity(ActivityKind.DEKLARASI, title, start, place), fitri.id, start
    )
    for person in colleagues:
        if person.id != budi.id:  # Budi pledges in the demo himself (/ikrar)
            await activities.attend(declaration, person.id, start)
            await activities.pledge(person.id, unit, today.year, start)

    accepted, waiting = texts.INNOVATIONS
    proposal = await activities.propose(unit, budi.id, accepted, at)
    await activities.review(proposal, InnovationStatus.DITERIMA, fitri.id, at)
    await activities.propose(unit, fitri.id, waiting, at)
