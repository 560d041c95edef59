"""Texts of /lapor, /laporanku, /masalah, the relayed thread and escalations.

Every citation of a regulation and the term for the head of a unit come from the Pemda's
legal basis in the content file (``LegalBasis``), never from here.

Whatever staff read about an anonymous problem is built without the reporter: functions
that write to staff take the reporter as ``Person | None`` and get None when anonymous.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.content.models import LegalBasis
from bot.org.models import Person
from bot.problems.desk import ProblemView
from bot.problems.models import (
    MAX_SOLUTION,
    MAX_SOLUTIONS,
    MAX_TEXT,
    MIN_REASON_WORDS,
    Category,
    Desk,
    Escalation,
    Level,
    Problem,
    Route,
    Solution,
    Status,
    ThreadMessage,
    UnitCounts,
)
from bot.problems.views import Overview
from bot.texts import esc
from bot.texts.dates import short_date
from bot.texts.org import KBK_ROLE_LABELS

CATEGORY_LABELS = {
    Category.PELAYANAN: "Pelayanan publik",
    Category.SARANA: "Sarana dan prasarana",
    Category.PROSEDUR: "Prosedur dan tata kerja",
    Category.SDM: "Kepegawaian dan beban kerja",
    Category.PERILAKU: "Perilaku dan budaya kerja",
    Category.INTEGRITAS: "Tentang pimpinan / integritas",
    Category.LAINNYA: "Lainnya",
}
STATUS_LABELS = {
    Status.BARU: "🆕 Baru",
    Status.DITANGANI: "🛠️ Ditangani",
    Status.DIESKALASI: "⬆️ Dieskalasi",
    Status.DITINDAKLANJUTI: "📌 Ditindaklanjuti",
    Status.SELESAI: "✅ Selesai",
    Status.DITOLAK: "🚫 Ditolak",
}


def level_label(level: Level, basis: LegalBasis) -> str:
    """Who an escalation waits on, in the regulation's terms."""
    match level:
        case Level.KETUA:
            return "Ketua KBK"
        case Level.KEPALA:
            return f"{basis.head}, Penanggung jawab KBK"
    return "Admin Pemda dan Sekretaris Daerah"


def route_label(route: Route, basis: LegalBasis) -> str:
    match route:
        case Route.DIRECT:
            return f"langsung kepada {basis.head}"
        case Route.TIERED:
            return "berjenjang melalui Ketua KBK"
    return "otomatis, karena belum ditangani tepat waktu"


def when(moment: datetime, tz: ZoneInfo) -> str:
    """``3 November 2026 09.15``: Indonesian date and time, local."""
    local = moment.astimezone(tz)
    return f"{short_date(local.date())} {local:%H.%M}"


def stamp(problem: Problem, moment: datetime, tz: ZoneInfo) -> str:
    """When something of ``problem`` happened: to the day only for an anonymous problem,
    whose minute could point at who was typing."""
    if problem.anonymous:
        return short_date(moment.astimezone(tz).date())
    return when(moment, tz)


def number(value: int) -> str:
    """``2.000``: thousands with a dot, as Indonesians write them."""
    return f"{value:,}".replace(",", ".")


def _quote(text: str) -> str:
    return f"<blockquote>{esc(text)}</blockquote>" if text else ""


def _excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def staff_label(person: Person) -> str:
    """``Fitri Handayani (Agen Perubahan)``: how staff appear to the reporter."""
    role = "Agen Perubahan" if person.agen_perubahan else KBK_ROLE_LABELS[person.kbk_role]
    return f"{esc(person.name)} ({role})"


def reporter_line(reporter: Person | None) -> str:
    if reporter is None:
        return "Pelapor: <i>anonim</i>"
    return f"Pelapor: {esc(reporter.name)} ({esc(reporter.position)})"


def _names(people: Sequence[Person]) -> str:
    return ", ".join(esc(p.name) for p in people)


# --- /lapor -----------------------------------------------------------------------------

