"""The demo's web API, as the chat page (or a hostile page) uses it: one demo in this
process, the real bot behind it, driven over HTTP."""

from __future__ import annotations

import asyncio
import io
import struct
import zlib
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot.config import Settings
from bot.demo.server import Demo, running_demo
from bot.emulator import SentMessage
from tests.conftest import CONTENT_FILE, wib

pytestmark = pytest.mark.asyncio(loop_scope="module")

THURSDAY = date(2026, 3, 12)
"""The real "today" of these tests: the demo starts on the Friday before (the week's last
working day), 6 March 2026, at 09.00."""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def demo() -> AsyncIterator[Demo]:
    settings = Settings(_env_file=None, content_file=CONTENT_FILE)
    async with running_demo(settings, now=wib(THURSDAY, 10)) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="module")
async def http(demo: Demo) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=demo.url) as session:
        yield session


def user_id(demo: Demo, name: str) -> int:
    return next(p.user.id for p in demo.people if p.person.name.startswith(name))


async def chat(http: aiohttp.ClientSession, user: int) -> dict[str, Any]:
    async with http.get(f"/api/chat/{user}") as response:
        assert response.status == 200
        body: dict[str, Any] = await response.json()
        return body


async def refused(response: aiohttp.ClientResponse, status: int, says: str) -> None:
    assert response.status == status
    assert says in await response.text()


async def test_the_page_and_who_i_can_be(demo: Demo, http: aiohttp.ClientSession) -> None:
    assert demo.url.startswith("http://127.0.0.1:")
    async with http.get("/") as page:
        assert page.status == 200
        assert "Demo Budaya Kerja Bot" in await page.text()
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Content-Type-Options"] == "nosniff"
    async with http.get("/static/chat.js") as script:
        assert script.status == 200
    async with http.get("/api/people") as response:
        people = await response.json()
    assert people["clock"] == "Jumat, 6 Maret 2026 · 09.00 WIB"
    assert people["ui"]["morning"] == "Besok pagi"
    featured = [(p["name"], p["role"]) for p in people["people"] if p["featured"]]
    assert featured == [
        ("Budi Santoso", "ASN · anggota KBK"),
        ("Rizky Ramadhan, S.T.", "Agen Perubahan"),
        ("Fitri Handayani, S.Kom., M.T.", "Ketua KBK · Agen Perubahan"),
        ("Dr. Hendra Gunawan, S.T., M.Kom.", "Kepala Dinas · penanggung jawab KBK"),
        ("Dedi Kurniawan, S.Kom.", "Admin Pemda"),
        ("Lestari Wulandari, S.I.Kom.", "Belum bergabung"),
    ]
    assert len(people["people"]) == 40  # the whole sample roster


async def test_a_chat_starts_with_the_mornings_reminder_and_a_full_menu(
    demo: Demo, http: aiohttp.ClientSession
) -> None:
    state = await chat(http, user_id(demo, "Dedi"))
    first = state["messages"][0]
    assert first["from"] == "bot"
    assert "<b>Selamat pagi, Dedi Kurniawan!</b>" in first["html"]
    assert first["day"] == "Jumat, 6 Maret 2026"
    assert [b["text"] for b in first["keyboard"][0]] == ["✅ Sudah", "🔸 Sebagian", "❌ Belum"]
    commands = [c["command"] for c in state["commands"]]
    assert {"/checkin", "/laporan", "/masalah"} <= set(commands)  # the admin's own menu


async def test_sending_and_tapping_reach_the_bot(demo: Demo, http: aiohttp.ClientSession) -> None:
    budi = user_id(demo, "Budi")
    async with http.post(f"/api/chat/{budi}/send", json={"text": "/riwayat"}) as response:
        assert response.status == 200
    await demo.emulator.wait_for_message(budi, lambda m: "Runtun" in m.text, timeout=5)
    state = await chat(http, budi)
    mine = [m for m in state["messages"] if m["from"] == "user"]
    assert 'data-command="/riwayat"' in mine[-1]["html"]

    reminder = demo.emulator.messages_to(budi)[0]
    sudah = reminder.find_button("✅ Sudah").callback_data
    press = {"message_id": reminder.message_id, "data": sudah}
    async with http.post(f"/api/chat/{budi}/press", json=press) as response:
        assert response.status == 200
    for _ in range(50):
        answers = (await chat(http, budi))["answers"]
        if answers:
            break
        await asyncio.sleep(0.1)
    assert answers[-1]["text"] == "Tercatat: ✅ Sudah"


