"""What the demo (``budaya-bot demo``) shows in Indonesian: who each persona is, and the
made-up history it starts with (notes and problems in the sample Dinas Kominfo)."""

from __future__ import annotations

BOT_NAME = "Budaya Kerja Bot"

ROLE_ASN = "ASN · anggota KBK"
ROLE_AGEN = "Agen Perubahan"
ROLE_KETUA = "Ketua KBK · Agen Perubahan"
ROLE_KEPALA = "Kepala Dinas · penanggung jawab KBK"
ROLE_ADMIN = "Admin Pemda"
ROLE_OTHER = "Pegawai"
ROLE_NEW = "Belum bergabung"


def newcomer_hint(nip: str) -> str:
    """The empty chat of someone in the roster who has not joined yet."""
    return (
        "Lestari ada di roster tetapi belum memakai bot. Dua cara bergabung: ketuk "
        "“Buka tautan undangan” (tautan sekali pakai dari Admin Pemda), atau ketik /start "
        f"lalu NIP-nya, {nip}: Ketua atau Sekretaris KBK-nya (Fitri) diminta menyetujui."
    )


INVITE_BUTTON = "Buka tautan undangan"

CHECKIN_NOTES = (
    "Membantu warga mengisi formulir pengaduan daring sampai selesai.",
    "Berbagi catatan rapat ke grup tim supaya semua tahu tindak lanjutnya.",
    "Menyelesaikan laporan bulanan sebelum tenggat.",
    "Mengajari rekan baru memakai aplikasi persuratan.",
    "Datang lebih awal untuk menyiapkan ruang layanan.",
    "Mengakui kesalahan input data dan langsung memperbaikinya.",
)
"""Notes some of the history's check-ins carry (shown by /dataku)."""

PROBLEM_DONE = "Printer di ruang layanan sering macet, antrean warga jadi lama."
PROBLEM_IN_PROGRESS = "Wifi di lantai 2 sangat lambat sejak minggu lalu, unggah berkas gagal."
PROBLEM_WAITING = (
    "Pengajuan cuti masih memakai formulir kertas dengan tiga tanda tangan basah; "
    "bisa lewat aplikasi kepegawaian saja?"
)
PROBLEM_ANONYMOUS = "Ada rekan yang sering menerima tamu pribadi lama di jam pelayanan."

# --- The command line -------------------------------------------------------------------------


def ready(url: str) -> str:
    """Printed once the demo is up: the address to open."""
    return (
        "Demo Budaya Kerja Bot siap (tanpa Telegram, semua di komputer ini).\n"
        "The Budaya Kerja Bot demo is ready (no Telegram, everything on this computer).\n"
        f"\n    Buka / open:  {url}\n\n"
        "Tekan Ctrl+C untuk berhenti; data demo hilang saat berhenti.\n"
        "Press Ctrl+C to stop; the demo's data is discarded when it stops."
    )


def port_taken(port: int) -> str:
    return (
        f"Port {port} sedang dipakai; demo memakai port lain yang kosong. / "
        f"Port {port} is in use; the demo takes another free port."
    )


def missing_files(content_file: object, roster_file: str) -> str:
    return (
        f"Demo tidak bisa dimulai: berkas konten {content_file} atau {roster_file} di "
        "sebelahnya tidak ditemukan. Jalankan dari folder proyek.\n"
        f"The demo cannot start: the content file {content_file} or the {roster_file} next "
        "to it was not found. Run it from the project folder."
    )


NO_TOKEN_DEMO = """\
BOT_TOKEN belum diisi, jadi yang berjalan adalah demo lokal: bot yang sama, dengan Telegram
tiruan dan halaman obrolan di peramban. Untuk bot sungguhan, isi BOT_TOKEN di .env (lihat
README, bagian "Deploying").
BOT_TOKEN is not set, so this starts the local demo: the same bot, with an emulated Telegram
and a chat page in your browser. For the real bot, set BOT_TOKEN in .env (see the README,
"Deploying").
"""


# --- The web API's refusals (the page shows them) ---------------------------------------------

