"""Hypothesis strategies and small builders shared by the record tests."""

from __future__ import annotations

import struct
import zlib

import crc32c
from hypothesis import strategies as st

from protocol.records import Codec, Record, build_batch

KEYS = st.none() | st.binary(max_size=80)
VALUES = st.none() | st.binary(max_size=300)
BIG_VALUES = VALUES | st.binary(min_size=8000, max_size=9000)
HEADERS = st.lists(st.tuples(st.text(max_size=12), st.none() | st.binary(max_size=40)), max_size=3).map(tuple)
CODECS = st.sampled_from(list(Codec))


@st.composite
def record_lists(draw: st.DrawFn, max_size: int = 30, big: bool = True) -> list[Record]:
    """Records with ascending (sometimes gapped) offsets and arbitrary timestamps."""
    offset = draw(st.integers(0, 2**40))
    base_ts = draw(st.integers(-1, 2**42))
    records = []
    for _ in range(draw(st.integers(1, max_size))):
        ts = base_ts + draw(st.integers(-10_000, 10_000_000))
        value = draw(BIG_VALUES if big else VALUES)
        records.append(Record(offset, ts, draw(KEYS), value, draw(HEADERS)))
        offset += draw(st.sampled_from([1, 1, 1, 2, 70, 20_000]))
    return records


def simple_records(count: int, first: int = 0, value_size: int = 20) -> list[Record]:
    return [
        Record(first + i, 1_700_000_000_000 + i, b"k%d" % i, bytes([65 + i % 26]) * value_size)
        for i in range(count)
    ]


def blob_of(records: list[Record], per_batch: int, codec: Codec = Codec.NONE) -> bytes:
    return b"".join(build_batch(records[i : i + per_batch], codec) for i in range(0, len(records), per_batch))


def legacy_message(
    offset: int,
    key: bytes | None,
    value: bytes | None,
    *,
    magic: int = 1,
    attributes: int = 0,
    timestamp: int = -1,
) -> bytes:
    """One magic-0/1 message as a broker stores it (offset, size, crc, ...)."""
    body = struct.pack(">bb", magic, attributes)
    if magic == 1:
        body += struct.pack(">q", timestamp)
    for field in (key, value):
        body += struct.pack(">i", -1) if field is None else struct.pack(">i", len(field)) + field
    crc = zlib.crc32(body)
    return struct.pack(">qiI", offset, len(body) + 4, crc) + body


def with_payload(batch: bytes, codec: Codec, payload: bytes) -> bytes:
    """Re-wrap an uncompressed batch's header around ``payload`` compressed some other way."""
    header = bytearray(batch[:61])
    struct.pack_into(">i", header, 8, 49 + len(payload))
    (attributes,) = struct.unpack_from(">h", header, 21)
    struct.pack_into(">h", header, 21, (attributes & ~0x07) | int(codec))
    struct.pack_into(">I", header, 17, crc32c.crc32c(bytes(header[21:]) + payload))
    return bytes(header) + payload
