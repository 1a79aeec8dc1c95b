"""The cluster client against real brokers: metadata, routing, pipelining, timeouts, coordinators."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import pytest

from explorer.harness import KafkaCluster
from protocol.codec import ApiKey
from protocol.errors import KafkaTimeoutError, NotLeaderError, UnknownTopicOrPartitionError
from tests.protocol.protocol_helpers import (
    HANG_GUARD,
    LeakCheck,
    client_for,
    create_topic,
    fetch_body,
    list_offsets_body,
)

pytestmark = pytest.mark.broker


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def test_start_metadata_and_clean_close(cluster: KafkaCluster) -> None:
    leaks = LeakCheck()
    client = client_for(cluster)
    async with asyncio.timeout(HANG_GUARD):
        meta = await client.start()
        name = unique("meta")
        await create_topic(client, name, partitions=3)
        full = await client.metadata(refresh=True)
        topic = full.topics[name]
        assert sorted(topic.partitions) == [0, 1, 2] and not topic.is_internal
        assert full.brokers == meta.brokers and full.cluster_id == meta.cluster_id
        if cluster.kraft:  # Metadata v10+ carries topic ids (2.8+)
            assert topic.topic_id is not None and full.topic_names[topic.topic_id] == name
            assert full.topic_ids[name] == topic.topic_id
        else:
            assert topic.topic_id is None
        partial = await client.metadata([name, "does-not-exist"])
        assert set(partial.topics) == {name, "does-not-exist"}
        assert isinstance(partial.topics["does-not-exist"].error, UnknownTopicOrPartitionError)
        assert await client.leader_for(name, 2) in meta.brokers
        with pytest.raises(UnknownTopicOrPartitionError):
            await client.leader_for(name, 9)
        await client.close()
    await leaks.assert_clean()


async def test_bootstrap_connection_is_reused(kafka: KafkaCluster) -> None:
    client = client_for(kafka)
    meta = await asyncio.wait_for(client.start(), HANG_GUARD)
    node = next(iter(meta.brokers))
    first = client.connection(node)
    assert first is not None  # the bootstrap connection, adopted as the node's admin connection
    await client.send(node, ApiKey.METADATA, {"topics": []})
    assert client.connection(node) is first
    await client.close()


async def test_cache_and_coalesced_refreshes(kafka: KafkaCluster) -> None:
    client = client_for(kafka, metadata_min_refresh_interval_s=0.5)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    fetches: list[float] = []
    real_fetch = client._fetch_metadata

    async def counting_fetch(names: list[str] | None) -> Any:
        fetches.append(time.monotonic())
        return await real_fetch(names)

    client._fetch_metadata = counting_fetch  # type: ignore[method-assign]
    async with asyncio.timeout(HANG_GUARD):
        await client.metadata()
        assert fetches == []  # fresh after start: served from the cache
        results = await asyncio.gather(*(client.metadata(refresh=True) for _ in range(10)))
        assert len(fetches) == 1 and all(r is results[0] for r in results)
        await asyncio.gather(*(client.refresh_metadata() for _ in range(10)))
        await client.refresh_metadata()
        assert len(fetches) == 3
        # Triggered refreshes keep their distance (a lower bound: the client waited).
        assert fetches[2] - fetches[1] >= 0.45
    await client.close()


async def test_100_pipelined_requests_on_one_connection(cluster: KafkaCluster) -> None:
    client = client_for(cluster)
    meta = await asyncio.wait_for(client.start(), HANG_GUARD)
    node = next(iter(meta.brokers))
    conn = client.connection(node)

    async def one(i: int) -> None:
        if i % 2:
            response = await client.send(
                node,
                ApiKey.API_VERSIONS,
                {"client_software_name": "kafka-explorer", "client_software_version": "0.1"},
            )
            assert response["error_code"] == 0 and len(response["api_keys"]) > 10
        else:
            response = await client.send(
                node, ApiKey.METADATA, {"topics": [{"name": f"none-{i}"}], "allow_auto_topic_creation": False}
            )
            assert [t["name"] for t in response["topics"]] == [f"none-{i}"]  # its own answer

    await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(100))), HANG_GUARD)
    assert client.connection(node) is conn and conn is not None and conn.in_flight == 0
    await client.close()


async def test_request_timeout_leaves_the_connection_usable(cluster: KafkaCluster) -> None:
    client = client_for(cluster)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    name = unique("timeout")
    await create_topic(client, name)
    node = await client.leader_for(name, 0)
    topic_id = client.cluster.topics[name].topic_id
    with pytest.raises(KafkaTimeoutError, match="Fetch"):  # the broker holds the empty fetch 3 s
        await client.send(
            node, ApiKey.FETCH, fetch_body(name, topic_id, max_wait_ms=3000), purpose="fetch", timeout=0.3
        )
    conn = client.connection(node, "fetch")
    assert conn is not None and not conn.closed
    response = await asyncio.wait_for(
        client.send(node, ApiKey.METADATA, {"topics": None}, purpose="fetch"), HANG_GUARD
    )
    assert name in [t["name"] for t in response["topics"]]
    assert client.connection(node, "fetch") is conn and conn.in_flight == 0
    await client.close()


async def test_long_poll_fetch_does_not_delay_admin_requests(kafka: KafkaCluster) -> None:
    client = client_for(kafka)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    name = unique("longpoll")
    await create_topic(client, name)
    node = await client.leader_for(name, 0)
    topic_id = client.cluster.topics[name].topic_id
    fetch = asyncio.ensure_future(
        client.send(node, ApiKey.FETCH, fetch_body(name, topic_id, max_wait_ms=5000), purpose="fetch")
    )
    await asyncio.sleep(0.3)  # the fetch is now parked in the broker
    for _ in range(3):
        await asyncio.wait_for(client.send(node, ApiKey.METADATA, {"topics": None}), HANG_GUARD)
    assert not fetch.done()  # admin answers came back while the fetch was still held
    assert client.connection(node, "fetch") is not client.connection(node, "admin")
    response = await asyncio.wait_for(fetch, HANG_GUARD)
    assert response["responses"][0]["partitions"][0]["error_code"] == 0
    await client.close()


async def test_versions_helpers(cluster: KafkaCluster) -> None:
    client = client_for(cluster)
    meta = await asyncio.wait_for(client.start(), HANG_GUARD)
    node = next(iter(meta.brokers))
    version = client.api_version(node, ApiKey.METADATA)
    assert version == (9 if not cluster.kraft else 13)
    assert (await client.api_versions(node)).version(ApiKey.METADATA) == version
    seen: list[int] = []

    def body(v: int) -> dict[str, Any]:
        seen.append(v)
        return {"topics": None}

    await client.send(node, ApiKey.METADATA, body)
    await client.send(node, ApiKey.METADATA, body, version=4)
    assert seen == [version, 4]
    response = await client.send_any(ApiKey.METADATA, {"topics": []})
    assert response["brokers"]
    await client.close()


async def test_find_coordinator_and_cache(cluster: KafkaCluster) -> None:
    client = client_for(cluster)
    meta = await asyncio.wait_for(client.start(), HANG_GUARD)
    group = unique("group")
    coordinator = await asyncio.wait_for(client.find_coordinator(group), HANG_GUARD)
    assert coordinator.node_id in meta.brokers
    sent: list[int] = []
    real_send_any = client.send_any

    async def counting(api_key: int, body: Any, **kw: Any) -> dict[str, Any]:
        sent.append(api_key)
        return await real_send_any(api_key, body, **kw)

    client.send_any = counting  # type: ignore[method-assign]
    assert await client.find_coordinator(group) == coordinator
    assert sent == []
    client.invalidate_coordinator(group)
    assert await client.find_coordinator(group) == coordinator
    assert sent == [ApiKey.FIND_COORDINATOR]
    await client.close()


async def test_retry_refreshes_metadata_on_stale_leader_codes(kafka: KafkaCluster) -> None:
    client = client_for(kafka, metadata_min_refresh_interval_s=0.05)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    name = unique("retry")
    await create_topic(client, name)
    refreshes = 0
    real_refresh = client.refresh_metadata

    async def counting_refresh(topics: Any = None) -> Any:
        nonlocal refreshes
        refreshes += 1
        return await real_refresh(topics)

    client.refresh_metadata = counting_refresh  # type: ignore[method-assign]
    attempts = 0

    async def list_offsets() -> int:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise NotLeaderError(context="pretend the leader moved")
        leader = await client.leader_for(name, 0)
        response = await client.send(leader, ApiKey.LIST_OFFSETS, list_offsets_body(name))
        return int(response["topics"][0]["partitions"][0]["offset"])

    assert await asyncio.wait_for(client.retry(list_offsets, attempts=5), HANG_GUARD) == 0
    assert attempts == 3 and refreshes == 2
    with pytest.raises(UnknownTopicOrPartitionError):  # retriable, but attempts run out
        await client.retry(lambda: client.leader_for("never-created", 0), attempts=2)
    await client.close()


async def test_close_is_clean_with_requests_in_flight(kafka: KafkaCluster) -> None:
    leaks = LeakCheck()
    client = client_for(kafka)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    name = unique("inflight")
    await create_topic(client, name)
    node = await client.leader_for(name, 0)
    topic_id = client.cluster.topics[name].topic_id
    fetch = asyncio.ensure_future(
        client.send(node, ApiKey.FETCH, fetch_body(name, topic_id, max_wait_ms=10000), purpose="fetch")
    )
    await asyncio.sleep(0.2)
    assert not fetch.done(), fetch.result()
    await client.close()
    with pytest.raises(Exception, match="closed"):
        await fetch
    await leaks.assert_clean()


async def test_send_coordinator(cluster: KafkaCluster) -> None:
    client = client_for(cluster)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    group = unique("group")

    def describe(version: int) -> dict[str, Any]:
        return {"groups": [group], "include_authorized_operations": False}

    response = await asyncio.wait_for(
        client.send_coordinator(group, ApiKey.DESCRIBE_GROUPS, describe), HANG_GUARD
    )
    described = response["groups"][0]
    assert described["group_id"] == group
    assert described["error_code"] in (0, 69)  # unknown group: Dead (old brokers) or GROUP_ID_NOT_FOUND
    coordinator = await client.find_coordinator(group)
    assert client.connection(coordinator.node_id, "coordinator") is not None
    await client.close()
