"""Finding a unit by a name someone typed (the CLI's --unit, /unit and /undangan)."""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from bot.org.models import Unit


def close_unit_names(name: str, units: list[Unit], limit: int = 5) -> list[str]:
    """Unit names that look like ``name`` (typos, abbreviations), best first."""
    found = process.extract(
        name,
        [unit.name for unit in units],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return [choice for choice, _score, _index in found]
