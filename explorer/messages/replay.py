"""Importing a JSONL export into a topic: keys, values, headers and timestamps kept, partitions
kept or chosen again by the partitioner.

Records are sent in slices through :meth:`protocol.producer.Producer.send_many`; each slice is
acknowledged before the next is read, so per partition the order of the file is the order in
the topic, and memory holds one slice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.messages.jsonl import ImportedRecord, from_line
from protocol.producer import ACKS_ALL, Producer

if TYPE_CHECKING:
    from protocol.client import KafkaClient

SLICE = 2000


@dataclass(frozen=True, slots=True)
class ReplayOptions:
    keep_partitions: bool = True
    """Send each record to the partition it came from (else the partitioner picks by key)."""
    keep_timestamps: bool = True
    """Send each record with its timestamp (else the time of sending)."""


class ReplayFileError(ValueError):
    """A line of the file cannot be imported."""


def read_export(path: str | Path) -> Iterator[ImportedRecord]:
    """The records of a JSONL export; raises :class:`ReplayFileError` naming the bad line."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield from_line(line)
            except ValueError as exc:
                raise ReplayFileError(f"Line {number} of {Path(path).name}: {exc}") from None


async def check_export(path: str | Path) -> int:
    """Read the whole file once (giving the loop turns); returns the record count or raises."""
    count = 0
    turn = time.monotonic()
    for _ in read_export(path):
        count += 1
        if time.monotonic() - turn > 0.01:
            await asyncio.sleep(0)
            turn = time.monotonic()
    return count


async def replay(
    client: KafkaClient,
    topic: str,
    path: str | Path,
    options: ReplayOptions = ReplayOptions(),
    *,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Produce every record of the export at ``path`` into ``topic``; returns how many.

    The file is checked whole first, so a bad line stops the import before anything is sent.
    """
    await check_export(path)
    producer = Producer(client, acks=ACKS_ALL)
    sent = 0
    records = read_export(path)
    while True:
        batch = [_producer_record(r, options) for r in _take(records, SLICE)]
        if not batch:
            return sent
        results = await producer.send_many(topic, batch)
        results.raise_first()
        sent += len(batch)
        if on_progress is not None:
            on_progress(sent)


def _take(records: Iterator[ImportedRecord], count: int) -> Iterator[ImportedRecord]:
    for _, record in zip(range(count), records, strict=False):
        yield record


def _producer_record(
    record: ImportedRecord, options: ReplayOptions
) -> tuple[bytes | None, bytes | None, tuple[tuple[str, bytes | None], ...], int | None, int | None]:
    partition = record.partition if options.keep_partitions else None
    timestamp = record.timestamp if options.keep_timestamps else None
    if timestamp is not None and timestamp < 0:
        timestamp = None
    return record.key, record.value, record.headers, partition, timestamp
