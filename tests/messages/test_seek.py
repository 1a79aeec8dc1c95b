"""Every way to start reading lands on the right offsets, typed in the bars like a person would."""

from __future__ import annotations

import datetime as dt

import pytest
from confluent_kafka import TopicPartition as CTopicPartition
from confluent_kafka.admin import AdminClient

from explorer.harness import KafkaCluster
from explorer.messages.seek import ReadPlan, StartAt
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.message_reading import DONE, TAILING
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from protocol.producer import Producer
from tests.records_client.helpers import create_topic, unique

from .conftest import until
from .pages import offsets_by_partition, open_page, read_done

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
T0 = int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp() * 1000)
COUNTS = {0: 100, 1: 110, 2: 120}
DELETED = 10
"""Partition 0 starts at offset 10: its first records were deleted."""


@pytest.fixture(scope="module")
def seek_topic(kafka: KafkaCluster) -> str:
    """Partition p holds COUNTS[p] records; offset o has timestamp T0 + o seconds."""
    import asyncio

    from protocol.client import ClientConfig, KafkaClient

    topic = unique("msg-seek")

    async def fill() -> None:
        client = KafkaClient(ClientConfig(kafka.bootstrap()))
        await client.start()
        try:
            await create_topic(client, topic, partitions=3)
            records = [
                (f"k{o}".encode(), f"p{p}-o{o}".encode(), (), p, T0 + o * 1000)
                for p, n in COUNTS.items()
                for o in range(n)
            ]
            (await Producer(client).send_many(topic, records)).raise_first()
        finally:
            await client.close()

    asyncio.run(fill())
    admin = AdminClient({"bootstrap.servers": kafka.bootstrap()})
    for future in admin.delete_records([CTopicPartition(topic, 0, DELETED)]).values():
        future.result(30)
    return topic


def expected(first: dict[int, int], *, only: tuple[int, ...] = (0, 1, 2)) -> dict[int, list[int]]:
    return {p: list(range(first[p], COUNTS[p])) for p in only if first[p] < COUNTS[p]}


@pytest.mark.parametrize(
    "mode, text, firsts",
    [
        (StartAt.BEGINNING, "", {0: DELETED, 1: 0, 2: 0}),
        (StartAt.OFFSET, "42", {0: 42, 1: 42, 2: 42}),
        (StartAt.OFFSET, "5", {0: DELETED, 1: 5, 2: 5}),
        (StartAt.OFFSET, "115", {0: 100, 1: 110, 2: 115}),
        (StartAt.TIMESTAMP, "2026-01-01 00:00:57.500", {0: 58, 1: 58, 2: 58}),
        (StartAt.TIMESTAMP, str(T0 + 105_000), {0: 100, 1: 105, 2: 105}),
        (StartAt.LAST, "7", {0: 93, 1: 103, 2: 113}),
        (StartAt.LAST, "95", {0: DELETED, 1: 15, 2: 25}),
        (StartAt.END, "", {0: 100, 1: 110, 2: 120}),
    ],
)
async def test_start_points(
    session: ClusterSession,
    seek_topic: str,
    settings: AppSettings,
    prefs: DecoderPrefs,
    mode: StartAt,
    text: str,
    firsts: dict[int, int],
) -> None:
    page = open_page(session, seek_topic, settings, prefs, plan=None)
    try:
        await read_done(page)
        page.read_bar.set_mode(mode, text)
        page.read_bar.start_button.click()
        await until(lambda: page.reading.state != DONE, 5, "the new read to start")
        await read_done(page)
        assert offsets_by_partition(page) == expected(firsts)
    finally:
        page.shutdown()


async def test_chosen_partitions(
    session: ClusterSession, seek_topic: str, settings: AppSettings, prefs: DecoderPrefs
) -> None:
    plan = ReadPlan(seek_topic, StartAt.OFFSET, 42, partitions=(1, 2))
    page = open_page(session, seek_topic, settings, prefs, plan)
    try:
        await read_done(page)
        assert offsets_by_partition(page) == expected({1: 42, 2: 42}, only=(1, 2))
        page.read_bar.partitions.setText("0")
        page.read_bar.set_mode(StartAt.LAST, "3")
        page.read_bar.start_button.click()
        await until(lambda: page.reading.state != DONE, 5, "the new read to start")
        await read_done(page)
        assert offsets_by_partition(page) == {0: [97, 98, 99]}
    finally:
        page.shutdown()


async def test_end_with_tail_shows_only_new_messages(
    session: ClusterSession, settings: AppSettings, prefs: DecoderPrefs
) -> None:
    topic = unique("msg-end-tail")
    await create_topic(session.client, topic, partitions=2)
    producer = Producer(session.client)
    (await producer.send_many(topic, [(b"old", b"x", (), p) for p in (0, 1) for _ in range(5)])).raise_first()
    page = open_page(session, topic, settings, prefs, ReadPlan(topic, StartAt.END, tail=True))
    try:
        await until(lambda: page.reading.state == TAILING, 10, "the tail to start")
        (await producer.send_many(topic, [(b"new", b"y", (), 1), (b"new", b"z", (), 0)])).raise_first()
        await until(lambda: page.model.rowCount() == 2, 10, "two new rows")
        assert offsets_by_partition(page) == {0: [5], 1: [5]}
    finally:
        page.shutdown()