ASK_DESCRIPTION = (
    "<b>Lapor masalah</b>\n\n"
    "Ceritakan masalah di tempat kerja Anda: apa yang terjadi, di mana, dan sejak kapan. "
    f"Tulis dalam satu pesan (paling banyak {number(MAX_TEXT)} karakter). Anda boleh menyertakan "
    "satu foto atau dokumen sebagai bukti.\n\n"
    "Laporan diterima Agen Perubahan unit Anda; sebelum dikirim Anda memilih melapor dengan "
    "nama atau anonim."
)
CANCEL = "✖️ Batal"
ATTACHMENT_KEPT = "Lampiran diterima. Sekarang tuliskan uraian masalahnya dalam satu pesan."
ASK_CATEGORY = "Masalah ini termasuk kategori apa?"
ASK_IDENTITY = (
    "Laporkan dengan nama atau anonim?\n\n"
    "• <b>Dengan nama</b>: Agen Perubahan dan pimpinan melihat nama dan jabatan Anda.\n"
    "• <b>Anonim</b>: tidak seorang pun, termasuk Agen Perubahan dan pimpinan, diberi tahu "
    "siapa pelapornya; percakapan tetap bisa berjalan lewat bot. Pastikan isi laporan, foto, "
    "dan nama berkas tidak menyebut diri Anda."
)
NAMED = "👤 Dengan nama"
ANONYMOUS = "🕶️ Anonim"
ANONYMOUS_PEMDA = "🏛️ Anonim, ke tingkat Pemda"
PEMDA_DESK = "Bagian Organisasi Pemda (dan Inspektorat)"

ASK_IDENTITY_ALSO_PEMDA = (
    "\n• <b>Anonim, ke tingkat Pemda</b>: laporan tidak dikirim ke unit Anda, tetapi kepada "
    f"{PEMDA_DESK}. Pilih ini bila Anda sendiri Agen Perubahan atau pengurus KBK, atau bila "
    "orang di unit dapat menebak siapa Anda."
)
ASK_IDENTITY_INTEGRITY = (
    "Laporan <b>tentang pimpinan atau integritas</b> tidak dikirim ke unit Anda: laporan ini "
    f"diterima {PEMDA_DESK}, dan pimpinan unit Anda tidak melihatnya.\n\n"
    "Laporkan dengan nama atau anonim?"
)


def ask_identity_small_unit(registered: int, minimum: int) -> str:
    return (
        f"⚠️ Unit Anda baru memiliki {registered} orang terdaftar di bot (kurang dari "
        f"{minimum}). Di unit sekecil ini, pelapor anonim mudah ditebak dari isi dan waktu "
        "laporannya.\n\n"
        "• <b>Dengan nama</b>: Agen Perubahan dan pimpinan melihat nama dan jabatan Anda.\n"
        f"• <b>Anonim, ke tingkat Pemda</b>: laporan tidak dikirim ke unit Anda, tetapi kepada "
        f"{PEMDA_DESK}, tanpa nama Anda."
    )


ANONYMITY_TOO_SMALL = (
    "Unit Anda terlalu kecil untuk laporan anonim ke unit. Pilih dengan nama, atau anonim ke "
    "tingkat Pemda."
)


def filed(problem: Problem, delivered: bool) -> str:
    how = "secara anonim" if problem.anonymous else "atas nama Anda"
    lines = [
        f"✅ Laporan Anda tercatat {how}, nomor <b>{problem.number}</b> "
        f"({esc(CATEGORY_LABELS[problem.category])}).",
        "",
    ]
    to = PEMDA_DESK if problem.desk is Desk.PEMDA else "Agen Perubahan unit Anda"
    if delivered and problem.anonymous:
        lines.append(
            f"Laporan diteruskan kepada {to} dalam beberapa menit (jeda acak, agar waktu "
            "laporan tidak menunjuk kepada Anda)."
        )
    elif delivered:
        lines.append(f"Laporan sudah diteruskan kepada {to}.")
    elif problem.desk is Desk.PEMDA:
        lines.append(
            f"Belum ada petugas {PEMDA_DESK} yang terdaftar di bot; laporan tetap tersimpan "
            "dan terlihat oleh mereka begitu terdaftar."
        )
    else:
        lines.append(
            "Belum ada pengurus KBK unit Anda yang terdaftar di bot untuk menerimanya; "
            "laporan tetap tersimpan dan akan diteruskan otomatis ke pimpinan."
        )
    lines.append("Pantau statusnya dengan /laporanku.")
    return "\n".join(lines)


def too_long(length: int, limit: int) -> str:
    return (
        f"Pesan Anda terlalu panjang ({number(length)} karakter; paling banyak "
        f"{number(limit)}). Persingkat lalu kirim lagi; saya masih menunggu pesan Anda."
    )


TEXT_OR_FILE_ONLY = (
    "Kirim teks, boleh dengan satu foto atau dokumen. Stiker, pesan suara, video, dan lokasi "
    "belum bisa diteruskan; saya masih menunggu pesan Anda."
)
TEXT_ONLY = "Kirim dalam bentuk teks, ya; saya masih menunggu pesan Anda."

