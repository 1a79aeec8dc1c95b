"""Search hits into a store: the hits of :mod:`protocol.search` become rows like loaded ones.

Hits carry key, value, headers, offset and timestamp but not their batch, so they are packed
into uncompressed batches per partition (offsets and timestamps kept) and the store is marked
``synthetic``: its rows have no codec or timestamp type to show.
"""

from __future__ import annotations

from explorer.messages.store import MessageStore
from protocol.records import build_batch, decode_records
from protocol.search import SearchHit

_MAX_DELTA = 2**31 - 1


class HitCollector:
    """Buffers hits and appends them to ``store`` on :meth:`flush` (one batch per partition run)."""

    def __init__(self, store: MessageStore) -> None:
        store.synthetic = True
        self.store = store
        self._pending: dict[int, list[SearchHit]] = {}
        self.count = 0

    def add(self, hit: SearchHit) -> None:
        self._pending.setdefault(hit.partition, []).append(hit)
        self.count += 1

    def flush(self) -> int:
        """Append the buffered hits; returns how many."""
        added = 0
        for partition, hits in self._pending.items():
            for run in _runs(hits):
                records = [(h.offset, h.timestamp, h.key, h.value, h.headers) for h in run]
                blob = build_batch(records, base_offset=run[0].offset)
                added += self.store.append_view(partition, decode_records(blob, run[0].offset))
        self._pending.clear()
        return added


def _runs(hits: list[SearchHit]) -> list[list[SearchHit]]:
    """Hits split where offsets or timestamps drift too far for one batch's int32 deltas."""
    runs: list[list[SearchHit]] = [[]]
    for hit in hits:
        run = runs[-1]
        if run and (
            hit.offset - run[0].offset > _MAX_DELTA or abs(hit.timestamp - run[0].timestamp) > _MAX_DELTA
        ):
            runs.append(run := [])
        run.append(hit)
    return [r for r in runs if r]
