"""Following a partition when its leader goes away (3-node cluster, replication factor 3)."""

from __future__ import annotations

import asyncio

import pytest

from explorer.harness import KafkaCluster
from protocol.consumer import fetch_partition
from protocol.offsets import latest_offsets
from protocol.producer import Producer
from tests.protocol.protocol_helpers import LeakCheck, client_for

from .helpers import create_topic, read_topic, tp, unique

pytestmark = [pytest.mark.broker, pytest.mark.slow]


async def test_fetch_and_produce_follow_a_leader_change(kafka3: KafkaCluster) -> None:
    leaks = LeakCheck()
    client = client_for(kafka3, metadata_min_refresh_interval_s=0.2)
    stale = client_for(kafka3, metadata_min_refresh_interval_s=0.2)  # its leader cache goes stale
    await asyncio.wait_for(asyncio.gather(client.start(), stale.start()), 60)
    topic = unique("leader")
    stopped: int | None = None
    try:
        async with asyncio.timeout(240):
            await create_topic(client, topic, partitions=1, replication=3)
            await stale.metadata([topic], refresh=True)
            producer = Producer(client, compression="lz4")
            (await producer.send_many(topic, [(b"k", b"v%d" % i) for i in range(3000)])).raise_first()
            leader = await client.leader_for(topic, 0)
            seen: list[int] = []
            async for chunk in fetch_partition(client, topic, 0, 0, max_bytes=4000, stop_at_end=True):
                seen.extend(chunk.records.offsets)
                if stopped is None and len(seen) >= 500:
                    await asyncio.to_thread(kafka3.stop_node, leader)
                    stopped = leader
            assert stopped is not None
            assert seen == list(range(3000))  # nothing lost, nothing twice, in order
            meta = await client.metadata([topic], refresh=True)
            assert meta.leader_for(topic, 0) != leader
            after = await producer.send(topic, b"after the change")
            assert after.offset == 3000
            assert await latest_offsets(client, [tp(topic)]) == {tp(topic): 3001}
            assert stale.cluster.leader_for(topic, 0) == leader  # ListOffsets must find the new one
            assert await latest_offsets(stale, [tp(topic)]) == {tp(topic): 3001}
            rows = await read_topic(client, topic)
            assert [r[1] for r in rows] == list(range(3001)) and rows[-1][4] == b"after the change"
    finally:
        if stopped is not None:
            await asyncio.to_thread(kafka3.start_node, stopped)
        await client.close()
        await stale.close()
    await leaks.assert_clean()


async def test_producer_retries_while_the_leader_moves(kafka3: KafkaCluster) -> None:
    client = client_for(kafka3, metadata_min_refresh_interval_s=0.2)
    await asyncio.wait_for(client.start(), 60)
    topic = unique("leader-produce")
    stopped: int | None = None
    try:
        async with asyncio.timeout(240):
            await create_topic(client, topic, partitions=1, replication=3)
            producer = Producer(client, batch_bytes=2000)
            leader = await client.leader_for(topic, 0)
            stopping = asyncio.create_task(asyncio.to_thread(kafka3.stop_node, leader))
            stopped = leader
            results = await producer.send_many(topic, [(None, b"r%05d" % i) for i in range(20_000)])
            await stopping
            results.raise_first()
            rows = await read_topic(client, topic)
            values = [r[4] for r in rows]
            assert set(values) == {b"r%05d" % i for i in range(20_000)}  # retries may duplicate, not lose
            first_copies = list(dict.fromkeys(values))
            assert first_copies == sorted(first_copies)  # one batch in flight per partition: order kept
    finally:
        if stopped is not None:
            await asyncio.to_thread(kafka3.start_node, stopped)
        await client.close()
