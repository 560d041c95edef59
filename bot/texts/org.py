"""Texts of /start, onboarding (invites, join requests), /profil and /unit."""

from __future__ import annotations

from bot.content.models import ValueSet
from bot.texts import esc

# --- /start -------------------------------------------------------------------------------


def welcome(first_name: str, value_set: ValueSet) -> str:
    return (
        f"Selamat datang di <b>Budaya Kerja Bot</b>, {esc(first_name)}!\n\n"
        "Bot ini membantu ASN menjalankan nilai-nilai budaya kerja "
        f"<b>{esc(value_set.name)}</b> setiap hari kerja:\n"
        "• pengingat nilai dan budaya malu setiap pagi,\n"
        "• check-in singkat untuk merefleksikan hari Anda,\n"
        "• menyampaikan masalah di tempat kerja kepada Agen Perubahan,\n"
        "• ringkasan kegiatan untuk Kelompok Budaya Kerja (KBK) unit Anda.\n\n"
        "Lihat nilai-nilainya dengan /nilai, dan daftar perintah dengan /bantuan."
    )