# --- /laporanku -------------------------------------------------------------------------

NO_REPORTS = "Anda belum pernah melapor. Laporkan masalah di tempat kerja dengan /lapor."
SEND_MESSAGE = "💬 Kirim pesan"
CONFIRM = "👍 Sudah beres"
REOPEN = "🔁 Belum beres"


def my_reports(problems: Sequence[Problem], tz: ZoneInfo) -> str:
    lines = ["<b>Laporan saya</b>", ""]
    for problem in problems:
        anonymous = " · anonim" if problem.anonymous else ""
        lines.append(
            f"<b>{problem.number}</b> · {esc(CATEGORY_LABELS[problem.category])}{anonymous}\n"
            f"    {STATUS_LABELS[problem.status]} sejak {stamp(problem, problem.status_since, tz)}"
        )
    lines += ["", "Buka laporan dengan tombolnya untuk melihat percakapan dan tanggapan."]
    return "\n".join(lines)


def _thread(
    messages: Sequence[ThreadMessage], tz: ZoneInfo, *, for_reporter: bool, anonymous: bool
) -> str:
    if not messages:
        return ""
    lines = ["", "<b>Percakapan terakhir</b>"]
    for message in messages:
        if message.from_reporter:
            who = "Anda" if for_reporter else "Pelapor"
        else:
            who = "Agen Perubahan" if for_reporter else "Penangan"
        body = esc(_excerpt(message.text)) if message.text else "<i>(lampiran)</i>"
        day_only = anonymous and message.from_reporter
        at = short_date(message.at.astimezone(tz).date()) if day_only else when(message.at, tz)
        lines.append(f"• {who}, {at}: {body}")
    return "\n".join(lines)


def _answer_lines(
    escalation: Escalation | None, solutions: Sequence[Solution], basis: LegalBasis
) -> list[str]:
    if escalation is None:
        return []
    lines = ["", f"<b>Eskalasi</b> ({route_label(escalation.route, basis)})"]
    if escalation.open:
        lines.append(f"Menunggu arahan {level_label(escalation.level, basis)}.")
        return lines
    chosen = [s for s in solutions if s.id == escalation.chosen_solution_id]
    if chosen:
        lines.append(f"Pimpinan memilih usulan {chosen[0].position}: {esc(chosen[0].text)}")
    if escalation.direction:
        lines.append(f"Arahan pimpinan: {esc(escalation.direction)}")
    return lines


def reporter_card(view: ProblemView, tz: ZoneInfo, basis: LegalBasis) -> str:
    problem = view.problem
    lines = [
        f"📋 <b>{problem.number}</b> · {STATUS_LABELS[problem.status]}",
        f"Kategori: {esc(CATEGORY_LABELS[problem.category])}",
        f"Dilaporkan: {stamp(problem, problem.created_at, tz)}"
        + (" · <i>anonim</i>" if problem.anonymous else ""),
    ]
    if view.handler is not None:
        lines.append(f"Ditangani oleh: {staff_label(view.handler)}")
    lines += ["", _quote(_excerpt(problem.description, 600))]
    lines += _answer_lines(view.escalation, view.solutions, basis)
    thread = _thread(view.messages, tz, for_reporter=True, anonymous=problem.anonymous)
    if thread:
        lines.append(thread)
    if problem.status in (Status.DITINDAKLANJUTI, Status.SELESAI):
        lines += ["", "Sudah beres? Beri tahu dengan tombol di bawah."]
    return "\n".join(lines)


def confirmed_to_reporter(problem: Problem) -> str:
    return f"Terima kasih atas konfirmasinya. Laporan {problem.number} selesai. 🙏"


def reopened_to_reporter(problem: Problem) -> str:
    return (
        f"🔁 Laporan {problem.number} dibuka kembali dan dikabarkan kepada yang menanganinya.\n\n"
        "Ceritakan apa yang belum beres: ketik pesan Anda sekarang."
    )


# --- Staff: new problems, the ticket card, their actions --------------------------------

TAKE_UP = "✋ Tangani"
REPLY = "💬 Balas"
ESCALATE = "⬆️ Eskalasi"
RESOLVE = "✅ Selesai"
REJECT = "🚫 Tolak"
MARK_DONE = "✅ Tandai selesai"


def open_label(problem: Problem) -> str:
    return f"📋 {problem.number}"


