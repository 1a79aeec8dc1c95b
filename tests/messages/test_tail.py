"""The live tail: new rows in order, no gap, no duplicate, batched per tick; pause, resume, clear;
following the end only at the bottom; and a leader change on three brokers changes nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka import Producer as ConfluentProducer
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.messages.seek import ReadPlan, StartAt
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.message_reading import PAUSED, TAILING
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.messages_page import MessagesPage
from protocol.codec import ApiKey
from tests.records_client.helpers import create_topic, unique

from .conftest import started_session, until
from .pages import open_page, table_rows

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def confluent(cluster: KafkaCluster) -> ConfluentProducer:
    return ConfluentProducer(
        {"bootstrap.servers": cluster.bootstrap(), "enable.idempotence": True, "acks": "all", "linger.ms": 5}
    )


async def produce(producer: ConfluentProducer, topic: str, partitions: int, start: int, count: int) -> None:
    """Values ``seq-N`` for N in [start, start+count), partition N % partitions, flushed in a thread."""
    for n in range(start, start + count):
        producer.produce(topic, f"seq-{n}".encode(), key=str(n).encode(), partition=n % partitions)
    assert await asyncio.to_thread(producer.flush, 60) == 0


GROUP_APIS = {
    ApiKey.FIND_COORDINATOR,
    ApiKey.JOIN_GROUP,
    ApiKey.SYNC_GROUP,
    ApiKey.HEARTBEAT,
    ApiKey.OFFSET_COMMIT,
    ApiKey.OFFSET_FETCH,
    ApiKey.LEAVE_GROUP,
}


def spy_on_requests(session: ClusterSession) -> set[int]:
    """The API keys of every request the session's client sends from now on."""
    seen: set[int] = set()
    send, send_any = session.client.send, session.client.send_any

    async def spy_send(node_id: int, api_key: int, *args: Any, **kwargs: Any) -> Any:
        seen.add(api_key)
        return await send(node_id, api_key, *args, **kwargs)

    async def spy_send_any(api_key: int, *args: Any, **kwargs: Any) -> Any:
        seen.add(api_key)
        return await send_any(api_key, *args, **kwargs)

    session.client.send = spy_send  # type: ignore[method-assign]
    session.client.send_any = spy_send_any  # type: ignore[method-assign]
    return seen


def assert_complete(page: MessagesPage, partitions: int, total: int) -> None:
    """Per partition: offsets 0.. with no gap or duplicate, values in the order they were sent."""
    rows = table_rows(page)
    by_partition: dict[int, list[tuple[int, bytes | None]]] = {}
    for partition, offset, _ts, _key, value, _headers in rows:
        by_partition.setdefault(partition, []).append((offset, value))
    for p in range(partitions):
        seen = by_partition.get(p, [])
        assert [o for o, _ in seen] == list(range(len(seen))), f"gap or duplicate in partition {p}"
        assert [v for _, v in seen] == [f"seq-{n}".encode() for n in range(p, total, partitions)]
    assert len(rows) == total


async def test_tail_in_order_with_pause_resume_and_clear(
    session: ClusterSession, kafka: KafkaCluster, settings: AppSettings, prefs: DecoderPrefs, qtbot: QtBot
) -> None:
    topic = unique("msg-tail")
    await create_topic(session.client, topic, partitions=3)
    apis = spy_on_requests(session)
    producer = confluent(kafka)
    page = open_page(session, topic, settings, prefs, ReadPlan(topic, StartAt.END, tail=True))
    qtbot.addWidget(page)
    page.show()
    inserts: list[int] = []
    page.model.rowsInserted.connect(lambda _p, first, last: inserts.append(last - first + 1))
    try:
        await until(lambda: page.reading.state == TAILING, 10, "the tail")
        began = time.monotonic()
        for burst in range(10):
            await produce(producer, topic, 3, burst * 600, 600)
        await until(lambda: page.model.rowCount() == 6000, 30, "6000 rows")
        elapsed = time.monotonic() - began
        assert_complete(page, 3, 6000)
        assert len(inserts) <= elapsed / 0.05 + 2, "rows must arrive batched per tick"
        assert page.table.at_bottom, "the view follows the end while at the bottom"

        page.read_bar.pause_button.click()
        assert page.reading.state == PAUSED and page.read_bar.pause_button.text() == "Resume"
        await produce(producer, topic, 3, 6000, 900)
        await asyncio.sleep(0.5)
        assert page.model.rowCount() == 6000
        page.table.scrollToTop()
        page.read_bar.pause_button.click()
        await until(lambda: page.model.rowCount() == 6900, 30, "the rows sent while paused")
        assert_complete(page, 3, 6900)
        assert not page.table.at_bottom, "scrolled up: the view stays where the user is"
        assert page.model.meter.rate() > 0

        page.read_bar.clear_button.click()
        assert page.model.rowCount() == 0
        await produce(producer, topic, 3, 6900, 30)
        await until(lambda: page.model.rowCount() == 30, 30, "rows after clearing")
        assert sorted(r[4] for r in table_rows(page)) == sorted(
            f"seq-{n}".encode() for n in range(6900, 6930)
        )
        assert ApiKey.FETCH in apis and not apis & GROUP_APIS, "browsing never touches a consumer group"
    finally:
        page.shutdown()


@pytest.fixture
def leader_topic_cleanup(kafka3: KafkaCluster) -> Iterator[list[int]]:
    """Nodes the test stopped; started again afterwards whatever happens."""
    stopped: list[int] = []
    yield stopped
    for node in stopped:
        kafka3.start_node(node)


async def test_tail_survives_a_leader_change(
    kafka3: KafkaCluster, settings: AppSettings, prefs: DecoderPrefs, leader_topic_cleanup: list[int]
) -> None:
    session = await started_session(kafka3, "three")
    topic = unique("msg-tail-failover")
    page: MessagesPage | None = None
    try:
        await create_topic(session.client, topic, partitions=2, replication=3)
        producer = confluent(kafka3)
        page = open_page(session, topic, settings, prefs, ReadPlan(topic, StartAt.BEGINNING, tail=True))
        await until(lambda: page.reading.state == TAILING, 10, "the tail")
        await produce(producer, topic, 2, 0, 2000)
        await until(lambda: page.model.rowCount() == 2000, 30, "the first 2000 rows")
        leader = await session.client.leader_for(topic, 0)
        leader_topic_cleanup.append(leader)
        await asyncio.to_thread(kafka3.stop_node, leader)
        await produce(producer, topic, 2, 2000, 2000)
        await until(lambda: page.model.rowCount() >= 4000, 90, "the rows written after the leader change")
        await asyncio.sleep(1)  # anything duplicated would show up now
        assert page.reading.state == TAILING, page.reading.error
        assert_complete(page, 2, 4000)
        meta = await session.client.metadata([topic], refresh=True)
        assert meta.topics[topic].partitions[0].leader != leader
    finally:
        if page is not None:
            page.shutdown()
        await session.close()
