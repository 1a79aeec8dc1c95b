"""Kafka's primitive wire types, one reader and one writer each.

Readers take ``(data, pos)`` and return ``(value, new_pos)``; writers append to a ``bytearray``.
They check bounds themselves and raise :class:`ProtocolDecodeError`, so they are safe on
untrusted input. The generated message codecs inline the hot cases (fixed-width runs, 1-byte
varints) and call into this module only for slow paths such as multi-byte varints.
"""

from __future__ import annotations

import struct
import uuid as _uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from protocol.errors import ProtocolDecodeError, ProtocolEncodeError

Buffer = bytes | bytearray | memoryview
T = TypeVar("T")

INT8 = struct.Struct(">b")
INT16 = struct.Struct(">h")
INT32 = struct.Struct(">i")
INT64 = struct.Struct(">q")
UINT16 = struct.Struct(">H")
UINT32 = struct.Struct(">I")
FLOAT64 = struct.Struct(">d")
ZERO_UUID = bytes(16)


def _need(data: Buffer, pos: int, n: int, what: str) -> None:
    if n < 0 or pos + n > len(data):
        raise ProtocolDecodeError(f"truncated {what}: need {n} bytes at offset {pos}")


def _fixed(fmt: struct.Struct, what: str) -> Callable[[Buffer, int], tuple[int, int]]:
    size = fmt.size

    def read(data: Buffer, pos: int) -> tuple[int, int]:
        _need(data, pos, size, what)
        return fmt.unpack_from(data, pos)[0], pos + size

    read.__doc__ = f"Read a big-endian {what}."
    return read


read_int8 = _fixed(INT8, "int8")
read_int16 = _fixed(INT16, "int16")
read_int32 = _fixed(INT32, "int32")
read_int64 = _fixed(INT64, "int64")
read_uint16 = _fixed(UINT16, "uint16")
read_uint32 = _fixed(UINT32, "uint32")


def read_float64(data: Buffer, pos: int) -> tuple[float, int]:
    """Read an IEEE-754 big-endian double."""
    _need(data, pos, 8, "float64")
    return FLOAT64.unpack_from(data, pos)[0], pos + 8


def read_bool(data: Buffer, pos: int) -> tuple[bool, int]:
    """Read a one-byte boolean (any non-zero byte is true, as in the Java client)."""
    _need(data, pos, 1, "bool")
    return data[pos] != 0, pos + 1


def read_uuid(data: Buffer, pos: int) -> tuple[bytes, int]:
    """Read 16 raw bytes; UUIDs stay ``bytes`` (cheap, hashable, what topic-id maps key on)."""
    _need(data, pos, 16, "uuid")
    return bytes(data[pos : pos + 16]), pos + 16


