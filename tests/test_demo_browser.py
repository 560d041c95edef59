"""The demo in a real browser: Debian's Chromium (``make test`` installs it), driven by
Playwright, against ``budaya-bot demo`` started as an operator starts it.

With ``DEMO_SCREENSHOTS=docs`` (``make screenshots``) the main screens are also saved
there, for the README; a normal run writes nothing.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Locator, Page, expect, sync_playwright

from tests.test_demo_cli import DemoProcess

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
"""Headless, and quiet: no calls home from a machine that may have no network; /tmp rather
than a container's small /dev/shm."""
SCREENSHOTS = os.environ.get("DEMO_SCREENSHOTS")
WAIT_MS = 15_000

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    demo = DemoProcess(["demo", "--port", "0"], tmp_path_factory.mktemp("demo"))
    try:
        yield demo.wait_for_address()
    finally:
        code = demo.stop()
    assert code == 0, demo.output
    assert "Traceback" not in demo.output, demo.output


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make chromium` installs Debian's"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser, demo_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = getattr(request, "param", (1280, 800))
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(demo_url)
    yield page
    context.close()
    assert problems == []  # no script errors, no Content-Security-Policy violations


def person(page: Page, name: str) -> Locator:
    return page.locator(".person", has_text=name)


def message_with(page: Page, text: str) -> Locator:
    """The bubble showing ``text`` now, followed by its id (it keeps it through edits)."""
    found = page.locator(".msg.bot", has_text=text).last
    expect(found).to_be_visible()
    return page.locator(f'.msg[data-id="{found.get_attribute("data-id")}"]')


def say(page: Page, text: str) -> None:
    box = page.get_by_placeholder("Tulis pesan…")
    box.fill(text)
    box.press("Enter")


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        expect(page.locator(".keyboard button:disabled")).to_have_count(0)  # taps settled
        page.evaluate("document.getElementById('toast').hidden = true")
        page.mouse.move(1, 799)  # no hover highlight
        page.wait_for_timeout(300)  # the last scroll
        page.screenshot(path=str(Path(SCREENSHOTS) / name))


def test_checkin_then_the_ketuas_report_then_next_morning(page: Page) -> None:
    # I am Budi, an ASN: this morning's reminder is waiting.
    expect(person(page, "Budi Santoso")).to_have_attribute("aria-current", "true")
    expect(page.get_by_text("Selamat pagi, Budi Santoso!")).to_be_visible()

    say(page, "/checkin")
    expect(page.locator(".msg.user").last).to_have_text(re.compile(r"^/checkin"))
    checkin = message_with(page, "Sudahkah Anda menerapkannya hari ini?")
    checkin.get_by_role("button", name="✅ Sudah").click()
    expect(page.locator("#toast")).to_have_text("Tercatat: ✅ Sudah")
    expect(checkin).to_contain_text("Jawaban Anda: ✅ Sudah")
    expect(checkin.locator(".meta")).to_contain_text("diedit")

    checkin.get_by_role("button", name=re.compile(r"^⬜ 1\. ")).click()
    expect(checkin).to_contain_text("Ditandai: 1 perilaku")
    expect(checkin.get_by_role("button", name=re.compile(r"^☑️ 1\. "))).to_be_visible()
    checkin.get_by_role("button", name="Selesai ➡️").click()
    expect(checkin).to_contain_text("Adakah yang terlewat hari ini?")
    checkin.get_by_role("button", name="👍 Tidak ada yang terlewat").click()
    expect(checkin).to_contain_text("Mau menulis catatan singkat")
    say(page, "Membantu warga mengisi formulir pengaduan daring.")
    # The note sounds like a behaviour of another value: the bot offers to mark it.
    suggestion = message_with(page, "Catatan tersimpan.")
    expect(suggestion).to_contain_text("Sepertinya ini tentang perilaku")
    suggestion.get_by_role("button", name="✅ Ya, tandai").click()
    saved = message_with(page, "tersimpan")
    expect(saved).to_contain_text("Catatan: Membantu warga mengisi formulir pengaduan daring.")
    expect(saved).to_contain_text("Perilaku yang dipraktikkan (2)")
    screenshot(page, "demo-checkin.png")

    # Now I am Fitri, the Ketua KBK of the same Dinas: her own chat, her own menu.
    person(page, "Fitri Handayani").click()
    expect(page.locator("#chat-sub")).to_contain_text("Fitri Handayani")
    expect(page.get_by_text("Selamat pagi, Fitri Handayani!")).to_be_visible()
    expect(page.get_by_text("Jawaban: ✅ Sudah")).to_have_count(0)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("menuitem", name="/laporan Ringkasan KBK").click()
    expect(page.get_by_text("Laporan KBK Dinas Komunikasi dan Informatika")).to_be_visible()

    chart = message_with(page, "Partisipasi per hari kerja").locator("img.photo")
    expect(chart).to_be_visible()
    loaded = "img => img.complete && img.naturalWidth > 400"
    page.wait_for_function(loaded, arg=chart.element_handle())
    chart.click()
    expect(page.locator("#viewer-img")).to_have_attribute("src", chart.get_attribute("src") or "")
    page.keyboard.press("Escape")
    expect(page.locator("#viewer")).to_be_hidden()

    page.get_by_role("button", name="📊 Unduh Excel").click()
    workbook = page.locator(".msg.bot .document").last
    expect(workbook).to_contain_text(".xlsx")
    with page.expect_download() as download:
        workbook.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a real xlsx (zip)
    chart.scroll_into_view_if_needed()
    screenshot(page, "demo-laporan.png")

    # Next working morning: reminders, the problem the Agen did not take up escalates to
    # Fitri, and the weekly digest arrives; Budi has news too.
    morning = page.get_by_role("button", name="Besok pagi")
    morning.click()
    expect(page.locator("#clock-now")).to_have_text("Memajukan waktu…")
    expect(morning).to_be_enabled()  # the jump is over: every job it ran is done
    expect(page.locator("#clock-now")).to_contain_text("07.45")
    expect(message_with(page, "Eskalasi masalah LP-0003")).to_contain_text("Budi Santoso")
    expect(page.locator(".msg.bot b", has_text="Ringkasan mingguan")).to_be_visible()
    expect(person(page, "Budi Santoso").locator(".unread")).to_be_visible()
    page.locator(".msg.bot", has_text="Eskalasi masalah LP-0003").scroll_into_view_if_needed()
    screenshot(page, "demo-pagi.png")


def test_command_links_and_sending_a_photo(page: Page) -> None:
    page.get_by_text("Pegawai lain").click()
    person(page, "Maya Sari").click()
    expect(page.locator("#chat-sub")).to_contain_text("Maya Sari")
    reminder = message_with(page, "Selamat pagi, Maya Sari!")
    reminder.locator("a.cmd", has_text="/atur").click()
    expect(page.locator(".msg.user").last).to_have_text(re.compile(r"^/atur"))
    expect(page.locator(".msg.bot").last).not_to_contain_text("Selamat pagi, Maya Sari!")

    photo: FilePayload = {"name": "foto.png", "mimeType": "image/png", "buffer": png()}
    page.set_input_files("#file-input", files=[photo])
    sent = page.locator(".msg.user img.photo").last
    expect(sent).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 8", arg=sent.element_handle()
    )


PHONE = (390, 844)


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_on_a_phone_the_chat_takes_the_screen_and_the_panel_folds_away(page: Page) -> None:
    width, height = PHONE
    side, chat = page.locator("#side"), page.locator("#messages")
    expect(page.get_by_text("Selamat pagi, Budi Santoso!").last).to_be_visible()
    expect(side).to_be_hidden()
    box = chat.bounding_box()
    assert box is not None
    assert box["width"] >= width - 2
    assert box["height"] >= 0.6 * height  # the messages, not the panel, fill the screen

    # ☰ opens the panel over the chat; choosing someone folds it away again.
    toggle = page.get_by_role("button", name="Pilih orang dan jam bot")
    toggle.click()
    expect(side).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    person(page, "Lestari Wulandari").click()
    expect(side).to_be_hidden()
    sub = page.locator("#chat-sub")
    expect(sub).to_contain_text("Lestari Wulandari, S.I.Kom. · Belum bergabung")

    # Someone not joined yet: the empty chat says how, and the invite link works.
    expect(page.locator(".empty")).to_contain_text("belum memakai bot")
    page.get_by_role("button", name="Buka tautan undangan").click()
    expect(page.locator(".msg.user").last).to_have_text(re.compile(r"^/start "))
    expect(message_with(page, "Lestari")).to_be_visible()
    bubble = page.locator(".msg.bot").last.bounding_box()
    assert bubble is not None
    assert bubble["x"] + bubble["width"] <= width  # nothing runs off the screen


def png() -> bytes:
    """An 8x8 blue PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    rows = b"".join(b"\0" + b"\x33\x90\xec" * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
