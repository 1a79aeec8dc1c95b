"""Fetch: from an offset, to the end, tailing, several partitions per request, errors, cancelling."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.consumer import (
    EARLIEST,
    LATEST,
    FetchChunk,
    PartitionFetcher,
    fetch_partition,
    fetch_partitions,
)
from protocol.errors import OffsetOutOfRangeError
from protocol.fetch_decode import decode_chunk
from protocol.fetch_wire import PartitionData
from protocol.producer import Producer
from protocol.records import Codec, IsolationLevel, RecordBatchBuilder
from tests.protocol.protocol_helpers import LeakCheck, client_for, other_tasks

from .helpers import HANG_GUARD, create_topic, read_topic, tp, unique

pytestmark = pytest.mark.broker


async def hundred_records(client: KafkaClient, partitions: int = 1, codec: str = "lz4") -> str:
    """Offsets 0-99 in every partition, written as ten batches of ten (so 42 is mid-batch)."""
    topic = unique("fetch")
    await create_topic(client, topic, partitions=partitions)
    producer = Producer(client, compression=codec)
    for p in range(partitions):
        for b in range(10):
            records = [(b"k%d" % i, b"value %d" % i, [("i", b"%d" % i)]) for i in range(b * 10, b * 10 + 10)]
            (await producer.send_many(topic, records, partition=p)).raise_first()
    return topic


async def collect(chunks: Any) -> list[FetchChunk]:
    out = []
    async with asyncio.timeout(HANG_GUARD):
        async for chunk in chunks:
            out.append(chunk)
    return out


def offsets(chunks: list[FetchChunk]) -> list[int]:
    return [o for c in chunks for o in c.offsets]


async def test_fetch_from_offset_42_starts_at_42(client: KafkaClient) -> None:
    topic = await hundred_records(client)
    chunks = await collect(fetch_partition(client, topic, 0, 42, stop_at_end=True))
    first = chunks[0].records
    assert first.offsets[0] == 42 and first[0].value == b"value 42" and first[0].headers == (("i", b"42"),)
    assert first.batch(0).base_offset == 40 and first.batch(0).codec == Codec.LZ4
    assert offsets(chunks) == list(range(42, 100))
    assert chunks[-1].next_offset == 100 and chunks[-1].high_watermark == 100


async def test_small_max_bytes_walks_batch_by_batch(client: KafkaClient) -> None:
    topic = await hundred_records(client, codec="none")
    chunks = await collect(fetch_partition(client, topic, 0, EARLIEST, max_bytes=300, stop_at_end=True))
    assert len(chunks) >= 10
    assert offsets(chunks) == list(range(100))


async def test_stop_at_end_ignores_later_records(client: KafkaClient) -> None:
    topic = await hundred_records(client)
    seen = []
    async with asyncio.timeout(HANG_GUARD):
        async for chunk in fetch_partition(client, topic, 0, 95, stop_at_end=True):
            seen.extend(chunk.records.offsets)
            await Producer(client).send(topic, b"later")
    assert seen == [95, 96, 97, 98, 99]
    assert await collect(fetch_partition(client, topic, 0, LATEST, stop_at_end=True)) == []


async def test_tail_from_latest_sees_new_records(client: KafkaClient) -> None:
    topic = await hundred_records(client)
    got: asyncio.Queue[FetchChunk] = asyncio.Queue()

    async def tail() -> None:
        async for chunk in fetch_partition(client, topic, 0, LATEST, max_wait_ms=200):
            await got.put(chunk)

    task = asyncio.create_task(tail())
    await asyncio.sleep(0.5)  # the tail is now waiting at offset 100
    await Producer(client).send_many(topic, [(None, b"new %d" % i) for i in range(3)])
    chunk = await asyncio.wait_for(got.get(), HANG_GUARD)
    assert chunk.records.offsets[0] == 100 and chunk.records[0].value == b"new 0"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert other_tasks() == set()  # cancelling left no fetch running


async def test_offset_out_of_range_says_what_the_partition_holds(client: KafkaClient) -> None:
    topic = await hundred_records(client)
    with pytest.raises(OffsetOutOfRangeError, match=r"asked for offset 500; it holds offsets 0 to 99"):
        await collect(fetch_partition(client, topic, 0, 500))
    with pytest.raises(OffsetOutOfRangeError, match=r"offset 101"):
        await collect(fetch_partition(client, topic, 0, 101, stop_at_end=True))


async def test_partitions_share_one_request_per_broker(client: KafkaClient) -> None:
    topic = await hundred_records(client, partitions=3)
    bodies: list[dict[str, Any]] = []
    real_send = client.send

    async def recording_send(node: int, api_key: int, body: Any, **kw: Any) -> dict[str, Any]:
        if api_key == ApiKey.FETCH:
            version = client.api_version(node, ApiKey.FETCH)
            bodies.append(body(version) | {"version": version, "purpose": kw.get("purpose")})
        return await real_send(node, api_key, body, **kw)

    client.send = recording_send  # type: ignore[method-assign]
    positions = {tp(topic, p): EARLIEST for p in range(3)}
    chunks = await collect(fetch_partitions(client, positions, stop_at_end=True, max_wait_ms=100))
    for p in range(3):
        assert [o for c in chunks if c.partition == p for o in c.records.offsets] == list(range(100))
    first = bodies[0]
    assert len(first["topics"]) == 1 and len(first["topics"][0]["partitions"]) == 3
    assert (first["session_id"], first["session_epoch"], first["purpose"]) == (0, -1, "fetch")
    assert all(p["current_leader_epoch"] >= 0 for p in first["topics"][0]["partitions"])
    assert first["version"] >= 13 and "topic_id" in first["topics"][0] and "topic" not in first["topics"][0]


async def test_many_partitions_fair_under_a_small_response_limit(client: KafkaClient) -> None:
    topic = await hundred_records(client, partitions=4, codec="none")
    positions = {tp(topic, p): 0 for p in range(4)}
    chunks = await collect(
        fetch_partitions(
            client, positions, stop_at_end=True, max_bytes=2000, partition_max_bytes=1000, max_wait_ms=50
        )
    )
    for p in range(4):
        assert [o for c in chunks if c.partition == p for o in c.records.offsets] == list(range(100))


async def test_fetcher_context_manager_close_cancels(client: KafkaClient) -> None:
    topic = await hundred_records(client, partitions=2)
    async with PartitionFetcher(client, {tp(topic, 0): LATEST, tp(topic, 1): LATEST}, max_wait_ms=5000) as f:
        iterator = f.chunks()
        pending = asyncio.ensure_future(iterator.__anext__())
        await asyncio.sleep(0.3)
        assert not pending.done()
        pending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pending
    assert other_tasks() == set()


async def test_old_broker_fetches_by_topic_name(kafka25: KafkaCluster) -> None:
    leaks = LeakCheck()
    client = client_for(kafka25)
    async with asyncio.timeout(HANG_GUARD):
        await client.start()
        try:
            topic = await hundred_records(client, partitions=2, codec="zstd")
            node = await client.leader_for(topic, 0)
            assert client.api_version(node, ApiKey.FETCH) < 13
            rows = await read_topic(client, topic)
            assert [(r[0], r[1]) for r in rows] == [(p, o) for p in range(2) for o in range(100)]
            chunks = await collect(fetch_partition(client, topic, 1, 42, stop_at_end=True))
            assert offsets(chunks)[0] == 42
        finally:
            await client.close()
    await leaks.assert_clean()


def test_compacted_batches_move_the_position_past_their_last_offset() -> None:
    """KAFKA-5443: a batch emptied by compaction keeps its last offset; fetching resumes after it."""
    builder = RecordBatchBuilder(base_offset=10)
    builder.append(b"k", b"survivor", timestamp=1, offset=12)
    blob = builder.build(last_offset_delta=9)  # offsets 10-19, only 12 left
    part = PartitionData(tp("t"), 0, 40, 40, 0, None, blob)
    options = {"isolation": IsolationLevel.READ_UNCOMMITTED, "include_control": False, "verify_crc": True}
    for eager in (False, True):
        chunk = decode_chunk(part, 10, None, eager=eager, **options)
        assert chunk is not None and list(chunk.offsets) == [12] and chunk.next_offset == 20
        empty = RecordBatchBuilder(base_offset=20).build(last_offset_delta=4)  # wholly compacted away
        chunk = decode_chunk(part._replace(records=empty), 20, None, eager=eager, **options)
        assert chunk is not None and len(chunk) == 0 and chunk.next_offset == 25
        cut = decode_chunk(part, 10, 15, eager=eager, **options)  # an end offset inside the batch
        assert cut is not None and list(cut.offsets) == [12] and cut.next_offset == 15


async def test_eager_chunks_hold_the_same_records_as_lazy_ones(client: KafkaClient) -> None:
    topic = await hundred_records(client, codec="zstd")
    lazy = await collect(fetch_partition(client, topic, 0, 42, stop_at_end=True))
    eager = await collect(fetch_partition(client, topic, 0, 42, stop_at_end=True, eager=True))
    assert [tuple(r) for c in lazy for r in c.records] == [r for c in eager for r in c.records]
    assert eager[0].records[0] == (42, eager[0].records[0][1], b"k42", b"value 42", (("i", b"42"),))
    assert eager[-1].next_offset == 100 and offsets(eager) == list(range(42, 100))
    with pytest.raises(TypeError, match="eagerly"):
        _ = eager[0].view