API_STARTING = "Bot masih bersiap; coba lagi sebentar."
API_NO_PERSON = "Orang itu tidak ada di demo ini."
API_TEXT_LENGTH = "Pesan harus berisi 1 sampai 4096 karakter."
API_NO_BUTTON = "Tombol itu tidak ada (lagi) di pesan tersebut."
API_NO_FILE = "Tidak ada berkas yang dikirim."
API_TOO_LARGE = "Berkas terlalu besar: paling besar 20 MB."
API_BAD_FORM = "Isian unggahan tidak bisa dibaca."
API_BAD_JUMP = "Lompatan waktu tidak dikenal: pilih pagi atau sore."
API_BUSY = "Waktu sedang dimajukan; tunggu sebentar."
API_NO_FILE_ID = "Berkas itu tidak ada."
API_CROSS_ORIGIN = "Permintaan dari situs lain ditolak."
API_BAD_HOST = "Demo hanya bisa dibuka lewat 127.0.0.1 atau localhost."
API_NOT_JSON = "Kirim isian sebagai JSON."
API_BAD_JSON = "JSON tidak bisa dibaca."
API_NOT_OBJECT = "Kirim objek JSON."

# --- The page -----------------------------------------------------------------------------

PAGE = {
    "title": "Demo Budaya Kerja Bot",
    "subtitle": "Telegram tiruan di komputer ini: bot yang sama, data contoh.",
    "who": "Saya sebagai",
    "others": "Pegawai lain",
    "clock": "Jam bot",
    "afternoon": "Sore ini",
    "afternoon_hint": "Majukan jam ke pengingat check-in sore",
    "morning": "Besok pagi",
    "morning_hint": (
        "Majukan jam ke pagi hari kerja berikutnya: pengingat, tenggat laporan masalah, "
        "ringkasan mingguan"
    ),
    "clock_hint": (
        "Bot membaca jam ini. Majukan untuk melihat pengingat, eskalasi masalah, dan "
        "ringkasan mingguan tanpa menunggu."
    ),
    "tips": (
        "Coba: /checkin sebagai Budi, lalu /laporan atau /masalah sebagai Fitri, "
        "kemudian Besok pagi.\n"
        "Semua orang di sini fiktif; data demo hilang saat demo berhenti."
    ),
    "moving": "Memajukan waktu…",
    "bot": "bot",
    "placeholder": "Tulis pesan…",
    "send": "Kirim",
    "menu": "Menu",
    "attach": "Lampirkan foto atau berkas",
    "caption": "Keterangan (opsional)",
    "edited": "diedit",
    "open": "Buka",
    "download": "Unduh",
    "close": "Tutup",
    "empty": "Belum ada pesan. Ketuk Menu atau tulis /start.",
    "invite": INVITE_BUTTON,
    "side": "Pilih orang dan jam bot",
    "offline": "Demo tidak terhubung. Apakah `budaya-bot demo` masih berjalan?",
    "error": "Gagal",
    "new": "pesan baru",
    "ok": "OK",
}
"""Labels of the chat page (bot/demo/static), sent with ``/api/people``."""

STOPPED = "Demo berhenti. / The demo has stopped."

# --- The KBK's year in the demo (decree, rencana aksi, activities, innovation) ---------------

DECREE_NUMBER = "800/014/KBK/DISKOMINFO/{year}"
DECREE_FILE = "sk-kbk-diskominfo.pdf"
PLAN_ITEMS = (
    # (months from now, activity, target, indicator, owner is the Ketua)
    (
        -2,
        "Apel pagi dengan ikrar nilai budaya kerja",
        "4 kali sebulan",
        "daftar hadir apel",
        False,
    ),
    (0, "Sosialisasi budaya malu ke setiap bidang", "semua bidang", "notulen per bidang", True),
    (1, "Lomba inovasi pelayanan digital", "3 usulan", "berita acara penilaian", True),
)
PLAN_EVIDENCE = "Apel dilaksanakan 4 kali; daftar hadir tersimpan di TU."
SOSIALISASI = ("Memahami nilai Akuntabel dalam pelayanan", "Aula Diskominfo")
DEKLARASI = ("Deklarasi nilai dan komitmen budaya kerja", "Halaman kantor")
TAKEAWAYS = (
    "Akuntabel berarti tugas selesai tepat waktu dan bisa dipertanggungjawabkan.",
    "Saya akan mencatat setiap layanan yang tertunda beserta alasannya.",
)
INNOVATIONS = (
    "Papan antrean daring agar warga tahu perkiraan waktu layanan.",
    "Pojok apresiasi bulanan untuk pegawai teladan di lobi.",
)
