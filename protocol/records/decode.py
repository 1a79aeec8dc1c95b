"""Eager decoding: every record as an ``(offset, timestamp, key, value, headers)`` tuple.

Meant for export and scripts, where every record is wanted. For browsing, prefer the lazy
:func:`protocol.records.view.decode_records`, which materialises only the rows asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from protocol.errors import CorruptRecordError
from protocol.records._legacy import read_legacy_fields
from protocol.records._select import DecodeOptions, Progress, Segment, select_batches
from protocol.records._v2 import RecordTuple, check_count
from protocol.records._v2 import decode_records as _decode_v2
from protocol.records.batch import ATTR_LOG_APPEND_TIME, BatchInfo, IsolationLevel
from protocol.records.codecs import DEFAULT_MAX_DECOMPRESSED_SIZE

__all__ = ["iter_batches", "iter_records"]

Blob = bytes | bytearray | memoryview


def iter_batches(
    blob: Blob,
    fetch_offset: int = 0,
    *,
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
    aborted_transactions: Iterable[tuple[int, int]] | None = None,
    include_control: bool = False,
    verify_crc: bool = True,
    max_decompressed_size: int = DEFAULT_MAX_DECOMPRESSED_SIZE,
) -> Iterator[tuple[BatchInfo, list[RecordTuple]]]:
    """Decode one partition's fetched ``records`` bytes batch by batch.

    Yields each batch's metadata with its records (those at or past ``fetch_offset``), after
    CRC checks, read_committed filtering with ``aborted_transactions`` ((producer id, first
    offset) pairs from the Fetch response) and hiding control batches unless
    ``include_control``. A truncated last batch ends the iteration quietly.
    """
    opts = DecodeOptions(
        fetch_offset,
        IsolationLevel(isolation),
        aborted_transactions,
        include_control,
        verify_crc,
        max_decompressed_size,
    )
    data = blob if isinstance(blob, bytes) else bytes(blob)
    for seg in select_batches(data, opts, Progress(fetch_offset)):
        records = segment_records(seg, fetch_offset)
        if records:
            yield seg.info, records


def iter_records(
    blob: Blob,
    fetch_offset: int = 0,
    *,
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
    aborted_transactions: Iterable[tuple[int, int]] | None = None,
    include_control: bool = False,
    verify_crc: bool = True,
    max_decompressed_size: int = DEFAULT_MAX_DECOMPRESSED_SIZE,
) -> Iterator[RecordTuple]:
    """Every record of :func:`iter_batches`, flattened (tuples laid out like ``Record``)."""
    for _info, records in iter_batches(
        blob,
        fetch_offset,
        isolation=isolation,
        aborted_transactions=aborted_transactions,
        include_control=include_control,
        verify_crc=verify_crc,
        max_decompressed_size=max_decompressed_size,
    ):
        yield from records


def segment_records(seg: Segment, min_offset: int) -> list[RecordTuple]:
    """Decode the records of one selected batch, dropping those below ``min_offset``."""
    info = seg.info
    if seg.legacy is not None:
        return _legacy_records(seg, min_offset)
    check_count(info.record_count, seg.start, seg.end, info.base_offset)
    try:
        records = _decode_v2(
            seg.buf, seg.start, seg.end, info.record_count, info.base_offset, info.base_timestamp
        )
    except IndexError:
        raise CorruptRecordError(
            f"The record batch at offset {info.base_offset} is corrupt: a record runs past its end."
        ) from None
    if info.attributes & ATTR_LOG_APPEND_TIME:
        ts = info.max_timestamp
        records = [(o, ts, k, v, h) for o, _t, k, v, h in records]
    if info.base_offset < min_offset:
        records = [r for r in records if r[0] >= min_offset]
    return records


def _legacy_records(seg: Segment, min_offset: int) -> list[RecordTuple]:
    assert seg.legacy is not None
    out: list[RecordTuple] = []
    for offset, ts, pos in seg.legacy:
        if offset >= min_offset:
            key, value = read_legacy_fields(seg.buf, pos)
            out.append((offset, ts, key, value, ()))
    return out
