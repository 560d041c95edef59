"""How many Pemda one worker aims to serve."""

from __future__ import annotations


def fair_share(active: int, live_workers: int) -> int:
    """Every active Pemda over the live workers, rounded up: together the workers serve
    them all, and none serves more than one above another."""
    if active <= 0:
        return 0
    workers = max(live_workers, 1)
    return -(-active // workers)
