"""Choose which batches of a fetched blob reach the record decoders, and unpack them.

This is where CRCs are checked, read_committed filtering happens, control batches are hidden,
batches wholly below the fetch offset are skipped, and payloads are decompressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import crc32c

from protocol.errors import CorruptRecordError
from protocol.records._legacy import LegacyEntry, read_legacy
from protocol.records._v2 import first_control_type
from protocol.records.batch import (
    ATTR_CODEC_MASK,
    ATTR_CONTROL,
    NO_PRODUCER_ID,
    V2_CRC_START,
    V2_HEADER_SIZE,
    BatchInfo,
    ControlType,
    IsolationLevel,
    read_v2_info,
    walk_batches,
)
from protocol.records.codecs import DEFAULT_MAX_DECOMPRESSED_SIZE, decompress


class Segment(NamedTuple):
    """One selected batch: its metadata and where its records live.

    For magic 2, records are ``buf[start:end]`` (``buf`` is the blob itself when uncompressed).
    For legacy messages, ``legacy`` lists (offset, timestamp, key position) in ``buf``.
    """

    info: BatchInfo
    buf: bytes
    start: int
    end: int
    legacy: list[LegacyEntry] | None = None


@dataclass(slots=True)
class DecodeOptions:
    """Everything that decides what a decode returns, besides the bytes."""

    fetch_offset: int = 0
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED
    aborted_transactions: Iterable[tuple[int, int]] | None = None
    include_control: bool = False
    verify_crc: bool = True
    max_decompressed_size: int = DEFAULT_MAX_DECOMPRESSED_SIZE


@dataclass(slots=True)
class Progress:
    """Filled in while selecting: where to fetch next, and whether the tail was cut short."""

    next_offset: int
    consumed: int = 0
    truncated: bool = False


def select_batches(blob: bytes, opts: DecodeOptions, progress: Progress) -> Iterator[Segment]:
    """Yield the batches whose records the caller should decode, in order."""
    txn = _AbortedTracker(opts.aborted_transactions) if _committed(opts) else None
    fetch_offset = opts.fetch_offset
    verify_crc = opts.verify_crc
    hidden = 0 if opts.include_control else ATTR_CONTROL
    max_size = opts.max_decompressed_size
    for start, end, magic in walk_batches(blob):
        progress.consumed = end
        if magic != 2:
            info, buf, entries = read_legacy(blob, start, end, verify_crc, max_size)
            progress.next_offset = max(progress.next_offset, info.next_offset)
            if info.next_offset > fetch_offset:
                yield Segment(info, buf, 0, 0, entries)
            continue
        info = read_v2_info(blob, start)
        nxt = info.base_offset + info.last_offset_delta + 1
        if nxt > progress.next_offset:
            progress.next_offset = nxt
        if verify_crc and crc32c.crc32c(memoryview(blob)[start + V2_CRC_START : end]) != info.crc:
            _crc_error(info)
        if txn is not None and info.producer_id != NO_PRODUCER_ID and txn.skips(blob, start, info):
            continue
        if info.attributes & hidden or nxt <= fetch_offset or info.record_count == 0:
            continue
        if info.attributes & ATTR_CODEC_MASK:
            yield _unpack(blob, start, end, info, max_size)
        else:
            yield Segment(info, blob, start + V2_HEADER_SIZE, end, None)
    progress.truncated = progress.consumed < len(blob)


def _committed(opts: DecodeOptions) -> bool:
    return opts.isolation == IsolationLevel.READ_COMMITTED


def _crc_error(info: BatchInfo) -> None:
    raise CorruptRecordError(
        f"The record batch at offset {info.base_offset} failed its CRC check: the data is corrupt."
    )


def _unpack(blob: bytes, start: int, end: int, info: BatchInfo, max_size: int) -> Segment:
    codec = info.attributes & ATTR_CODEC_MASK
    if codec == 0:
        return Segment(info, blob, start + V2_HEADER_SIZE, end)
    buf = decompress(codec, memoryview(blob)[start + V2_HEADER_SIZE : end], max_size)
    return Segment(info, buf, 0, len(buf))


class _AbortedTracker:
    """read_committed filtering, as the Java consumer (and aiokafka) does it.

    Aborted transactions are taken in first-offset order; a producer becomes "aborted" once a
    batch reaches its first offset, its transactional batches are dropped until its ABORT
    marker, and the marker clears it.
    """

    __slots__ = ("_aborted", "_next", "_pending")

    def __init__(self, aborted: Iterable[tuple[int, int]] | None) -> None:
        self._pending = sorted(aborted or (), key=lambda pair: pair[1])
        self._next = 0
        self._aborted: set[int] = set()

    def skips(self, blob: bytes, start: int, info: BatchInfo) -> bool:
        """Whether the batch at ``start`` (of a producer) must be dropped."""
        pending = self._pending
        while self._next < len(pending) and pending[self._next][1] <= info.last_offset:
            self._aborted.add(pending[self._next][0])
            self._next += 1
        if info.is_control:
            if _is_abort_marker(blob, start, info):
                self._aborted.discard(info.producer_id)
            return False
        return info.is_transactional and info.producer_id in self._aborted


def _is_abort_marker(blob: bytes, start: int, info: BatchInfo) -> bool:
    if info.record_count < 1:
        return False
    seg = _unpack(blob, start, start + info.size, info, DEFAULT_MAX_DECOMPRESSED_SIZE)
    try:
        return first_control_type(seg.buf, seg.start) == ControlType.ABORT
    except IndexError:
        raise CorruptRecordError(f"The control batch at offset {info.base_offset} is corrupt.") from None
