"""Encoding record batches (magic 2), the way the Java producer and the broker write them."""

from __future__ import annotations

import struct
import time
from collections.abc import Iterable, Sequence

import crc32c

from protocol.records._varint import encode_varint
from protocol.records.batch import (
    ATTR_CONTROL,
    ATTR_LOG_APPEND_TIME,
    ATTR_TRANSACTIONAL,
    V2_CRC_START,
    V2_HEADER,
    ControlType,
    TimestampType,
)
from protocol.records.codecs import Codec, compress
from protocol.records.record import Header

__all__ = ["RecordBatchBuilder", "build_batch", "build_control_batch"]

_NULL = encode_varint(-1)
_CONTROL_KEY = struct.Struct(">hh")
_END_TXN_VALUE = struct.Struct(">hi")


class RecordBatchBuilder:
    """Accumulates records and encodes them as one magic-2 record batch.

    Timestamps are milliseconds; the base timestamp is the first record's (as in Java).
    ``offset`` in :meth:`append` is absolute and defaults to the next offset, so gaps (as left
    by compaction) can be built too.
    """

    def __init__(
        self,
        codec: Codec | int = Codec.NONE,
        *,
        base_offset: int = 0,
        producer_id: int = -1,
        producer_epoch: int = -1,
        base_sequence: int = -1,
        transactional: bool = False,
        control: bool = False,
        timestamp_type: TimestampType = TimestampType.CREATE_TIME,
        partition_leader_epoch: int = -1,
        compression_level: int | None = None,
    ) -> None:
        self.codec = Codec(codec)
        self.base_offset = base_offset
        self.producer_id = producer_id
        self.producer_epoch = producer_epoch
        self.base_sequence = base_sequence
        self.partition_leader_epoch = partition_leader_epoch
        self.compression_level = compression_level
        self._attributes = self.codec.value
        if transactional:
            self._attributes |= ATTR_TRANSACTIONAL
        if control:
            self._attributes |= ATTR_CONTROL
        if timestamp_type == TimestampType.LOG_APPEND_TIME:
            self._attributes |= ATTR_LOG_APPEND_TIME
        self._parts: list[bytes] = []
        self._count = 0
        self._base_ts: int | None = None
        self._max_ts = -1
        self._last_delta = -1

    def __len__(self) -> int:
        return self._count

    def append(
        self,
        key: bytes | None,
        value: bytes | None,
        headers: Iterable[Header] = (),
        *,
        timestamp: int | None = None,
        offset: int | None = None,
    ) -> int:
        """Add one record; return its offset."""
        if timestamp is None:
            timestamp = int(time.time() * 1000)
        if self._base_ts is None:
            self._base_ts = timestamp
        delta = self._last_delta + 1 if offset is None else offset - self.base_offset
        if delta <= self._last_delta:
            raise ValueError(f"Record offsets must increase: {self.base_offset + delta} is not.")
        body = b"".join(
            (
                b"\x00",  # record attributes: unused
                encode_varint(timestamp - self._base_ts),
                encode_varint(delta),
                _bytes_field(key),
                _bytes_field(value),
                _headers_field(headers),
            )
        )
        self._parts.append(encode_varint(len(body)))
        self._parts.append(body)
        self._count += 1
        self._last_delta = delta
        self._max_ts = max(self._max_ts, timestamp)
        return self.base_offset + delta

    def build(self, *, last_offset_delta: int | None = None, max_timestamp: int | None = None) -> bytes:
        """Encode the batch.

        ``last_offset_delta`` can be raised above the last record's (a compacted batch keeps
        its last offset); ``max_timestamp`` overrides MaxTimestamp (the broker's
        LogAppendTime).
        """
        lod = self._last_delta if last_offset_delta is None else last_offset_delta
        if lod < self._last_delta:
            raise ValueError("last_offset_delta cannot be below the last record's offset delta.")
        base_ts = -1 if self._base_ts is None else self._base_ts
        max_ts = self._max_ts if max_timestamp is None else max_timestamp
        payload = b"".join(self._parts)
        if self.codec != Codec.NONE:
            payload = compress(self.codec, payload, self.compression_level)
        header = bytearray(V2_HEADER.size)
        V2_HEADER.pack_into(
            header, 0, self.base_offset, V2_HEADER.size - 12 + len(payload),
            self.partition_leader_epoch, 2, 0, self._attributes, lod, base_ts, max_ts,
            self.producer_id, self.producer_epoch, self.base_sequence, self._count,
        )  # fmt: skip
        crc = crc32c.crc32c(payload, crc32c.crc32c(memoryview(header)[V2_CRC_START:]))
        struct.pack_into(">I", header, 17, crc)
        return bytes(header) + payload


def build_batch(
    records: Iterable[Sequence[object]],
    codec: Codec | int = Codec.NONE,
    *,
    base_offset: int | None = None,
    **options: object,
) -> bytes:
    """Encode ``(offset, timestamp, key, value[, headers])`` tuples (e.g. ``Record``\\ s).

    ``base_offset`` defaults to the first record's offset; ``options`` go to
    :class:`RecordBatchBuilder`.
    """
    items = list(records)
    if base_offset is None:
        base_offset = int(items[0][0]) if items else 0  # type: ignore[call-overload]
    builder = RecordBatchBuilder(codec, base_offset=base_offset, **options)  # type: ignore[arg-type]
    for item in items:
        offset, timestamp, key, value, *rest = item
        headers = rest[0] if rest else ()
        builder.append(key, value, headers, timestamp=timestamp, offset=offset)  # type: ignore[arg-type]
    return builder.build()


def build_control_batch(
    control_type: ControlType | int,
    *,
    offset: int,
    producer_id: int,
    producer_epoch: int,
    timestamp: int,
    coordinator_epoch: int = 0,
) -> bytes:
    """An end-transaction marker (ABORT or COMMIT) as the transaction coordinator writes it."""
    builder = RecordBatchBuilder(
        base_offset=offset,
        producer_id=producer_id,
        producer_epoch=producer_epoch,
        transactional=True,
        control=True,
    )
    key = _CONTROL_KEY.pack(0, int(control_type))
    builder.append(key, _END_TXN_VALUE.pack(0, coordinator_epoch), timestamp=timestamp)
    return builder.build()


def _bytes_field(data: bytes | None) -> bytes:
    if data is None:
        return _NULL
    return encode_varint(len(data)) + data


def _headers_field(headers: Iterable[Header]) -> bytes:
    parts = []
    count = 0
    for name, value in headers:
        raw = name.encode("utf-8")
        parts.append(encode_varint(len(raw)) + raw)
        parts.append(_bytes_field(value))
        count += 1
    return encode_varint(count) + b"".join(parts)
