"""Topics against real brokers (4.x KRaft and 2.5 ZooKeeper): create, list, describe, change, delete."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from explorer.harness import KafkaCluster
from protocol.admin import Admin, NewTopic, TopicPartition, topic_changes, topics
from protocol.admin._offsets import watermarks
from protocol.codec import ApiKey
from protocol.errors import (
    InvalidPartitionsError,
    InvalidReplicationFactorError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)
from tests.admin.conftest import produce, started_admin, unique

pytestmark = pytest.mark.broker


async def test_topic_life_cycle(cluster: KafkaCluster) -> None:
    admin = await started_admin(cluster)
    try:
        name = unique("life")
        created = await admin.create_topic(name, 3, 1, {"retention.ms": "3600000"})
        assert (created.partitions, created.replication_factor) == (3, 1)
        assert ("retention.ms", "3600000") in created.configs
        assert (created.topic_id is not None) == cluster.kraft  # CreateTopics v7 (2.8+) returns it

        await asyncio.to_thread(produce, cluster, name, {0: 5, 1: 3})
        described = await admin.describe_topic(name)
        assert described.partition_count == 3 and described.replication_factor == 1
        node = next(iter((await admin.describe_cluster()).brokers)).node_id
        for part in described.partitions:
            assert (part.leader, part.replicas, part.isr) == (node, (node,), (node,))
            assert part.offline_replicas == ()
            assert part.error is None and not part.under_replicated
        assert [(p.low_watermark, p.high_watermark) for p in described.partitions] == [(0, 5), (0, 3), (0, 0)]
        assert [p.message_count for p in described.partitions] == [5, 3, 0] and described.message_count == 8

        listed = {t.name: t for t in await admin.list_topics()}
        assert listed[name].partition_count == 3 and not listed[name].is_internal

        await admin.add_partitions(name, 5)
        assert (await admin.describe_topic(name)).partition_count == 5
        with pytest.raises(InvalidPartitionsError) as shrink:
            await admin.add_partitions(name, 4)
        assert f"Adding partitions to topic '{name}'" in str(shrink.value)

        lows = await admin.delete_records({TopicPartition(name, 0): 2, TopicPartition(name, 1): -1})
        assert lows == {TopicPartition(name, 0): 2, TopicPartition(name, 1): 3}
        after = await admin.describe_topic(name)
        assert [(p.low_watermark, p.high_watermark, p.message_count) for p in after.partitions[:2]] == [
            (2, 5, 3), (3, 3, 0)]

        await admin.delete_topic(name)
        assert name not in {t.name for t in await admin.list_topics()}
        gone = (await admin.describe_topics([name]))[name]
        assert isinstance(gone.error, UnknownTopicOrPartitionError) and gone.partitions == ()
    finally:
        await admin.client.close()


async def test_create_refusals_and_validate_only(cluster: KafkaCluster) -> None:
    admin = await started_admin(cluster)
    try:
        name = unique("refuse")
        dry = await admin.create_topic(name, 2, 1, validate_only=True)
        assert dry.error is None and dry.partitions == 2
        assert name not in {t.name for t in await admin.list_topics()}

        results = await admin.create_topics([NewTopic(name, 1, 1), NewTopic(unique("rf"), 1, 7)])
        assert results[name].error is None
        bad_rf = next(r for n, r in results.items() if n != name)
        assert isinstance(bad_rf.error, InvalidReplicationFactorError)
        assert "Creating topic" in str(bad_rf.error)
        with pytest.raises(TopicAlreadyExistsError, match="already exists"):
            await admin.create_topic(name, 1, 1)
        with pytest.raises(UnknownTopicOrPartitionError):
            await admin.describe_topic(unique("missing"))
        await admin.delete_topic(name)
    finally:
        await admin.client.close()


async def test_internal_topics_are_flagged(admin: Admin) -> None:
    await admin.client.find_coordinator(unique("any-group"))  # makes sure __consumer_offsets exists
    listed = {t.name: t for t in await admin.list_topics()}
    assert listed["__consumer_offsets"].is_internal
    assert "__consumer_offsets" not in {t.name for t in await admin.list_topics(include_internal=False)}
    everything = await topics.describe_all_topics(admin.client)
    assert set(everything) >= set(listed)
    offsets_topic = everything["__consumer_offsets"]
    assert offsets_topic.is_internal and offsets_topic.partition_count == 3  # the harness's setting


async def test_requests_are_batched(admin: Admin, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batch sizes make many-topic operations visible as several modest requests."""
    monkeypatch.setattr(topic_changes, "TOPICS_PER_REQUEST", 10)
    sent: list[tuple[int, int]] = []
    client = admin.client
    real_send, real_send_any = client.send, client.send_any

    def record(api_key: int, body: Any) -> None:
        node = next(iter(client.cluster.brokers))
        built = body(client.api_version(node, api_key)) if callable(body) else body
        sent.append((api_key, len(built.get("topics") or built.get("topic_names") or ())))

    async def send(node: int, api_key: int, body: Any, **kwargs: Any) -> dict[str, Any]:
        record(api_key, body)
        return await real_send(node, api_key, body, **kwargs)

    async def send_any(api_key: int, body: Any, **kwargs: Any) -> dict[str, Any]:
        record(api_key, body)
        return await real_send_any(api_key, body, **kwargs)

    monkeypatch.setattr(client, "send", send)
    monkeypatch.setattr(client, "send_any", send_any)
    prefix = unique("batch")
    names = [f"{prefix}-{i:02d}" for i in range(25)]
    created = await admin.create_topics([NewTopic(n, 2, 1) for n in names])
    assert all(r.error is None for r in created.values())
    assert [n for key, n in sent if key == ApiKey.CREATE_TOPICS] == [10, 10, 5]

    sent.clear()
    progress: list[tuple[int, int]] = []
    described = await topics.describe_topics(client, names, chunk_size=7, concurrency=4,
                                             progress=lambda done, total: progress.append((done, total)))
    assert list(described) == names and all(d.message_count == 0 for d in described.values())
    # One Metadata request per chunk, plus leader lookups if a new leader is not ready yet.
    assert sorted(n for key, n in sent if key == ApiKey.METADATA)[-3:] == [7, 7, 7]
    assert max(n for key, n in sent if key == ApiKey.METADATA) == 7
    assert all(n <= 7 for key, n in sent if key == ApiKey.LIST_OFFSETS)
    assert progress[-1] == (25, 25) and len(progress) == 4

    sent.clear()
    assert all(e is None for e in (await admin.delete_topics(names)).values())
    assert [n for key, n in sent if key == ApiKey.DELETE_TOPICS] == [10, 10, 5]


