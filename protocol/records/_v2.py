"""Hot loops over the records of one magic-2 batch: eager decode, lazy index, single record.

Varints are inlined with one- and two-byte fast paths (a function call costs more than the
decode itself, see the protocol notes §3.3); longer ones go through ``read_varint``. Bounds are
not checked field by field: reading past the buffer raises IndexError, which callers turn into
CorruptRecordError, and every walk must end exactly at the end of the batch.
"""

from __future__ import annotations

from array import array

from protocol.errors import CorruptRecordError
from protocol.records._varint import read_varint
from protocol.records.record import Headers

RecordTuple = tuple[int, int, bytes | None, bytes | None, Headers]

MIN_RECORD_SIZE = 7
"""length, attributes, timestamp delta, offset delta, key length, value length, header count."""

_NO_HEADERS: Headers = ()


def check_count(count: int, start: int, end: int, base_offset: int) -> None:
    """Reject a record count the batch cannot possibly hold (guards every loop below)."""
    if count < 0 or count * MIN_RECORD_SIZE > end - start:
        raise CorruptRecordError(
            f"The batch at offset {base_offset} claims {count} records in {end - start} bytes of record data."
        )


def check_end(pos: int, end: int, base_offset: int) -> None:
    if pos != end:
        raise CorruptRecordError(
            f"The records of the batch at offset {base_offset} do not fill it exactly "
            f"({pos - end:+d} bytes): the batch is corrupt."
        )


def decode_records(
    buf: bytes, pos: int, end: int, count: int, base_offset: int, base_ts: int
) -> list[RecordTuple]:
    """Decode every record into ``(offset, timestamp, key, value, headers)`` tuples."""
    out: list[RecordTuple] = []
    append = out.append
    for _ in range(count):
        # Record length: not needed when reading every field; skip it.
        if buf[pos] < 0x80:
            pos += 2  # one length byte, then the attributes byte (always 0)
        elif (c := buf[pos + 1]) < 0x80:
            pos += 3
        else:
            pos = read_varint(buf, pos)[1] + 1
        # Timestamp delta.
        b = buf[pos]
        if b < 0x80:
            ts = base_ts + ((b >> 1) ^ -(b & 1))
            pos += 1
        elif (c := buf[pos + 1]) < 0x80:
            u = (b & 0x7F) | (c << 7)
            ts = base_ts + ((u >> 1) ^ -(u & 1))
            pos += 2
        else:
            v, pos = read_varint(buf, pos)
            ts = base_ts + v
        # Offset delta.
        b = buf[pos]
        if b < 0x80:
            offset = base_offset + ((b >> 1) ^ -(b & 1))
            pos += 1
        elif (c := buf[pos + 1]) < 0x80:
            u = (b & 0x7F) | (c << 7)
            offset = base_offset + ((u >> 1) ^ -(u & 1))
            pos += 2
        else:
            v, pos = read_varint(buf, pos)
            offset = base_offset + v
        # Key (any negative length means null, as in the Java client).
        b = buf[pos]
        if b < 0x80:
            n = (b >> 1) ^ -(b & 1)
            pos += 1
        else:
            n, pos = read_varint(buf, pos)
        if n >= 0:
            key: bytes | None = buf[pos : pos + n]
            pos += n
        else:
            key = None
        # Value.
        b = buf[pos]
        if b < 0x80:
            n = (b >> 1) ^ -(b & 1)
            pos += 1
        elif (c := buf[pos + 1]) < 0x80:
            u = (b & 0x7F) | (c << 7)
            n = (u >> 1) ^ -(u & 1)
            pos += 2
        else:
            n, pos = read_varint(buf, pos)
        if n >= 0:
            value: bytes | None = buf[pos : pos + n]
            pos += n
        else:
            value = None
        # Headers: almost always none.
        if buf[pos] == 0:
            headers = _NO_HEADERS
            pos += 1
        else:
            headers, pos = read_headers(buf, pos)
        append((offset, ts, key, value, headers))
    check_end(pos, end, base_offset)
    return out


