"""The list of groups: listed first, then described (members), then their lag, step by step.

Each step yields the whole list again with more filled in, so a view shows names at once and
counts as they arrive. Lag is the sum over committed partitions of (end offset - committed),
as :attr:`protocol.admin.GroupLag.total_lag` counts it; offsets are read, never committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace

from protocol.admin import Admin, GroupDescription, GroupListing
from protocol.client import KafkaClient
from protocol.errors import KafkaExplorerError
from protocol.offsets import latest_offsets
from protocol.topic_partition import TopicPartition

DESCRIBE_CHUNK = 100
CONCURRENCY = 8
Partition = tuple[str, int]


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One group as the list shows it; ``None`` means not known (yet)."""

    group_id: str
    state: str | None
    group_type: str | None
    protocol_type: str
    coordinator: int
    members: int | None = None
    total_lag: int | None = None
    error: str | None = None


def row_of(listing: GroupListing) -> GroupRow:
    kind = listing.group_type or ("classic" if listing.protocol_type else None)
    return GroupRow(listing.group_id, listing.state, kind, listing.protocol_type, listing.coordinator)


def described(row: GroupRow, group: GroupDescription) -> GroupRow:
    if group.error is not None:
        return replace(row, error=str(group.error))
    return replace(row, state=group.state or row.state, members=len(group.members),
                   group_type=group.group_type or row.group_type)


async def load_groups(client: KafkaClient) -> AsyncIterator[list[GroupRow]]:
    """Yield the groups three times: listed, with members, with lag."""
    admin = Admin(client)
    rows = [row_of(g) for g in await admin.list_groups()]
    yield rows
    for start in range(0, len(rows), DESCRIBE_CHUNK):
        chunk = rows[start:start + DESCRIBE_CHUNK]
        found = await admin.describe_groups([r.group_id for r in chunk])
        rows[start:start + DESCRIBE_CHUNK] = [described(r, found[r.group_id]) for r in chunk]
    yield rows
    yield await with_lag(client, rows)


async def with_lag(client: KafkaClient, rows: Sequence[GroupRow]) -> list[GroupRow]:
    """The rows with ``total_lag`` of the groups whose offsets could be read."""
    admin = Admin(client)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def committed(group: str) -> dict[Partition, int] | None:
        async with gate:
            try:
                found = await admin.committed_offsets(group)
            except KafkaExplorerError:
                return None
        return {(tp.topic, tp.partition): c.offset for tp, c in found.items()}

    offsets = await asyncio.gather(*(committed(r.group_id) for r in rows))
    ends = await end_offsets(client, sorted({tp for found in offsets if found for tp in found}))
    return [replace(r, total_lag=total_lag(found, ends)) if found is not None else r
            for r, found in zip(rows, offsets, strict=True)]  # fmt: skip


async def end_offsets(client: KafkaClient, parts: Sequence[Partition]) -> dict[Partition, int]:
    """High watermarks; if that fails as a whole (a topic was deleted), topic by topic."""
    if not parts:
        return {}
    try:
        found = await latest_offsets(client, [TopicPartition(*tp) for tp in parts])
        return {(tp.topic, tp.partition): offset for tp, offset in found.items()}
    except KafkaExplorerError:
        pass
    ends: dict[Partition, int] = {}
    for topic in sorted({t for t, _ in parts}):
        try:
            found = await latest_offsets(client, [TopicPartition(t, p) for t, p in parts if t == topic])
        except KafkaExplorerError:
            continue  # its lag stays unknown
        ends.update({(tp.topic, tp.partition): offset for tp, offset in found.items()})
    return ends


def total_lag(committed: dict[Partition, int], ends: dict[Partition, int]) -> int:
    return sum(end - offset for tp, offset in committed.items() if (end := ends.get(tp)) is not None)
