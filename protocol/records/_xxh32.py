"""Pure-Python XXH32, only for the few header bytes of legacy (magic 0) lz4 frames."""

from __future__ import annotations

_P1 = 2654435761
_P2 = 2246822519
_P3 = 3266489917
_P4 = 668265263
_P5 = 374761393
_M = 0xFFFFFFFF


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & _M


def _round(acc: int, lane: int) -> int:
    return (_rotl((acc + lane * _P2) & _M, 13) * _P1) & _M


def xxh32(data: bytes, seed: int = 0) -> int:
    """XXH32 of ``data`` (slow: meant for inputs of a few bytes)."""
    n = len(data)
    pos = 0
    if n >= 16:
        v1 = (seed + _P1 + _P2) & _M
        v2 = (seed + _P2) & _M
        v3 = seed & _M
        v4 = (seed - _P1) & _M
        while pos + 16 <= n:
            v1 = _round(v1, int.from_bytes(data[pos : pos + 4], "little"))
            v2 = _round(v2, int.from_bytes(data[pos + 4 : pos + 8], "little"))
            v3 = _round(v3, int.from_bytes(data[pos + 8 : pos + 12], "little"))
            v4 = _round(v4, int.from_bytes(data[pos + 12 : pos + 16], "little"))
            pos += 16
        h = (_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)) & _M
    else:
        h = (seed + _P5) & _M
    h = (h + n) & _M
    while pos + 4 <= n:
        lane = int.from_bytes(data[pos : pos + 4], "little")
        h = (_rotl((h + lane * _P3) & _M, 17) * _P4) & _M
        pos += 4
    while pos < n:
        h = (_rotl((h + data[pos] * _P5) & _M, 11) * _P1) & _M
        pos += 1
    h ^= h >> 15
    h = (h * _P2) & _M
    h ^= h >> 13
    h = (h * _P3) & _M
    h ^= h >> 16
    return h
