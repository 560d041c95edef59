"""End to end: /sk shows the KBK's decree and its composition checked against the cited
article (a warning, never a block); the Ketua records the signed decree (number, date and
file, a wrong caption explained); the file comes back on request, and the decree's
attachment is a .docx of the roster's composition."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document

from bot.emulator import FakeBotApi
from bot.org.roster import parse_roster
from tests.conftest import RunningBot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    EUIS_KETUA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    SAMPLE_ROSTER,
    registered,
)
from tests.problem_helpers import UJANG_SEKRETARIS_SUKAMAJU, said

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def test_the_decree_its_composition_and_its_attachment(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    # Sukamaju's roster has no Sekretaris: Perbup Serang Pasal 7(1) lists one.
    text = SAMPLE_ROSTER.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith(UJANG_SEKRETARIS_SUKAMAJU)]
    parsed = parse_roster("\n".join(lines) + "\n")
    assert parsed.ok, parsed.problems
    await bot.services.org.import_roster(parsed.entries, datetime(2026, 11, 1, tzinfo=UTC))
    users = await registered(
        bot.services.org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO, EUIS_KETUA_SUKAMAJU
    )
    fitri, budi, euis = (
        users[FITRI_KETUA_KOMINFO],
        users[BUDI_ANGGOTA_KOMINFO],
        users[EUIS_KETUA_SUKAMAJU],
    )
    bot.services.clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))

    warned = await bot.ask(euis, "/sk")
    assert "⚠️ Belum ada Sekretaris di roster, padahal Perbup Serang 121/2022 Pasal 7 ayat (1)" in (
        warned.text
    )
    assert "tidak menghalangi" in warned.text
    refused = await bot.ask(budi, "/sk")
    assert refused.text.startswith("Perintah ini hanya untuk pengurus KBK")

    status = await bot.ask(fitri, "/sk")
    assert "SK pembentukan KBK Dinas Komunikasi dan Informatika" in status.text
    assert (
        "KBK ditetapkan dengan Keputusan Kepala Perangkat Daerah (Perbup Serang 121/2022 "
        "Pasal 6 ayat (2))" in status.text
    )
    assert "SK belum tercatat di bot." in status.text
    assert "• Penanggung jawab: Dr. Hendra Gunawan, S.T., M.Kom." in status.text
    assert (
        "🌟 Role Model: Dr. Hendra Gunawan, S.T., M.Kom., Kepala Perangkat Daerah" in status.text
    )
    assert "⚠️" not in status.text
    assert status.button_texts == ["📝 Catat SK", "📄 Lampiran susunan (.docx)"]

    # Recording: a text alone is not a decree; a wrong date is explained; then it is kept.
    await fake.press_button(fitri, status, text="📝 Catat SK")
    await said(fake, fitri, "Catat SK pembentukan KBK")
    await fake.send_message(fitri, "Nomor: 800/12/KOMINFO/2026")
    await said(fake, fitri, "Kirim berkas SK")
    caption = "Nomor: 800/12/KOMINFO/2026\nTanggal: 31-02-2026"
    await fake.send_document(
        fitri, PDF, "sk-kbk.pdf", caption=caption, mime_type="application/pdf"
    )
    assert "Tanggal:" in (await said(fake, fitri, "SK belum bisa dicatat")).html
    caption = "Nomor: 800/12/KOMINFO/2026\nTanggal: 05-01-2026"
    await fake.send_document(
        fitri, PDF, "sk-kbk.pdf", caption=caption, mime_type="application/pdf"
    )
    recorded = await said(fake, fitri, "tercatat beserta berkasnya")
    assert "800/12/KOMINFO/2026" in recorded.text
    assert "5 Januari 2026" in recorded.text

    await fake.send_message(fitri, "/sk")
    status = await said(fake, fitri, "SK pembentukan KBK")
    assert "Nomor: 800/12/KOMINFO/2026" in status.text
    await fake.press_button(fitri, status, text="📎 Berkas SK")
    kept = await fake.wait_for_message(fitri, lambda m: m.kind == "document")
    assert kept.document is not None
    assert kept.document.data == PDF

    await fake.press_button(fitri, status, text="📄 Lampiran susunan (.docx)")
    sent = await fake.wait_for_message(fitri, lambda m: m.kind == "document")
    assert sent.document is not None
    assert sent.document.filename == "lampiran-sk-kbk.docx"
    document = Document(io.BytesIO(sent.document.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "NOMOR 800/12/KOMINFO/2026" in paragraphs
    assert "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA," in paragraphs
    assert "Dr. Hendra Gunawan, S.T., M.Kom." in paragraphs  # the signer
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["No", "Nama / NIP", "Jabatan", "Kedudukan dalam KBK"]
    assert [r[3] for r in rows[1:5]] == [
        "Penanggung jawab",
        "Ketua (Agen Perubahan)",
        "Sekretaris",
        "Fasilitator",
    ]
    assert len(rows) == 1 + 8  # Kominfo's eight people