def list_label(problem: Problem) -> str:
    return f"{problem.number} · {STATUS_LABELS[problem.status]}"


def _details(problem: Problem, reporter: Person | None, tz: ZoneInfo) -> list[str]:
    return [
        f"Kategori: {esc(CATEGORY_LABELS[problem.category])}",
        f"Unit: {esc(problem.unit_name)}",
        reporter_line(reporter),
        f"Dilaporkan: {stamp(problem, problem.created_at, tz)}",
    ]


def new_problem(
    problem: Problem,
    reporter: Person | None,
    recipient: Person,
    tz: ZoneInfo,
    basis: LegalBasis,
) -> str:
    lines = [f"📥 <b>Laporan masalah baru {problem.number}</b>", *_details(problem, reporter, tz)]
    lines += ["", _quote(problem.description), ""]
    if problem.desk is Desk.PEMDA:
        lines.append(PEMDA_DESK_NOTE)
        lines.append("Tangani dan balas pelapor lewat bot, lalu tandai selesai atau tolak.")
        return "\n".join(lines)
    if not recipient.agen_perubahan:
        lines.append(
            "<i>Unit Anda belum punya Agen Perubahan yang terdaftar di bot, jadi laporan ini "
            "dikirim kepada Ketua dan Sekretaris KBK.</i>"
        )
    lines.append(
        "Tangani, balas pelapor lewat bot, atau eskalasi ke pimpinan dengan usulan solusi "
        f"({basis.cite(basis.duties.problem_report)})."
    )
    return "\n".join(lines)


PEMDA_DESK_NOTE = (
    "<i>Laporan ini ditangani di tingkat Pemda: tentang pimpinan atau integritas, atau pelapor "
    "memilih tingkat Pemda. Unit pelapor tidak menerimanya; jaga kerahasiaannya.</i>"
)


def staff_card(view: ProblemView, tz: ZoneInfo, basis: LegalBasis) -> str:
    problem = view.problem
    lines = [
        f"📋 <b>{problem.number}</b> · {STATUS_LABELS[problem.status]} sejak "
        f"{stamp(problem, problem.status_since, tz)}",
        *_details(problem, view.reporter, tz),
    ]
    if view.handler is not None:
        lines.append(f"Ditangani oleh: {esc(view.handler.name)}")
    lines += ["", _quote(problem.description)]
    if view.escalation is not None:
        lines += _answer_lines(view.escalation, view.solutions, basis)
        if view.solutions:
            lines.append("Usulan solusi:")
            lines += [f"{s.position}. {esc(_excerpt(s.text, 300))}" for s in view.solutions]
    thread = _thread(view.messages, tz, for_reporter=False, anonymous=problem.anonymous)
    if thread:
        lines.append(thread)
    return "\n".join(lines)


def taken_up(problem: Problem, actor: Person) -> str:
    return f"🛠️ Laporan {problem.number} sedang ditangani oleh {staff_label(actor)}."


def acted_note(action: str, actor: Person) -> str:
    return f"\n\n<i>{action} oleh {esc(actor.name)}</i>"


TAKEN_NOTE = "✋ Ditangani"
RESOLVED_NOTE = "✅ Ditandai selesai"


def stale(problem: Problem | None, by: Person | None) -> str:
    if problem is None:
        return "Laporan ini tidak ditemukan."
    if by is not None:
        # Callback answers are plain text: no HTML, so no escaping.
        return f"{problem.number} sudah {problem.status.value} oleh {by.name}"
    return f"Status {problem.number} sudah berubah menjadi {problem.status.value}."


NOT_ALLOWED = "Anda tidak berwenang membuka atau menindaklanjuti laporan ini."


def thread_closed(problem: Problem) -> str:
    return (
        f"Laporan {problem.number} sudah {problem.status.value}, jadi percakapannya ditutup. "
        "Bila masalahnya muncul lagi, buka kembali dari /laporanku atau lapor baru dengan /lapor."
    )


def ask_reply(problem: Problem, *, to_reporter: bool) -> str:
    if to_reporter:
        return (
            f"Tulis balasan untuk pelapor {problem.number} (teks, boleh dengan satu foto atau "
            "dokumen). Bot yang menyampaikannya."
        )
    return (
        f"Tulis pesan Anda tentang {problem.number} (teks, boleh dengan satu foto atau "
        "dokumen). Bot yang menyampaikannya"
        + (", tanpa menyebut siapa Anda." if problem.anonymous else ".")
    )


