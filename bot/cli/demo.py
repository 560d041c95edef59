"""``budaya-bot demo``: the bot with an emulated Telegram and a chat page on 127.0.0.1."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from bot.cli.common import EXIT_USAGE, content_failed, load_settings
from bot.config import Settings
from bot.content import ContentError

DEFAULT_PORT = 8080
"""Where the page is, unless taken (then any free port; the address is printed)."""


def run_demo(settings: Settings, port: int = DEFAULT_PORT, *, verbose: bool = False) -> int:
    """Run the demo until Ctrl+C (or SIGTERM); the exit code."""
    from bot.demo.server import DemoSetupError, serve
    from bot.texts import demo as texts

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)

    async def main() -> None:
        stop = asyncio.Event()
        if sys.platform != "win32":  # Windows' event loop takes no signal handlers
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await serve(settings, port, stop)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    except DemoSetupError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        return content_failed(error)
    print(texts.STOPPED, flush=True)
    return 0


def port_number(text: str) -> int:
    """argparse type: a TCP port, 0 meaning any free one."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port harus angka 0-65535, bukan {text!r}")
    return port


def demo_cmd(args: argparse.Namespace) -> int:
    return run_demo(load_settings(), args.port, verbose=args.verbose)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    demo = commands.add_parser(
        "demo",
        help="coba bot tanpa Telegram: Telegram tiruan dan halaman obrolan di 127.0.0.1",
        description=(
            "Menjalankan bot yang sama dengan Telegram tiruan, basis data baru berisi roster "
            "contoh dan riwayat beberapa minggu, dan halaman obrolan di peramban. Hanya bisa "
            "dibuka dari komputer ini; datanya hilang saat demo berhenti."
        ),
    )
    demo.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        help=f"port halaman (bawaan {DEFAULT_PORT}; 0 = port kosong mana saja)",
    )
    demo.add_argument("--verbose", action="store_true", help="tampilkan log bot (INFO)")
    demo.set_defaults(handler=demo_cmd)
