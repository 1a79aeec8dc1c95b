"""Cross-decoding with aiokafka and kafka-python (test-only peers), every codec and format."""

from __future__ import annotations

import types
from typing import Any

import cramjam
import pytest
from aiokafka.consumer.fetcher import PartitionRecords
from aiokafka.record import default_records as aio_default
from aiokafka.record import legacy_records as aio_legacy
from aiokafka.record.memory_records import MemoryRecords as AioMemoryRecords
from aiokafka.structs import TopicPartition
from hypothesis import given, settings
from kafka import codec as kp_codec
from kafka.record.default_records import DefaultRecordBatchBuilder as KpBuilder
from kafka.record.legacy_records import LegacyRecordBatchBuilder as KpLegacyBuilder
from kafka.record.memory_records import MemoryRecords as KpMemoryRecords

from protocol.records import Codec, Record, build_batch, decode_records, iter_records

from .strategies import CODECS, record_lists
from .test_batches import decode_both
from .test_transactions import ABORTED, BLOB

AIO_BUILDERS = {
    "aiokafka-c": aio_default.DefaultRecordBatchBuilder,
    "aiokafka-py": aio_default._DefaultRecordBatchBuilderPy,
}


@pytest.fixture(autouse=True)
def kafka_python_snappy(monkeypatch: pytest.MonkeyPatch) -> None:
    """kafka-python wants python-snappy; give it cramjam's raw snappy instead."""
    shim = types.SimpleNamespace(
        compress=lambda data: bytes(cramjam.snappy.compress_raw(bytes(data))),
        decompress=lambda data: bytes(cramjam.snappy.decompress_raw(bytes(data))),
    )
    monkeypatch.setattr(kp_codec, "snappy", shim)


def peer_records(blob: bytes, memory_records: Any) -> list[Record]:
    out = []
    records = memory_records(blob)
    while (batch := records.next_batch()) is not None:
        for r in batch:
            headers = tuple((k, None if v is None else bytes(v)) for k, v in r.headers)
            key = None if r.key is None else bytes(r.key)
            value = None if r.value is None else bytes(r.value)
            timestamp = -1 if r.timestamp is None else r.timestamp  # magic 0: no timestamp
            out.append(Record(r.offset, timestamp, key, value, headers))
    return out


def build_with(builder_cls: Any, records: list[Record], codec: Codec) -> bytes:
    builder = builder_cls(2, int(codec), 0, -1, -1, -1, 2**30)
    base = records[0].offset
    for r in records:
        builder.append(r.offset - base, r.timestamp, r.key, r.value, list(r.headers))
    blob = bytearray(builder.build())
    blob[0:8] = base.to_bytes(8, "big")  # the broker assigns the base offset
    return bytes(blob)


@settings(max_examples=40, deadline=None)
@given(records=record_lists(max_size=12, big=False), codec=CODECS)
def test_peers_decode_ours(records: list[Record], codec: Codec) -> None:
    blob = build_batch(records, codec)
    assert peer_records(blob, AioMemoryRecords) == records
    assert peer_records(blob, KpMemoryRecords) == records


@pytest.mark.parametrize("peer", [*AIO_BUILDERS, "kafka-python"])
@settings(max_examples=25, deadline=None)
@given(records=record_lists(max_size=12, big=False), codec=CODECS)
def test_we_decode_peers(peer: str, records: list[Record], codec: Codec) -> None:
    builder = AIO_BUILDERS.get(peer, KpBuilder)
    assert decode_both(build_with(builder, records, codec)) == records


@pytest.mark.parametrize("codec", list(Codec))
def test_same_bytes_as_kafka_python_uncompressed_and_equal_records(codec: Codec) -> None:
    records = [Record(i, 1000 + i, b"k%d" % i, b"v" * i, (("h", b"x"),)) for i in range(50)]
    ours = build_batch(records, codec, partition_leader_epoch=0)  # kafka-python writes 0
    theirs = build_with(KpBuilder, records, codec)
    if codec == Codec.NONE:
        assert ours == theirs
    assert list(iter_records(ours)) == list(iter_records(theirs)) == records


def test_read_committed_matches_aiokafka() -> None:
    tp = TopicPartition("t", 0)
    for isolation in (0, 1):
        peer = PartitionRecords(tp, AioMemoryRecords(BLOB), ABORTED, 0, None, None, True, isolation)
        peer_offsets = [r.offset for r in peer]
        ours = decode_records(BLOB, isolation=isolation, aborted_transactions=ABORTED)
        assert list(ours.offsets) == peer_offsets
        assert ours.next_offset == peer.next_fetch_offset


# --- legacy message sets (magic 0 and 1) -------------------------------------------------

LEGACY_CODECS = [Codec.NONE, Codec.GZIP, Codec.SNAPPY, Codec.LZ4]


def legacy_blob(magic: int, codec: Codec, records: list[Record], builder_cls: Any) -> bytes:
    """A message set as a broker serves it: wrapper offset = last inner absolute offset."""
    builder = builder_cls(magic, int(codec), 2**30)
    relative = magic == 1 and codec != Codec.NONE
    for i, r in enumerate(records):
        builder.append(i if relative else r.offset, r.timestamp, r.key, r.value)
    blob = bytearray(builder.build())
    if codec != Codec.NONE:
        blob[0:8] = records[-1].offset.to_bytes(8, "big")
    return bytes(blob)


def legacy_records(magic: int, first: int = 100) -> list[Record]:
    ts = -1 if magic == 0 else 1_600_000_000_000
    keys = [b"a", None, b"", b"d"]
    values = [b"x" * 10, b"y", None, b""]
    return [Record(first + i, ts if magic == 0 else ts + i, keys[i], values[i]) for i in range(4)]


@pytest.mark.parametrize("builder", [KpLegacyBuilder, aio_legacy.LegacyRecordBatchBuilder])
@pytest.mark.parametrize(
    ("magic", "codec"),
    # Magic-0 lz4 needs xxhash in the peers; test_legacy.py builds it by hand.
    [(m, c) for m in (0, 1) for c in LEGACY_CODECS if (m, c) != (0, Codec.LZ4)],
)
def test_legacy_message_sets(magic: int, codec: Codec, builder: Any) -> None:
    records = legacy_records(magic)
    blob = legacy_blob(magic, codec, records, builder)
    assert decode_both(blob) == records
    assert peer_records(blob, KpMemoryRecords) == records
    view = decode_records(blob)
    assert view.next_offset == 104
    assert {b.magic for b in view.batches} == {magic}
    assert decode_both(blob, fetch_offset=102) == records[2:]
