"""``budaya-bot run`` and ``budaya-bot health``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from bot.cli.common import (
    EXIT_IN_USE,
    EXIT_USAGE,
    add_pemda_option,
    content_failed,
    load_settings,
    pemda_target,
)
from bot.cli.status import database_status
from bot.config import Settings
from bot.content import ContentError
from bot.health import check_heartbeat, heartbeat_path
from bot.texts import operations as ops_texts

MISSING_TOKEN = """\
BOT_TOKEN belum diisi. / BOT_TOKEN is not set.

[ID] Buat bot di Telegram lewat @BotFather (kirim /newbot dan ikuti petunjuknya), salin
     token yang diberikan, lalu tulis di berkas .env di folder proyek ini:
         BOT_TOKEN=123456789:AA...
     (contoh lengkap ada di .env.example), atau set sebagai variabel lingkungan BOT_TOKEN.
[EN] Create a bot in Telegram with @BotFather (send /newbot and follow its steps), copy the
     token it gives you, then put it in the .env file in this project folder:
         BOT_TOKEN=123456789:AA...
     (see .env.example for every setting), or set the BOT_TOKEN environment variable.
"""


NO_DEMO_ON_A_SERVER = """\
[ID] Demo tidak dijalankan: ini bukan komputer pengembang (BUDAYA_ENV=production, atau
     perintah berjalan tanpa terminal, misalnya dari systemd). Set BUDAYA_ENV=development
     untuk mencoba demo di sini.
[EN] No demo instead: this is not a developer's machine (BUDAYA_ENV=production, or no
     terminal, e.g. under systemd). Set BUDAYA_ENV=development to try the demo here.
"""


def demo_allowed(settings: Settings) -> bool:
    """Whether ``run --demo-if-no-token`` may start the demo: on a developer's machine only,
    so a server whose token went missing fails loudly instead of serving a demo."""
    if settings.budaya_env:
        return settings.budaya_env == "development"
    return sys.stdin is not None and sys.stdin.isatty()


def run_cmd(args: argparse.Namespace) -> int:
    from bot.app import MissingTokenError, OwnershipLost, run
    from bot.deployment.run import active_pemda, run_pemda
    from bot.ownership import HeldElsewhere

    settings = load_settings()
    if asyncio.run(active_pemda(settings)):
        # Many Pemda (bot/deployment): this worker's share of them, until SIGTERM.
        settings.configure_logging()
        run_pemda(settings)
        return 0
    if settings.bot_token is None and args.demo_if_no_token and not demo_allowed(settings):
        print(MISSING_TOKEN + "\n" + NO_DEMO_ON_A_SERVER, file=sys.stderr)
        return EXIT_USAGE
    if settings.bot_token is None and args.demo_if_no_token:
        from bot.cli.demo import run_demo
        from bot.texts import demo as demo_texts

        print(demo_texts.NO_TOKEN_DEMO, file=sys.stderr, flush=True)
        return run_demo(settings)
    settings.configure_logging()
    for note in settings.deprecated_settings:
        logging.getLogger("bot").warning(note)
    try:
        run(settings, standby=args.standby)
    except MissingTokenError:
        print(MISSING_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        return content_failed(error)
    except HeldElsewhere as error:
        print(ops_texts.held_elsewhere(settings.database_label, error.owner, settings.tz),
              file=sys.stderr)  # fmt: skip
        return EXIT_IN_USE
    except OwnershipLost:
        print(ops_texts.OWNERSHIP_LOST, file=sys.stderr)
        return EXIT_IN_USE
    return 0


def health_cmd(args: argparse.Namespace) -> int:
    settings = load_settings()
    problem = check_heartbeat(heartbeat_path(settings.state_folder), datetime.now(UTC))
    if problem:
        print(f"tidak sehat / unhealthy: {problem}", file=sys.stderr)
    else:
        print("sehat / healthy")
    # --pemda: that Pemda's database (which worker owns it, its deliveries).
    target = pemda_target(args, settings)
    file = target.database_file
    if file is None or file.exists():
        for line in asyncio.run(database_status(target.settings, target.database())):
            print(f"  {line}")
    return 1 if problem else 0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    run = commands.add_parser(
        "run",
        help="jalankan bot (long polling, atau webhook); bila ada Pemda terdaftar: bagian"
        " Pemda untuk worker ini",
    )
    run.add_argument(
        "--demo-if-no-token",
        action="store_true",
        help="tanpa BOT_TOKEN, jalankan demo lokal (budaya-bot demo) alih-alih berhenti",
    )
    run.add_argument(
        "--standby",
        action="store_true",
        help="bila instance lain memegang basis data, tunggu dan ambil alih saat ia berhenti"
        " (tanpa ini: berhenti dengan pesan)",
    )
    run.set_defaults(handler=run_cmd)
    health = commands.add_parser("health", help="cek kesehatan bot yang sedang berjalan")
    add_pemda_option(health)
    health.set_defaults(handler=health_cmd)