async def test_describe_is_cancellable(admin: Admin) -> None:
    prefix = unique("cancel")
    names = [f"{prefix}-{i:02d}" for i in range(12)]
    await admin.create_topics([NewTopic(n, 1, 1) for n in names])
    before = {t for t in asyncio.all_tasks() if not t.done()}
    started = asyncio.Event()
    task = asyncio.ensure_future(topics.describe_topics(admin.client, names, chunk_size=1, concurrency=2,
                                                        progress=lambda done, total: started.set()))
    await asyncio.wait_for(started.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)
    leftover = {t for t in asyncio.all_tasks() if not t.done()} - before - {task}
    assert leftover == set()
    # The client still works after a cancelled describe.
    assert len(await admin.describe_topics(names)) == 12
    await admin.delete_topics(names)


async def test_missing_partitions_fail_fast(admin: Admin) -> None:
    """Fresh metadata saying a partition does not exist is final, not retried as "no leader"."""
    name = unique("missing")
    low, high = await watermarks(admin.client, [TopicPartition(name, 0)])
    assert isinstance(low[TopicPartition(name, 0)], UnknownTopicOrPartitionError)
    assert isinstance(high[TopicPartition(name, 0)], UnknownTopicOrPartitionError)
    with pytest.raises(UnknownTopicOrPartitionError, match="Deleting records of"):
        await admin.delete_records({TopicPartition(name, 0): 1})