async def test_bad_requests_get_a_clear_answer(demo: Demo, http: aiohttp.ClientSession) -> None:
    rizky = user_id(demo, "Rizky")
    before = len(demo.emulator.incoming_messages(rizky))
    async with http.get("/api/chat/999") as response:
        await refused(response, 404, "tidak ada di demo")
    async with http.post("/api/chat/abc/send", json={"text": "halo"}) as response:
        await refused(response, 404, "tidak ada di demo")
    async with http.post(f"/api/chat/{rizky}/send", data=b"{oops") as response:
        await refused(response, 415, "JSON")
    bad_json = {"Content-Type": "application/json"}
    async with http.post(f"/api/chat/{rizky}/send", data=b"{oops", headers=bad_json) as response:
        await refused(response, 400, "JSON tidak bisa dibaca")
    async with http.post(f"/api/chat/{rizky}/send", json=["halo"]) as response:
        await refused(response, 400, "objek JSON")
    async with http.post(f"/api/chat/{rizky}/send", json={"text": "   "}) as response:
        await refused(response, 400, "1 sampai 4096")
    async with http.post(f"/api/chat/{rizky}/send", json={"text": "😀" * 2049}) as response:
        await refused(response, 400, "1 sampai 4096")  # 4098 UTF-16 units, as Telegram counts
    async with http.post("/api/time", json={"to": "kemarin"}) as response:
        await refused(response, 400, "pagi atau sore")
    async with http.get("/api/file/NOPE") as response:
        await refused(response, 404, "Berkas itu tidak ada")
    assert len(demo.emulator.incoming_messages(rizky)) == before  # nothing reached the bot


async def test_a_forged_or_foreign_button_is_refused(
    demo: Demo, http: aiohttp.ClientSession
) -> None:
    rizky, hendra = user_id(demo, "Rizky"), user_id(demo, "Dr. Hendra")
    reminder: SentMessage = demo.emulator.messages_to(rizky)[0]
    presses = len(demo.emulator.pressed_buttons)
    forged = {"message_id": reminder.message_id, "data": "ci:1:20260306:x"}
    async with http.post(f"/api/chat/{rizky}/press", json=forged) as response:
        await refused(response, 400, "Tombol itu tidak ada")
    # A real button, but of somebody else's chat: not mine to press.
    theirs = demo.emulator.messages_to(hendra)[0]
    foreign = {"message_id": theirs.message_id + 1000, "data": theirs.callback_data[0]}
    async with http.post(f"/api/chat/{rizky}/press", json=foreign) as response:
        await refused(response, 400, "Tombol itu tidak ada")
    assert len(demo.emulator.pressed_buttons) == presses


async def test_another_site_cannot_drive_the_demo(demo: Demo, http: aiohttp.ClientSession) -> None:
    maya = user_id(demo, "Maya")
    evil = {"Origin": "https://contoh-jahat.example"}
    async with http.post(f"/api/chat/{maya}/send", json={"text": "/start"}, headers=evil) as r:
        await refused(r, 403, "situs lain")
    form = aiohttp.FormData()
    form.add_field("file", b"GIF89a", filename="a.gif")
    async with http.post(f"/api/chat/{maya}/upload", data=form, headers=evil) as response:
        await refused(response, 403, "situs lain")
    # A page of another site that a DNS trick points at 127.0.0.1 names its own host.
    rebound = {"Host": f"contoh-jahat.example:{demo.emulator.port}"}
    async with http.get("/api/people", headers=rebound) as response:
        await refused(response, 421, "127.0.0.1")
    assert demo.emulator.incoming_messages(maya) == []


async def test_uploads_arrive_as_photos_or_documents(
    demo: Demo, http: aiohttp.ClientSession
) -> None:
    andi = user_id(demo, "Andi")
    photo = aiohttp.FormData()
    photo.add_field("file", tiny_png(), filename="foto.png", content_type="image/png")
    async with http.post(f"/api/chat/{andi}/upload", data=photo) as response:
        assert response.status == 200
    svg = (Path(__file__).parents[1] / "bot" / "demo" / "static" / "icon.svg").read_bytes()
    document = aiohttp.FormData()
    document.add_field("file", svg, filename="ikon.svg", content_type="image/svg+xml")
    document.add_field("caption", "Berkas untuk Anda")
    async with http.post(f"/api/chat/{andi}/upload", data=document) as response:
        assert response.status == 200
    state = await chat(http, andi)
    shown, sent = [m for m in state["messages"] if m["from"] == "user"][-2:]
    assert shown["kind"] == "photo"
    async with http.get(shown["photo"]) as image:
        assert image.headers["Content-Type"] == "image/png"
        assert await image.read() == tiny_png()
    assert sent["kind"] == "document"  # SVG is never shown inline on this origin
    assert sent["document"]["name"] == "ikon.svg"
    assert sent["html"] == "Berkas untuk Anda"
    async with http.get(sent["document"]["url"]) as download:
        assert download.status == 200
        assert download.headers["Content-Disposition"] == 'attachment; filename="ikon.svg"'
        assert await download.read() == svg

    empty = aiohttp.FormData()
    empty.add_field("file", b"", filename="kosong.txt")
    async with http.post(f"/api/chat/{andi}/upload", data=empty) as response:
        await refused(response, 400, "Tidak ada berkas")
    async with http.post(f"/api/chat/{andi}/upload", json={"file": "x"}) as response:
        await refused(response, 400, "tidak bisa dibaca")
    big = aiohttp.FormData()
    big.add_field("file", io.BytesIO(b"\0" * (20 * 1024 * 1024 + 1)), filename="besar.bin")
    async with http.post(f"/api/chat/{andi}/upload", data=big) as response:
        await refused(response, 413, "terlalu besar")
    assert len([m for m in (await chat(http, andi))["messages"] if m["from"] == "user"]) == 2