def message_to_reporter(problem: Problem, message: ThreadMessage, actor: Person) -> str:
    head = f"💬 <b>Pesan tentang laporan {problem.number}</b>\nDari: {staff_label(actor)}"
    return head + ("\n\n" + esc(message.text) if message.text else "")


def message_to_staff(problem: Problem, message: ThreadMessage, reporter: Person | None) -> str:
    who = "pelapor <i>(anonim)</i>" if reporter is None else f"pelapor {esc(reporter.name)}"
    head = f"💬 <b>Pesan dari {who} tentang {problem.number}</b>"
    return head + ("\n\n" + esc(message.text) if message.text else "")


def relayed(delivered: int) -> str:
    if delivered:
        return "✅ Pesan Anda sudah disampaikan."
    return (
        "Pesan Anda tersimpan pada laporan, tetapi saat ini belum ada yang dapat menerimanya "
        "di Telegram."
    )


def ask_reason(problem: Problem) -> str:
    return (
        f"Tulis alasan menolak {problem.number} (paling sedikit {MIN_REASON_WORDS} kata). "
        "Alasan ini dikirim kepada pelapor, jadi tulislah dengan jelas dan santun. Anda "
        "diminta memastikan sekali lagi sebelum laporan ditolak."
    )


REASON_TOO_SHORT = (
    f"Alasannya terlalu singkat: tulis paling sedikit {MIN_REASON_WORDS} kata agar pelapor "
    "mengerti mengapa laporannya ditolak, misalnya “Sudah ditangani lewat laporan LP-0003”. "
    "Untuk tidak jadi menolak, tekan Batal atau ketik perintah lain."
)
CONFIRM_REJECT = "🚫 Ya, tolak"


def confirm_reject(problem: Problem, reason: str) -> str:
    return (
        f"Tolak laporan <b>{problem.number}</b> dengan alasan ini?\n\n“{esc(reason)}”\n\n"
        "Laporan akan ditutup dan pelapor menerima alasan tersebut."
    )


def reject_cancelled(number: str) -> str:
    return f"Tidak jadi ditolak; laporan {esc(number)} tetap terbuka."


def rejected_done(problem: Problem) -> str:
    return f"🚫 {problem.number} ditolak; pelapor sudah diberi tahu alasannya."


def resolved_to_reporter(problem: Problem, actor: Person) -> str:
    return (
        f"✅ {staff_label(actor)} menandai laporan {problem.number} selesai.\n\n"
        "Apakah masalahnya memang sudah beres?"
    )


def rejected_to_reporter(problem: Problem, actor: Person, reason: str) -> str:
    return (
        f"🚫 Laporan {problem.number} tidak dapat ditindaklanjuti. Alasan dari "
        f"{staff_label(actor)}:\n{_quote(reason)}\n"
        "Bila ada informasi baru, Anda dapat melapor lagi dengan /lapor."
    )


def confirmed_to_staff(problem: Problem) -> str:
    return f"👍 Pelapor mengonfirmasi masalah {problem.number} sudah beres. Status: selesai."


def reopened_to_staff(problem: Problem) -> str:
    return (
        f"🔁 Pelapor menyatakan masalah {problem.number} belum beres; laporan dibuka kembali "
        f"({STATUS_LABELS[problem.status]})."
    )


def unit_lacks_head(problem: Problem, basis: LegalBasis) -> str:
    """To the Pemda admin; no ticket text (the Pemda reads only what is passed up to it)."""
    head = esc(basis.head)
    return (
        f"📣 Eskalasi masalah {problem.number} di <b>{esc(problem.unit_name)}</b> menunggu "
        f"arahan {head}, tetapi {head} unit tersebut belum terdaftar di bot. Arahan dan solusi "
        f"adalah kewajiban beliau ({basis.cite(basis.duties.problem_answer)}), jadi Pemda tidak "
        "menjawab menggantikannya.\n\nMinta beliau mendaftar: kartu eskalasi dikirim kepadanya "
        "bersama pengingat berikutnya."
    )


def unit_lacks_agent(problem: Problem) -> str:
    return (
        f"📣 Unit <b>{esc(problem.unit_name)}</b> belum memiliki Agen Perubahan yang terdaftar "
        f"di bot. Laporan masalah {problem.number} dialihkan kepada Ketua dan Sekretaris KBK "
        "unit tersebut.\n\nTetapkan Agen Perubahan lewat roster (kolom agen_perubahan) dan "
        "minta mereka mendaftar."
    )


