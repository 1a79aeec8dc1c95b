"""The loaded messages: offsets and timestamps in memory, everything else spilled to disk.

Memory per row is 16 bytes (offset and timestamp, in paged ``int64`` columns); the records'
bytes (keys, values, headers) and batch metadata go to temporary files in blocks of about
1 MiB (see :mod:`explorer.messages.blocks`), indexed per block (its first row, partition and
place on disk). Reading a row rebuilds its block's :class:`~protocol.records.RecordView`
from disk into a small LRU bounded in bytes, so what is on screen costs a few blocks, whatever
the row count. Rows are numbered absolutely (``base`` to ``end``); dropping the oldest rows
(a capped tail, or clearing) renumbers nothing and releases their pages and files.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from explorer.messages.blocks import DEFAULT_BLOCK_BYTES, pack_block, split_view, unpack_block
from explorer.messages.columns import PagedColumns
from explorer.messages.spill import DEFAULT_FILE_BYTES, SpillFiles
from protocol.consumer import FetchChunk
from protocol.records import BatchInfo, Headers, RecordView

DEFAULT_CACHE_BYTES = 16 * 1024 * 1024
_Reader = Callable[[int, int], "array[int]"]


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """One loaded record with everything the detail pane and the exports show."""

    topic: str
    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: Headers
    batch: BatchInfo | None
    """None when the batch is not known (a search hit)."""

    @property
    def size(self) -> int:
        return record_size(self.key, self.value, self.headers)


def record_size(key: bytes | None, value: bytes | None, headers: Headers) -> int:
    """Key, value and header bytes: what the record carries, without framing."""
    size = len(key or b"") + len(value or b"")
    for name, data in headers:
        size += len(name.encode()) + len(data or b"")
    return size


class _Blocks:
    """Where each block is: first row, partition, spill file and place. Front-trimmed in bulk."""

    __slots__ = ("base", "file", "first", "length", "partition", "position")

    def __init__(self) -> None:
        self.base = 0
        self.first = array("q")
        self.partition = array("i")
        self.file = array("i")
        self.position = array("q")
        self.length = array("q")

    def __len__(self) -> int:
        return len(self.first)

    def add(self, first: int, partition: int, file: int, position: int, length: int) -> None:
        self.first.append(first)
        self.partition.append(partition)
        self.file.append(file)
        self.position.append(position)
        self.length.append(length)

    def drop_front(self, count: int) -> None:
        for column in (self.first, self.partition, self.file, self.position, self.length):
            del column[:count]
        self.base += count

    @property
    def nbytes(self) -> int:
        return len(self.first) * (8 + 4 + 4 + 8 + 8)


class MessageStore:
    """Rows of one topic in arrival order; per partition, in offset order."""

    def __init__(
        self,
        topic: str,
        *,
        block_bytes: int = DEFAULT_BLOCK_BYTES,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        file_bytes: int = DEFAULT_FILE_BYTES,
        spill_dir: str | None = None,
    ) -> None:
        self.topic = topic
        self._columns = PagedColumns()
        self._blocks = _Blocks()
        self._spill = SpillFiles(file_bytes, spill_dir)
        self._block_bytes = block_bytes
        self._cache: OrderedDict[int, tuple[RecordView, int]] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached = 0
        self.synthetic = False
        """True for stores of search hits, whose batch metadata is not known."""

    # -- size -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._columns)

    @property
    def base(self) -> int:
        """The number of the oldest row held."""
        return self._columns.base

    @property
    def end(self) -> int:
        """The number the next row will get."""
        return self._columns.end

    @property
    def nbytes(self) -> int:
        """Memory held for the rows: columns, block index and decoded-block cache."""
        return self._columns.nbytes + self._blocks.nbytes + self._cached

    @property
    def disk_bytes(self) -> int:
        return self._spill.disk_bytes

    # -- appending --------------------------------------------------------------------------
    def append_chunk(self, chunk: FetchChunk) -> int:
        return self.append_view(chunk.partition, chunk.view)

    def append_view(self, partition: int, view: RecordView) -> int:
        """Index and spill the records of ``view`` (one partition's); returns how many."""
        if not len(view):
            return 0
        for spans in split_view(view, self._block_bytes):
            first, stop = spans[0][1], spans[-1][2]
            blob = pack_block(view, spans)
            file, position = self._spill.append(blob)
            self._blocks.add(self._columns.end, partition, file, position, len(blob))
            self._columns.extend(view.offsets[first:stop], view.timestamps[first:stop])
        return len(view)

    # -- dropping ---------------------------------------------------------------------------
    def drop_front(self, count: int) -> None:
        """Forget the ``count`` oldest rows."""
        self._columns.drop_front(count)
        blocks = self._blocks
        gone = len(blocks) if self.base >= self.end else bisect_right(blocks.first, self.base) - 1
        if gone <= 0:
            return
        for bid in range(blocks.base, blocks.base + gone):
            self._evict(bid)
        blocks.drop_front(gone)
        if len(blocks):
            self._spill.release_before(blocks.file[0])

    def clear(self) -> None:
        self.drop_front(len(self))

    def close(self) -> None:
        self._cache.clear()
        self._cached = 0
        self._spill.close()

    # -- reading ----------------------------------------------------------------------------
    def offset(self, row: int) -> int:
        return self._columns.offset(row)

    def timestamp(self, row: int) -> int:
        return self._columns.timestamp(row)

    def partition(self, row: int) -> int:
        return self._blocks.partition[self._block_index(row)]

    def locate(self, row: int) -> tuple[RecordView, int]:
        """The decoded block holding ``row`` and the row's index in it."""
        index = self._block_index(row)
        view = self._view(index)
        return view, row - self._blocks.first[index]

    def fields(self, row: int) -> tuple[bytes | None, bytes | None, Headers]:
        view, i = self.locate(row)
        return view.fields(i)

    def batch(self, row: int) -> BatchInfo | None:
        if self.synthetic:
            return None
        view, i = self.locate(row)
        return view.batch(i)

    def record(self, row: int) -> MessageRecord:
        view, i = self.locate(row)
        key, value, headers = view.fields(i)
        batch = None if self.synthetic else view.batch(i)
        return MessageRecord(
            self.topic, self.partition(row), view.offsets[i], view.timestamps[i], key, value, headers, batch
        )

    def records(self, start: int, stop: int) -> Iterator[MessageRecord]:
        """Rows ``start`` to ``stop`` (absolute, exclusive) as records, block by block."""
        for row in range(max(start, self.base), min(stop, self.end)):
            yield self.record(row)

    def spans(
        self, start: int, stop: int, *, cache: bool = True
    ) -> Iterator[tuple[RecordView, int, int, int]]:
        """``(view, first index, end index, first row)`` of every block overlapping the rows.

        ``cache=False`` reads blocks without putting them in the cache (scans would evict what
        is on screen).
        """
        start, stop = max(start, self.base), min(stop, self.end)
        if start >= stop:
            return
        index = self._block_index(start)
        blocks = self._blocks
        while index < len(blocks) and blocks.first[index] < stop:
            first = blocks.first[index]
            view = self._view(index, cache=cache)
            lo, hi = max(start, first) - first, min(stop, first + len(view)) - first
            yield view, lo, hi, first
            index += 1

    def find(self, partition: int, offset: int) -> int | None:
        """The row of ``partition``/``offset`` if it is loaded (checks blocks, then bisects)."""
        blocks = self._blocks
        for index in range(len(blocks)):
            if blocks.partition[index] != partition:
                continue
            first, stop = self._block_rows(index)
            first = max(first, self.base)
            if first >= stop or not self.offset(first) <= offset <= self.offset(stop - 1):
                continue
            offsets = self._columns.offsets_between(first, stop)
            i = bisect_left(offsets, offset)
            return first + i if i < len(offsets) and offsets[i] == offset else None
        return None

    # -- internals --------------------------------------------------------------------------
    def _block_index(self, row: int) -> int:
        if not self.base <= row < self.end:
            raise IndexError(f"row {row} is not held (rows {self.base} to {self.end - 1} are)")
        return bisect_right(self._blocks.first, row) - 1

    def _block_rows(self, index: int) -> tuple[int, int]:
        blocks = self._blocks
        stop = blocks.first[index + 1] if index + 1 < len(blocks) else self.end
        return blocks.first[index], stop

    def _view(self, index: int, *, cache: bool = True) -> RecordView:
        bid = self._blocks.base + index
        cached = self._cache.get(bid)
        if cached is not None:
            self._cache.move_to_end(bid)
            return cached[0]
        blocks = self._blocks
        blob = self._spill.read(blocks.file[index], blocks.position[index], blocks.length[index])
        first, stop = self._block_rows(index)
        offsets = self._columns_or_padding(first, stop, self._columns.offsets_between)
        timestamps = self._columns_or_padding(first, stop, self._columns.timestamps_between)
        view = unpack_block(blob, offsets, timestamps, offsets[-1] + 1 if offsets else 0)
        if not cache:
            return view
        cost = len(blob) + 24 * len(offsets)
        self._cache[bid] = (view, cost)
        self._cached += cost
        while self._cached > self._cache_bytes and len(self._cache) > 1:
            self._evict(next(iter(self._cache)))
        return view

    def _columns_or_padding(self, first: int, stop: int, read: _Reader) -> array[int]:
        """A block's column; rows already dropped (a block cut by trimming) read as zeros."""
        held = max(first, self.base)
        column = read(held, stop)
        if held > first:
            column = array("q", bytes(8 * (held - first))) + column
        return column

    def _evict(self, bid: int) -> None:
        entry = self._cache.pop(bid, None)
        if entry is not None:
            self._cached -= entry[1]
