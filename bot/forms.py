"""Forms typed in one message: one ``Label: value`` per line, as a template the bot sends.

Used where a leader enters several fields at once (a rencana aksi item, an announced
activity): copying the template and filling it in is quicker on a phone than five prompts,
and the whole entry is checked at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LINE = re.compile(r"^\s*([A-Za-z]+)\s*[:=]\s*(.*)$")


def labelled_fields(text: str, labels: Iterable[str]) -> dict[str, str]:
    """The value after each known label (case-insensitive), whitespace collapsed."""
    wanted = {label.lower() for label in labels}
    values: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match and match.group(1).lower() in wanted:
            values[match.group(1).lower()] = " ".join(match.group(2).split())
    return values


def template(labels: Iterable[str]) -> str:
    """``Kegiatan: \\nTarget: ...``: the lines to copy and fill in."""
    return "\n".join(f"{label.capitalize()}: " for label in labels)
