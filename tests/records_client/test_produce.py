"""Produce: acks, nulls, headers, partitions, errors people can read, and batching for bulk sends."""

from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from confluent_kafka.admin import (
    AclBinding,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
)
from confluent_kafka.admin import ResourceType as CkResourceType

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import TopicAuthorizationError, UnknownTopicOrPartitionError
from protocol.metadata import BrokerInfo, ClusterMetadata, PartitionInfo, TopicInfo
from protocol.offsets import latest_offsets
from protocol.produce_results import ProduceResults
from protocol.produce_sender import BatchSender
from protocol.produce_wire import BatchAccumulator
from protocol.producer import ACKS_ALL, ACKS_LEADER, ACKS_NONE, Producer, RecordTooLargeError
from protocol.records import Codec
from tests.protocol.protocol_helpers import LeakCheck, client_for, security

from .helpers import HANG_GUARD, create_topic, read_topic, tp, unique

pytestmark = pytest.mark.broker


@pytest.mark.parametrize("acks", [ACKS_NONE, ACKS_LEADER, ACKS_ALL])
async def test_acks(client: KafkaClient, acks: int) -> None:
    topic = unique(f"acks{acks}")
    await create_topic(client, topic)
    # With acks=0 a broker can only drop the connection on error (e.g. a partition still
    # loading): wait until the leader serves the partition.
    await latest_offsets(client, [tp(topic)])
    producer = Producer(client, acks=acks)
    results = await producer.send_many(topic, [(None, b"v%d" % i) for i in range(10)])
    single = await producer.send(topic, b"last")
    expected_offsets = [-1] * 10 if acks == ACKS_NONE else list(range(10))
    assert [r.offset for r in results] == expected_offsets
    assert single.offset == (-1 if acks == ACKS_NONE else 10)
    async with asyncio.timeout(HANG_GUARD):
        while (await latest_offsets(client, [tp(topic)]))[tp(topic)] < 11:  # acks=0: written a bit later
            await asyncio.sleep(0.05)
    assert [r[4] for r in await read_topic(client, topic)] == [b"v%d" % i for i in range(10)] + [b"last"]


async def test_nulls_headers_timestamps_and_explicit_partitions(client: KafkaClient) -> None:
    topic = unique("shapes")
    await create_topic(client, topic, partitions=3)
    producer = Producer(client)
    headers = [("trace", b"1"), ("empty", b""), ("none", None), ("trace", b"2"), ("ünï", b"\x00\xff")]
    a = await producer.send(topic, None, key=None, headers=headers, partition=2, timestamp=1_600_000_000_000)
    b = await producer.send(topic, b"", key=b"", partition=2)
    c = await producer.send(topic, b"v", key=b"k", partition=0)
    assert (a.partition, a.offset, a.timestamp) == (2, 0, 1_600_000_000_000)
    assert (b.partition, b.offset, c.partition, c.offset) == (2, 1, 0, 0)
    rows = await read_topic(client, topic)
    assert rows == [
        (0, 0, c.timestamp, b"k", b"v", ()),
        (2, 0, a.timestamp, None, None, tuple(headers)),
        (2, 1, b.timestamp, b"", b"", ()),
    ]


async def test_bad_partition_and_unknown_topic(client: KafkaClient) -> None:
    topic = unique("bad")
    await create_topic(client, topic, partitions=2)
    results = await Producer(client).send_many(topic, [(None, b"ok"), (None, b"no", (), 5), (None, b"ok2")])
    assert not results.ok and [i for i, _ in results.errors] == [1]
    with pytest.raises(UnknownTopicOrPartitionError, match=r"Producing to .*-5.*partitions 0 to 1"):
        results[1]
    assert results[0].offset >= 0 and results[2].offset >= 0
    with pytest.raises(UnknownTopicOrPartitionError, match="Producing to no-such-topic"):
        await Producer(client).send("no-such-topic", b"x")


async def test_message_too_large_is_clear_and_writes_nothing(client: KafkaClient) -> None:
    topic = unique("too-large")
    await create_topic(client, topic, configs={"max.message.bytes": "5000"})
    producer = Producer(client, compression="none")
    with pytest.raises(RecordTooLargeError) as caught:
        await producer.send(topic, b"x" * 10_000, key=b"big")
    text = str(caught.value)
    assert text.startswith(
        f"Producing to {topic}-0: The message is larger than the broker accepts "
        "(message.max.bytes/max.message.bytes)"
    )
    assert caught.value.code == 10 and caught.value.name == "MESSAGE_TOO_LARGE"
    assert await latest_offsets(client, [tp(topic)]) == {tp(topic): 0}  # nothing was written
    assert (await producer.send(topic, b"small")).offset == 0


async def test_record_over_the_request_limit_is_refused_before_sending(client: KafkaClient) -> None:
    topic = unique("too-large-here")
    await create_topic(client, topic)
    produce_calls = 0
    real_send = client.send

    async def counting_send(node: int, api_key: int, body: Any, **kw: Any) -> dict[str, Any]:
        nonlocal produce_calls
        produce_calls += api_key == ApiKey.PRODUCE
        return await real_send(node, api_key, body, **kw)

    client.send = counting_send  # type: ignore[method-assign]
    with pytest.raises(RecordTooLargeError, match="It was not sent"):
        await Producer(client).send(topic, b"x" * 2_000_000)
    assert produce_calls == 0