def read_uvarint(data: Buffer, pos: int, max_bytes: int = 5) -> tuple[int, int]:
    """Read an unsigned LEB128 varint (at most 5 bytes, i.e. 32 bits, unless told otherwise)."""
    try:
        b = data[pos]
        pos += 1
        if b < 0x80:
            return b, pos
        value = b & 0x7F
        shift = 7
        for _ in range(max_bytes - 1):
            b = data[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            if b < 0x80:
                return value, pos
            shift += 7
    except IndexError:
        raise ProtocolDecodeError(f"truncated varint at offset {pos}") from None
    raise ProtocolDecodeError(f"varint longer than {max_bytes} bytes at offset {pos}")


def read_uvarlong(data: Buffer, pos: int) -> tuple[int, int]:
    """Read an unsigned 64-bit varint (up to 10 bytes)."""
    return read_uvarint(data, pos, 10)


def read_varint(data: Buffer, pos: int) -> tuple[int, int]:
    """Read a zigzag-encoded signed 32-bit varint (the record format's kind)."""
    raw, pos = read_uvarint(data, pos, 5)
    return (raw >> 1) ^ -(raw & 1), pos


def read_varlong(data: Buffer, pos: int) -> tuple[int, int]:
    """Read a zigzag-encoded signed 64-bit varint."""
    raw, pos = read_uvarint(data, pos, 10)
    return (raw >> 1) ^ -(raw & 1), pos


def _read_sized(data: Buffer, pos: int, n: int, what: str) -> tuple[bytes, int]:
    _need(data, pos, n, what)
    return bytes(data[pos : pos + n]), pos + n


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError as exc:
        raise ProtocolDecodeError(f"string is not valid UTF-8: {exc}") from None


def read_nullable_string(data: Buffer, pos: int) -> tuple[str | None, int]:
    """Read an int16-length string; a negative length means null."""
    n, pos = read_int16(data, pos)
    if n < 0:
        return None, pos
    raw, pos = _read_sized(data, pos, n, "string")
    return _utf8(raw), pos


def read_string(data: Buffer, pos: int) -> tuple[str, int]:
    """Read a non-nullable int16-length string."""
    value, pos = read_nullable_string(data, pos)
    if value is None:
        raise ProtocolDecodeError("non-nullable string is null")
    return value, pos


def read_compact_nullable_string(data: Buffer, pos: int) -> tuple[str | None, int]:
    """Read a compact string: unsigned varint N+1, where 0 means null."""
    n, pos = read_uvarint(data, pos)
    if n == 0:
        return None, pos
    raw, pos = _read_sized(data, pos, n - 1, "compact string")
    return _utf8(raw), pos


def read_compact_string(data: Buffer, pos: int) -> tuple[str, int]:
    """Read a non-nullable compact string."""
    value, pos = read_compact_nullable_string(data, pos)
    if value is None:
        raise ProtocolDecodeError("non-nullable compact string is null")
    return value, pos


def read_nullable_bytes(data: Buffer, pos: int) -> tuple[bytes | None, int]:
    """Read int32-length bytes; a negative length means null."""
    n, pos = read_int32(data, pos)
    if n < 0:
        return None, pos
    return _read_sized(data, pos, n, "bytes")


def read_bytes(data: Buffer, pos: int) -> tuple[bytes, int]:
    """Read non-nullable int32-length bytes."""
    value, pos = read_nullable_bytes(data, pos)
    if value is None:
        raise ProtocolDecodeError("non-nullable bytes are null")
    return value, pos


def read_compact_nullable_bytes(data: Buffer, pos: int) -> tuple[bytes | None, int]:
    """Read compact bytes: unsigned varint N+1, where 0 means null."""
    n, pos = read_uvarint(data, pos)
    if n == 0:
        return None, pos
    return _read_sized(data, pos, n - 1, "compact bytes")


def read_compact_bytes(data: Buffer, pos: int) -> tuple[bytes, int]:
    """Read non-nullable compact bytes."""
    value, pos = read_compact_nullable_bytes(data, pos)
    if value is None:
        raise ProtocolDecodeError("non-nullable compact bytes are null")
    return value, pos


def read_array(
    data: Buffer, pos: int, read_item: Callable[[Buffer, int], tuple[T, int]], compact: bool
) -> tuple[list[T] | None, int]:
    """Read an array (int32 count, or compact uvarint N+1); null comes back as ``None``.

    A count larger than the bytes left is rejected before anything is allocated.
    """
    if compact:
        n, pos = read_uvarint(data, pos)
        n -= 1
    else:
        n, pos = read_int32(data, pos)
    if n < 0:
        return None, pos
    if n > len(data) - pos:
        raise ProtocolDecodeError(f"array count {n} exceeds the {len(data) - pos} bytes left")
    items = []
    for _ in range(n):
        item, pos = read_item(data, pos)
        items.append(item)
    return items, pos


def read_tagged_fields(data: Buffer, pos: int) -> tuple[dict[int, bytes], int]:
    """Read a tagged-field section as raw ``{tag: payload}``; callers decode the tags they know."""
    count, pos = read_uvarint(data, pos)
    fields: dict[int, bytes] = {}
    for _ in range(count):
        tag, pos = read_uvarint(data, pos)
        size, pos = read_uvarint(data, pos)
        fields[tag], pos = _read_sized(data, pos, size, "tagged field")
    return fields, pos


def read_nullable_struct(
    data: Buffer, pos: int, read_struct: Callable[[Buffer, int], tuple[T, int]]
) -> tuple[T | None, int]:
    """Read an int8 presence marker (-1 null, 1 present) and then the struct."""
    marker, pos = read_int8(data, pos)
    if marker < 0:
        return None, pos
    return read_struct(data, pos)


# --- writers -------------------------------------------------------------------------------


def _pack(fmt: struct.Struct, what: str) -> Callable[[bytearray, int], None]:
    def write(buf: bytearray, value: int) -> None:
        try:
            buf += fmt.pack(value)
        except struct.error as exc:
            raise ProtocolEncodeError(f"{what} value {value!r}: {exc}") from None

    write.__doc__ = f"Append a big-endian {what}."
    return write


write_int8 = _pack(INT8, "int8")
write_int16 = _pack(INT16, "int16")
write_int32 = _pack(INT32, "int32")
write_int64 = _pack(INT64, "int64")
write_uint16 = _pack(UINT16, "uint16")
write_uint32 = _pack(UINT32, "uint32")


def write_float64(buf: bytearray, value: float) -> None:
    """Append an IEEE-754 big-endian double."""
    buf += FLOAT64.pack(value)


def write_bool(buf: bytearray, value: bool) -> None:
    """Append one byte, 1 or 0."""
    buf.append(1 if value else 0)


def uuid_bytes(value: bytes | bytearray | memoryview | _uuid.UUID) -> bytes:
    """The 16 bytes of a UUID given as raw bytes or as ``uuid.UUID``."""
    if isinstance(value, _uuid.UUID):
        return value.bytes
    if isinstance(value, bytes | bytearray | memoryview) and len(value) == 16:
        return bytes(value)
    raise ProtocolEncodeError(f"a uuid must be 16 bytes or uuid.UUID, not {value!r}")


def write_uuid(buf: bytearray, value: bytes | _uuid.UUID) -> None:
    """Append 16 raw bytes."""
    buf += uuid_bytes(value)


def uvarint_bytes(value: int) -> bytes:
    """Encode an unsigned varint."""
    if value < 0:
        raise ProtocolEncodeError(f"unsigned varint cannot be negative: {value}")
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def write_uvarint(buf: bytearray, value: int) -> None:
    """Append an unsigned varint."""
    if 0 <= value < 0x80:
        buf.append(value)
    else:
        buf += uvarint_bytes(value)


def write_varint(buf: bytearray, value: int) -> None:
    """Append a zigzag-encoded signed 32-bit varint."""
    if not -(1 << 31) <= value < (1 << 31):
        raise ProtocolEncodeError(f"varint out of range: {value}")
    write_uvarint(buf, ((value << 1) ^ (value >> 31)) & 0xFFFFFFFF)


def write_varlong(buf: bytearray, value: int) -> None:
    """Append a zigzag-encoded signed 64-bit varint."""
    if not -(1 << 63) <= value < (1 << 63):
        raise ProtocolEncodeError(f"varlong out of range: {value}")
    write_uvarint(buf, ((value << 1) ^ (value >> 63)) & 0xFFFFFFFFFFFFFFFF)


def write_nullable_string(buf: bytearray, value: str | None) -> None:
    """Append an int16-length string (-1 for null)."""
    if value is None:
        buf += b"\xff\xff"
        return
    raw = value.encode()
    write_int16(buf, len(raw))
    buf += raw


write_string = write_nullable_string


def write_compact_nullable_string(buf: bytearray, value: str | None) -> None:
    """Append a compact string: unsigned varint N+1 (0 for null), then the UTF-8 bytes."""
    if value is None:
        buf.append(0)
        return
    raw = value.encode()
    write_uvarint(buf, len(raw) + 1)
    buf += raw


write_compact_string = write_compact_nullable_string


def write_nullable_bytes(buf: bytearray, value: Buffer | None) -> None:
    """Append int32-length bytes (-1 for null)."""
    if value is None:
        buf += b"\xff\xff\xff\xff"
        return
    write_int32(buf, len(value))
    buf += value


write_bytes = write_nullable_bytes


def write_compact_nullable_bytes(buf: bytearray, value: Buffer | None) -> None:
    """Append compact bytes: unsigned varint N+1 (0 for null), then the bytes."""
    if value is None:
        buf.append(0)
        return
    write_uvarint(buf, len(value) + 1)
    buf += value


write_compact_bytes = write_compact_nullable_bytes


def write_array(
    buf: bytearray,
    items: Iterable[T] | None,
    write_item: Callable[[bytearray, T], None],
    compact: bool,
) -> None:
    """Append an array: int32 count (-1 null) or compact uvarint N+1 (0 null), then the items."""
    if items is None:
        if compact:
            buf.append(0)
        else:
            buf += b"\xff\xff\xff\xff"
        return
    seq = list(items)
    if compact:
        write_uvarint(buf, len(seq) + 1)
    else:
        write_int32(buf, len(seq))
    for item in seq:
        write_item(buf, item)


def write_tagged_fields(buf: bytearray, fields: Mapping[int, Buffer]) -> None:
    """Append a tagged-field section from raw ``{tag: payload}``, in ascending tag order."""
    write_uvarint(buf, len(fields))
    for tag in sorted(fields):
        payload = fields[tag]
        write_uvarint(buf, tag)
        write_uvarint(buf, len(payload))
        buf += payload


def write_nullable_struct(
    buf: bytearray, value: T | None, write_struct: Callable[[bytearray, T], None]
) -> None:
    """Append an int8 presence marker (-1 null, 1 present) and then the struct."""
    if value is None:
        buf.append(0xFF)
        return
    buf.append(1)
    write_struct(buf, value)
