"""Listing and describing topics: partitions, leaders, replicas, ISR and watermarks.

Describing is built for large clusters: topic names go out in chunks of Metadata requests,
each chunk's watermarks in ListOffsets requests per leader, a bounded number in flight.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from protocol.admin._batch import DEFAULT_CONCURRENCY, chunked, gather_bounded
from protocol.admin._offsets import TOPICS_PER_METADATA_REQUEST, Offsets, watermarks
from protocol.admin._routing import fetch_metadata
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.errors import KafkaApiError, error_for_code
from protocol.metadata import PartitionInfo, TopicInfo

Progress = Callable[[int, int], None]
"""Called with (topics described so far, topics asked for)."""


@dataclass(frozen=True, slots=True)
class TopicListing:
    """A topic as listed: its name, id (Kafka 2.8+), internal flag and partition count."""

    name: str
    topic_id: uuid.UUID | None
    is_internal: bool
    partition_count: int


@dataclass(frozen=True, slots=True)
class PartitionDescription:
    """One partition: leadership, replicas and its offsets.

    ``leader`` is -1 while no leader is elected. Watermarks are None when they could not be
    read; ``error`` then says why (or why the partition itself is unhealthy).
    """

    partition: int
    leader: int
    leader_epoch: int
    replicas: tuple[int, ...]
    isr: tuple[int, ...]
    offline_replicas: tuple[int, ...]
    low_watermark: int | None
    high_watermark: int | None
    error: KafkaApiError | None = None

    @property
    def message_count(self) -> int | None:
        """high - low: the records kept, counting compacted gaps and transaction markers."""
        if self.low_watermark is None or self.high_watermark is None:
            return None
        return self.high_watermark - self.low_watermark

    @property
    def under_replicated(self) -> bool:
        return len(self.isr) < len(self.replicas)


@dataclass(frozen=True, slots=True)
class TopicDescription:
    """A topic with all its partitions; ``error`` is set when it could not be described."""

    name: str
    topic_id: uuid.UUID | None
    is_internal: bool
    partitions: tuple[PartitionDescription, ...]
    error: KafkaApiError | None = None

    @property
    def partition_count(self) -> int:
        return len(self.partitions)

    @property
    def replication_factor(self) -> int:
        return max((len(p.replicas) for p in self.partitions), default=0)

    @property
    def message_count(self) -> int | None:
        """Sum over partitions; None if any partition's count is unknown."""
        counts = [p.message_count for p in self.partitions]
        return None if None in counts else sum(c for c in counts if c is not None)


async def list_topics(client: KafkaClient, *, include_internal: bool = True) -> tuple[TopicListing, ...]:
    """Every topic of the cluster, sorted by name (one Metadata request for all topics)."""
    meta = await fetch_metadata(client, None)
    listings = [TopicListing(t.name, t.topic_id, t.is_internal, len(t.partitions))
                for t in meta.topics.values() if include_internal or not t.is_internal]  # fmt: skip
    return tuple(sorted(listings, key=lambda listing: listing.name))


async def describe_topics(
    client: KafkaClient,
    names: Sequence[str],
    *,
    chunk_size: int = TOPICS_PER_METADATA_REQUEST,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
) -> dict[str, TopicDescription]:
    """Describe the named topics, in the order given (unknown topics carry their error).

    Chunks of ``chunk_size`` topics each make one Metadata request, then ListOffsets requests
    per leader (earliest and latest side by side); at most ``concurrency`` requests are in
    flight. Cancelling the caller cancels every request.
    """
    wanted = list(dict.fromkeys(names))
    done = 0
    results: dict[str, TopicDescription] = {}

    async def describe_chunk(chunk: list[str]) -> None:
        nonlocal done
        results.update(await _describe_chunk(client, chunk))
        done += len(chunk)
        if progress is not None:
            progress(done, len(wanted))

    jobs = [partial(describe_chunk, chunk) for chunk in chunked(wanted, chunk_size)]
    await gather_bounded(jobs, max(1, concurrency // 2))
    return {name: results[name] for name in wanted}


async def describe_all_topics(client: KafkaClient, *, include_internal: bool = True,
                              progress: Progress | None = None) -> dict[str, TopicDescription]:
    """Describe every topic (listing first, then ``describe_topics``)."""
    names = [t.name for t in await list_topics(client, include_internal=include_internal)]
    return await describe_topics(client, names, progress=progress)


async def _describe_chunk(client: KafkaClient, chunk: list[str]) -> dict[str, TopicDescription]:
    meta = await fetch_metadata(client, chunk)
    leaders = {TopicPartition(t.name, p.partition): p.leader
               for t in meta.topics.values() if t.error is None for p in t.partitions.values()}  # fmt: skip
    low, high = await watermarks(client, leaders, leaders, concurrency=1)
    out = {}
    for name in chunk:
        topic = meta.topics.get(name)
        if topic is None:
            error = error_for_code(3, context=f"Describing topic '{name}'")
            out[name] = TopicDescription(name, None, False, (), error)
        else:
            out[name] = _topic(topic, low, high)
    return out


def _topic(topic: TopicInfo, low: Offsets, high: Offsets) -> TopicDescription:
    parts = tuple(_partition(topic.name, p, low, high) for p in sorted(topic.partitions.values(),
                                                                      key=lambda p: p.partition))
    return TopicDescription(topic.name, topic.topic_id, topic.is_internal, parts, topic.error)


def _partition(topic: str, info: PartitionInfo, low: Offsets, high: Offsets) -> PartitionDescription:
    tp = TopicPartition(topic, info.partition)
    lo, hi = low.get(tp), high.get(tp)
    error = next((o for o in (lo, hi) if isinstance(o, KafkaApiError)), None)
    if info.error_code and error is None:
        error = error_for_code(info.error_code, context=f"Partition {tp}")
    return PartitionDescription(
        info.partition, info.leader, info.leader_epoch, info.replicas, info.isr, info.offline_replicas,
        lo if isinstance(lo, int) else None, hi if isinstance(hi, int) else None, error)
