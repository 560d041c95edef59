"""A small run of the traffic benchmark (``make bench`` runs 2,000 and 10,000 people): the
bot polling in a process of its own answers every tap and command through the capped,
slow fake server, and the broadcast goes on meanwhile."""

from __future__ import annotations

from pathlib import Path

from bench.traffic import mixed_traffic, morning_rush, report
from bench.traffic import parser as traffic_parser


async def test_a_small_rush_and_mixed_traffic(tmp_path: Path) -> None:
    args = traffic_parser().parse_args(
        [
            "--rush-people",
            "40",
            "--tap-window",
            "3",
            "--mixed-people",
            "300",
            "--mixed-seconds",
            "4",
            "--commanders",
            "5",
            "--commands-per-second",
            "2",
        ]
    )
    rush = await morning_rush(args, tmp_path, baseline=False)
    assert rush.figures["taps answered"] == "40/40"
    assert rush.figures["429 during the taps"] == "0"
    mixed = await mixed_traffic(args, tmp_path, baseline=False)
    assert int(mixed.figures["broadcast sent"]) > 0
    assert mixed.figures["command -> reply p95"].endswith(" s")  # every command answered
    assert "tap -> answer p95" in report("rush", "target", [rush])
