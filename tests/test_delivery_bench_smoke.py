"""A small run of the delivery benchmark (``make bench`` runs 10,000 people): the bot in a
process of its own against the capped fake server, with 429s and 5xx, loses nobody."""

from __future__ import annotations

from pathlib import Path

from bench.run import Faults, report, scenario


async def test_a_small_broadcast_through_a_capped_server_with_faults(tmp_path: Path) -> None:
    faults = Faults(error_rate=0.05, storms=1, storm_size=1, storm_every=0.2)
    figures = await scenario("smoke", people=60, cap=60, rate=57, workdir=tmp_path, faults=faults)
    assert figures.sent == 60
    assert figures.duplicates == 0
    assert figures.missing == 0
    assert figures.max_accepted <= 60
    assert figures.injected_429 >= 1  # the storm hit, and was waited out
    assert figures.bot["paused_seconds"] >= 1.0
    assert figures.bot["peak_rss_kib"] > 0
    assert "duplicates" in report([figures])
