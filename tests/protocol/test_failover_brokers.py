"""Brokers dying under the client (3-node Kafka 4.x). Every test starts its node again in ``finally``.

Nodes are stopped from a worker thread (so the event loop keeps serving the client meanwhile) but
started from the main thread: the harness ties each JVM's life to the thread that launched it, and
the loop's executor threads end with the test.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaConnectionError
from protocol.retry import check_error
from tests.protocol.protocol_helpers import (
    HANG_GUARD,
    client_for,
    create_topic,
    fetch_body,
    list_offsets_body,
)

pytestmark = pytest.mark.broker


async def replicated_topic(client: KafkaClient) -> tuple[str, int]:
    name = f"failover-{uuid.uuid4().hex[:8]}"
    await create_topic(client, name, partitions=1, replication=3)
    return name, await client.leader_for(name, 0)


async def test_broker_killed_mid_request(kafka3: KafkaCluster) -> None:
    client = client_for(kafka3)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    name, leader = await replicated_topic(client)
    topic_id = client.cluster.topics[name].topic_id
    fetch = asyncio.ensure_future(
        client.send(leader, ApiKey.FETCH, fetch_body(name, topic_id, max_wait_ms=30000), purpose="fetch")
    )
    await asyncio.sleep(0.5)
    assert not fetch.done()  # parked in the broker's purgatory
    try:
        await asyncio.to_thread(kafka3.stop_node, leader, kill=True)
        with pytest.raises(KafkaConnectionError) as err:
            await asyncio.wait_for(fetch, HANG_GUARD)
        assert f"(node {leader})" in str(err.value)
    finally:
        kafka3.start_node(leader)
    response = await asyncio.wait_for(client.send(leader, ApiKey.METADATA, {"topics": None}), HANG_GUARD)
    assert leader in [b["node_id"] for b in response["brokers"]]
    await client.close()


async def test_leader_stopped_mid_operation(kafka3: KafkaCluster) -> None:
    client = client_for(kafka3)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    name, old_leader = await replicated_topic(client)
    leaders_seen: list[int] = []

    async def list_offsets() -> int:
        leader = await client.leader_for(name, 0)
        response = await client.send(leader, ApiKey.LIST_OFFSETS, list_offsets_body(name))
        part = response["topics"][0]["partitions"][0]
        check_error(part["error_code"], context=f"ListOffsets {name}-0 on node {leader}")
        leaders_seen.append(leader)
        return int(part["offset"])

    async def operation() -> None:
        """Keep asking for the end offset, through retries, until a new leader answers."""
        while not leaders_seen or leaders_seen[-1] == old_leader:
            assert await client.retry(list_offsets, attempts=20) == 0
            await asyncio.sleep(0.05)

    running = asyncio.ensure_future(operation())
    try:
        await asyncio.sleep(0.3)
        assert not running.done() and leaders_seen[0] == old_leader
        await asyncio.to_thread(kafka3.stop_node, old_leader)
        await asyncio.wait_for(running, HANG_GUARD * 2)
        new_leader = leaders_seen[-1]
        assert new_leader != old_leader
        meta = await client.retry(lambda: client.metadata([name], refresh=True))
        assert meta.topics[name].partitions[0].leader == new_leader
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        kafka3.start_node(old_leader)
    await client.close()
