"""Check-ins written straight into the store, and a KBK's leaders asking for /laporan and its
workbook, for tests of the summaries."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook, load_workbook

from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.storage import Database
from tests.conftest import RunningBot
from tests.org_fixtures import (
    DEDI_ADMIN,
    EUIS_KETUA_SUKAMAJU,
    KOMINFO,
    import_sample_roster,
    registered,
)

STAMP = "2026-08-01T00:00:00+00:00"


async def add_checkin(
    db: Database,
    person_id: int,
    day: date,
    value_id: str,
    answer: str,
    *,
    behaviour_id: str | None = None,
    practised: Sequence[str] = (),
    malu: Sequence[str] = (),
) -> None:
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "INSERT INTO checkins (person_id, day, value_id, behaviour_id, answer, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                person_id,
                day.isoformat(),
                value_id,
                behaviour_id or f"{value_id}.1",
                answer,
                STAMP,
                STAMP,
            ),
        )
        assert row is not None
        for behaviour in practised:
            await tx.execute(
                "INSERT INTO checkin_behaviours (checkin_id, person_id, day, behaviour_id)"
                " VALUES (?, ?, ?, ?)",
                (row[0], person_id, day.isoformat(), behaviour),
            )
        for item in malu:
            await tx.execute(
                "INSERT INTO checkin_malu (checkin_id, person_id, day, malu_id)"
                " VALUES (?, ?, ?, ?)",
                (row[0], person_id, day.isoformat(), item),
            )


async def kominfo_team(bot: RunningBot, fake: FakeBotApi) -> tuple[dict[str, FakeUser], list[int]]:
    """The roster, every Kominfo member registered, Dedi (Pemda) and Euis (Sukamaju)."""
    org = bot.services.org
    await import_sample_roster(org)
    unit = await org.unit_by_name(KOMINFO)
    assert unit is not None
    people = await org.people_of_unit(unit.id)
    users = await registered(org, fake, *(p.nip for p in people), DEDI_ADMIN, EUIS_KETUA_SUKAMAJU)
    return users, [p.id for p in people]


async def report_messages(
    bot: RunningBot, fake: FakeBotApi, user: FakeUser, command: str
) -> list[str]:
    """The text messages of a /laporan (without its chart), and the chart message last."""
    await fake.send_message(user, command)
    texts: list[str] = []
    while True:
        message = await fake.wait_for_message(user)
        if message.kind == "photo":
            return [*texts, message.text]
        texts.append(message.text)


def chart_message(fake: FakeBotApi, user: FakeUser) -> SentMessage:
    return [m for m in fake.messages_to(user) if m.kind == "photo"][-1]


async def report_workbook(fake: FakeBotApi, user: FakeUser) -> Workbook:
    chart = chart_message(fake, user)
    query = await fake.press_button(user, chart, text="📊 Unduh Excel")
    await fake.wait_for_callback_answer(query)
    document = await fake.wait_for_message(user)
    assert document.document is not None
    return load_workbook(io.BytesIO(document.document.data))
