"""Zigzag varints as used inside records (not the unsigned varints of flexible messages).

Hot loops inline the one- and two-byte cases; these functions are the general path.
"""

from __future__ import annotations

from protocol.errors import CorruptRecordError

_SMALL = [bytes([(v << 1) if v >= 0 else ((-v << 1) - 1)]) for v in range(-64, 64)]


def encode_varint(value: int) -> bytes:
    """Zigzag-encode a signed 64-bit integer."""
    if -64 <= value < 64:
        return _SMALL[value + 64]
    u = ((value << 1) ^ (value >> 63)) & 0xFFFFFFFFFFFFFFFF
    out = bytearray()
    while u >= 0x80:
        out.append((u & 0x7F) | 0x80)
        u >>= 7
    out.append(u)
    return bytes(out)


def read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    """Decode a zigzag varint (up to 10 bytes) at ``pos``; return (value, next position)."""
    result = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            result &= 0xFFFFFFFFFFFFFFFF
            return (result >> 1) ^ -(result & 1), pos
        shift += 7
        if shift > 63:
            raise CorruptRecordError("A record contains a varint longer than 10 bytes.")
