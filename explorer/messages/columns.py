"""Row columns in fixed-size pages: O(1) append and O(1) lookup, and dropping the oldest rows
never moves memory (a live tail trims its front many times a second).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

PAGE_BITS = 16
PAGE_ROWS = 1 << PAGE_BITS
_MASK = PAGE_ROWS - 1


class PagedColumns:
    """Two ``int64`` columns (offset, timestamp) addressed by absolute row number.

    Row numbers only grow: the first row kept is :attr:`base`, the next one appended gets
    :attr:`end`. :meth:`drop_front` forgets rows without renumbering the others.
    """

    __slots__ = ("_first_page", "_offsets", "_timestamps", "base", "end")

    def __init__(self) -> None:
        self._offsets: list[array[int]] = []
        self._timestamps: list[array[int]] = []
        self._first_page = 0
        """Absolute page number of ``_offsets[0]``."""
        self.base = 0
        self.end = 0

    def __len__(self) -> int:
        return self.end - self.base

    @property
    def nbytes(self) -> int:
        """Bytes held by the columns (16 per row, plus the unused tail of the last page)."""
        return sum(p.buffer_info()[1] * p.itemsize for p in self._offsets) * 2

    def extend(self, offsets: Sequence[int], timestamps: Sequence[int]) -> None:
        """Append rows; ``offsets`` and ``timestamps`` are equally long ``array('q')`` or lists."""
        count, done = len(offsets), 0
        while done < count:
            if not self._offsets or len(self._offsets[-1]) == PAGE_ROWS:
                self._offsets.append(array("q"))
                self._timestamps.append(array("q"))
            room = PAGE_ROWS - len(self._offsets[-1])
            take = min(room, count - done)
            self._offsets[-1].extend(offsets[done : done + take])
            self._timestamps[-1].extend(timestamps[done : done + take])
            done += take
        self.end += count

    def offset(self, row: int) -> int:
        page, i = self._locate(row)
        return self._offsets[page][i]

    def timestamp(self, row: int) -> int:
        page, i = self._locate(row)
        return self._timestamps[page][i]

    def offsets_between(self, start: int, stop: int) -> array[int]:
        """The offsets of absolute rows ``start`` to ``stop`` (exclusive), as one array."""
        return self._gather(self._offsets, start, stop)

    def timestamps_between(self, start: int, stop: int) -> array[int]:
        return self._gather(self._timestamps, start, stop)

    def drop_front(self, count: int) -> None:
        """Forget the ``count`` oldest rows (whole pages are released as they empty)."""
        self.base = min(self.end, self.base + count)
        drop = (self.base >> PAGE_BITS) - self._first_page
        if drop > 0:
            del self._offsets[:drop], self._timestamps[:drop]
            self._first_page += drop

    def _locate(self, row: int) -> tuple[int, int]:
        if not self.base <= row < self.end:
            raise IndexError(f"row {row} is not held (rows {self.base} to {self.end - 1} are)")
        return (row >> PAGE_BITS) - self._first_page, row & _MASK

    def _gather(self, pages: list[array[int]], start: int, stop: int) -> array[int]:
        if start >= stop:
            return array("q")
        first, i = self._locate(start)
        last, j = self._locate(stop - 1)
        if first == last:
            return pages[first][i : j + 1]
        out = pages[first][i:]
        for page in range(first + 1, last):
            out.extend(pages[page])
        out.extend(pages[last][: j + 1])
        return out
