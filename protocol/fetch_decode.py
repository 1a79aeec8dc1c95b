"""One partition's fetched bytes as a chunk of records: lazy (browsing) or eager (export).

Lazy chunks hold a :class:`protocol.records.RecordView` (offsets and timestamps indexed, fields
decoded on demand); eager ones a list of ``(offset, timestamp, key, value, headers)`` tuples,
laid out like :class:`protocol.records.Record`, which is the fastest way to touch every record.
Either way the chunk says where the partition is to be read next (the compaction rule:
past the last complete batch, even when compaction emptied it).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from protocol.fetch_wire import PartitionData
from protocol.records import IsolationLevel, RecordView, decode_records, iter_records, next_fetch_offset
from protocol.records.record import Headers
from protocol.topic_partition import TopicPartition

__all__ = ["FetchChunk", "Row", "decode_chunk", "trim_view"]

Row = tuple[int, int, bytes | None, bytes | None, Headers]
"""An eagerly decoded record: (offset, timestamp, key, value, headers)."""


@dataclass(frozen=True, slots=True)
class FetchChunk:
    """The records one Fetch response brought for one partition, and where the partition stands.

    ``records`` is a lazy :class:`RecordView` (``view`` returns it typed as such) or, when the
    fetcher decodes eagerly, a list of :data:`Row` tuples. It may be empty when the response held
    only control records, aborted ones or compacted-away batches, which still move
    ``next_offset`` on. ``high_watermark`` is the partition's end as the broker saw it.
    """

    tp: TopicPartition
    records: RecordView | list[Row]
    next_offset: int
    high_watermark: int
    last_stable_offset: int
    log_start_offset: int

    @property
    def topic(self) -> str:
        return self.tp.topic

    @property
    def partition(self) -> int:
        return self.tp.partition

    @property
    def view(self) -> RecordView:
        """The lazy view (raises ``TypeError`` for an eagerly decoded chunk)."""
        if not isinstance(self.records, RecordView):
            raise TypeError("This chunk was decoded eagerly; its records are a list of tuples")
        return self.records

    @property
    def offsets(self) -> Sequence[int]:
        """The offset of every record, in order."""
        if isinstance(self.records, RecordView):
            return self.records.offsets
        return [row[0] for row in self.records]

    def __len__(self) -> int:
        return len(self.records)


def decode_chunk(
    part: PartitionData,
    offset: int,
    end: int | None,
    *,
    isolation: IsolationLevel,
    include_control: bool,
    verify_crc: bool,
    eager: bool,
) -> FetchChunk | None:
    """The chunk for one partition read from ``offset``, cut at ``end``; None if it made no progress."""
    aborted = part.aborted_transactions if isolation == IsolationLevel.READ_COMMITTED else None
    records: RecordView | list[Row]
    if eager:
        next_offset = next_fetch_offset(part.records, offset)
        records = list(iter_records(part.records, offset, isolation=isolation, aborted_transactions=aborted,
                                    include_control=include_control, verify_crc=verify_crc))  # fmt: skip
        if end is not None and next_offset > end:
            records, next_offset = [row for row in records if row[0] < end], end
    else:
        view = decode_records(part.records, offset, isolation=isolation, aborted_transactions=aborted,
                              include_control=include_control, verify_crc=verify_crc)  # fmt: skip
        next_offset = view.next_offset
        if end is not None and next_offset > end:
            view, next_offset = trim_view(view, end), end
        records = view
    if next_offset <= offset:
        return None
    return FetchChunk(part.tp, records, next_offset, part.high_watermark, part.last_stable_offset,
                      part.log_start_offset)  # fmt: skip


def trim_view(view: RecordView, end: int) -> RecordView:
    """The records of ``view`` below offset ``end`` (a view cut at the end offset)."""
    keep = bisect_left(view.offsets, end)
    if keep == len(view):
        view.next_offset = min(view.next_offset, end)
        return view
    segments, starts = [], []
    for seg, first, _ in view.segments():
        if first < keep:
            segments.append(seg)
            starts.append(first)
    offsets, timestamps, positions = (array("q", column[:keep]) for column in
                                      (view.offsets, view.timestamps, view.positions))  # fmt: skip
    return RecordView(offsets, timestamps, positions, segments, starts, end, False)