def index_records(
    buf: bytes,
    pos: int,
    end: int,
    count: int,
    base_offset: int,
    base_ts: int,
    offsets: array[int],
    timestamps: array[int],
    positions: array[int],
) -> None:
    """Append each record's offset, timestamp and key position; skip over everything else."""
    add_offset = offsets.append
    add_ts = timestamps.append
    add_pos = positions.append
    for _ in range(count):
        # Record length, to jump to the next record.
        b = buf[pos]
        if b < 0x80:
            nxt = pos + 1 + ((b >> 1) ^ -(b & 1))
            pos += 2  # past the length and the attributes byte
        elif (c := buf[pos + 1]) < 0x80:
            u = (b & 0x7F) | (c << 7)
            nxt = pos + 2 + ((u >> 1) ^ -(u & 1))
            pos += 3
        else:
            n, pos = read_varint(buf, pos)
            nxt = pos + n
            pos += 1
        # Timestamp delta.
        b = buf[pos]
        if b < 0x80:
            add_ts(base_ts + ((b >> 1) ^ -(b & 1)))
            pos += 1
        elif (c := buf[pos + 1]) < 0x80:
            u = (b & 0x7F) | (c << 7)
            add_ts(base_ts + ((u >> 1) ^ -(u & 1)))
            pos += 2
        else:
            v, pos = read_varint(buf, pos)
            add_ts(base_ts + v)
        # Offset delta.
        b = buf[pos]
        if b < 0x80:
            add_offset(base_offset + ((b >> 1) ^ -(b & 1)))
            add_pos(pos + 1)
        elif (c := buf[pos + 1]) < 0x80:
            u = (b & 0x7F) | (c << 7)
            add_offset(base_offset + ((u >> 1) ^ -(u & 1)))
            add_pos(pos + 2)
        else:
            v, p = read_varint(buf, pos)
            add_offset(base_offset + v)
            add_pos(p)
        if nxt <= pos:
            raise CorruptRecordError(f"A record in the batch at offset {base_offset} is too short.")
        pos = nxt
    check_end(pos, end, base_offset)


def read_fields(buf: bytes, pos: int) -> tuple[bytes | None, bytes | None, Headers, int]:
    """Key, value and headers of the record whose key length is at ``pos``; and the end."""
    n, pos = read_varint(buf, pos)
    if n >= 0:
        key: bytes | None = buf[pos : pos + n]
        pos += n
    else:
        key = None
    n, pos = read_varint(buf, pos)
    if n >= 0:
        value: bytes | None = buf[pos : pos + n]
        pos += n
    else:
        value = None
    if buf[pos] == 0:
        return key, value, _NO_HEADERS, pos + 1
    headers, pos = read_headers(buf, pos)
    return key, value, headers, pos


def read_headers(buf: bytes, pos: int) -> tuple[Headers, int]:
    """Decode a header array; keys are UTF-8 (malformed bytes are replaced, as Java does)."""
    count, pos = read_varint(buf, pos)
    if count < 0 or count * 2 > len(buf) - pos:
        raise CorruptRecordError(f"A record declares {count} headers, which cannot fit.")
    headers: list[tuple[str, bytes | None]] = []
    for _ in range(count):
        n, pos = read_varint(buf, pos)
        if n < 0:
            raise CorruptRecordError("A record header has a negative key length.")
        name = buf[pos : pos + n].decode("utf-8", "replace")
        pos += n
        n, pos = read_varint(buf, pos)
        if n >= 0:
            headers.append((name, buf[pos : pos + n]))
            pos += n
        else:
            headers.append((name, None))
    if pos > len(buf):
        raise IndexError("record header past the end of the batch")
    return tuple(headers), pos


def first_control_type(buf: bytes, pos: int) -> int | None:
    """The control type (ABORT=0, COMMIT=1, ...) of the first record at ``pos``, if readable."""
    _, pos = read_varint(buf, pos)  # length
    pos += 1  # attributes
    _, pos = read_varint(buf, pos)  # timestamp delta
    _, pos = read_varint(buf, pos)  # offset delta
    n, pos = read_varint(buf, pos)
    if n < 4:
        return None
    return int.from_bytes(buf[pos + 2 : pos + 4], "big", signed=True)
