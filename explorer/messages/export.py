"""Writing records to JSONL or CSV: loaded rows (a selection, a range, the filtered view) or an
offset range read straight from the topic, in slices that give the event loop its turns.

The format is described in :mod:`explorer.messages.jsonl`.
"""

from __future__ import annotations

import asyncio
import csv
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from explorer.messages.jsonl import CSV_COLUMNS, to_csv_row, to_line
from explorer.messages.seek import Positions
from explorer.messages.store import MessageRecord, MessageStore
from explorer.timefmt import TimeZoneMode
from protocol.consumer import PartitionFetcher

if TYPE_CHECKING:
    from protocol.client import KafkaClient

SLICE_S = 0.010
Progress = Callable[[int], None]


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"

    @classmethod
    def for_path(cls, path: str | Path) -> ExportFormat:
        return cls.CSV if str(path).lower().endswith(".csv") else cls.JSONL


class RecordWriter:
    """Writes records to an open text file in one format."""

    def __init__(self, out: TextIO, fmt: ExportFormat, mode: TimeZoneMode) -> None:
        self._out = out
        self._mode = mode
        self._csv = csv.writer(out) if fmt is ExportFormat.CSV else None
        if self._csv is not None:
            self._csv.writerow(CSV_COLUMNS)
        self.count = 0

    def write(self, record: MessageRecord) -> None:
        if self._csv is not None:
            self._csv.writerow(to_csv_row(record, self._mode))
        else:
            self._out.write(to_line(record, self._mode))
            self._out.write("\n")
        self.count += 1


def open_for_export(path: str | Path) -> TextIO:
    return open(path, "w", encoding="utf-8", newline="")


async def write_records(
    records: Iterable[MessageRecord] | AsyncIterator[MessageRecord],
    path: str | Path,
    mode: TimeZoneMode,
    *,
    fmt: ExportFormat | None = None,
    on_progress: Progress | None = None,
) -> int:
    """Write ``records`` to ``path``; returns how many. Yields to the loop every few ms."""
    fmt = fmt or ExportFormat.for_path(path)
    with open_for_export(path) as out:
        writer = RecordWriter(out, fmt, mode)
        turn = time.monotonic()
        if isinstance(records, AsyncIterator):
            async for record in records:
                writer.write(record)
        else:
            for record in records:
                writer.write(record)
                if time.monotonic() - turn > SLICE_S:
                    if on_progress is not None:
                        on_progress(writer.count)
                    await asyncio.sleep(0)
                    turn = time.monotonic()
        if on_progress is not None:
            on_progress(writer.count)
        return writer.count


def store_records(store: MessageStore, rows: Iterable[int]) -> Iterator[MessageRecord]:
    """The records of some store rows (absolute numbers), skipping rows no longer held."""
    for row in rows:
        if store.base <= row < store.end:
            yield store.record(row)


async def topic_records(
    client: KafkaClient, topic: str, positions: Positions
) -> AsyncIterator[MessageRecord]:
    """Records read from the topic between ``positions.starts`` and ``positions.ends``."""
    if positions.ends is None:
        raise ValueError("an export needs end offsets")
    async with PartitionFetcher(
        client,
        positions.starts,
        end_offsets=positions.ends,
        max_wait_ms=100,
        max_bytes=2 << 20,
        partition_max_bytes=1 << 20,
    ) as fetcher:
        async for chunk in fetcher:
            view = chunk.view
            for i in range(len(view)):
                key, value, headers = view.fields(i)
                yield MessageRecord(
                    topic,
                    chunk.partition,
                    view.offsets[i],
                    view.timestamps[i],
                    key,
                    value,
                    headers,
                    view.batch(i),
                )
            await asyncio.sleep(0)
