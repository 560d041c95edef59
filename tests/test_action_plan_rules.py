"""The rencana aksi's pure rules: an item typed in one message, progress, the reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.action_plan.entry import EntryError, Fault, Field, parse_item, parse_month
from bot.action_plan.models import ItemStatus, NewItem, PlanItem
from bot.action_plan.progress import progress, reminder_due
from bot.org.models import KbkRole, Person

WIB = ZoneInfo("Asia/Jakarta")


def person(person_id: int, name: str) -> Person:
    return Person(
        id=person_id,
        nip=f"{person_id:018d}",
        name=name,
        position="Pelaksana",
        unit_id=1,
        unit_name="Dinas Kominfo",
        kbk_role=KbkRole.ANGGOTA,
        agen_perubahan=False,
        role_model=False,
        pemda_role=None,
        active=True,
        telegram_user_id=5000 + person_id,
        registered_at=None,
    )


PEOPLE = [
    person(1, "Budi Santoso, S.Kom."),
    person(2, "Drs. H. Budi Hartono, M.Si."),
    person(3, "Fitri Handayani, S.Kom., M.T."),
]


def test_an_item_in_one_message_with_a_misspelt_owner_and_a_month_name() -> None:
    text = (
        "Kegiatan: Apel pagi dengan yel-yel BerAKHLAK\n"
        "target : 4 kali sebulan\n"
        "Pelaksana: fitri handayni\n"
        "Bulan: mar\n"
        "Indikator:   daftar hadir   dan foto apel\n"
    )
    assert parse_item(text, PEOPLE) == NewItem(
        activity="Apel pagi dengan yel-yel BerAKHLAK",
        target="4 kali sebulan",
        owner_id=3,
        month=3,
        indicator="daftar hadir dan foto apel",
    )


def test_every_fault_is_named_at_once() -> None:
    text = "Kegiatan: Sosialisasi nilai\nPelaksana: Budi\nBulan: Maretan\n"
    error = parse_item(text, PEOPLE)
    assert isinstance(error, EntryError)
    assert set(error.faults) == {
        (Field.TARGET, Fault.MISSING),
        (Field.INDICATOR, Fault.MISSING),
        (Field.MONTH, Fault.BAD_MONTH),
        (Field.OWNER, Fault.MANY_OWNERS),
    }
    assert {p.id for p in error.candidates} == {1, 2}
    unknown = parse_item(text.replace("Budi", "Zainal Arifin"), PEOPLE)
    assert isinstance(unknown, EntryError)
    assert (Field.OWNER, Fault.NO_OWNER) in unknown.faults


def test_months_by_name_abbreviation_or_number() -> None:
    assert [parse_month(t) for t in ("Januari", "jun", "JUL.", "12", "03", "13", "ju", "")] == [
        1, 6, 7, 12, 3, None, None, None,
    ]  # fmt: skip


def _item(month: int, status: ItemStatus, *, evidence: int = 0) -> PlanItem:
    moment = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    return PlanItem(
        id=month,
        unit_id=1,
        year=2026,
        activity=f"Kegiatan {month}",
        target="1 kali",
        owner_id=3,
        owner_name="Fitri",
        month=month,
        indicator="laporan",
        status=status,
        status_since=moment,
        created_by=1,
        created_at=moment,
        reminded_at=None,
        evidence=evidence,
    )


def test_progress_counts_done_late_and_evidenced_items() -> None:
    items = [
        _item(2, ItemStatus.SELESAI, evidence=2),
        _item(3, ItemStatus.BERJALAN, evidence=1),  # March is over on 10 April: late
        _item(4, ItemStatus.DIRENCANAKAN),
        _item(5, ItemStatus.BATAL),
    ]
    done = progress(items, 2026, date(2026, 4, 10))
    assert (done.total, done.overdue, done.with_evidence) == (4, 1, 2)
    assert done.by_status[ItemStatus.SELESAI] == 1
    assert done.done_share == 1 / 3
    assert progress([], 2026, date(2026, 4, 10)).done_share is None


def test_the_owner_is_reminded_once_in_the_last_week_of_the_month() -> None:
    item = _item(4, ItemStatus.BERJALAN)
    at = [datetime(2026, 4, day, 2, 0, tzinfo=UTC) for day in (23, 24, 30)]
    assert [reminder_due(item, moment, WIB) for moment in at] == [False, True, True]
    assert not reminder_due(item, datetime(2026, 5, 1, 2, 0, tzinfo=UTC), WIB)
    reminded = replace(item, reminded_at=at[1])
    assert not reminder_due(reminded, at[2], WIB)
    assert not reminder_due(replace(item, status=ItemStatus.SELESAI), at[2], WIB)
