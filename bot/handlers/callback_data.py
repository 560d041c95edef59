"""Short, versioned callback data: ``<feature>:<version>:<payload>``, at most 64 bytes.

A button press carries whatever the client sends, so it is parsed into a typed value and
checked before anything acts on it; anything unexpected is treated as a stale/forged button.
"""

from __future__ import annotations

MAX_BYTES = 64


def make(feature: str, version: int, *parts: str) -> str:
    data = ":".join((feature, str(version), *parts))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: str | None, feature: str, version: int, arity: int) -> list[str] | None:
    """The payload parts of ``data`` if it is ``feature``'s current format, else None."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    head, sep, rest = data.partition(":")
    if head != feature or not sep:
        return None
    ver, sep, payload = rest.partition(":")
    if ver != str(version) or not sep:
        return None
    parts = payload.split(":") if payload else []
    return parts if len(parts) == arity else None