async def test_bulk_send_batches_per_partition_and_bounds_requests(client: KafkaClient) -> None:
    topic = unique("bulk")
    await create_topic(client, topic, partitions=3)
    requests: list[dict[str, Any]] = []
    in_flight = peak = 0
    real_send = client.send

    async def watching_send(node: int, api_key: int, body: Any, **kw: Any) -> dict[str, Any]:
        nonlocal in_flight, peak
        if api_key != ApiKey.PRODUCE:
            return await real_send(node, api_key, body, **kw)
        requests.append(body(client.api_version(node, api_key)))
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await real_send(node, api_key, body, **kw)
        finally:
            in_flight -= 1

    client.send = watching_send  # type: ignore[method-assign]
    records = [(b"key-%d" % i, b"%06d" % i + b"." * 94) for i in range(20_000)]
    producer = Producer(client, batch_bytes=50_000, request_bytes=120_000, max_in_flight=2, compression="lz4")
    results = await producer.send_many(topic, records)
    assert results.ok and len(results) == 20_000
    for request in requests:
        parts = [p["index"] for t in request["topic_data"] for p in t["partition_data"]]
        assert len(parts) == len(set(parts))  # one batch per partition per request
        assert sum(len(p["records"]) for t in request["topic_data"] for p in t["partition_data"]) <= 120_000
    assert peak <= 2 and len(requests) >= 20_000 * 130 // 50_000 // 3
    rows = await read_topic(client, topic)
    by_key = {r[3]: (r[0], r[1], r[4]) for r in rows}
    for i in (0, 1, 9_999, 19_999):
        meta = results[i]
        assert by_key[records[i][0]] == (meta.partition, meta.offset, records[i][1])
    for p in range(3):  # each partition holds its records in input order
        values = [r[4] for r in rows if r[0] == p]
        assert values == sorted(values)


def deny_writes(cluster: KafkaCluster, topic: str, user: str) -> None:
    """ACLs letting ``user`` see ``topic`` but not write to it (made with librdkafka's admin client)."""
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap()})
    acls = [
        AclBinding(
            CkResourceType.TOPIC, topic, ResourcePatternType.LITERAL, f"User:{user}", "*", operation, kind
        )
        for operation, kind in (
            (AclOperation.DESCRIBE, AclPermissionType.ALLOW),
            (AclOperation.WRITE, AclPermissionType.DENY),
        )
    ]
    for future in admin.create_acls(acls).values():
        future.result(30)
    del admin  # librdkafka closes its sockets when the handle is destroyed


async def test_authorization_failure_is_reported(kafka: KafkaCluster, client: KafkaClient) -> None:
    topic = unique("denied")
    await create_topic(client, topic)
    await asyncio.to_thread(deny_writes, kafka, topic, "alice")
    leaks = LeakCheck()
    alice = client_for(kafka, "SASL_PLAINTEXT", security(kafka, "SASL_PLAINTEXT"))
    async with asyncio.timeout(HANG_GUARD):
        await alice.start()
        try:
            for _ in range(50):  # ACLs reach the broker's authorizer shortly after CreateAcls returns
                try:
                    await Producer(alice).send(topic, b"before the ACL applied")
                except TopicAuthorizationError as exc:
                    assert str(exc).startswith(f"Producing to {topic}-0: You are not allowed")
                    break
                await asyncio.sleep(0.2)
            else:
                pytest.fail("writing was never refused")
        finally:
            await alice.close()
    await leaks.assert_clean()


async def test_zstd_needs_produce_v7() -> None:
    """A broker speaking only Produce < v7 gets no zstd batch: a clear error instead."""
    tpart = tp("t")
    meta = ClusterMetadata(
        "c",
        1,
        {1: BrokerInfo(1, "h", 1)},
        {"t": TopicInfo("t", uuid.uuid4(), False, {0: PartitionInfo(0, 1, 0, (1,), (1,), ())})},
    )

    async def send(node: int, api_key: int, body: Any, **kw: Any) -> dict[str, Any]:
        return body(6)  # what the negotiated version would hand the body builder

    fake = SimpleNamespace(
        cluster=meta,
        send=send,
        config=SimpleNamespace(reconnect_backoff_s=0.01, reconnect_backoff_max_s=0.01, request_timeout_s=1.0),
    )
    settings = SimpleNamespace(
        acks=-1,
        codec=Codec.ZSTD,
        request_bytes=1 << 20,
        max_in_flight=1,
        timeout_ms=1000,
        retries=0,
        delivery_timeout_s=1.0,
    )
    results = ProduceResults("t")
    sender = BatchSender(fake, settings, results)  # type: ignore[arg-type]
    accumulator = BatchAccumulator(Codec.ZSTD, 10_000, 10_000)
    accumulator.add(tpart, 0, None, b"v", (), 1)
    for batch in accumulator.drain():
        await sender.submit(batch)
    await sender.finish()
    results.set_count(1)
    error = results.error(0)
    assert error is not None and error.name == "UNSUPPORTED_COMPRESSION_TYPE" and "Produce v7" in str(error)
