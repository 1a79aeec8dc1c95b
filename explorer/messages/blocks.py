"""One block of spilled records: the bytes of some batches of one fetch chunk, self-describing.

A block keeps what a :class:`~protocol.records.RecordView` needs besides offsets and timestamps
(which stay in memory): each batch's :class:`~protocol.records.BatchInfo`, where its records
lie, and where each record's key starts. Reading a block back gives a ``RecordView`` again, so
key, value, header and batch access, and :func:`~protocol.records.search_view`, work unchanged.

Layout (native byte order; the file never outlives the process)::

    int64  rows, segments
    int64  per segment: the 13 BatchInfo fields, first row, data start, data end, legacy flag
    int32  per row: position of the record's key length in the data
    bytes  data: the (decompressed) record bytes of every segment, one after the other
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

from protocol.records import BatchInfo, RecordView

# The protocol keeps its Segment tuple private; a RecordView rebuilt from spilled bytes needs it.
from protocol.records._select import Segment

_SEGMENT_FIELDS = len(BatchInfo._fields) + 4
_INT64 = array("q").itemsize
_INT32 = array("i").itemsize
DEFAULT_BLOCK_BYTES = 1024 * 1024

SegmentSpan = tuple[Segment, int, int]
"""A segment of a view and its row range, as :meth:`RecordView.segments` yields them."""


def data_span(segment: Segment) -> tuple[int, int]:
    """Where a segment's record bytes lie in its buffer."""
    if segment.legacy is not None:
        return 0, len(segment.buf)
    return segment.start, segment.end


def split_view(view: RecordView, block_bytes: int = DEFAULT_BLOCK_BYTES) -> Iterator[list[SegmentSpan]]:
    """The view's segments in groups of about ``block_bytes`` of data (a segment is never cut)."""
    group: list[SegmentSpan] = []
    size = 0
    for span in view.segments():
        lo, hi = data_span(span[0])
        if group and size + hi - lo > block_bytes:
            yield group
            group, size = [], 0
        group.append(span)
        size += hi - lo
    if group:
        yield group


def pack_block(view: RecordView, spans: Sequence[SegmentSpan]) -> bytes:
    """The block holding the rows of ``spans`` (consecutive segments of ``view``)."""
    first_row = spans[0][1]
    rows = spans[-1][2] - first_row
    header = array("q", [rows, len(spans)])
    positions = array("i")
    parts: list[bytes] = []
    size = 0
    for segment, first, end in spans:
        lo, hi = data_span(segment)
        shift = size - lo
        positions.extend([p + shift for p in view.positions[first:end]])
        header.extend(segment.info)
        header.extend((first - first_row, size, size + hi - lo, segment.legacy is not None))
        parts.append(segment.buf[lo:hi])
        size += hi - lo
    return b"".join((header.tobytes(), positions.tobytes(), *parts))


def unpack_block(blob: bytes, offsets: array[int], timestamps: array[int], next_offset: int) -> RecordView:
    """The ``RecordView`` of a block, given its rows' offsets and timestamps."""
    counts = array("q", blob[: 2 * _INT64])
    rows, segments = counts
    if rows != len(offsets):
        raise ValueError(f"the block holds {rows} records, {len(offsets)} offsets were given")
    header_end = 2 * _INT64 + segments * _SEGMENT_FIELDS * _INT64
    fields = array("q", blob[2 * _INT64 : header_end])
    data_start = header_end + rows * _INT32
    positions = array("i", blob[header_end:data_start])
    data = blob[data_start:]
    parts: list[Segment] = []
    starts: list[int] = []
    for s in range(segments):
        row = fields[s * _SEGMENT_FIELDS : (s + 1) * _SEGMENT_FIELDS]
        info = BatchInfo._make(row[: len(BatchInfo._fields)])
        first, start, end, legacy = row[len(BatchInfo._fields) :]
        parts.append(Segment(info, data, start, end, [] if legacy else None))
        starts.append(first)
    return RecordView(offsets, timestamps, array("q", positions), parts, starts, next_offset, False)
