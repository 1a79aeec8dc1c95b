"""The lazy view: index a fetched blob fast, materialise records only when asked.

Building a :class:`RecordView` walks record boundaries and keeps three compact columns per
record (offset, timestamp, position of its key in the batch buffer). Keys, values and headers
are sliced out only for the rows a caller reads, which is what keeps a browsing UI fast.
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from protocol.errors import CorruptRecordError
from protocol.records._legacy import read_legacy_fields
from protocol.records._select import DecodeOptions, Progress, Segment, select_batches
from protocol.records._v2 import check_count, index_records, read_fields
from protocol.records.batch import ATTR_LOG_APPEND_TIME, BatchInfo, IsolationLevel
from protocol.records.codecs import DEFAULT_MAX_DECOMPRESSED_SIZE
from protocol.records.record import Headers, Record

__all__ = ["RecordView", "decode_records"]


class RecordView(Sequence[Record]):
    """Records of one fetched blob, indexed but not materialised.

    ``offsets`` and ``timestamps`` are ``array('q')`` columns, one entry per record, in fetch
    order. ``view[i]`` builds the :class:`Record`; ``key(i)``, ``value(i)`` and ``headers(i)``
    build one field; ``batch(i)`` gives the batch metadata (codec, timestamp type, leader
    epoch, producer, transactional and control flags).
    """

    __slots__ = (
        "_segments",
        "_starts",
        "next_offset",
        "offsets",
        "positions",
        "timestamps",
        "truncated",
    )

    def __init__(
        self,
        offsets: array[int],
        timestamps: array[int],
        positions: array[int],
        segments: list[Segment],
        starts: list[int],
        next_offset: int,
        truncated: bool,
    ) -> None:
        self.offsets = offsets
        self.timestamps = timestamps
        self.positions = positions
        """Where each record's key length sits in its batch buffer (used by search)."""
        self._segments = segments
        self._starts = starts
        self.next_offset = next_offset
        """Offset to fetch next: past the last complete batch, even if compaction emptied it."""
        self.truncated = truncated
        """True if the blob ended with a partial batch (normal; it is fetched again)."""

    def __len__(self) -> int:
        return len(self.offsets)

    @overload
    def __getitem__(self, i: int) -> Record: ...
    @overload
    def __getitem__(self, i: slice) -> list[Record]: ...
    def __getitem__(self, i: int | slice) -> Record | list[Record]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = self._check_index(i)
        key, value, headers = self.fields(i)
        return Record(self.offsets[i], self.timestamps[i], key, value, headers)

    def __iter__(self) -> Iterator[Record]:
        for i in range(len(self.offsets)):
            yield self[i]

    def fields(self, i: int) -> tuple[bytes | None, bytes | None, Headers]:
        """Key, value and headers of record ``i``."""
        i = self._check_index(i)
        seg = self._segments[bisect_right(self._starts, i) - 1]
        pos = self.positions[i]
        try:
            if seg.legacy is not None:
                key, value = read_legacy_fields(seg.buf, pos)
                return key, value, ()
            key, value, headers, _ = read_fields(seg.buf, pos)
        except (IndexError, struct.error):
            raise CorruptRecordError(
                f"The record at offset {self.offsets[i]} runs past the end of its batch."
            ) from None
        return key, value, headers

    def key(self, i: int) -> bytes | None:
        return self.fields(i)[0]

    def value(self, i: int) -> bytes | None:
        return self.fields(i)[1]

    def headers(self, i: int) -> Headers:
        return self.fields(i)[2]

    def batch(self, i: int) -> BatchInfo:
        """Metadata of the batch holding record ``i``."""
        return self._segments[bisect_right(self._starts, self._check_index(i)) - 1].info

    def _check_index(self, i: int) -> int:
        n = len(self.offsets)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("record index out of range")
        return i

    @property
    def batches(self) -> list[BatchInfo]:
        """Metadata of every batch that contributed at least one record."""
        return [seg.info for seg in self._segments]

    def index_of(self, offset: int) -> int | None:
        """Index of the record with ``offset``, or None (offsets ascend within a fetch)."""
        i = bisect_left(self.offsets, offset)
        if i < len(self.offsets) and self.offsets[i] == offset:
            return i
        return None

    def segments(self) -> Iterator[tuple[Segment, int, int]]:
        """(segment, first index, end index) for each batch: used by search."""
        if not self._starts:
            return
        ends = [*self._starts[1:], len(self.offsets)]
        yield from zip(self._segments, self._starts, ends, strict=True)


def decode_records(
    blob: bytes | bytearray | memoryview,
    fetch_offset: int = 0,
    *,
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
    aborted_transactions: Iterable[tuple[int, int]] | None = None,
    include_control: bool = False,
    verify_crc: bool = True,
    max_decompressed_size: int = DEFAULT_MAX_DECOMPRESSED_SIZE,
) -> RecordView:
    """Index one partition's fetched ``records`` bytes into a lazy :class:`RecordView`.

    Same filtering as :func:`protocol.records.decode.iter_batches`: CRC checks, records below
    ``fetch_offset`` skipped, read_committed with ``aborted_transactions``, control batches
    hidden unless ``include_control``, a truncated last batch tolerated.
    """
    data = blob if isinstance(blob, bytes) else bytes(blob)
    opts = DecodeOptions(
        fetch_offset,
        IsolationLevel(isolation),
        aborted_transactions,
        include_control,
        verify_crc,
        max_decompressed_size,
    )
    progress = Progress(fetch_offset)
    offsets: array[int] = array("q")
    timestamps: array[int] = array("q")
    positions: array[int] = array("q")
    segments: list[Segment] = []
    starts: list[int] = []
    for seg in select_batches(data, opts, progress):
        first = len(offsets)
        _index_segment(seg, offsets, timestamps, positions)
        if seg.info.base_offset < fetch_offset:
            _drop_below(fetch_offset, first, offsets, timestamps, positions)
        if len(offsets) > first:
            segments.append(seg)
            starts.append(first)
    return RecordView(
        offsets, timestamps, positions, segments, starts, progress.next_offset, progress.truncated
    )


def _index_segment(seg: Segment, offsets: array[int], timestamps: array[int], positions: array[int]) -> None:
    info = seg.info
    if seg.legacy is not None:
        for offset, ts, pos in seg.legacy:
            offsets.append(offset)
            timestamps.append(ts)
            positions.append(pos)
        return
    check_count(info.record_count, seg.start, seg.end, info.base_offset)
    first = len(offsets)
    try:
        index_records(
            seg.buf,
            seg.start,
            seg.end,
            info.record_count,
            info.base_offset,
            info.base_timestamp,
            offsets,
            timestamps,
            positions,
        )
    except (IndexError, OverflowError):
        del offsets[first:], timestamps[first:], positions[first:]
        raise CorruptRecordError(
            f"The record batch at offset {info.base_offset} is corrupt: a record runs past its end."
        ) from None
    if info.attributes & ATTR_LOG_APPEND_TIME:
        # LogAppendTime: the broker's time, stored once as MaxTimestamp, applies to every record.
        count = len(timestamps) - first
        timestamps[first:] = array("q", [info.max_timestamp]) * count


def _drop_below(
    fetch_offset: int,
    first: int,
    offsets: array[int],
    timestamps: array[int],
    positions: array[int],
) -> None:
    """Remove the records of the last batch that precede the fetch offset."""
    keep = [j for j in range(first, len(offsets)) if offsets[j] >= fetch_offset]
    for column in (offsets, timestamps, positions):
        tail = array("q", [column[j] for j in keep])
        del column[first:]
        column.extend(tail)
