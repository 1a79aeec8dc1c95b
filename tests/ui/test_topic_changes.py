"""Create, grow, reconfigure and delete a topic through the dialogs, checked with kcat and librdkafka."""

from __future__ import annotations

import json
import uuid

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.create_topic_dialog import CreateTopicDialog
from explorer.ui.main_window import MainWindow
from explorer.ui.topic_detail import TopicDetailView
from explorer.ui.topic_dialogs import AddPartitionsDialog, DeleteTopicDialog, EditConfigDialog
from explorer.ui.topics_view import TopicsView
from explorer.workspace import Workspace
from tests.conftest import Kcat
from tests.ui.conftest import dialog_of, open_session, shot, until

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


def kcat_partitions(kcat: Kcat, bootstrap: str, topic: str) -> int | None:
    listed = json.loads(kcat.run("-b", bootstrap, "-L", "-J", "-t", topic).stdout)
    entry = next((t for t in listed["topics"] if t["topic"] == topic), None)
    return None if entry is None or entry.get("error") else len(entry["partitions"])


def librdkafka_config(bootstrap: str, topic: str, key: str) -> str:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    configs = admin.describe_configs([resource])[resource].result(30)
    return str(configs[key].value)


async def _create(qtbot: QtBot, view: TopicsView, name: str) -> None:
    view.new_button.click()
    dialog = await dialog_of(CreateTopicDialog)
    qtbot.keyClicks(dialog.name, "bad name")
    assert not dialog.create_button.isEnabled() and "' '" in dialog.problem.text()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    assert dialog.create_button.isEnabled() and not dialog.problem.isVisible()
    dialog.partitions.setValue(2)
    dialog.config_boxes["cleanup.policy"].setCurrentIndex(
        dialog.config_boxes["cleanup.policy"].findData("compact")
    )
    dialog.config_boxes["retention.ms"].setCurrentIndex(
        dialog.config_boxes["retention.ms"].findData("86400000")
    )
    shot(dialog, "create-topic-dialog")
    dialog.create_button.click()


async def _add_partitions(detail: TopicDetailView) -> None:
    detail.partitions_button.click()
    dialog = await dialog_of(AddPartitionsDialog)
    assert dialog.total.minimum() == 3
    dialog.total.setValue(4)
    shot(dialog, "add-partitions-dialog")
    dialog.add_button.click()
    await until(lambda: len(detail.partitions.rows) == 4, what="four partitions in the detail")


async def _edit_retention(detail: TopicDetailView) -> None:
    proxy = detail.config_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "retention.ms")
    detail.config_table.setCurrentIndex(proxy.index(row, 0))
    detail.edit_button.click()
    dialog = await dialog_of(EditConfigDialog)
    assert dialog.value.text() == "86400000" and dialog.reset_button.isVisible()
    dialog.value.setText("7200000")
    shot(dialog, "edit-config-dialog")
    dialog.save_button.click()

    def changed() -> bool:
        entry = detail.configs.entry("retention.ms")
        return entry is not None and entry.value == "7200000"

    await until(changed, what="the new retention in the configs table")


async def _delete(qtbot: QtBot, detail: TopicDetailView, session: ClusterSession, name: str) -> None:
    detail.delete_button.click()
    dialog = await dialog_of(DeleteTopicDialog)
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, name[:-1])
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, name[-1])
    assert dialog.delete_button.isEnabled()
    shot(dialog, "delete-topic-dialog")
    dialog.delete_button.click()
    await until(lambda: session.topics.topic(name) is None, what="the topic to leave the table")


async def test_topic_life_cycle_through_the_ui(
    kafka: KafkaCluster, kcat: Kcat, qtbot: QtBot, workspace: Workspace, settings: AppSettings
) -> None:
    name = f"ui-made.{uuid.uuid4().hex[:6]}"
    session = await open_session(workspace, kafka.bootstrap(), "changes")
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.show()
    window.open_cluster(session)
    view = window.content.current_page()
    assert isinstance(view, TopicsView)
    await _create(qtbot, view, name)
    detail = await _opened_detail(window, name)
    assert kcat_partitions(kcat, kafka.bootstrap(), name) == 2
    assert librdkafka_config(kafka.bootstrap(), name, "cleanup.policy") == "compact"
    await _add_partitions(detail)
    assert kcat_partitions(kcat, kafka.bootstrap(), name) == 4
    await _edit_retention(detail)
    assert librdkafka_config(kafka.bootstrap(), name, "retention.ms") == "7200000"
    shot(window, "topic-detail-after-changes")
    await _delete(qtbot, detail, session, name)
    assert kcat_partitions(kcat, kafka.bootstrap(), name) is None
    await until(lambda: window.content.page_for(("topic", "changes", name)) is None, what="the tab to close")


async def _opened_detail(window: MainWindow, name: str) -> TopicDetailView:
    """After creating, the new topic's tab opens (from the New Topic button of the topics view)."""
    session = window.workspace.sessions[0]
    await until(lambda: window.content.page_for(("topic", session.name, name)) is not None, what="its tab")
    assert session.topics.topic(name) is not None
    detail = window.content.current_page()
    assert isinstance(detail, TopicDetailView) and detail.topic == name
    await until(lambda: detail.detail is not None, what="the new topic's detail")
    return detail


async def test_a_name_that_collides_is_flagged_before_kafka_refuses_it(qtbot: QtBot) -> None:
    dialog = CreateTopicDialog(["orders.eu", "payments"], brokers=3)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "orders_eu")
    assert dialog.warning.isVisible() and "“orders.eu”" in dialog.warning.text()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "payments")
    assert not dialog.create_button.isEnabled() and "already exists" in dialog.problem.text()
    assert dialog.replication.maximum() == 3
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
