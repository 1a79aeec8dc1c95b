"""The cluster browser shows what the cluster has: compared with kcat -L and ListOffsets (librdkafka)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka import TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic, OffsetSpec
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.harness.cluster import free_ports
from explorer.models.topics import MESSAGES, NAME, PARTITIONS, REPLICATION
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.main_window import MainWindow
from explorer.ui.topic_detail import TopicDetailView
from explorer.ui.topics_view import TopicsView
from explorer.workspace import Workspace
from protocol.client import ClientConfig
from tests.conftest import Kcat
from tests.ui.conftest import open_session, shot, until

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]
PREFIX = f"ui-browse-{uuid.uuid4().hex[:6]}"
THREE, ONE = f"{PREFIX}.three", f"{PREFIX}.one"


def _wait(futures: dict[Any, Any]) -> dict[Any, Any]:
    return {key: future.result(30) for key, future in futures.items()}


@pytest.fixture(scope="module")
def browse_topics(kafka: KafkaCluster, kcat: Kcat) -> Iterator[list[str]]:
    """Two topics with messages; partition 0 of THREE has its first two records deleted."""
    admin = AdminClient({"bootstrap.servers": kafka.bootstrap()})
    compacted = NewTopic(ONE, 1, 1, config={"cleanup.policy": "compact"})
    _wait(admin.create_topics([NewTopic(THREE, 3, 1), compacted]))
    for partition, count in ((0, 5), (1, 2), (2, 0)):
        if count:
            lines = "".join(f"k{i}:v{i}\n" for i in range(count)).encode()
            kcat.run("-b", kafka.bootstrap(), "-P", "-t", THREE, "-p", str(partition), "-K:", input=lines)
    kcat.run("-b", kafka.bootstrap(), "-P", "-t", ONE, "-K:", input=b"a:1\nb:2\na:3\n")
    _wait(admin.delete_records([TopicPartition(THREE, 0, 2)]))
    yield [THREE, ONE]
    _wait(admin.delete_topics([THREE, ONE]))


def kcat_metadata(kcat: Kcat, bootstrap: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(kcat.run("-b", bootstrap, "-L", "-J").stdout)
    return result


def librdkafka_offsets(bootstrap: str, topic: str, partitions: int) -> dict[int, tuple[int, int]]:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    ends = {}
    for spec in (OffsetSpec.earliest(), OffsetSpec.latest()):
        asked = {TopicPartition(topic, p): spec for p in range(partitions)}
        ends[str(spec)] = {tp.partition: r.offset for tp, r in _wait(admin.list_offsets(asked)).items()}
    low, high = ends.values()
    return {p: (low[p], high[p]) for p in range(partitions)}


async def test_brokers_topics_and_partitions_match_kcat(
    kafka: KafkaCluster, kcat: Kcat, browse_topics: list[str], workspace: Workspace
) -> None:
    session = await open_session(workspace, kafka.bootstrap())
    listed = kcat_metadata(kcat, kafka.bootstrap())
    assert {(b["id"], b["name"]) for b in listed["brokers"]} == {
        (b.node_id, b.address) for b in session.brokers.rows
    }
    assert {t["topic"] for t in listed["topics"]} == set(session.topics.names())
    for entry in listed["topics"]:
        row = session.topics.topic(entry["topic"])
        assert row is not None
        assert row.partitions == len(entry["partitions"])
        assert row.replication == max(len(p["replicas"]) for p in entry["partitions"])
    mine = session.topics.topic(THREE)
    assert mine is not None and mine.messages == (5 - 2) + 2 + 0


async def test_topics_view_and_detail_show_the_same_numbers(
    kafka: KafkaCluster,
    kcat: Kcat,
    qtbot: QtBot,
    browse_topics: list[str],
    workspace: Workspace,
    settings: AppSettings,
) -> None:
    session = await open_session(workspace, kafka.bootstrap(), "browse")
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.show()
    window.open_cluster(session)
    view = window.content.current_page()
    assert isinstance(view, TopicsView)
    qtbot.keyClicks(view.filter, PREFIX)
    await until(lambda: view.proxy.rowCount() == 2, what="the filter to leave two topics")
    shown = {
        view.proxy.index(r, NAME).data(): [
            view.proxy.index(r, c).data() for c in (PARTITIONS, REPLICATION, MESSAGES)
        ]
        for r in range(2)
    }
    assert shown == {THREE: ["3", "1", "5"], ONE: ["1", "1", "3"]}
    await until(lambda: view.count.text().startswith("2 of "), what="the count to follow the filter")
    detail = window.open_topic(session, THREE)
    await until(lambda: detail.detail is not None, what="the topic detail")
    await _check_partitions(detail, kafka, kcat)
    shot(window, "topic-detail-partitions")
    await _check_configs(detail)


async def _check_partitions(detail: TopicDetailView, kafka: KafkaCluster, kcat: Kcat) -> None:
    entry = next(t for t in kcat_metadata(kcat, kafka.bootstrap())["topics"] if t["topic"] == THREE)
    offsets = librdkafka_offsets(kafka.bootstrap(), THREE, 3)
    model = detail.partitions
    assert [r.partition for r in model.rows] == [0, 1, 2]
    listed = sorted(entry["partitions"], key=lambda p: p["partition"])
    for row, expected in zip(model.rows, listed, strict=True):
        assert row.leader == expected["leader"]
        assert list(row.replicas) == [r["id"] for r in expected["replicas"]]
        assert sorted(row.isr) == sorted(r["id"] for r in expected["isrs"])
        assert (row.low, row.high) == offsets[row.partition]
    assert [(r.low, r.high, r.messages) for r in model.rows] == [(2, 5, 3), (0, 2, 2), (0, 0, 0)]
    assert [model.index(0, c).data() for c in range(1, 8)] == ["1", "1", "1", "", "2", "5", "3"]


async def _check_configs(detail: TopicDetailView) -> None:
    by_name = {e.name: e for e in detail.configs.rows}
    assert by_name["cleanup.policy"].value == "delete" and by_name["cleanup.policy"].source == "Kafka default"
    detail.overrides.setChecked(True)
    assert detail.config_proxy.rowCount() < len(by_name)
    assert all(
        detail.config_proxy.index(r, 0).data(Qt.ItemDataRole.DisplayRole) != "cleanup.policy"
        for r in range(detail.config_proxy.rowCount())
    )


async def test_a_failed_connection_is_the_sessions_state(workspace: Workspace) -> None:
    config = ClientConfig(f"127.0.0.1:{free_ports(1)[0]}", connect_timeout_s=2, retry_attempts=1)
    session: ClusterSession = workspace.open_cluster("nowhere", config)
    await until(lambda: session.state == "failed", 15, "the session to fail")
    assert "refused" in (session.error or "")
