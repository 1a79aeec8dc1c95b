"""ListOffsets: earliest, latest, by timestamp, max timestamp; batched per broker; old brokers."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import UnknownTopicOrPartitionError, UnsupportedVersionError
from protocol.offsets import (
    EARLIEST,
    LATEST,
    MAX_TIMESTAMP,
    earliest_offsets,
    latest_offsets,
    list_offsets,
    offsets_for_time,
    watermarks,
)
from protocol.producer import Producer
from tests.protocol.protocol_helpers import LeakCheck, client_for

from .helpers import HANG_GUARD, create_topic, tp, unique

pytestmark = pytest.mark.broker

DAY_MS = 86_400_000


async def timed_topic(client: KafkaClient, partitions: int = 1) -> tuple[str, int]:
    """50 records 1 s apart (a day ago) in each partition; record 20 has the largest timestamp."""
    topic = unique("times")
    await create_topic(client, topic, partitions=partitions)
    base = int(time.time() * 1000) - DAY_MS
    for p in range(partitions):
        records = [(None, b"r%d" % i, (), p, base + 1000 * i) for i in range(50)]
        records[20] = (None, b"max", (), p, base + 3_600_000)
        (await Producer(client).send_many(topic, records)).raise_first()
    return topic, base


async def test_earliest_latest_and_watermarks(client: KafkaClient) -> None:
    topic, _ = await timed_topic(client, partitions=2)
    parts = [tp(topic, 0), tp(topic, 1)]
    assert await earliest_offsets(client, parts) == dict.fromkeys(parts, 0)
    assert await latest_offsets(client, parts) == dict.fromkeys(parts, 50)
    body = {
        "topics": [{"name": topic, "partitions": [{"partition_index": 0, "offset": 10}]}],
        "timeout_ms": 10000,
    }
    response = await client.send(await client.leader_for(topic, 0), ApiKey.DELETE_RECORDS, body)
    assert response["topics"][0]["partitions"][0]["error_code"] == 0
    assert await watermarks(client, parts) == {parts[0]: (10, 50), parts[1]: (0, 50)}


async def test_by_timestamp_lands_on_the_right_offset(client: KafkaClient) -> None:
    topic, base = await timed_topic(client)
    part = tp(topic)
    for i in (0, 1, 17, 19):
        found = (await offsets_for_time(client, [part], base + 1000 * i))[part]
        assert (found.offset, found.timestamp) == (i, base + 1000 * i)
    between = (await offsets_for_time(client, [part], base + 1000 * 12 + 500))[part]
    assert (between.offset, between.timestamp) == (13, base + 13_000)
    # Record 20 carries a later timestamp than 21-49, so it is the first at or after any of theirs.
    late = (await offsets_for_time(client, [part], base + 45_000))[part]
    assert (late.offset, late.timestamp) == (20, base + 3_600_000)
    assert (await offsets_for_time(client, [part], base - 5000))[part].offset == 0
    after_all = (await offsets_for_time(client, [part], base + 7_200_000))[part]
    assert after_all.offset is None


async def test_max_timestamp(client: KafkaClient) -> None:
    topic, base = await timed_topic(client)
    found = (await list_offsets(client, {tp(topic): MAX_TIMESTAMP}))[tp(topic)]
    assert (found.offset, found.timestamp) == (20, base + 3_600_000)
    assert found.leader_epoch >= 0


async def test_one_request_per_broker_for_many_partitions(client: KafkaClient) -> None:
    topic, _ = await timed_topic(client, partitions=4)
    sent: list[tuple[int, int]] = []
    real_send = client.send

    async def counting_send(node: int, api_key: int, body: Any, **kw: Any) -> dict[str, Any]:
        sent.append((node, api_key))
        return await real_send(node, api_key, body, **kw)

    client.send = counting_send  # type: ignore[method-assign]
    specs = {tp(topic, p): spec for p, spec in enumerate([EARLIEST, LATEST, MAX_TIMESTAMP, LATEST])}
    found = await list_offsets(client, specs)
    assert [found[tp(topic, p)].offset for p in range(4)] == [0, 50, 20, 50]
    assert [key for _, key in sent] == [ApiKey.LIST_OFFSETS]


async def test_unknown_partition_is_a_clear_error(client: KafkaClient) -> None:
    topic, _ = await timed_topic(client)
    with pytest.raises(UnknownTopicOrPartitionError, match=f"{topic}-7"):
        await list_offsets(client, {tp(topic, 7): LATEST}, attempts=2)


async def test_old_broker_offsets_and_no_max_timestamp(kafka25: KafkaCluster) -> None:
    leaks = LeakCheck()
    client = client_for(kafka25)
    async with asyncio.timeout(HANG_GUARD):
        await client.start()
        try:
            topic, base = await timed_topic(client)
            part = tp(topic)
            assert await watermarks(client, [part]) == {part: (0, 50)}
            assert (await offsets_for_time(client, [part], base + 5000))[part].offset == 5
            with pytest.raises(UnsupportedVersionError, match="largest timestamp"):
                await list_offsets(client, {part: MAX_TIMESTAMP})
        finally:
            await client.close()
    await leaks.assert_clean()


async def test_many_partitions_are_split_into_moderate_requests(
        client: KafkaClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import protocol.offsets

    topic, _ = await timed_topic(client, partitions=5)
    monkeypatch.setattr(protocol.offsets, "PARTITIONS_PER_REQUEST", 2)
    sent: list[int] = []
    real_send = client.send

    async def counting_send(node: int, api_key: int, body: Any, **kw: Any) -> dict[str, Any]:
        sent.append(api_key)
        return await real_send(node, api_key, body, **kw)

    client.send = counting_send  # type: ignore[method-assign]
    found = await list_offsets(client, {tp(topic, p): LATEST for p in range(5)})
    assert sorted(found) == [tp(topic, p) for p in range(5)]
    assert sent == [ApiKey.LIST_OFFSETS] * 3
