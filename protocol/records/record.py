"""The record as callers see it: a plain named tuple, cheap to make and to compare."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Header", "Headers", "Record"]

Header = tuple[str, bytes | None]
Headers = tuple[Header, ...]


class Record(NamedTuple):
    """One record. The eager decoders yield plain tuples with exactly this layout."""

    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: Headers = ()