# --- Escalation -------------------------------------------------------------------------

ROUTE_TIERED = "🪜 Berjenjang lewat Ketua KBK"
WRITE_DIRECTION = "✍️ Tulis arahan"
FORWARD_WITH_NOTE = "📝 Teruskan dengan catatan"
WITHOUT_NOTE = "⬆️ Teruskan tanpa catatan"
NEEDS_SOLUTION = "Tulis minimal satu usulan solusi sebelum memilih jalur eskalasi."


def route_direct(basis: LegalBasis) -> str:
    return f"➡️ Langsung ke {basis.head_short}"


def forward_label(level: Level, basis: LegalBasis) -> str:
    """The button that passes an escalation waiting on ``level`` up one level."""
    return f"⬆️ Teruskan ke {basis.head_short if level is Level.KETUA else 'Pemda'}"


def head_only(basis: LegalBasis) -> str:
    """A Ketua pressing an answer button (a plain-text alert, at most 200 characters)."""
    return (
        f"Arahan dan solusi diberikan oleh {basis.head} "
        f"({basis.cite(basis.duties.problem_answer)}). Teruskan eskalasi ini kepada beliau."
    )


def choose_label(solution: Solution) -> str:
    return f"✔️ Pilih usulan {solution.position}"


def ask_solutions(problem: Problem, basis: LegalBasis) -> str:
    return (
        f"⬆️ <b>Eskalasi {problem.number}</b>\n\n"
        "Tulis usulan alternatif solusi, satu pesan untuk satu usulan (paling banyak "
        f"{MAX_SOLUTIONS}, masing-masing {MAX_SOLUTION} karakter). {esc(basis.head)} memilih "
        f"salah satu atau memberi arahan sendiri ({basis.cite(basis.duties.problem_answer)})."
    )


def solutions_so_far(problem: Problem, solutions: Sequence[Solution], *, full: bool) -> str:
    lines = [f"<b>Usulan solusi untuk {problem.number}</b>"]
    lines += [f"{s.position}. {esc(s.text)}" for s in solutions]
    lines.append("")
    if full:
        lines.append(f"Sudah {MAX_SOLUTIONS} usulan. Pilih jalur eskalasi:")
    else:
        lines.append("Kirim usulan berikutnya, atau pilih jalur eskalasi:")
    return "\n".join(lines)


def escalation_sent(
    problem: Problem, escalation: Escalation, addressees: Sequence[Person], basis: LegalBasis
) -> str:
    if not addressees:
        return (
            f"⬆️ {problem.number} dieskalasi, tetapi {esc(basis.head)} unit ini belum terdaftar "
            "di bot. Eskalasi tercatat dan menunggu arahan beliau; Admin Pemda diberi tahu."
        )
    return (
        f"⬆️ {problem.number} dieskalasi {route_label(escalation.route, basis)}: dikirim kepada "
        f"{_names(addressees)} ({level_label(escalation.level, basis)})."
    )


def escalated_to_reporter(problem: Problem, escalation: Escalation, basis: LegalBasis) -> str:
    return (
        f"⬆️ Laporan {problem.number} dibawa kepada pimpinan "
        f"({route_label(escalation.route, basis)}). Anda akan diberi tahu tanggapannya."
    )


