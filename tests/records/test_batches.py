"""Record batch v2: encode, decode (eager and lazy), CRCs, truncation, offsets, metadata."""

from __future__ import annotations

import io
import struct

import cramjam
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.errors import CompressionError, CorruptRecordError
from protocol.records import (
    BatchInfo,
    Codec,
    ControlType,
    Record,
    RecordBatchBuilder,
    TimestampType,
    build_batch,
    build_control_batch,
    decode_records,
    iter_batches,
    iter_records,
    next_fetch_offset,
)

from .strategies import CODECS, blob_of, record_lists, simple_records, with_payload


def decode_both(blob: bytes, **kwargs: object) -> list[Record]:
    """Decode eagerly and lazily, check they agree, return the records."""
    eager = list(iter_records(blob, **kwargs))  # type: ignore[arg-type]
    view = decode_records(blob, **kwargs)  # type: ignore[arg-type]
    assert list(view) == eager
    assert list(view.offsets) == [r[0] for r in eager]
    assert list(view.timestamps) == [r[1] for r in eager]
    return [Record(*r) for r in eager]


@settings(max_examples=150, deadline=None)
@given(records=record_lists(), codec=CODECS)
def test_round_trip(records: list[Record], codec: Codec) -> None:
    assert decode_both(build_batch(records, codec)) == records


@settings(max_examples=40, deadline=None)
@given(batches=st.lists(st.tuples(record_lists(max_size=8, big=False), CODECS), min_size=1, max_size=5))
def test_round_trip_many_batches(batches: list[tuple[list[Record], Codec]]) -> None:
    # Re-base each batch after the previous one so offsets ascend through the blob.
    blob, expected, nxt = b"", [], 0
    for records, codec in batches:
        shift = nxt - records[0].offset
        shifted = [r._replace(offset=r.offset + shift) for r in records]
        blob += build_batch(shifted, codec)
        expected += shifted
        nxt = shifted[-1].offset + 1
    assert decode_both(blob) == expected
    assert decode_records(blob).next_offset == nxt == next_fetch_offset(blob, 0)


def test_header_layout_and_batch_info() -> None:
    builder = RecordBatchBuilder(
        Codec.LZ4,
        base_offset=1000,
        producer_id=77,
        producer_epoch=3,
        base_sequence=12,
        transactional=True,
        partition_leader_epoch=9,
    )
    builder.append(b"k", b"v", [("h", b"x"), ("n", None)], timestamp=5000)
    builder.append(None, None, timestamp=4000)
    blob = builder.build()
    fields = struct.unpack_from(">qiibIhiqqqhii", blob)
    assert fields[0] == 1000 and fields[1] == len(blob) - 12 and fields[2] == 9
    assert fields[3] == 2 and fields[5] == Codec.LZ4 | 0x10 and fields[6] == 1
    assert fields[7:] == (5000, 5000, 77, 3, 12, 2)
    view = decode_records(blob)
    info = view.batch(1)
    assert isinstance(info, BatchInfo)
    assert (info.codec, info.timestamp_type) == (Codec.LZ4, TimestampType.CREATE_TIME)
    assert (info.partition_leader_epoch, info.producer_id, info.producer_epoch) == (9, 77, 3)
    assert info.is_transactional and not info.is_control
    assert (info.last_offset, info.next_offset, info.size) == (1001, 1002, len(blob))
    assert view[0] == Record(1000, 5000, b"k", b"v", (("h", b"x"), ("n", None)))
    assert view[-1] == Record(1001, 4000, None, None, ())
    assert (view.key(0), view.value(1), view.headers(0)[1]) == (b"k", None, ("n", None))
    assert view.index_of(1001) == 1 and view.index_of(999) is None


def test_log_append_time_uses_max_timestamp() -> None:
    builder = RecordBatchBuilder(Codec.GZIP, timestamp_type=TimestampType.LOG_APPEND_TIME)
    for i in range(3):
        builder.append(b"k", b"v", timestamp=100 + i)
    blob = builder.build(max_timestamp=999_999)
    assert [r.timestamp for r in decode_both(blob)] == [999_999] * 3
    assert decode_records(blob).batch(0).timestamp_type == TimestampType.LOG_APPEND_TIME
    ((info, _),) = iter_batches(blob)
    assert info.timestamp_type == TimestampType.LOG_APPEND_TIME


