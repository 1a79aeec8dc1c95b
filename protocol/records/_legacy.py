"""Legacy message sets (magic 0 and 1), still served from old retained segments.

Each top-level message becomes one :class:`BatchInfo`; a compressed *wrapper* message holds an
inner message set. Magic-1 wrappers carry relative inner offsets and, under LogAppendTime, the
timestamp for every inner message.
"""

from __future__ import annotations

import struct
import zlib

from protocol.errors import CorruptRecordError
from protocol.records.batch import ATTR_LOG_APPEND_TIME, BatchInfo, walk_batches
from protocol.records.codecs import Codec, decompress, fix_legacy_lz4_header

_V0 = struct.Struct(">qiIbb")  # offset, size, crc, magic, attributes
_V1 = struct.Struct(">qiIbbq")  # ... timestamp
_CRC_START = 16
_INT32 = struct.Struct(">i")

LegacyEntry = tuple[int, int, int]
"""(offset, timestamp, position of the key length) of one message."""


def read_legacy(
    blob: bytes, start: int, end: int, verify_crc: bool, max_size: int
) -> tuple[BatchInfo, bytes, list[LegacyEntry]]:
    """Read the top-level message at ``start``: its metadata, buffer and message entries."""
    try:
        return _read_top(blob, start, end, verify_crc, max_size)
    except (IndexError, struct.error):
        (offset,) = struct.unpack_from(">q", blob, start)
        raise CorruptRecordError(f"The message at offset {offset} is corrupt.") from None


def _read_top(
    blob: bytes, start: int, end: int, verify_crc: bool, max_size: int
) -> tuple[BatchInfo, bytes, list[LegacyEntry]]:
    offset, magic, crc, attrs, ts, keypos = _read_message(blob, start, end, verify_crc)
    codec = attrs & 0x07
    if codec == Codec.NONE:
        entries = [(offset, ts, keypos)]
        info = _info(offset, offset, magic, crc, attrs, ts, 1, end - start)
        return info, blob, entries
    inner = _wrapper_payload(blob, keypos, end, magic, codec, offset, max_size)
    entries = _read_inner(inner, verify_crc, offset, magic)
    if magic == 1:
        # Inner offsets are relative; the wrapper's offset is that of the last inner message.
        shift = offset - entries[-1][0]
        log_append = attrs & ATTR_LOG_APPEND_TIME
        entries = [(o + shift, ts if log_append else t, p) for o, t, p in entries]
    info = _info(entries[0][0], offset, magic, crc, attrs, ts, len(entries), end - start)
    return info, inner, entries


def read_legacy_fields(buf: bytes, pos: int) -> tuple[bytes | None, bytes | None]:
    """Key and value of the message whose key length is at ``pos``."""
    (n,) = _INT32.unpack_from(buf, pos)
    pos += 4
    key = None
    if n >= 0:
        key = buf[pos : pos + n]
        pos += n
    (n,) = _INT32.unpack_from(buf, pos)
    value = buf[pos + 4 : pos + 4 + n] if n >= 0 else None
    return key, value


def _info(
    first: int, last: int, magic: int, crc: int, attrs: int, ts: int, count: int, size: int
) -> BatchInfo:
    return BatchInfo(first, size - 12, -1, magic, crc, attrs, last - first, ts, ts, -1, -1, -1, count)


def _read_message(buf: bytes, start: int, end: int, verify_crc: bool) -> tuple[int, int, int, int, int, int]:
    """Parse one message header: (offset, magic, crc, attributes, timestamp, key position)."""
    if buf[start + 16] == 0:
        offset, _size, crc, magic, attrs = _V0.unpack_from(buf, start)
        ts, keypos = -1, start + _V0.size
    else:
        offset, _size, crc, magic, attrs, ts = _V1.unpack_from(buf, start)
        keypos = start + _V1.size
    if verify_crc and zlib.crc32(memoryview(buf)[start + _CRC_START : end]) != crc:
        raise CorruptRecordError(f"The message at offset {offset} failed its CRC check: the data is corrupt.")
    # Key and value must fill the message exactly.
    (n,) = _INT32.unpack_from(buf, keypos)
    pos = keypos + 4 + max(n, 0)
    (n,) = _INT32.unpack_from(buf, pos)
    if pos + 4 + max(n, 0) != end:
        raise CorruptRecordError(f"The message at offset {offset} has a bad key or value length.")
    return offset, magic, crc, attrs, ts, keypos


def _wrapper_payload(
    blob: bytes, keypos: int, end: int, magic: int, codec: int, offset: int, max_size: int
) -> bytes:
    if codec > Codec.LZ4:
        raise CorruptRecordError(
            f"The message at offset {offset} uses codec {codec}, impossible for magic {magic}."
        )
    (n,) = _INT32.unpack_from(blob, keypos)
    vpos = keypos + 4 + max(n, 0) + 4
    payload: bytes | memoryview = memoryview(blob)[vpos:end]
    if codec == Codec.LZ4 and magic == 0:
        payload = fix_legacy_lz4_header(payload)
    return decompress(codec, payload, max_size)


def _read_inner(inner: bytes, verify_crc: bool, offset: int, magic: int) -> list[LegacyEntry]:
    entries: list[LegacyEntry] = []
    pos = 0
    for start, end, inner_magic in walk_batches(inner):
        if inner_magic != magic:
            raise CorruptRecordError(
                f"The compressed message at offset {offset} mixes magic {magic} and {inner_magic}."
            )
        o, _m, _crc, attrs, ts, keypos = _read_message(inner, start, end, verify_crc)
        if attrs & 0x07:
            raise CorruptRecordError(f"The message at offset {offset} nests compression.")
        entries.append((o, ts, keypos))
        pos = end
    if pos != len(inner) or not entries:
        raise CorruptRecordError(
            f"The compressed message at offset {offset} holds a truncated or empty message set."
        )
    return entries