def escalation_card(
    problem: Problem,
    escalation: Escalation,
    solutions: Sequence[Solution],
    reporter: Person | None,
    actor: Person | None,
    tz: ZoneInfo,
    basis: LegalBasis,
    *,
    reminder: bool = False,
) -> str:
    lines = []
    if reminder:
        wait = "arahan Anda" if escalation.level is not Level.KETUA else "Anda teruskan"
        lines += [
            f"⏰ <b>Pengingat</b>: eskalasi ini menunggu {wait} sejak "
            f"{when(escalation.level_since, tz)}.",
            "",
        ]
    lines.append(f"⬆️ <b>Eskalasi masalah {problem.number}</b>")
    if escalation.route is Route.AUTOMATIC and actor is None:
        lines.append("Dari: bot, karena belum ada Agen Perubahan yang menanganinya tepat waktu")
    elif actor is not None and escalation.escalated_by != actor.id:
        lines.append(f"Diteruskan oleh: {staff_label(actor)}")
    elif actor is not None:
        lines.append(f"Dari: {staff_label(actor)}")
    lines.append(f"Jalur: {route_label(escalation.route, basis)}")
    lines += _details(problem, reporter, tz)
    lines += ["", _quote(problem.description)]
    if escalation.forward_note:
        lines += ["<b>Catatan yang meneruskan</b>", _quote(escalation.forward_note)]
    if solutions:
        drafts = " (draf Agen Perubahan)" if escalation.route is Route.AUTOMATIC else ""
        lines.append(f"<b>Usulan alternatif solusi</b>{drafts}")
        lines += [f"{s.position}. {esc(s.text)}" for s in solutions]
        lines.append("")
    else:
        lines += [
            "<b>Belum ada usulan solusi</b>: Agen Perubahan belum menulis usulan sebelum "
            "laporan ini dieskalasi otomatis.",
            "",
        ]
    cite = basis.cite(basis.duties.problem_answer)
    if escalation.level is Level.KETUA:
        lines.append(
            f"Arahan dan solusi diberikan oleh {esc(basis.head)} ({cite}). Sebagai Ketua KBK, "
            f"teruskan eskalasi ini kepada beliau, bila perlu dengan catatan Anda."
        )
        return "\n".join(lines)
    ask = "pilih salah satu usulan, atau tulis arahan Anda" if solutions else "tulis arahan Anda"
    lines.append(f"Mohon berikan arahan dan solusi ({cite}): {ask}.")
    if escalation.level is Level.KEPALA:
        lines.append("Bila masalahnya di luar kewenangan unit, Anda dapat meneruskannya ke Pemda.")
    return "\n".join(lines)


def ask_direction(problem: Problem) -> str:
    return (
        f"✍️ Tulis arahan Anda untuk {problem.number} dalam satu pesan (paling banyak "
        f"{number(MAX_TEXT)} karakter). Arahan diteruskan kepada Agen Perubahan dan pelapor."
    )


def answered_note(chosen: Sequence[Solution], direction: str | None) -> str:
    if chosen:
        return f"\n\n<i>✅ Anda memilih usulan {chosen[0].position}.</i>"
    return f"\n\n<i>✅ Anda memberi arahan: {esc(_excerpt(direction or ''))}</i>"


def ask_forward_note(problem: Problem, level: Level, basis: LegalBasis) -> str:
    """Before passing an escalation waiting on ``level`` up: the optional note."""
    above = basis.head if level is Level.KETUA else "Pemda"
    return (
        f"📝 Tulis catatan Anda untuk {esc(above)} tentang {problem.number} dalam satu pesan "
        f"(paling banyak {number(MAX_TEXT)} karakter). Catatan ikut pada kartu eskalasi."
    )


def forwarded_note(addressees: Sequence[Person], level: Level, basis: LegalBasis) -> str:
    """The note closing a card once passed up to ``level``."""
    who = f"{basis.head} (belum terdaftar di bot)" if level is Level.KEPALA else "Pemda"
    names = _names(addressees) or esc(who)
    return f"\n\n<i>⬆️ Diteruskan kepada {names}</i>"


def forwarded(
    problem: Problem, addressees: Sequence[Person], level: Level, basis: LegalBasis
) -> str:
    """After a note: the escalation went up."""
    return f"✅ Eskalasi {problem.number} diteruskan.{forwarded_note(addressees, level, basis)}"


def answer_sent(problem: Problem) -> str:
    return (
        f"Terima kasih. Tanggapan Anda atas {problem.number} sudah diteruskan kepada Agen "
        "Perubahan dan pelapor."
    )


def escalation_answered(by: Person | None) -> str:
    if by is None:
        return "Eskalasi ini sudah tidak menunggu jawaban Anda."
    return f"Eskalasi ini sudah dijawab oleh {by.name}"  # a name may end in "M.Kom."


def _answer_body(actor: Person, chosen: Sequence[Solution], direction: str) -> str:
    if chosen:
        return (
            f"{staff_label(actor)} memilih usulan {chosen[0].position}:\n{_quote(chosen[0].text)}"
        )
    return f"Arahan {staff_label(actor)}:\n{_quote(direction)}"


def answered_to_staff(
    problem: Problem, actor: Person, chosen: Sequence[Solution], direction: str
) -> str:
    return (
        f"📌 <b>Tanggapan pimpinan atas {problem.number}</b>\n\n"
        f"{_answer_body(actor, chosen, direction)}\n"
        "Tindak lanjuti tanggapan ini, lalu tandai selesai."
    )


