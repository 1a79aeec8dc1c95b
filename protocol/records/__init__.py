"""Sans-IO record layer: Kafka record batches and legacy message sets, bytes in, records out.

No sockets, no asyncio, no Qt. The input to decoding is the raw ``Records`` bytes of one
partition from a Fetch response (many batches, possibly cut short at the end).

Decoding
    ``decode_records(blob, fetch_offset=0, *, isolation=IsolationLevel.READ_UNCOMMITTED,
    aborted_transactions=None, include_control=False, verify_crc=True,
    max_decompressed_size=DEFAULT_MAX_DECOMPRESSED_SIZE) -> RecordView``
        Lazy: indexes offsets and timestamps into ``array('q')`` columns; ``view[i]`` builds
        a :class:`Record`, ``view.key(i)`` / ``value(i)`` / ``headers(i)`` one field,
        ``view.batch(i)`` the :class:`BatchInfo`. ``view.next_offset`` is where to fetch next,
        ``view.truncated`` says the last batch was partial. For browsing.
    ``iter_records(blob, fetch_offset=0, **same options) -> Iterator[tuple]``
        Eager: ``(offset, timestamp, key, value, headers)`` tuples, laid out like
        :class:`Record`. For export.
    ``iter_batches(blob, fetch_offset=0, **same options)``
        Eager, per batch: ``(BatchInfo, list of record tuples)``.
    ``next_fetch_offset(blob, fetch_offset) -> int``
        Past the last complete batch, even when compaction removed its records; headers only.

    All of them verify CRCs (CRC-32C for magic 2, CRC-32 for magic 0/1), skip records below
    ``fetch_offset``, hide control batches unless ``include_control``, apply read_committed
    filtering with the Fetch response's ``(producer_id, first_offset)`` aborted transactions,
    and raise :class:`protocol.errors.CorruptRecordError` or
    :class:`protocol.errors.CompressionError` on bad data, never anything else.

Searching
    ``search_blob(blob, needle, fields=("key", "value", "headers"), fetch_offset=0, ...)``
        Offsets of records whose key, value or any header value contains ``needle`` (bytes)
        or matches it (compiled bytes regex). ``search_view(view, needle, fields)`` does the
        same on a :class:`RecordView` and returns indices.

Encoding
    ``RecordBatchBuilder(codec, *, base_offset, producer_id, producer_epoch, base_sequence,
    transactional, control, timestamp_type, partition_leader_epoch, compression_level)``
        ``.append(key, value, headers=(), *, timestamp=None, offset=None)``, ``.build()``.
    ``build_batch(records, codec, *, base_offset=None, **builder options) -> bytes``
    ``build_control_batch(ControlType.ABORT | COMMIT, *, offset, producer_id,
    producer_epoch, timestamp, coordinator_epoch=0) -> bytes``

Compression
    ``compress(codec, data, level=None)``, ``decompress(codec, data, max_size)``; ``Codec``.

Partitioning
    ``murmur2_partition(key, n)`` (Java), ``fnv1a_partition(key, n)`` (kafka-go ``Hash``),
    ``murmur2(key)``, ``fnv1a_32(key)``; classes ``Murmur2Partitioner``,
    ``Fnv1aPartitioner``, ``RoundRobinPartitioner`` with ``.partition(key, n) -> int``.
"""

from __future__ import annotations

from protocol.records.batch import (
    BatchInfo,
    ControlType,
    IsolationLevel,
    TimestampType,
    next_fetch_offset,
)
from protocol.records.builder import RecordBatchBuilder, build_batch, build_control_batch
from protocol.records.codecs import DEFAULT_MAX_DECOMPRESSED_SIZE, Codec, compress, decompress
from protocol.records.decode import iter_batches, iter_records
from protocol.records.partitioners import (
    Fnv1aPartitioner,
    Murmur2Partitioner,
    RoundRobinPartitioner,
    fnv1a_32,
    fnv1a_partition,
    murmur2,
    murmur2_partition,
)
from protocol.records.record import Header, Headers, Record
from protocol.records.search import search_blob, search_view
from protocol.records.view import RecordView, decode_records

__all__ = [
    "DEFAULT_MAX_DECOMPRESSED_SIZE",
    "BatchInfo",
    "Codec",
    "ControlType",
    "Fnv1aPartitioner",
    "Header",
    "Headers",
    "IsolationLevel",
    "Murmur2Partitioner",
    "Record",
    "RecordBatchBuilder",
    "RecordView",
    "RoundRobinPartitioner",
    "TimestampType",
    "build_batch",
    "build_control_batch",
    "compress",
    "decode_records",
    "decompress",
    "fnv1a_32",
    "fnv1a_partition",
    "iter_batches",
    "iter_records",
    "murmur2",
    "murmur2_partition",
    "next_fetch_offset",
    "search_blob",
    "search_view",
]
