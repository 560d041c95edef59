"""What the demo page is given to draw, and where its clock jumps: pure functions."""

from __future__ import annotations

from datetime import date, time

from bot.demo.personas import display_name
from bot.demo.render import message_html, safe_url
from bot.demo.timeshift import Jump, jump_target, start_day
from bot.schedule.calendar import WorkCalendar
from tests.conftest import WIB, wib

MORNING, AFTERNOON = time(7, 30), time(15, 30)


def entity(kind: str, offset: int, length: int, **extra: str) -> dict[str, object]:
    return {"type": kind, "offset": offset, "length": length, **extra}


def test_formatting_is_rebuilt_and_everything_else_escaped() -> None:
    text = "Nilai <b>bukan</b> tag & Kolaboratif"
    html = message_html(text, [entity("bold", 25, 11), entity("italic", 0, 5)])
    assert html == "<i>Nilai</i> &lt;b&gt;bukan&lt;/b&gt; tag &amp; <b>Kolaboratif</b>"


def test_offsets_count_utf16_units_as_telegram_does() -> None:
    # "😀" is 2 UTF-16 units and "☀️" (sun + variation selector) 2: offsets count them so.
    assert message_html("😀 Budi", [entity("bold", 3, 4)]) == "😀 <b>Budi</b>"
    html = message_html("☀️ Selamat pagi, Budi!", [entity("bold", 0, 22)])
    assert html == "<b>☀️ Selamat pagi, Budi!</b>"


def test_overlapping_entities_stay_well_nested() -> None:
    html = message_html("abcdef", [entity("bold", 0, 4), entity("italic", 2, 4)])
    assert html == "<b>ab<i>cd</i></b><i>ef</i>"


def test_links_only_to_web_mail_and_telegram() -> None:
    good = message_html("lihat", [entity("text_link", 0, 5, url="https://jdih.go.id")])
    assert good.startswith('<a href="https://jdih.go.id" target="_blank" rel="noopener')
    bad = message_html("klik", [entity("text_link", 0, 4, url="javascript:alert(1)")])
    assert bad == "klik"
    assert safe_url("  tg://resolve?domain=x ") == "tg://resolve?domain=x"
    assert safe_url("data:text/html,<script>") is None
    quoted = message_html("x", [entity("text_link", 0, 1, url='https://a.id/"><script>')])
    assert "<script>" not in quoted
    assert "&quot;&gt;&lt;script&gt;" in quoted


def test_commands_in_text_become_tappable_but_not_in_code() -> None:
    html = message_html("Ketik /checkin atau /riwayat, bukan a/b.", [])
    assert html.count('class="cmd"') == 2
    assert 'data-command="/checkin">/checkin</a>' in html
    assert "a/b" in html
    assert message_html("/laporan", [entity("code", 0, 8)]) == "<code>/laporan</code>"


def test_broken_entities_are_ignored() -> None:
    broken = [
        entity("bold", 3, 100),
        {"type": "bold", "offset": "0", "length": 2},
        entity("unknown", 0, 2),
        entity("italic", -5, 6),
        entity("bold", 1, 0),
    ]
    assert message_html("abcd", broken) == "<i>a</i>bc<b>d</b>"


def test_telegram_names_from_roster_names() -> None:
    assert display_name("Dr. Hendra Gunawan, S.T., M.Kom.") == ("Hendra", "Gunawan")
    assert display_name("Budi Santoso") == ("Budi", "Santoso")
    assert display_name("apt. Rahmat Hidayat, S.Farm.") == ("Rahmat", "Hidayat")
    assert display_name("Tuti") == ("Tuti", None)


def test_the_demo_starts_on_the_last_working_day_of_a_week() -> None:
    calendar = WorkCalendar()
    assert start_day(date(2026, 3, 12), calendar) == date(2026, 3, 6)  # Thu -> last Friday
    assert start_day(date(2026, 3, 14), calendar) == date(2026, 3, 13)  # Sat -> that Friday
    # Good Friday 2026 (3 April) is a national holiday: the week ends on Thursday.
    assert start_day(date(2026, 4, 8), calendar) == date(2026, 4, 2)


def test_jumps_land_after_the_reminders_on_working_days() -> None:
    calendar = WorkCalendar()

    def target(jump: Jump, day: date, hour: int) -> tuple[date, time]:
        moment = jump_target(jump, wib(day, hour), WIB, calendar, MORNING, AFTERNOON)
        return moment.date(), moment.time()

    friday, monday = date(2026, 3, 6), date(2026, 3, 9)
    assert target(Jump.MORNING, friday, 9) == (monday, time(7, 45))
    assert target(Jump.AFTERNOON, friday, 9) == (friday, time(15, 45))
    assert target(Jump.AFTERNOON, friday, 16) == (monday, time(15, 45))
    assert target(Jump.MORNING, date(2026, 3, 7), 9) == (monday, time(7, 45))  # a Saturday