def answer_to_reporter(
    problem: Problem, actor: Person, chosen: Sequence[Solution], direction: str
) -> str:
    return (
        f"📌 <b>Tanggapan pimpinan atas laporan {problem.number}</b>\n\n"
        f"{_answer_body(actor, chosen, direction)}\n"
        "Agen Perubahan akan menindaklanjutinya. Setelah dijalankan, apakah masalahnya sudah "
        "beres?"
    )


# --- The SLA ----------------------------------------------------------------------------


def sla_reminder(problem: Problem, escalate_days: int, tz: ZoneInfo) -> str:
    return (
        f"⏰ <b>Pengingat</b>: laporan {problem.number} "
        f"({esc(CATEGORY_LABELS[problem.category])}) belum ditangani sejak "
        f"{stamp(problem, problem.status_since, tz)}.\n\n"
        f"Bila belum ditangani {escalate_days} hari kerja sejak dilaporkan, laporan ini "
        "diteruskan otomatis kepada Ketua KBK."
    )


def auto_escalated(
    problem: Problem, escalation: Escalation, escalate_days: int, basis: LegalBasis
) -> str:
    return (
        f"⬆️ Laporan {problem.number} belum ditangani dalam {escalate_days} hari kerja, sehingga "
        f"diteruskan otomatis kepada {level_label(escalation.level, basis)}."
    )


# --- /masalah ---------------------------------------------------------------------------

ORDER_NEWEST = "🆕 Urutkan: terbaru"
ORDER_WAITING = "⏳ Urutkan: paling lama menunggu"
NO_OPEN_PROBLEMS = "Tidak ada masalah terbuka di unit Anda. 👍"
NO_OPEN_PEMDA_DESK = "Tidak ada laporan tingkat Pemda yang terbuka."
LIST_LIMIT = 20
"""Problems listed with a button each; more are summarised by a count."""


def _counts_line(unit: UnitCounts) -> str:
    open_parts = [
        f"{unit.counts[status]} {status.value}"
        for status in Status
        if status.is_open and unit.counts.get(status)
    ]
    done = unit.counts.get(Status.SELESAI, 0)
    refused = unit.counts.get(Status.DITOLAK, 0)
    opened = f"{unit.open} terbuka" + (f" ({', '.join(open_parts)})" if open_parts else "")
    return f"• {esc(unit.unit_name)}: {opened} · {done} selesai · {refused} ditolak"


def problem_list(view: Overview, unit_name: str, order: str, tz: ZoneInfo) -> str | None:
    """The unit's open problems and the escalations waiting on the person (with buttons)."""
    sections: list[str] = []
    how = "paling lama menunggu dulu" if order == "waiting" else "terbaru dulu"
    for problems, title, empty in (
        (
            view.unit,
            f"Masalah terbuka — {esc(unit_name)}",
            "Tidak ada masalah terbuka di unit Anda. 👍",
        ),
        (
            view.pemda_desk,
            "Laporan tingkat Pemda",
            "Tidak ada laporan tingkat Pemda yang terbuka.",
        ),
    ):
        if problems is None:
            continue
        lines = [f"<b>{title}</b> ({how})"]
        if not problems:
            lines.append(empty)
        for number, problem in enumerate(problems[:LIST_LIMIT], start=1):
            lines.append(
                f"{number}. <b>{problem.number}</b> · {STATUS_LABELS[problem.status]} · "
                f"{esc(CATEGORY_LABELS[problem.category])} · sejak "
                f"{stamp(problem, problem.status_since, tz)}"
            )
        if len(problems) > LIST_LIMIT:
            lines.append(f"… dan {len(problems) - LIST_LIMIT} lainnya.")
        sections.append("\n".join(lines))
    if view.waiting:
        lines = ["<b>Menunggu arahan Anda</b>"]
        lines += [
            f"• <b>{problem.number}</b> · {esc(problem.unit_name)} · sejak "
            f"{when(escalation.level_since, tz)}"
            for problem, escalation in view.waiting[:LIST_LIMIT]
        ]
        sections.append("\n".join(lines))
    return "\n\n".join(sections) or None


def unit_counts(counts: Sequence[UnitCounts]) -> list[str]:
    """The Pemda's view: problems per unit and status, never their texts (lines)."""
    lines = [
        "<b>Masalah per unit</b> (jumlah saja: isi laporan hanya terlihat oleh unitnya, "
        "kecuali yang dieskalasi kepada Pemda)"
    ]
    return lines + ([_counts_line(unit) for unit in counts] or ["Belum ada laporan."])


def attachment_caption(problem: Problem) -> str:
    return f"📎 Lampiran {problem.number}"


CANCELLED = "Dibatalkan."
