"""The sandbox's demo content lands on a real broker the way kcat sees it."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from explorer.demo import DEMO_TOPICS, DemoTopic
from explorer.demo_traffic import DEMO_GROUP, DemoTraffic
from explorer.harness import KafkaCluster
from protocol.admin import Admin
from protocol.client import ClientConfig, KafkaClient
from protocol.consumer import fetch_partition
from tests.conftest import Kcat

pytestmark = pytest.mark.broker


def _renamed(suffix: str) -> tuple[DemoTopic, ...]:
    """The demo topics under unique names, so the shared broker's other tests are unaffected."""
    return tuple(DemoTopic(f"{t.name}-{suffix}", t.partitions, t.codec, t.seed_count // 10,
                           t.trickle_per_second * 10, t.configs, kind=t.name) for t in DEMO_TOPICS)


async def test_seed_and_trickle(kafka: KafkaCluster, kcat: Kcat) -> None:
    suffix = uuid.uuid4().hex[:6]
    topics = _renamed(suffix)
    client = KafkaClient(ClientConfig(bootstrap_servers=kafka.bootstrap()))
    await client.start()
    try:
        traffic = DemoTraffic(client, topics)
        traffic._commit_demo_group = _no_group  # type: ignore[method-assign]
        await traffic.seed()
        seeded = traffic.sent
        assert seeded == sum(t.seed_count for t in topics)
        task = asyncio.create_task(traffic.run())
        await asyncio.sleep(1.2)
        task.cancel()
        assert traffic.sent > seeded, "no trickle after the seed"
    finally:
        await client.close()
    orders = f"orders-{suffix}"
    out = kcat.run("-C", "-b", kafka.bootstrap(), "-t", orders, "-o", "beginning", "-e", "-J", "-q")
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(rows) >= topics[0].seed_count
    first = rows[0]
    assert json.loads(first["payload"])["customer"] == first["key"]
    assert first["headers"][0:2] == ["content-type", "application/json"]

    client = KafkaClient(ClientConfig(bootstrap_servers=kafka.bootstrap()))
    await client.start()
    try:
        for topic in topics:
            async for chunk in fetch_partition(client, topic.name, 0, 0, stop_at_end=True):
                assert chunk.records.batch(0).codec == topic.codec, topic.name
                break
    finally:
        await Admin(client).delete_topics([t.name for t in topics])
        await client.close()


async def _no_group() -> None:
    return None


async def test_demo_group_has_lag(kafka: KafkaCluster) -> None:
    """The seed leaves the demo group half way through ``orders``."""
    client = KafkaClient(ClientConfig(bootstrap_servers=kafka.bootstrap()))
    await client.start()
    try:
        traffic = DemoTraffic(client, tuple(t for t in DEMO_TOPICS if t.name == "orders"))
        await traffic.seed()
        lag = await Admin(client).group_lag(DEMO_GROUP, ["orders"])
        assert lag.total_lag >= DEMO_TOPICS[0].seed_count // 2
    finally:
        await Admin(client).delete_group(DEMO_GROUP)
        await Admin(client).delete_topics(["orders"])
        await client.close()
