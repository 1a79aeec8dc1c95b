"""Keyed messages sent from the form land where the Java client (murmur2, via librdkafka's
``murmur2_random``) or kafka-go's Hash balancer (FNV-1a) would put them; round robin spreads."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from confluent_kafka import Producer as CkProducer
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.produce.form import ProduceForm
from explorer.produce.history import ProduceHistory
from explorer.produce.payload import Payload
from explorer.produce.templates import TemplateStore
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.producer_page import ProducerPage
from protocol.admin import Admin
from protocol.records import fnv1a_partition, murmur2_partition
from tests.conftest import Kcat
from tests.producer_ui.helpers import kcat_messages, next_emit, unique

pytestmark = [pytest.mark.broker, pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
COPIES = 80
KEYS = [f"user-{n}".encode() for n in range(1, COPIES + 1)]


def librdkafka_murmur2(cluster: KafkaCluster, topic: str) -> None:
    producer = CkProducer({"bootstrap.servers": cluster.bootstrap(), "partitioner": "murmur2_random"})
    for key in KEYS:
        producer.produce(topic, b"v", key=key)
    assert producer.flush(30) == 0


async def send_form(qtbot: QtBot, session: ClusterSession, settings: AppSettings, tmp_path: Path,
                    form: ProduceForm) -> None:
    page = ProducerPage(session, settings=settings, templates=TemplateStore(tmp_path / "t.json"),
                        history=ProduceHistory())
    qtbot.addWidget(page)
    page.set_form(form)
    waiting = next_emit(page.sent)
    page.send_button.click()
    outcome = await waiting
    assert outcome.ok, outcome


def placement(kcat: Kcat, kafka: KafkaCluster, topic: str) -> dict[bytes | None, int]:
    return {m[2]: m[0] for m in kcat_messages(kcat, kafka, topic)}


async def test_murmur2_matches_the_java_client(qtbot: QtBot, session: ClusterSession, kafka: KafkaCluster,
                                               kcat: Kcat, settings: AppSettings, tmp_path: Path) -> None:
    ours, theirs = unique("murmur-form"), unique("murmur-ck")
    for topic in (ours, theirs):
        await Admin(session.client).create_topic(topic, 7, 1)
    await asyncio.to_thread(librdkafka_murmur2, kafka, theirs)
    await send_form(qtbot, session, settings, tmp_path,
                    ProduceForm(topic=ours, key=Payload("user-{{n}}"), value=Payload("v"), copies=COPIES))
    expected = placement(kcat, kafka, theirs)
    assert placement(kcat, kafka, ours) == expected
    assert expected == {key: murmur2_partition(key, 7) for key in KEYS}
    assert len(set(expected.values())) == 7  # the keys really spread


async def test_fnv1a_matches_kafka_go_and_round_robin_spreads(
        qtbot: QtBot, session: ClusterSession, kafka: KafkaCluster, kcat: Kcat, settings: AppSettings,
        tmp_path: Path) -> None:
    three, two, spread, pinned = (unique(p) for p in ("fnv3", "fnv2", "rr", "pinned"))
    admin = Admin(session.client)
    for topic, partitions in ((three, 3), (two, 2), (spread, 3), (pinned, 3)):
        await admin.create_topic(topic, partitions, 1)
    for key in ("blah", "boop"):  # segmentio/kafka-go balancer_test.go TestHashBalancer
        await send_form(qtbot, session, settings, tmp_path,
                        ProduceForm(topic=three, partitioner="fnv1a", key=Payload(key), value=Payload("v")))
    await send_form(qtbot, session, settings, tmp_path,
                    ProduceForm(topic=two, partitioner="fnv1a", key=Payload("blah"), value=Payload("v")))
    assert placement(kcat, kafka, three) == {b"blah": 1, b"boop": 2}
    assert placement(kcat, kafka, two) == {b"blah": 0}
    await send_form(qtbot, session, settings, tmp_path, ProduceForm(
        topic=three, partitioner="fnv1a", key=Payload("user-{{n}}"), value=Payload("v"), copies=COPIES))
    found = placement(kcat, kafka, three)
    assert {key: found[key] for key in KEYS} == {key: fnv1a_partition(key, 3) for key in KEYS}

    await send_form(qtbot, session, settings, tmp_path, ProduceForm(
        topic=spread, partitioner="round_robin", key=Payload("same"), value=Payload("{{n}}"), copies=9))
    counts = [m[0] for m in kcat_messages(kcat, kafka, spread)]
    assert sorted(counts) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    await send_form(qtbot, session, settings, tmp_path, ProduceForm(
        topic=pinned, partition=2, key=Payload("user-{{n}}"), value=Payload("v"), copies=10))
    assert {m[0] for m in kcat_messages(kcat, kafka, pinned)} == {2}  # an explicit partition wins
