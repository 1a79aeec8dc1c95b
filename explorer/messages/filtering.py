"""Filter as you type over the loaded rows: a filtered index built a block at a time.

:class:`RowFilter` scans the store's blocks with :func:`protocol.records.search_view` (the
needle is looked for in the raw batch bytes, only candidate records are decoded) and keeps the
matching row numbers. :meth:`RowFilter.scan` works for at most a time budget and picks up
where it stopped, so typing never freezes the window and new rows of a live tail are filtered
as they arrive. Matching is on bytes: keys, values and header values, case-insensitive.
"""

from __future__ import annotations

import re
import time
from array import array
from bisect import bisect_left
from collections.abc import Collection

from explorer.messages.store import MessageStore
from protocol.records import search_view
from protocol.search import FIELDS, compile_needle


def needle_for(text: str, *, regex: bool = False) -> bytes | re.Pattern[bytes]:
    """What :func:`search_view` looks for: typed text, case-insensitive (or a regex)."""
    if regex:
        try:
            return compile_needle(re.compile(text), ignore_case=True)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
    return compile_needle(text, ignore_case=True)


class RowFilter:
    """The rows of a store that match; ``rows[head:]`` are the matches still held."""

    def __init__(
        self, store: MessageStore, needle: bytes | re.Pattern[bytes], fields: Collection[str] = FIELDS
    ) -> None:
        self.store = store
        self.needle = needle
        self.fields = tuple(fields)
        self._rows = array("q")
        self._head = 0
        self.scanned = store.base
        """Rows below this number have been looked at."""

    def __len__(self) -> int:
        return len(self._rows) - self._head

    def row(self, index: int) -> int:
        """The store row of match ``index``."""
        return self._rows[self._head + index]

    @property
    def caught_up(self) -> bool:
        return self.scanned >= self.store.end

    def scan(self, budget_s: float = 0.012) -> int:
        """Look at more rows for at most ``budget_s``; returns how many matches were added."""
        store = self.store
        self.scanned = max(self.scanned, store.base)
        deadline = time.perf_counter() + budget_s
        added = 0
        for view, lo, hi, first in store.spans(self.scanned, store.end, cache=False):
            hits = search_view(view, self.needle, self.fields) if hi > lo else []
            for i in hits:
                if lo <= i < hi:
                    self._rows.append(first + i)
                    added += 1
            self.scanned = first + hi
            if time.perf_counter() > deadline:
                break
        return added

    def matches_below(self, row: int) -> int:
        """How many held matches are rows below ``row`` (they go when the store drops them)."""
        return bisect_left(self._rows, row, self._head) - self._head

    def drop_front(self, count: int) -> None:
        self._head += count
        if self._head > 65536 and self._head * 2 > len(self._rows):
            del self._rows[: self._head]
            self._head = 0
