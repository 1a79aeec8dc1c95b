"""Invalid JSON, an unknown topic, an oversized message and a denied write: each says clearly
what happened, and nothing is written (or written twice) - counted with kcat and ListOffsets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from confluent_kafka.admin import (
    AclBinding,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
)
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.produce.form import ProduceForm
from explorer.produce.history import ProduceHistory
from explorer.produce.payload import Payload
from explorer.produce.templates import TemplateStore
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.producer_page import ProducerPage
from explorer.workspace import Workspace
from protocol.admin import Admin
from protocol.client import ClientConfig
from protocol.errors import TopicAuthorizationError
from protocol.offsets import latest_offsets
from protocol.producer import Producer
from protocol.security import SecurityConfig
from protocol.topic_partition import TopicPartition
from tests.conftest import Kcat
from tests.producer_ui.helpers import kcat_messages, next_emit, open_session, shot, unique, until

pytestmark = [pytest.mark.broker, pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def make_page(qtbot: QtBot, session: ClusterSession, settings: AppSettings, tmp_path: Path) -> ProducerPage:
    page = ProducerPage(session, settings=settings, templates=TemplateStore(tmp_path / "t.json"),
                        history=ProduceHistory())
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


async def end_offsets(session: ClusterSession, topic: str, partitions: int = 1) -> list[int]:
    found = await latest_offsets(session.client, [TopicPartition(topic, p) for p in range(partitions)])
    return [found[TopicPartition(topic, p)] for p in range(partitions)]


async def press_send(page: ProducerPage):  # type: ignore[no-untyped-def]
    waiting = next_emit(page.sent)
    page.send_button.click()
    return await waiting


async def test_invalid_json_points_at_the_error_and_sends_nothing(
        qtbot: QtBot, session: ClusterSession, settings: AppSettings, tmp_path: Path) -> None:
    topic = unique("json")
    await Admin(session.client).create_topic(topic, 1, 1)
    page = make_page(qtbot, session, settings, tmp_path)
    sent: list[object] = []
    page.sent.connect(sent.append)
    page.set_form(ProduceForm(topic=topic, value=Payload('{\n  "id": 1,\n  "name": \n}', "json")))
    await until(lambda: "line 4, column 1" in page.message.text(), 3, "the live check")  # while typing
    refused = next_emit(page.refused)
    page.send_button.click()
    problem = await refused
    assert problem == "Value at line 4, column 1: not valid JSON (Expecting value)"
    assert page.message.text() == f"Not sent: {problem}"
    cursor = page.value_edit.editor.textCursor()  # type: ignore[union-attr]
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (3, 0)
    shot(page, "producer-invalid-json")
    page.value_edit.set_payload(Payload('{"id": 1, "name": [1, 2}', "json"))
    page.send_button.click()
    assert "line 1, column 24" in page.message.text()
    await asyncio.sleep(0.3)
    assert sent == [] and page.history.entries == [] and page.send_button.isEnabled()
    assert await end_offsets(session, topic) == [0]


async def test_unknown_topic_and_oversized_message(qtbot: QtBot, session: ClusterSession, kcat: Kcat,
                                                   kafka: KafkaCluster, settings: AppSettings,
                                                   tmp_path: Path) -> None:
    page = make_page(qtbot, session, settings, tmp_path)
    missing = unique("no-such-topic")
    page.set_form(ProduceForm(topic=missing, value=Payload("hello")))
    outcome = await press_send(page)
    assert outcome.written == 0
    assert page.message.text() == (f"There is no topic “{missing}” on this cluster (check its name). "
                                   "Nothing was sent.")
    assert missing not in (await session.client.metadata(refresh=True)).topics  # not created either

    small = unique("small")
    await Admin(session.client).create_topic(small, 1, 1, {"max.message.bytes": "1000"})
    page.set_form(ProduceForm(topic=small, value=Payload("x" * 3000)))
    outcome = await press_send(page)
    text = page.message.text()
    assert outcome.written == 0 and outcome.first is None
    assert text.startswith(f"Producing to {small}-0: The message is larger than the broker accepts "
                           "(message.max.bytes/max.message.bytes)") and "Nothing was written." in text
    page.copies.setValue(3)
    outcome = await press_send(page)
    assert outcome.written == 0 and page.message.text().endswith("Nothing was written.")
    assert await end_offsets(session, small) == [0] and kcat_messages(kcat, kafka, small) == []
    page.set_form(ProduceForm(topic=small, value=Payload("fits")))
    outcome = await press_send(page)
    assert outcome.ok and outcome.first[:2] == (0, 0)  # the first record ever written there
    assert [m[3] for m in kcat_messages(kcat, kafka, small)] == [b"fits"]
    assert [e.outcome.written for e in page.history.entries] == [0, 0, 0, 1]
    assert "failed: " in page.history_model.index(1, 3).data()


def deny_writes(cluster: KafkaCluster, user: str, *topics: str) -> None:
    """ACLs letting ``user`` describe the topics but not write to them (librdkafka's admin client)."""
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap()})
    acls = [AclBinding(ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, f"User:{user}", "*", op, kind)
            for topic in topics
            for op, kind in ((AclOperation.DESCRIBE, AclPermissionType.ALLOW),
                             (AclOperation.WRITE, AclPermissionType.DENY))]  # fmt: skip
    for future in admin.create_acls(acls).values():
        future.result(30)


async def wait_denied(session: ClusterSession, canary: str) -> None:
    """The authorizer applies new ACLs shortly after CreateAcls returns: probe a canary topic that
    got its ACLs in the same request (never the topic under test, which must stay empty)."""
    for _ in range(100):
        try:
            await Producer(session.client).send(canary, b"probe")
        except TopicAuthorizationError:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("writing to the canary was never refused")


async def test_denied_write_is_explained_and_writes_nothing(
        qtbot: QtBot, session: ClusterSession, workspace: Workspace, kafka: KafkaCluster, kcat: Kcat,
        settings: AppSettings, tmp_path: Path) -> None:
    topic, canary = unique("denied"), unique("canary")
    for name in (topic, canary):
        await Admin(session.client).create_topic(name, 1, 1)
    await asyncio.to_thread(deny_writes, kafka, "alice", topic, canary)
    security = SecurityConfig(security_protocol="SASL_PLAINTEXT", sasl_mechanism="PLAIN", username="alice",
                              password=kafka.users["alice"])
    alice = await open_session(workspace, ClientConfig(kafka.bootstrap("SASL_PLAINTEXT"), security=security),
                               "as alice")
    await wait_denied(alice, canary)
    page = make_page(qtbot, alice, settings, tmp_path)
    page.set_form(ProduceForm(topic=topic, key=Payload("k"), value=Payload("not allowed")))
    for _ in range(2):  # pressing Send again is refused again; nothing is written either time
        outcome = await press_send(page)
        text = page.message.text()
        assert outcome.written == 0
        assert text.startswith(f"You are not allowed to write to “{topic}”: the cluster's ACLs deny it. "
                               "Nothing was sent.")
        assert f"Producing to {topic}-0: You are not allowed" in text
    shot(page, "producer-denied")
    assert await end_offsets(session, topic) == [0]
    assert kcat_messages(kcat, kafka, topic) == []
