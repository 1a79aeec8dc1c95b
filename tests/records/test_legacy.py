"""Legacy message sets built by hand: the cases the peers' builders cannot make."""

from __future__ import annotations

import pytest

from protocol.errors import CorruptRecordError
from protocol.records import Codec, Record, TimestampType, compress, decode_records
from protocol.records._xxh32 import xxh32

from .strategies import blob_of, legacy_message, simple_records
from .test_batches import decode_both

LOG_APPEND = 0x08


def wrapper(inner: list[bytes], offset: int, codec: Codec, *, timestamp: int = -1, extra: int = 0) -> bytes:
    """A magic-1 compressed wrapper message holding ``inner`` messages."""
    payload = compress(codec, b"".join(inner))
    attributes = int(codec) | extra
    return legacy_message(offset, None, payload, attributes=attributes, timestamp=timestamp)


def broken_lz4(data: bytes) -> bytes:
    """lz4 frame with the Kafka 0.8 header checksum (KIP-57)."""
    frame = bytearray(compress(Codec.LZ4, data))
    frame[6] = (xxh32(bytes(frame[0:6])) >> 8) & 0xFF
    return bytes(frame)


def test_magic0_lz4_with_kafka08_header_checksum() -> None:
    inner = b"".join(legacy_message(10 + i, b"k", b"v%d" % i, magic=0) for i in range(3))
    blob = legacy_message(12, None, broken_lz4(inner), magic=0, attributes=Codec.LZ4)
    assert decode_both(blob) == [Record(10 + i, -1, b"k", b"v%d" % i) for i in range(3)]
    assert decode_records(blob).batch(0).timestamp_type == TimestampType.NO_TIMESTAMP


def test_magic1_log_append_time_wrapper_sets_inner_timestamps() -> None:
    inner = [legacy_message(i, None, b"x", timestamp=5 + i) for i in range(3)]
    blob = wrapper(inner, 42, Codec.GZIP, timestamp=777, extra=LOG_APPEND)
    records = decode_both(blob)
    assert [(r.offset, r.timestamp) for r in records] == [(40, 777), (41, 777), (42, 777)]
    assert decode_records(blob).batch(0).timestamp_type == TimestampType.LOG_APPEND_TIME


def test_magic1_create_time_wrapper_keeps_inner_timestamps() -> None:
    inner = [legacy_message(i, None, b"x", timestamp=5 + i) for i in range(2)]
    records = decode_both(wrapper(inner, 7, Codec.SNAPPY, timestamp=777))
    assert [(r.offset, r.timestamp) for r in records] == [(6, 5), (7, 6)]


def test_mixed_formats_in_one_fetch() -> None:
    old = legacy_message(0, b"a", b"b", timestamp=1) + legacy_message(1, None, None, magic=0)
    new = blob_of(simple_records(3, 2), 3, Codec.ZSTD)
    records = decode_both(old + new)
    assert [r.offset for r in records] == [0, 1, 2, 3, 4]
    assert decode_records(old + new).next_offset == 5


def test_legacy_crc_mismatch() -> None:
    blob = bytearray(legacy_message(5, b"k", b"value"))
    blob[-1] ^= 0xFF
    with pytest.raises(CorruptRecordError, match="offset 5 failed its CRC"):
        decode_records(blob)
    assert decode_records(blob, verify_crc=False).value(0) == b"valu" + bytes([ord("e") ^ 0xFF])


def test_inner_crc_mismatch() -> None:
    inner = bytearray(legacy_message(0, b"k", b"value"))
    inner[-1] ^= 0xFF
    with pytest.raises(CorruptRecordError, match="failed its CRC"):
        decode_records(wrapper([bytes(inner)], 0, Codec.GZIP))


def test_nested_compression_and_empty_wrapper_are_corrupt() -> None:
    nested = wrapper([legacy_message(0, None, b"x")], 0, Codec.GZIP)
    with pytest.raises(CorruptRecordError, match="nests compression"):
        decode_records(wrapper([nested], 0, Codec.GZIP))
    with pytest.raises(CorruptRecordError, match="empty"):
        decode_records(wrapper([], 0, Codec.GZIP))


def test_bad_key_length_is_corrupt() -> None:
    blob = bytearray(legacy_message(0, b"key", b"value"))
    blob[29] = 200  # low byte of the key length (offset, size, crc, magic, attrs, ts = 26)
    with pytest.raises(CorruptRecordError):
        decode_records(blob, verify_crc=False)


def test_truncated_legacy_tail() -> None:
    blob = legacy_message(0, b"a", b"b", timestamp=1) + legacy_message(1, b"c", b"d", timestamp=2)
    view = decode_records(blob[:-3])
    assert len(view) == 1 and view.truncated and view.next_offset == 1