@pytest.mark.parametrize("codec", list(Codec))
def test_crc_mismatch_names_the_offset(codec: Codec) -> None:
    good = build_batch(simple_records(10), codec)
    blob = bytearray(blob_of(simple_records(5, 100), 5) + build_batch(simple_records(10, 200), codec))
    blob[-3] ^= 0x01
    with pytest.raises(CorruptRecordError, match="offset 200 failed its CRC"):
        list(iter_records(bytes(blob)))
    with pytest.raises(CorruptRecordError, match="offset 200"):
        decode_records(blob)
    assert decode_records(good, verify_crc=False)[0] == simple_records(1)[0]


def test_header_corruption_outside_crc_is_harmless() -> None:
    blob = bytearray(build_batch(simple_records(3)))
    blob[12:16] = struct.pack(">i", 42)  # partition leader epoch is not covered by the CRC
    assert decode_records(blob).batch(0).partition_leader_epoch == 42


@pytest.mark.parametrize("cut", [1, 10, 30, 60, 61, 100])
def test_truncated_trailing_batch_is_tolerated(cut: int) -> None:
    first = build_batch(simple_records(5))
    second = build_batch(simple_records(5, 5), Codec.ZSTD)
    blob = first + second[:cut]
    assert decode_both(blob) == simple_records(5)
    view = decode_records(blob)
    assert view.truncated and view.next_offset == 5 == next_fetch_offset(blob, 0)
    assert not decode_records(first).truncated


def test_only_a_partial_batch() -> None:
    blob = build_batch(simple_records(5))[:40]
    view = decode_records(blob, fetch_offset=7)
    assert len(view) == 0 and view.truncated and view.next_offset == 7


def test_records_below_fetch_offset_are_skipped() -> None:
    records = simple_records(30)
    blob = blob_of(records, 10, Codec.SNAPPY)
    assert decode_both(blob, fetch_offset=15) == records[15:]
    assert decode_both(blob, fetch_offset=20) == records[20:]
    assert decode_both(blob, fetch_offset=30) == []
    assert decode_records(blob, fetch_offset=30).next_offset == 30
    assert decode_records(blob, fetch_offset=45).next_offset == 45


def test_compacted_batches_keep_their_last_offset() -> None:
    # Records 0..9 were written; compaction kept 2, 5 and nothing of batch 10..19.
    kept = [r for r in simple_records(10) if r.offset in (2, 5)]
    compacted = RecordBatchBuilder(base_offset=0)
    for r in kept:
        compacted.append(r.key, r.value, timestamp=r.timestamp, offset=r.offset)
    empty = RecordBatchBuilder(base_offset=10).build(last_offset_delta=9)
    blob = compacted.build(last_offset_delta=9) + empty
    assert decode_both(blob) == kept
    assert decode_records(blob).next_offset == 20 == next_fetch_offset(blob, 0)
    assert decode_records(empty, fetch_offset=10).next_offset == 20
    assert decode_both(blob, fetch_offset=3) == kept[1:]


def test_control_batches_hidden_by_default() -> None:
    data = build_batch(simple_records(3), producer_id=5, producer_epoch=0, transactional=True)
    marker = build_control_batch(ControlType.COMMIT, offset=3, producer_id=5, producer_epoch=0, timestamp=1)
    blob = data + marker
    assert decode_both(blob) == simple_records(3)
    shown = decode_records(blob, include_control=True)
    assert len(shown) == 4 and shown.batch(3).is_control
    assert shown.key(3) == struct.pack(">hh", 0, ControlType.COMMIT)
    assert shown.value(3) == struct.pack(">hi", 0, 0)
    assert decode_records(blob).next_offset == 4


def test_varint_extremes() -> None:
    big = 2**62
    records = [
        Record(big, -(2**40), b"k" * 20_000, None, (("é", b""),)),
        Record(big + 2**31 - 1, 2**50, b"", b"v" * 300_000, ()),
    ]
    assert decode_both(build_batch(records)) == records


