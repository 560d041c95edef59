"""``budaya-bot check-content [FILE]``: validate a content file and print its counts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli.common import content_failed, load_settings
from bot.content import ContentError, ContentPack, active_value_set, load_content


def content_summary(pack: ContentPack) -> list[str]:
    """The counts ``check-content`` prints, one line per part of the pack."""
    lines = []
    for set_id, value_set in pack.value_sets.items():
        behaviours = [b for v in value_set.values for b in v.behaviours]
        expected = sum(len(b.expected) for b in behaviours)
        line = f"{set_id} ({value_set.name}): {len(value_set.values)} nilai, "
        if expected:
            line += f"{len(behaviours)} perilaku utama, {expected} perilaku yang diharapkan"
        else:
            line += f"{len(behaviours)} perilaku"
        lines.append(line)
    lines.append(f"budaya malu: {len(pack.budaya_malu.items)} butir")
    groups = ", ".join(f"{g.id.rpartition('.')[2]} {len(g.items)}" for g in pack.evaluasi.groups)
    lines.append(f"evaluasi: {pack.evaluasi.criteria_count()} kriteria ({groups})")
    return lines


def check_content_cmd(args: argparse.Namespace) -> int:
    settings = load_settings()
    path: Path = args.file or settings.content_file
    value_set_id: str = args.value_set or settings.value_set
    try:
        pack = load_content(path)
        active_value_set(pack, value_set_id, path)
    except ContentError as error:
        return content_failed(error)
    print(f"{path}: OK")
    for line in content_summary(pack):
        print(f"  {line}")
    print(f"  nilai aktif (VALUE_SET): {value_set_id}")
    return 0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    check = commands.add_parser("check-content", help="periksa berkas konten dan hitung isinya")
    check.add_argument(
        "file", metavar="BERKAS", nargs="?", type=Path, help="berkas YAML (bawaan: CONTENT_FILE)"
    )
    check.add_argument("--value-set", help="nilai yang harus ada (bawaan: VALUE_SET)")
    check.set_defaults(handler=check_content_cmd)
