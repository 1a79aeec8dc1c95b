"""Batch-level metadata and the walk over the batches of one partition's fetched bytes.

The same 17-byte prefix (offset, length, leader epoch or CRC, magic) frames both record batches
(magic 2) and legacy messages (magic 0 and 1), so one walk serves all three formats.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from enum import IntEnum
from typing import NamedTuple

from protocol.errors import CorruptRecordError
from protocol.records.codecs import Codec

__all__ = [
    "BatchInfo",
    "ControlType",
    "IsolationLevel",
    "TimestampType",
    "next_fetch_offset",
    "walk_batches",
]

V2_HEADER = struct.Struct(">qiibIhiqqqhii")
"""BaseOffset .. RecordsCount: the 61-byte header of a magic-2 batch."""
V2_HEADER_SIZE = V2_HEADER.size
V2_CRC_START = 21
_PREFIX = struct.Struct(">qi")
_MIN_SIZE = {0: 14, 1: 22, 2: V2_HEADER_SIZE - 12}  # bytes after the length field

ATTR_CODEC_MASK = 0x07
ATTR_LOG_APPEND_TIME = 0x08
ATTR_TRANSACTIONAL = 0x10
ATTR_CONTROL = 0x20
NO_PRODUCER_ID = -1


class TimestampType(IntEnum):
    """What a record's timestamp means (``NO_TIMESTAMP`` for magic 0)."""

    NO_TIMESTAMP = -1
    CREATE_TIME = 0
    LOG_APPEND_TIME = 1


class IsolationLevel(IntEnum):
    """Fetch isolation level, with its wire value."""

    READ_UNCOMMITTED = 0
    READ_COMMITTED = 1


class ControlType(IntEnum):
    """Type of a control record (its key is int16 version, int16 type)."""

    ABORT = 0
    COMMIT = 1
    LEADER_CHANGE = 2
    SNAPSHOT_HEADER = 3
    SNAPSHOT_FOOTER = 4
    KRAFT_VERSION = 5
    KRAFT_VOTERS = 6


class BatchInfo(NamedTuple):
    """Metadata shared by every record of one batch (or one legacy message / wrapper).

    The fields are the magic-2 batch header in wire order, so a header unpacks straight into
    one. Legacy messages fill what they have and put -1 elsewhere.
    """

    base_offset: int
    batch_length: int
    """Bytes after the length field (the whole batch is ``batch_length + 12`` bytes)."""
    partition_leader_epoch: int
    magic: int
    crc: int
    attributes: int
    last_offset_delta: int
    base_timestamp: int
    max_timestamp: int
    producer_id: int
    producer_epoch: int
    base_sequence: int
    record_count: int

    @property
    def codec(self) -> Codec:
        return Codec(self.attributes & ATTR_CODEC_MASK)

    @property
    def timestamp_type(self) -> TimestampType:
        if self.magic == 0:
            return TimestampType.NO_TIMESTAMP
        if self.attributes & ATTR_LOG_APPEND_TIME:
            return TimestampType.LOG_APPEND_TIME
        return TimestampType.CREATE_TIME

    @property
    def is_transactional(self) -> bool:
        return bool(self.attributes & ATTR_TRANSACTIONAL) and self.magic >= 2

    @property
    def is_control(self) -> bool:
        return bool(self.attributes & ATTR_CONTROL) and self.magic >= 2

    @property
    def size(self) -> int:
        """Bytes taken in the fetched data, header included."""
        return self.batch_length + 12

    @property
    def last_offset(self) -> int:
        return self.base_offset + self.last_offset_delta

    @property
    def next_offset(self) -> int:
        """Where fetching resumes after this batch, even if compaction emptied it."""
        return self.base_offset + self.last_offset_delta + 1


def walk_batches(blob: bytes) -> Iterator[tuple[int, int, int]]:
    """Yield ``(start, end, magic)`` for each complete entry; stop quietly at a partial tail."""
    size = len(blob)
    pos = 0
    while pos + 17 <= size:
        length = _PREFIX.unpack_from(blob, pos)[1]
        end = pos + 12 + length
        if end > size:
            return  # the broker cut the last batch short: not an error
        magic = blob[pos + 16]
        minimum = _MIN_SIZE.get(magic)
        if minimum is None:
            offset = _PREFIX.unpack_from(blob, pos)[0]
            raise CorruptRecordError(f"The batch at offset {offset} has unknown format (magic byte {magic}).")
        if length < minimum:
            offset = _PREFIX.unpack_from(blob, pos)[0]
            raise CorruptRecordError(
                f"The batch at offset {offset} declares {length} bytes, "
                f"less than the {minimum} its header needs."
            )
        yield pos, end, magic
        pos = end


def read_v2_info(blob: bytes, start: int) -> BatchInfo:
    """Parse the 61-byte header of the magic-2 batch at ``start``."""
    return BatchInfo._make(V2_HEADER.unpack_from(blob, start))


def next_fetch_offset(blob: bytes | bytearray | memoryview, fetch_offset: int) -> int:
    """The offset to fetch next after these bytes: past the last complete batch.

    Compaction may empty a batch (or all of them) of records, yet its header keeps the last
    offset (KAFKA-5443), so this looks only at batch headers. No CRC check, no decompression.
    """
    data = blob if isinstance(blob, bytes) else bytes(blob)
    nxt = fetch_offset
    for start, _end, magic in walk_batches(data):
        if magic == 2:
            base = _PREFIX.unpack_from(data, start)[0]
            (lod,) = struct.unpack_from(">i", data, start + 23)
            nxt = max(nxt, base + lod + 1)
        else:  # a legacy message, or a wrapper whose offset is that of its last inner message
            nxt = max(nxt, _PREFIX.unpack_from(data, start)[0] + 1)
    return nxt