def test_builder_rejects_non_increasing_offsets() -> None:
    builder = RecordBatchBuilder(base_offset=10)
    builder.append(b"a", b"b", offset=11)
    with pytest.raises(ValueError):
        builder.append(b"a", b"b", offset=11)


def test_invalid_utf8_header_key_is_replaced() -> None:
    blob = bytearray(build_batch([Record(0, 0, None, None, (("ab", b"v"),))]))
    pos = blob.index(b"ab")
    blob[pos] = 0xFF
    (record,) = decode_both(bytes(blob), verify_crc=False)
    assert record.headers == (("\ufffdb", b"v"),)


def test_record_count_lies_are_corrupt() -> None:
    blob = bytearray(build_batch(simple_records(3)))
    struct.pack_into(">i", blob, 57, 4)
    with pytest.raises(CorruptRecordError):
        list(iter_records(bytes(blob), verify_crc=False))
    with pytest.raises(CorruptRecordError):
        decode_records(blob, verify_crc=False)
    struct.pack_into(">i", blob, 57, 2**31 - 1)
    with pytest.raises(CorruptRecordError, match="claims 2147483647 records"):
        decode_records(blob, verify_crc=False)


def test_unknown_magic_and_bad_length() -> None:
    blob = bytearray(build_batch(simple_records(1)))
    blob[16] = 3
    with pytest.raises(CorruptRecordError, match="magic byte 3"):
        decode_records(blob)
    blob[16] = 2
    struct.pack_into(">i", blob, 8, 20)
    with pytest.raises(CorruptRecordError, match="less than"):
        decode_records(blob)


def test_batch_over_decompression_cap() -> None:
    blob = build_batch([Record(0, 0, None, bytes(2_000_000))], Codec.ZSTD)
    with pytest.raises(CompressionError, match="decompression limit"):
        decode_records(blob, max_decompressed_size=1_000_000)
    assert len(decode_records(blob, max_decompressed_size=3_000_000).value(0) or b"") == 2_000_000


def test_accepts_memoryview_and_bytearray() -> None:
    blob = blob_of(simple_records(20), 7, Codec.LZ4)
    for wrapped in (bytearray(blob), memoryview(blob)):
        assert decode_both(wrapped) == simple_records(20)  # type: ignore[arg-type]
        assert next_fetch_offset(wrapped, 0) == 20


def test_view_slicing_and_batches() -> None:
    view = decode_records(blob_of(simple_records(25), 10, Codec.GZIP))
    assert view[3:6] == simple_records(25)[3:6]
    assert [b.base_offset for b in view.batches] == [0, 10, 20]
    assert view.batch(24).base_offset == 20 and view.batch(-1).base_offset == 20
    for bad in (25, -26):
        with pytest.raises(IndexError):
            view.batch(bad)
        with pytest.raises(IndexError):
            view[bad]
        with pytest.raises(IndexError):
            view.value(bad)
    assert view.value(-1) == simple_records(25)[-1].value
    assert simple_records(25)[7] in view


def test_zstd_batch_streamed_without_content_size() -> None:
    records = simple_records(300, value_size=50)
    plain = build_batch(records)
    sink = io.BytesIO()
    cctx = zstandard.ZstdCompressor(write_content_size=False)
    with cctx.stream_writer(sink, closefd=False) as writer:  # as zstd-jni streams it
        writer.write(plain[61:])
    assert zstandard.frame_content_size(sink.getvalue()) == -1
    assert decode_both(with_payload(plain, Codec.ZSTD, sink.getvalue())) == records


def test_snappy_batch_raw_and_xerial() -> None:
    records = simple_records(300, value_size=500)  # over 32 KiB: several xerial chunks
    plain = build_batch(records)
    raw = bytes(cramjam.snappy.compress_raw(plain[61:]))
    assert decode_both(with_payload(plain, Codec.SNAPPY, raw)) == records
    xerial = build_batch(records, Codec.SNAPPY)
    assert xerial[61:69] == b"\x82SNAPPY\x00"
    assert decode_both(xerial) == records
