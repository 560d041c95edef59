"""Telegram glue, one module per feature; :func:`register_handlers` wires them in order."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers.admin_roster import roster_document_msg
from bot.handlers.apresiasi import apresiasi_callback, apresiasi_cmd
from bot.handlers.atur import atur_callback, atur_cmd
from bot.handlers.bantuan import bantuan_cmd
from bot.handlers.checkin import checkin_callback, checkin_cmd, checkin_entry_callback
from bot.handlers.context import BotApplication
from bot.handlers.drafts import confirm_callback
from bot.handlers.errors import error_handler
from bot.handlers.eskalasi import head_callback
from bot.handlers.evaluasi import evaluasi_callback, evaluasi_cmd
from bot.handlers.fallback import stale_callback, unexpected_msg, unknown_cmd
from bot.handlers.ikrar import ikrar_callback, ikrar_cmd
from bot.handlers.inovasi import inovasi_callback, inovasi_cmd
from bot.handlers.inputs import typed_input_msg
from bot.handlers.kegiatan import kegiatan_callback, kegiatan_cmd
from bot.handlers.lapor import draft_callback, lapor_cmd
from bot.handlers.laporan import laporan_callback, laporan_cmd
from bot.handlers.laporanku import laporanku_cmd, mine_callback
from bot.handlers.libur import libur_cmd
from bot.handlers.masalah import masalah_cmd, staff_callback
from bot.handlers.menu import menu_for
from bot.handlers.mydata import dataku_cmd, hapusdata_callback, hapusdata_cmd
from bot.handlers.nilai import nilai_callback, nilai_cmd
from bot.handlers.onboarding import NIP_PATTERN, join_callback, nip_msg, start_cmd
from bot.handlers.presence import membership_update, seen_update
from bot.handlers.profil import namakbk_cmd, profil_cmd
from bot.handlers.rencana import rencana_callback, rencana_cmd
from bot.handlers.riwayat import riwayat_cmd
from bot.handlers.semester import semester_callback
from bot.handlers.sk import sk_callback, sk_cmd
from bot.handlers.undangan import undangan_callback, undangan_cmd
from bot.handlers.units import unit_cmd

PRESENCE_GROUP = -3
INPUT_GROUP = -1
FEATURE_GROUP = 0


def register_handlers(app: BotApplication) -> None:
    """Register every handler. Order matters: read the comments before moving anything."""
    # Group -3 sees every update first and never stops it: who sent it, looked up once and
    # carried in the context to every later handler; a private-chat sender is recorded
    # (which makes them reachable again). Group -2: whether they blocked the bot.
    app.add_handler(TypeHandler(Update, seen_update), group=PRESENCE_GROUP)
    app.add_handler(
        ChatMemberHandler(membership_update, ChatMemberHandler.MY_CHAT_MEMBER),
        group=PRESENCE_GROUP + 1,
    )
    # Group -1: typed input a feature asked for (a check-in note, a problem report, a reply,
    # a direction, a colleague's name, a reminder time...). The router reads the sender's
    # one pending-input slot and hands the message to the feature that set it, which stops
    # it there; a command ends the wait and runs as usual; anything else goes on to group 0.
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE, typed_input_msg),
        group=INPUT_GROUP,
    )

    # Group 0: the features. Within a group the first matching handler wins.
    feature = [
        CommandHandler("start", start_cmd),
        CommandHandler("bantuan", bantuan_cmd),
        CommandHandler("nilai", nilai_cmd),
        CommandHandler("profil", profil_cmd),
        CommandHandler("namakbk", namakbk_cmd),
        CommandHandler("unit", unit_cmd),
        # The Admin Pemda's work: invites (ud:), the calendar, and a roster file sent as a
        # document (checked, then applied or not with the draft's buttons, dr:, which also
        # confirm an Agen Perubahan's Tolak). Documents sent for a prompt (a /lapor
        # attachment) were taken in group -1 above.
        CommandHandler("undangan", undangan_cmd),
        CallbackQueryHandler(undangan_callback, pattern=r"^ud:"),
        CommandHandler("libur", libur_cmd),
        CallbackQueryHandler(confirm_callback, pattern=r"^dr:"),
        MessageHandler(
            filters.ChatType.PRIVATE & filters.Document.ALL & ~filters.COMMAND,
            roster_document_msg,
        ),
        CommandHandler("laporan", laporan_cmd),
        CallbackQueryHandler(laporan_callback, pattern=r"^lap:"),
        CallbackQueryHandler(nilai_callback, pattern=r"^nilai:"),
        CallbackQueryHandler(join_callback, pattern=r"^join:"),
        # Check-ins: the buttons under the daily messages (ci:) and of the flow (ck:); the
        # note typed in the flow is taken in group -1 above, before any free-text handler.
        CommandHandler("checkin", checkin_cmd),
        CallbackQueryHandler(checkin_entry_callback, pattern=r"^ci:"),
        CallbackQueryHandler(checkin_callback, pattern=r"^ck:"),
        CommandHandler("riwayat", riwayat_cmd),
        # Personal data (UU 27/2022).
        CommandHandler("dataku", dataku_cmd),
        CommandHandler("hapusdata", hapusdata_cmd),
        CallbackQueryHandler(hapusdata_callback, pattern=r"^hd:"),
        # /atur: personal reminder settings; a time or date typed after its prompt is taken
        # in group -1 above.
        CommandHandler("atur", atur_cmd),
        CallbackQueryHandler(atur_callback, pattern=r"^atur:"),
        # Problems to the Agen Perubahan (Pasal 15): writing a report (lp:), the reporter's
        # tickets (lk:), the unit's staff (pm:), the head answering an escalation (es:).
        # What they type for a prompt is taken in group -1 above.
        CommandHandler("lapor", lapor_cmd),
        CommandHandler("laporanku", laporanku_cmd),
        CommandHandler("masalah", masalah_cmd),
        CallbackQueryHandler(draft_callback, pattern=r"^lp:"),
        CallbackQueryHandler(mine_callback, pattern=r"^lk:"),
        CallbackQueryHandler(staff_callback, pattern=r"^pm:"),
        CallbackQueryHandler(head_callback, pattern=r"^es:"),
        # Self-assessment (ev:) and appreciation of colleagues (ap:); what /apresiasi waits
        # for someone to type is taken in group -1 above.
        CommandHandler("evaluasi", evaluasi_cmd),
        CallbackQueryHandler(evaluasi_callback, pattern=r"^ev:"),
        CommandHandler("apresiasi", apresiasi_cmd),
        CallbackQueryHandler(apresiasi_callback, pattern=r"^ap:"),
        # The KBK's rencana aksi (ra:); its typed item and evidence go through the router.
        CommandHandler("rencana", rencana_cmd),
        CallbackQueryHandler(rencana_callback, pattern=r"^ra:"),
        # Activities (kg:), the yearly pledge (ik:) and innovation proposals (in:).
        CommandHandler("kegiatan", kegiatan_cmd),
        CallbackQueryHandler(kegiatan_callback, pattern=r"^kg:"),
        CommandHandler("ikrar", ikrar_cmd),
        CallbackQueryHandler(ikrar_callback, pattern=r"^ik:"),
        CommandHandler("inovasi", inovasi_cmd),
        CallbackQueryHandler(inovasi_callback, pattern=r"^in:"),
        # The decree that forms the KBK (sk:); the signed file goes through the router.
        CommandHandler("sk", sk_cmd),
        CallbackQueryHandler(sk_callback, pattern=r"^sk:"),
        # The semester report's draft (sm:): narrative, preview, approval.
        CallbackQueryHandler(semester_callback, pattern=r"^sm:"),
        # A NIP typed in a private chat is a join request (stateless: survives restarts).
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.TEXT
            & ~filters.COMMAND
            & filters.Regex(NIP_PATTERN),
            nip_msg,
        ),
    ]
    app.add_handlers(feature, group=FEATURE_GROUP)

    # Fallbacks come last in group 0, not in a later group: PTB runs the first matching
    # handler of *every* group, so a fallback in group 1 would answer updates a feature
    # already handled. Here they only see what no feature above claimed.
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(filters.COMMAND & private, unknown_cmd), group=FEATURE_GROUP)
    app.add_handler(
        MessageHandler(~filters.COMMAND & private, unexpected_msg), group=FEATURE_GROUP
    )
    app.add_handler(CallbackQueryHandler(stale_callback), group=FEATURE_GROUP)

    app.add_error_handler(error_handler)


def menu_commands() -> list[BotCommand]:
    """The default command menu: what anyone may use (people in the roster get their own)."""
    return menu_for(None)
