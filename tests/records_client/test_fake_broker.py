"""Error paths a real broker rarely shows on demand, against the in-process fake broker.

Fenced leader epochs, a leader that keeps refusing, authorization failures, a Produce that must
be retried, and MESSAGE_TOO_LARGE: each checked for what is sent next, not just what is raised.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from protocol.client import ClientConfig, KafkaClient
from protocol.codec import ApiKey
from protocol.consumer import PartitionFetcher, fetch_partition
from protocol.errors import NotLeaderError, TopicAuthorizationError
from protocol.offsets import LATEST, list_offsets
from protocol.producer import Producer, RecordTooLargeError
from protocol.records import Record, build_batch
from tests.protocol.fakebroker import SILENCE, FakeBroker

from .helpers import HANG_GUARD, tp

TOPIC_ID = uuid.uuid4()


class Cluster:
    """One fake broker leading partition 0 of topic ``t``; the leader epoch can be bumped."""

    def __init__(self) -> None:
        self.epoch = 5
        self.metadata_requests = 0
        self.broker = FakeBroker(handlers={ApiKey.METADATA: self.metadata})

    def metadata(self, header: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        self.metadata_requests += 1
        partition = {"error_code": 0, "partition_index": 0, "leader_id": 1, "leader_epoch": self.epoch,
                     "replica_nodes": [1], "isr_nodes": [1], "offline_replicas": []}  # fmt: skip
        topic = {"error_code": 0, "name": "t", "topic_id": TOPIC_ID.bytes, "is_internal": False,
                 "partitions": [partition]}  # fmt: skip
        broker = {"node_id": 1, "host": "127.0.0.1", "port": self.broker.port}
        return {"brokers": [broker], "cluster_id": "fake", "controller_id": 1, "topics": [topic]}

    def bodies(self, api_key: int) -> list[dict[str, Any]]:
        return [body for header, body in self.broker.received if header["api_key"] == api_key]


@pytest.fixture
async def cluster() -> AsyncIterator[Cluster]:
    cluster = Cluster()
    async with cluster.broker:
        yield cluster


@pytest.fixture
async def client(cluster: Cluster) -> AsyncIterator[KafkaClient]:
    config = ClientConfig(cluster.broker.address, metadata_min_refresh_interval_s=0.0,
                          reconnect_backoff_s=0.01, reconnect_backoff_max_s=0.05)  # fmt: skip
    client = KafkaClient(config)
    await client.start()
    yield client
    await client.close()


def fetch_answer(code: int, records: bytes = b"", high_watermark: int = 10) -> dict[str, Any]:
    part = {"partition_index": 0, "error_code": code, "high_watermark": high_watermark,
            "last_stable_offset": high_watermark, "log_start_offset": 0, "aborted_transactions": None,
            "records": records}  # fmt: skip
    return {"throttle_time_ms": 0, "error_code": 0, "session_id": 0,
            "responses": [{"topic": "t", "topic_id": TOPIC_ID.bytes, "partitions": [part]}]}  # fmt: skip


def offsets_answer(offset: int) -> dict[str, Any]:
    part = {"partition_index": 0, "error_code": 0, "timestamp": -1, "offset": offset, "leader_epoch": 5}
    return {"throttle_time_ms": 0, "topics": [{"name": "t", "partitions": [part]}]}


BATCH = build_batch([Record(i, 1000 + i, None, b"v%d" % i) for i in range(3, 10)])


async def test_fenced_leader_epoch_refreshes_metadata_and_retries(
    cluster: Cluster, client: KafkaClient
) -> None:
    answers = [fetch_answer(74), fetch_answer(0, BATCH)]  # FENCED_LEADER_EPOCH, then the records

    def fetch(header: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        if len(answers) == 2:
            cluster.epoch = 6  # the leader moved on; metadata now says so
        return answers.pop(0)

    cluster.broker.handlers[ApiKey.FETCH] = fetch
    cluster.broker.handlers[ApiKey.LIST_OFFSETS] = lambda h, b: offsets_answer(10)
    before = cluster.metadata_requests
    async with asyncio.timeout(HANG_GUARD):
        chunks = [c async for c in fetch_partition(client, "t", 0, 3, stop_at_end=True)]
    assert [r.value for c in chunks for r in c.records] == [b"v%d" % i for i in range(3, 10)]
    fetches = cluster.bodies(ApiKey.FETCH)
    epochs = [b["topics"][0]["partitions"][0]["current_leader_epoch"] for b in fetches]
    assert epochs == [5, 6] and cluster.metadata_requests > before
    assert all(b["session_id"] == 0 and b["session_epoch"] == -1 for b in fetches)
    assert all(b["topics"][0]["topic_id"] == TOPIC_ID.bytes for b in fetches)


async def test_a_leader_that_keeps_refusing_gives_up_with_its_error(
    cluster: Cluster, client: KafkaClient
) -> None:
    cluster.broker.handlers[ApiKey.FETCH] = lambda h, b: fetch_answer(6)  # NOT_LEADER_OR_FOLLOWER
    cluster.broker.handlers[ApiKey.LIST_OFFSETS] = lambda h, b: offsets_answer(10)
    fetcher = PartitionFetcher(client, {tp("t"): 0}, stop_at_end=True, retry_timeout_s=1.0)
    with pytest.raises(NotLeaderError, match="Fetching t-0"):
        async with asyncio.timeout(HANG_GUARD), fetcher:
            async for _ in fetcher:
                pass
    assert len(cluster.bodies(ApiKey.FETCH)) >= 2  # retried before giving up


async def test_authorization_failure_is_not_retried(cluster: Cluster, client: KafkaClient) -> None:
    cluster.broker.handlers[ApiKey.FETCH] = lambda h, b: fetch_answer(29)
    with pytest.raises(TopicAuthorizationError):
        async with asyncio.timeout(HANG_GUARD):
            async for _ in fetch_partition(client, "t", 0, 0):
                pass
    assert len(cluster.bodies(ApiKey.FETCH)) == 1


async def test_list_offsets_retries_a_moving_leader(cluster: Cluster, client: KafkaClient) -> None:
    answers = [{"throttle_time_ms": 0, "topics": [{"name": "t", "partitions": [
        {"partition_index": 0, "error_code": 6, "timestamp": -1, "offset": -1, "leader_epoch": -1}]}]},
        offsets_answer(42)]  # fmt: skip
    cluster.broker.handlers[ApiKey.LIST_OFFSETS] = lambda h, b: answers.pop(0)
    found = await list_offsets(client, {tp("t"): LATEST})
    assert found[tp("t")].offset == 42 and answers == []


def produce_answer(code: int, base_offset: int = -1, message: str | None = None) -> dict[str, Any]:
    part = {"index": 0, "error_code": code, "base_offset": base_offset, "log_append_time_ms": -1,
            "log_start_offset": 0, "record_errors": [], "error_message": message}  # fmt: skip
    return {"responses": [{"name": "t", "topic_id": TOPIC_ID.bytes, "partition_responses": [part]}],
            "throttle_time_ms": 0}  # fmt: skip


async def test_produce_retries_after_not_leader_and_keeps_order(
    cluster: Cluster, client: KafkaClient
) -> None:
    answers = [produce_answer(6), produce_answer(0, 100), produce_answer(0, 102)]
    cluster.broker.handlers[ApiKey.PRODUCE] = lambda h, b: answers.pop(0)
    producer = Producer(client, batch_bytes=250)  # two records per batch
    results = await producer.send_many("t", [(None, b"r%03d" % i + b"." * 60) for i in range(4)])
    assert [m.offset for m in results] == [100, 101, 102, 103]
    sent = [b["topic_data"][0]["partition_data"][0]["records"] for b in cluster.bodies(ApiKey.PRODUCE)]
    assert len(sent) == 3 and sent[0] == sent[1]  # the refused batch went again, before the next one


async def test_message_too_large_from_the_broker(cluster: Cluster, client: KafkaClient) -> None:
    cluster.broker.handlers[ApiKey.PRODUCE] = lambda h, b: produce_answer(10)
    with pytest.raises(
        RecordTooLargeError, match=r"^Producing to t-0: The message is larger than the broker"
    ):
        await Producer(client).send("t", b"x" * 1000)
    assert len(cluster.bodies(ApiKey.PRODUCE)) == 1  # not retried


async def test_acks_zero_expects_no_answer(cluster: Cluster, client: KafkaClient) -> None:
    cluster.broker.handlers[ApiKey.PRODUCE] = lambda h, b: SILENCE  # a broker never answers acks=0
    result = await asyncio.wait_for(Producer(client, acks=0).send("t", b"fire and forget"), HANG_GUARD)
    assert result.offset == -1 and cluster.bodies(ApiKey.PRODUCE)[0]["acks"] == 0
