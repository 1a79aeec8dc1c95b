"""One topic in depth, and topic changes that wait until the cluster shows them (Qt-free)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

from explorer.backend import ClusterBackend
from explorer.clusterdata import ConfigEntry, NewTopic, PartitionRow, TopicRow, partition_rows, topic_row
from protocol.errors import KafkaExplorerError, UnknownTopicOrPartitionError
from protocol.metadata import ClusterMetadata, TopicInfo

SETTLE_TIMEOUT_S = 15.0


@dataclass(frozen=True, slots=True)
class TopicDetail:
    row: TopicRow
    partitions: list[PartitionRow]
    configs: list[ConfigEntry]
    configs_error: str | None = None


async def topic_info(backend: ClusterBackend, name: str) -> tuple[ClusterMetadata, TopicInfo]:
    """Fresh metadata of one topic; raises when it does not exist."""
    meta = await backend.metadata(refresh=True)
    info = meta.topics.get(name)
    if info is None:
        raise UnknownTopicOrPartitionError(context=f"Topic “{name}”")
    if info.error is not None:
        raise info.error
    return meta, info


async def partitions_with_offsets(
    backend: ClusterBackend, meta: ClusterMetadata, info: TopicInfo
) -> list[PartitionRow]:
    rows = partition_rows(info)
    keys = [(info.name, row.partition) for row in rows]
    marks, sizes = await asyncio.gather(backend.watermarks(meta, keys), backend.log_sizes(meta, [info.name]))
    return [
        dataclasses.replace(row, low=marks[key][0], high=marks[key][1], size=sizes.get(key))
        for row, key in zip(rows, keys, strict=True)
    ]


async def load_topic_detail(backend: ClusterBackend, name: str) -> TopicDetail:
    """Partitions with watermarks and sizes, and the configs (their failure is not fatal)."""
    meta, info = await topic_info(backend, name)
    partitions_task = partitions_with_offsets(backend, meta, info)
    configs_task = backend.topic_configs(name)
    partitions, configs = await asyncio.gather(partitions_task, configs_task, return_exceptions=True)
    if isinstance(partitions, BaseException):
        raise partitions
    row = summarise(topic_row(info), partitions)
    if isinstance(configs, KafkaExplorerError):
        return TopicDetail(row, partitions, [], str(configs))
    if isinstance(configs, BaseException):
        raise configs
    return TopicDetail(row, partitions, configs)


def summarise(row: TopicRow, partitions: list[PartitionRow]) -> TopicRow:
    """The row with the partitions' totals, each only when every partition's figure is known.

    A broker reports a new partition's size only once it has created its log, a moment after
    the topic appears in the metadata: until then the size is unknown, not zero.
    """
    counts = [p.messages for p in partitions]
    sizes = [p.size for p in partitions]
    row.messages = None if None in counts else sum(c or 0 for c in counts)
    row.size = None if None in sizes else sum(s or 0 for s in sizes)
    return row


async def wait_for(
    backend: ClusterBackend,
    done: Callable[[ClusterMetadata], bool],
    what: str,
    timeout: float = SETTLE_TIMEOUT_S,
) -> ClusterMetadata:
    """Refresh metadata until ``done(meta)``: a change is acknowledged before every broker knows it."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        meta = await backend.metadata(refresh=True)
        if done(meta):
            return meta
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"The cluster accepted the change, but after {timeout:.0f} s its "
                f"metadata still does not show {what}. Refresh later."
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, 1.0)


def has_topic(name: str, partitions: int | None = None) -> Callable[[ClusterMetadata], bool]:
    def check(meta: ClusterMetadata) -> bool:
        info = meta.topics.get(name)
        if info is None or info.error is not None or not info.partitions:
            return False
        ready = all(p.leader >= 0 for p in info.partitions.values())
        return ready and (partitions is None or len(info.partitions) >= partitions)

    return check


def lacks_topic(name: str) -> Callable[[ClusterMetadata], bool]:
    return lambda meta: name not in meta.topics


async def create_topic(backend: ClusterBackend, topic: NewTopic) -> TopicRow:
    await backend.create_topic(topic)
    meta = await wait_for(backend, has_topic(topic.name, topic.partitions), f"topic “{topic.name}”")
    row = topic_row(meta.topics[topic.name])
    row.messages = 0
    return row


async def delete_topic(backend: ClusterBackend, name: str) -> None:
    await backend.delete_topic(name)
    await wait_for(backend, lacks_topic(name), f"that topic “{name}” is gone")


async def add_partitions(backend: ClusterBackend, name: str, total: int) -> TopicRow:
    await backend.add_partitions(name, total)
    meta = await wait_for(backend, has_topic(name, total), f"{total} partitions in “{name}”")
    return topic_row(meta.topics[name])