def tiny_png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


async def test_next_morning_brings_the_reminders_escalation_and_digest(
    demo: Demo, http: aiohttp.ClientSession
) -> None:
    fitri = user_id(demo, "Fitri")
    async with http.post("/api/time", json={"to": "pagi"}) as response:
        assert response.status == 200
        moved = await response.json()
    assert moved["clock"] == "Senin, 9 Maret 2026 · 07.45 WIB"
    texts = [m.text for m in demo.emulator.messages_to(fitri)]
    assert any(t.startswith("⬆️ Eskalasi masalah LP-0003") for t in texts)
    assert any(
        t.startswith("☀️ Selamat pagi, Fitri Handayani!\nSenin, 9 Maret 2026") for t in texts
    )
    assert any(t.startswith("Ringkasan mingguan") for t in texts)
    state = await chat(http, fitri)
    assert state["clock"] == moved["clock"]
    assert state["messages"][-1]["day"] == "Senin, 9 Maret 2026"

    # The colleagues nobody plays checked in on Friday (the day the demo started on).
    assert await _colleague_checkins(demo, date(2026, 3, 6)) > 10
    assert await _colleague_checkins(demo, date(2026, 3, 9)) == 0  # 07.45: not yet

    async with http.post("/api/time", json={"to": "sore"}) as response:
        assert (await response.json())["clock"] == "Senin, 9 Maret 2026 · 15.45 WIB"
    monday = await _colleague_checkins(demo, date(2026, 3, 9))
    assert monday > 10

    # Who checked in gets no afternoon nudge; Hendra, whom nobody played today, does.
    def nudged(user: int) -> bool:
        return any(
            "sudahkah Anda menjalankan perilaku hari ini?" in m.text
            and "Senin, 9 Maret 2026" in m.text
            for m in demo.emulator.messages_to(user)
        )

    assert nudged(user_id(demo, "Dr. Hendra"))
    colleague = await demo.app.bot_data.services.db.fetchval(
        "SELECT p.telegram_user_id FROM checkins c JOIN people p ON p.id = c.person_id"
        " WHERE c.day = '2026-03-09' ORDER BY p.id LIMIT 1"
    )
    assert not nudged(int(colleague))


async def _colleague_checkins(demo: Demo, day: date) -> int:
    featured = tuple(p.person.id for p in demo.people if p.featured)
    marks = ",".join("?" * len(featured))
    count = await demo.app.bot_data.services.db.fetchval(
        f"SELECT COUNT(*) FROM checkins WHERE day = ? AND person_id NOT IN ({marks})",
        (day.isoformat(), *featured),
    )
    return int(count)


async def test_someone_not_joined_yet_joins_with_the_invite_link(
    demo: Demo, http: aiohttp.ClientSession
) -> None:
    async with http.get("/api/people") as response:
        people = (await response.json())["people"]
    lestari = next(p for p in people if p["name"].startswith("Lestari"))
    assert "belum memakai bot" in lestari["hint"]
    assert "198704112011012009" in lestari["hint"]  # the NIP way, too
    assert lestari["invite"].startswith("/start ")
    state = await chat(http, lestari["id"])
    assert state["messages"] == []
    async with http.post(
        f"/api/chat/{lestari['id']}/send", json={"text": lestari["invite"]}
    ) as response:
        assert response.status == 200
    welcome = await demo.emulator.wait_for_message(lestari["id"], timeout=10)
    assert "Lestari" in welcome.text
    person = await demo.app.bot_data.services.org.person_by_nip("198704112011012009")
    assert person is not None
    assert person.registered


async def test_the_kbk_year_is_seeded(demo: Demo, http: aiohttp.ClientSession) -> None:
    """The Ketua finds the decree and the rencana aksi of the year; its file comes back."""
    fitri = user_id(demo, "Fitri")
    async with http.post(f"/api/chat/{fitri}/send", json={"text": "/rencana"}) as response:
        assert response.status == 200
    plan = await demo.emulator.wait_for_message(
        fitri, lambda m: "Rencana aksi KBK" in m.text, timeout=5
    )
    assert "3 kegiatan: 1 selesai" in plan.text
    async with http.post(f"/api/chat/{fitri}/send", json={"text": "/sk"}) as response:
        assert response.status == 200
    decree = await demo.emulator.wait_for_message(
        fitri, lambda m: "SK pembentukan KBK" in m.text, timeout=5
    )
    assert "Nomor: 800/014/KBK/DISKOMINFO/2026" in decree.text
    file = decree.find_button("📎 Berkas SK").callback_data
    press = {"message_id": decree.message_id, "data": file}
    async with http.post(f"/api/chat/{fitri}/press", json=press) as response:
        assert response.status == 200
    sent = await demo.emulator.wait_for_message(fitri, lambda m: m.kind == "document", timeout=5)
    assert sent.document is not None
    assert sent.document.data.startswith(b"%PDF")
