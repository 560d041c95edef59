"""The Admin Pemda's work in the chat, end to end through the emulator: a roster file sent
as a document (refused whole with every bad row, or checked and applied on "Terapkan"),
/undangan, /unit NAMA and /libur; each action in the audit log."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook, load_workbook

from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.schedule.calendar import OverrideKind
from tests.buttons import forged
from tests.conftest import RunningBot, set_now, wib
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    DEDI_ADMIN,
    FITRI_KETUA_KOMINFO,
    KOMINFO,
    SAMPLE_ROSTER,
    SUKAMAJU,
    import_sample_roster,
    registered,
)

NEW_NIP = "199901012024011001"


async def _admin(bot: RunningBot, fake: FakeBotApi, *others: str) -> dict[str, FakeUser]:
    await import_sample_roster(bot.services.org)
    return await registered(bot.services.org, fake, DEDI_ADMIN, *others)


async def _audit(bot: RunningBot) -> list[tuple[str, str]]:
    rows = await bot.services.db.fetchall("SELECT event, detail FROM audit_log ORDER BY id")
    return [(row["event"], row["detail"]) for row in rows]


async def _people(bot: RunningBot) -> list[tuple[str, str, int]]:
    rows = await bot.services.db.fetchall("SELECT nip, name, active FROM people ORDER BY nip")
    return [(row["nip"], row["name"], row["active"]) for row in rows]


async def _send_file(
    bot: RunningBot, fake: FakeBotApi, user: FakeUser, data: bytes, name: str, replies: int = 1
) -> list[SentMessage]:
    before = len(fake.messages_to(user))
    await fake.send_document(user, data, name)
    for _ in range(replies):
        await fake.wait_for_message(user, timeout=10)
    return fake.messages_to(user)[before:]


async def _press(fake: FakeBotApi, user: FakeUser, message: SentMessage, text: str) -> str:
    """Press ``text`` under ``message``; the text of the bot's next message."""
    before = len(fake.messages_to(user))
    query = await fake.press_button(user, message, text=text)
    answer = await fake.wait_for_callback_answer(query)
    assert not answer.show_alert, answer.text
    await fake.wait_for_message(user, timeout=10)
    return fake.messages_to(user)[before].text


def _sample_rows() -> list[list[str]]:
    text = SAMPLE_ROSTER.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8")


