"""End to end: the KBK's activities and rencana aksi in /laporan follow the rules of every
other figure: only days that are over, a running period marked and compared with nothing,
attendance and pledges behind the complementary threshold in the text and the workbook alike.

Kominfo has 8 people, all registered; the threshold is 3 people, so an attendance is shown
from 3 to 5 attendees (5 leaves 3 who did not come).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

import pytest

from bot.activities.models import Activity, ActivityKind, NewActivity
from bot.emulator import FakeBotApi
from tests.conftest import RunningBot, SettingsFactory, set_now, start_bot, stop_bot, wib
from tests.org_fixtures import FITRI_KETUA_KOMINFO, KOMINFO
from tests.report_fixtures import kominfo_team, report_messages, report_workbook


@pytest.fixture
async def bot3(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[RunningBot]:
    running = await start_bot(make_settings(report_min_people=3), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


async def _held(
    bot: RunningBot, title: str, at: datetime, attendees: list[int], tapped: datetime
) -> Activity:
    """A sosialisasi of Kominfo at ``at`` whose ``attendees`` confirmed at ``tapped``."""
    activities = bot.services.activities
    new = NewActivity(ActivityKind.SOSIALISASI, title, at, "Aula")
    activity = await activities.announce(await _unit(bot), new, attendees[0], wib(at.date(), 7))
    for person in attendees:
        await activities.attend(activity, person, tapped)
    return activity


async def test_running_week_marks_activities_and_compares_nothing(
    bot3: RunningBot, fake: FakeBotApi
) -> None:
    users, people = await kominfo_team(bot3, fake)
    fitri = users[FITRI_KETUA_KOMINFO]
    tuesday, friday = date(2026, 11, 17), date(2026, 11, 20)
    early = await _held(bot3, "Nilai Harmonis", wib(tuesday, 9), people[:4], wib(tuesday, 8))
    # A fifth confirmation the next day does not change the Tuesday's figure.
    await bot3.services.activities.attend(early, people[4], wib(date(2026, 11, 18), 10))
    await _held(bot3, "Nilai Loyal", wib(friday, 8), people[:5], wib(friday, 8, 30))
    set_now(bot3, wib(friday, 9, 5))

    *texts, caption = await report_messages(bot3, fake, fitri, "/laporan minggu ini")
    text = "\n".join(texts)
    assert "Kegiatan KBK (berjalan)" in text
    # Friday's activity is today's: it counts once the day is over.
    assert "Kegiatan: 1 (sosialisasi 1)" in text
    assert "Kehadiran: 4 kehadiran pada 1 kegiatan" in text
    assert "Hanya kegiatan pada hari yang sudah selesai" in text
    assert "Rencana aksi 2026 (berjalan)" in text
    assert "▲" not in text
    assert "▼" not in text
    assert "(berjalan)" in caption
    sheet = (await report_workbook(fake, fitri))["Kegiatan"]
    assert [c.value for c in sheet[2]][2:7] == ["Sosialisasi", "Nilai Harmonis", "Aula", 4, None]
    assert sheet.max_row == 2

    # The week once it is over: complete, both activities, the Tuesday's still 4.
    set_now(bot3, wib(date(2026, 11, 23), 8))
    text = "\n".join(await report_messages(bot3, fake, fitri, "/laporan"))
    assert "Kegiatan KBK\nKegiatan: 2 (sosialisasi 2)" in text
    assert "Kehadiran: 9 kehadiran pada 2 kegiatan" in text


async def test_small_attendance_withheld_in_text_and_workbook(
    bot3: RunningBot, fake: FakeBotApi
) -> None:
    users, people = await kominfo_team(bot3, fake)
    fitri = users[FITRI_KETUA_KOMINFO]
    days = [date(2026, 11, d) for d in (10, 11, 12)]
    # 2 came (too few); 4 came and 4 did not (shown); 6 came, so "all but 2" (too few).
    for day, count in zip(days, (2, 4, 6), strict=True):
        await _held(bot3, f"Sosialisasi {day.day}", wib(day, 9), people[:count], wib(day, 8))
    # Four pledged in October, one more in November.
    unit = await _unit(bot3)
    for person in people[:4]:
        await bot3.services.activities.pledge(person, unit, 2026, wib(date(2026, 10, 5)))
    await bot3.services.activities.pledge(people[4], unit, 2026, wib(date(2026, 11, 10)))
    set_now(bot3, wib(date(2026, 11, 16), 8))

    text = "\n".join(await report_messages(bot3, fake, fitri, "/laporan"))
    assert "Kegiatan: 3 (sosialisasi 3)" in text
    assert "Kehadiran: 4 kehadiran pada 1 kegiatan; 2 kegiatan lain ✱ terlalu sedikit data" in (
        text
    )
    assert "Ikrar nilai dan komitmen 2026 (sampai 31 Oktober 2026): 4 dari 8 pegawai" in text
    sheet = (await report_workbook(fake, fitri))["Kegiatan"]
    header = [c.value for c in sheet[1]]
    hadir, note = header.index("Hadir"), header.index("Keterangan")
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[3], r[hadir], r[note]) for r in rows] == [
        ("Sosialisasi 10", None, "terlalu sedikit data"),
        ("Sosialisasi 11", 4, None),
        ("Sosialisasi 12", None, "terlalu sedikit data"),
    ]
    assert sheet.cell(row=3, column=hadir + 1).data_type == "n"
    assert isinstance(rows[0][0], datetime)  # a date cell, with its year
    assert rows[0][0].date() == days[0]

    # November's one pledge would be October's figure subtracted from November's: the
    # year's figure is withheld from then on rather than give it away.
    set_now(bot3, wib(date(2026, 12, 1), 8))
    text = "\n".join(await report_messages(bot3, fake, fitri, "/laporan bulan"))
    assert "Ikrar nilai dan komitmen 2026 (sampai 30 November 2026): terlalu sedikit data" in text
    assert "5 dari 8" not in text


async def _unit(bot: RunningBot) -> int:
    unit = await bot.services.org.unit_by_name(KOMINFO)
    assert unit is not None
    return unit.id
