"""Every sentence a user reads, in Indonesian, in one place a native speaker can review.

One module per feature; this one holds what all features share. Messages are Telegram HTML:
every value that comes from a user or from a file is passed through :func:`esc`. Nothing in
this package imports ``telegram``.
"""

from __future__ import annotations

from html import escape


def esc(text: str) -> str:
    """Escape text for Telegram's HTML parse mode."""
    return escape(text, quote=False)


# --- Command menu (setMyCommands) and /bantuan -------------------------------------------

COMMAND_DESCRIPTIONS: dict[str, str] = {
    "start": "Mulai dan kenali bot ini",
    "bantuan": "Daftar perintah yang bisa Anda pakai",
    "nilai": "Nilai budaya kerja dan perilakunya",
}


def help_text(commands: list[str]) -> str:
    lines = ["<b>Perintah yang bisa Anda pakai</b>", ""]
    lines += [f"/{name} — {esc(COMMAND_DESCRIPTIONS[name])}" for name in commands]
    lines += [
        "",
        "Cari nilai atau perilaku dengan kata kunci, misalnya "
        "<code>/nilai akuntabel</code> atau <code>/nilai kerja sama</code>.",
    ]
    return "\n".join(lines)


# --- Wrong input, stale buttons, errors ---------------------------------------------------

UNKNOWN_COMMAND = "Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat perintah yang ada."
UNEXPECTED_MESSAGE = (
    "Maaf, saya belum bisa memproses pesan seperti ini. Ketik /bantuan untuk melihat "
    "perintah yang bisa Anda pakai."
)
STALE_BUTTON = "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."
INTERNAL_ERROR = (
    "Maaf, terjadi kesalahan di sisi bot. Data Anda aman; silakan coba lagi sebentar lagi."
)