async def test_a_roster_with_bad_rows_changes_nothing_and_lists_every_problem(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    dedi = (await _admin(bot, fake))[DEDI_ADMIN]
    before = await _people(bot)
    rows = _sample_rows()
    rows[3][0] = "12345"  # line 4: a NIP too short
    rows[5][5] = "mungkin"  # line 6: agen_perubahan neither ya nor tidak
    rows.append([NEW_NIP, "Orang Baru", "", KOMINFO, "ketuaa", "iya", "tidak", ""])  # 2 faults
    [reply] = await _send_file(bot, fake, dedi, _csv(rows), "pegawai.csv")

    assert "tidak bisa diterapkan" in reply.text
    assert "tidak ada yang berubah" in reply.text
    assert "3 baris bermasalah" in reply.text
    assert "baris 4:" in reply.text
    assert 'baris 6: agen_perubahan harus "ya" atau "tidak" (tertulis "mungkin"' in reply.text
    last = len(rows)
    assert f'baris {last}: peran_kbk tidak dikenal: "ketuaa"' in reply.text
    assert f"baris {last}: kolom jabatan kosong (wajib diisi)" in reply.text
    assert reply.reply_markup is None  # nothing to apply
    assert await _people(bot) == before
    assert ("roster_checked", "pegawai.csv: refused, 3 bad rows") in await _audit(bot)


async def test_a_good_roster_is_checked_then_applied_on_terapkan(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    dedi = (await _admin(bot, fake))[DEDI_ADMIN]
    rows = _sample_rows()
    budi = next(row for row in rows if row[0] == BUDI_ANGGOTA_KOMINFO)
    rows.remove(budi)  # Budi leaves
    rows.append([NEW_NIP, "Wulan Sari, S.E.", "Staf", KOMINFO, "", "iya", "", ""])
    [report] = await _send_file(bot, fake, dedi, _csv(rows), "pegawai.csv")

    assert "semua baris benar" in report.text
    assert "baru 1" in report.text
    assert "dinonaktifkan 1" in report.text
    assert "Budi Santoso" in report.text  # who would be deactivated
    people = await _people(bot)
    assert NEW_NIP not in [nip for nip, _, _ in people]  # a dry run so far

    apply_data = report_button_data(report)
    done = await _press(fake, dedi, report, "✅ Terapkan")
    assert "Roster pegawai.csv diterapkan" in done
    after = {nip: (name, active) for nip, name, active in await _people(bot)}
    assert after[NEW_NIP] == ("Wulan Sari, S.E.", 1)
    assert after[BUDI_ANGGOTA_KOMINFO][1] == 0
    wulan = await bot.services.org.person_by_nip(NEW_NIP)
    assert wulan is not None
    assert wulan.agen_perubahan

    # The buttons are gone; the same draft cannot be applied twice.
    answer = await forged(fake, dedi, report, apply_data)
    assert answer.show_alert
    events = [event for event, _ in await _audit(bot)]
    assert events.count("roster_checked") == 1
    assert events.count("roster_applied") == 1


def report_button_data(message: SentMessage) -> str:
    assert message.reply_markup is not None
    return str(message.reply_markup["inline_keyboard"][0][0]["callback_data"])


async def test_an_xlsx_roster_is_read_and_batal_changes_nothing(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    dedi = (await _admin(bot, fake))[DEDI_ADMIN]
    before = await _people(bot)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in _sample_rows():
        sheet.append(row)
    sheet.append([int(NEW_NIP), "Tono", "Staf", SUKAMAJU, None, "ya", None, None])
    out = io.BytesIO()
    book.save(out)
    [report] = await _send_file(bot, fake, dedi, out.getvalue(), "pegawai.xlsx")
    assert "semua baris benar" in report.text
    assert "baru 1" in report.text

    cancelled = await _press(fake, dedi, report, "✖️ Batal")
    assert "tidak diterapkan" in cancelled
    assert await _people(bot) == before
    assert "roster_cancelled" in [event for event, _ in await _audit(bot)]


async def test_only_the_admin_may_send_a_roster(bot: RunningBot, fake: FakeBotApi) -> None:
    users = await _admin(bot, fake, FITRI_KETUA_KOMINFO)
    before = await _people(bot)
    [reply] = await _send_file(
        bot, fake, users[FITRI_KETUA_KOMINFO], _csv(_sample_rows()[:2]), "pegawai.csv"
    )
    assert "Hanya Admin Pemda" in reply.text
    assert await _people(bot) == before
    # An unreadable file from the admin: a clear message, nothing changed.
    [reply] = await _send_file(bot, fake, users[DEDI_ADMIN], b"PK\x03\x04junk", "pegawai.xlsx")
    assert "tidak bisa dibaca sebagai roster" in reply.text
    assert await _people(bot) == before


async def test_unit_names_who_has_not_joined_for_admin_and_own_leaders_only(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    users = await _admin(bot, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO)
    admin_view = await bot.ask(users[DEDI_ADMIN], f"/unit {KOMINFO.lower()}")
    assert "Belum bergabung" in admin_view.text
    assert "Rizky Ramadhan" in admin_view.text  # not registered
    assert "Budi Santoso" not in admin_view.text  # joined
    leader_view = await bot.ask(users[FITRI_KETUA_KOMINFO], "/unit")
    assert "Rizky Ramadhan" in leader_view.text
    other = await bot.ask(users[FITRI_KETUA_KOMINFO], f"/unit {SUKAMAJU}")
    assert "hanya bisa melihat anggota unit Anda sendiri" in other.text
    refused = await bot.ask(users[BUDI_ANGGOTA_KOMINFO], "/unit")
    assert "hanya untuk pengurus KBK dan Admin Pemda" in refused.text
    typo = await bot.ask(users[DEDI_ADMIN], "/unit Kecamatan Sukamaj")
    assert "Mungkin maksud Anda" in typo.text
    assert SUKAMAJU in typo.text


async def test_undangan_lists_links_and_reissues_in_one_tap(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    users = await _admin(bot, fake, BUDI_ANGGOTA_KOMINFO)
    dedi = users[DEDI_ADMIN]
    status = await bot.ask(dedi, f"/undangan {KOMINFO}")
    assert "belum bergabung" in status.text
    assert "Rizky Ramadhan" in status.text
    assert "belum ada tautan" in status.text
    assert "Budi Santoso" not in status.text

    query = await fake.press_button(dedi, status, text=status_button(status, "CSV"))
    await fake.wait_for_callback_answer(query)
    sent = await fake.wait_for_message(dedi, timeout=10)
    assert sent.document is not None
    assert str(sent.document.filename).endswith(".csv")
    rows = list(csv.reader(io.StringIO(sent.document.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["nip", "nama", "jabatan", "unit", "tautan", "berlaku_sampai"]
    names = [row[1] for row in rows[1:]]
    assert any(name.startswith("Rizky Ramadhan") for name in names)
    assert not any(name.startswith("Budi Santoso") for name in names)
    links = [row[4] for row in rows[1:]]
    assert all(link.startswith("https://t.me/") and "?start=" in link for link in links)

    # Who has not used theirs, with the expiry; one link works, the rest still wait.
    rizky = fake.make_user("Rizky")
    rizky_link = next(row[4] for row in rows[1:] if row[1].startswith("Rizky Ramadhan"))
    welcome = await bot.ask(rizky, "/start " + rizky_link.split("?start=")[1])
    assert "Rizky" in welcome.text
    again = await bot.ask(dedi, f"/undangan {KOMINFO}")
    assert "Rizky Ramadhan" not in again.text
    assert "belum dipakai" in again.text
    assert "berlaku s.d." in again.text

    # Re-issue as Excel: fresh links, the old ones stop working.
    query = await fake.press_button(dedi, again, text=status_button(again, "Excel"))
    await fake.wait_for_callback_answer(query)
    sheet_message = await fake.wait_for_message(dedi, timeout=10)
    assert sheet_message.document is not None
    sheet = load_workbook(io.BytesIO(sheet_message.document.data)).active
    assert sheet is not None
    fresh = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(fresh) == len(links) - 1
    assert not set(fresh) & set(links)
    stale = fake.make_user("Andi")
    old_link = next(link for link in links if link != rizky_link)
    refused = await bot.ask(stale, "/start " + old_link.split("?start=")[1])
    assert "sudah kedaluwarsa" in refused.text
    # One person by NIP: the same, for her alone.
    one = await bot.ask(dedi, "/undangan 198907052014021003")
    assert "Undangan Andi Pratama, S.Kom.: 1 orang belum bergabung" in one.text
    issued = [detail for event, detail in await _audit(bot) if event == "invites_issued"]
    assert issued == [
        f"{KOMINFO}: {len(links)} links (csv)",
        f"{KOMINFO}: {len(fresh)} links (xlsx)",
    ]


def status_button(message: SentMessage, label: str) -> str:
    assert message.reply_markup is not None
    for row in message.reply_markup["inline_keyboard"]:
        for button in row:
            if label in button["text"]:
                return str(button["text"])
    raise AssertionError(f"no {label} button")


async def test_undangan_and_libur_are_for_the_admin_only(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    users = await _admin(bot, fake, FITRI_KETUA_KOMINFO)
    fitri = users[FITRI_KETUA_KOMINFO]
    refused = await bot.ask(fitri, f"/undangan {KOMINFO}")
    assert "hanya untuk Admin Pemda" in refused.text
    assert "hanya untuk Admin Pemda" in (await bot.ask(fitri, "/libur")).text
    # The admin's invite button, copied into her client, is refused: nothing issued.
    status = await bot.ask(users[DEDI_ADMIN], f"/undangan {KOMINFO}")
    assert status.reply_markup is not None
    data = status.reply_markup["inline_keyboard"][0][0]["callback_data"]
    answer = await forged(fake, fitri, refused, data)
    assert answer.show_alert
    assert answer.text is not None
    assert "hanya untuk Admin Pemda" in answer.text
    assert "invites_issued" not in [event for event, _ in await _audit(bot)]


async def test_libur_shows_the_weeks_ahead_and_changes_days_after_confirmation(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    dedi = (await _admin(bot, fake))[DEDI_ADMIN]
    set_now(bot, wib(date(2026, 12, 14)))
    overview = await bot.ask(dedi, "/libur")
    assert "Hari Raya Natal" in overview.text or "Natal" in overview.text
    assert "Ketetapan Pemda sendiri" in overview.text

    question = await bot.ask(dedi, "/libur tambah 2026-12-22 HUT Kabupaten Contoh")
    assert "Jadikan" in question.text
    assert "Selasa, 22 Desember 2026" in question.text
    assert await bot.services.calendar.overrides() == []  # not before "Ya"
    done = await _press(fake, dedi, question, "✅ Ya")
    assert "kini hari libur Pemda: HUT Kabupaten Contoh" in done
    [ruling] = await bot.services.calendar.overrides()
    assert (ruling.day, ruling.kind) == (date(2026, 12, 22), OverrideKind.HOLIDAY)
    assert "HUT Kabupaten Contoh" in (await bot.ask(dedi, "/libur")).text

    remove = await bot.ask(dedi, "/libur hapus 22-12-2026")
    cancelled = await _press(fake, dedi, remove, "✖️ Batal")
    assert "kalender tidak berubah" in cancelled
    assert len(await bot.services.calendar.overrides()) == 1
    remove = await bot.ask(dedi, "/libur hapus 2026-12-22")
    removed = await _press(fake, dedi, remove, "✅ Ya")
    assert "dihapus" in removed
    assert await bot.services.calendar.overrides() == []

    assert "tidak dikenal" in (await bot.ask(dedi, "/libur tambah 2026-13-40 X")).text
    assert "Alasan tidak bisa dipakai" in (await bot.ask(dedi, "/libur kerja 2026-12-26")).text
    changes = [detail for event, detail in await _audit(bot) if event == "calendar_changed"]
    assert changes == ["libur 2026-12-22: HUT Kabupaten Contoh", "removed 2026-12-22"]
