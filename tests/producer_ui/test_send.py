"""Messages sent from the form are read back identically by kcat; copies, files, load_message,
templates and history; a double click sends once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.produce.form import HeaderField, ProduceForm
from explorer.produce.history import ProduceHistory
from explorer.produce.payload import Payload
from explorer.produce.sending import CHUNK, SendOutcome
from explorer.produce.templates import TemplateStore
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.producer_page import ProducerPage
from protocol.admin import Admin
from tests.conftest import Kcat
from tests.producer_ui.helpers import kcat_messages, next_emit, shot, unique, until
from tests.records_client.helpers import kcat_binary_rows

pytestmark = [pytest.mark.broker, pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def make_page(qtbot: QtBot, session: ClusterSession, settings: AppSettings, tmp_path: Path,
              topic: str | None = None) -> ProducerPage:
    page = ProducerPage(session, topic, settings=settings, templates=TemplateStore(tmp_path / "t.json"),
                        history=ProduceHistory())
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


async def send(page: ProducerPage):  # type: ignore[no-untyped-def]
    waiting = next_emit(page.sent)
    page.send_button.click()
    return await waiting


async def test_sent_messages_read_back_identically(qtbot: QtBot, session: ClusterSession, kafka: KafkaCluster,
                                                   kcat: Kcat, settings: AppSettings, tmp_path: Path) -> None:
    topic = unique("form")
    await Admin(session.client).create_topic(topic, 3, 1)
    page = make_page(qtbot, session, settings, tmp_path, topic)
    page.set_form(ProduceForm(
        topic=topic, partition=2, key=Payload("order-17"),
        value=Payload('{\n  "id": 17,\n  "ok": true\n}', "json"),
        headers=(HeaderField("source", "explorer"), HeaderField("trace", "00 ff 10", "hex"),
                 HeaderField("", ""), HeaderField("empty", "", "null"))))
    outcome = await send(page)
    assert outcome.ok and outcome.first[:2] == (2, 0), outcome
    assert "partition 2 · offset 0" in page.message.text()

    binary = bytes(range(256)) + b"\r\n\x00"
    page.load_message(b"\x00k\xff", binary, [("bin", b"\x01\x02"), ("text", "é".encode())], 1)
    assert page.value_edit.payload().format == "base64" and page.key_edit.payload().format == "hex"
    outcome = await send(page)
    assert outcome.ok and outcome.first[:2] == (1, 0), outcome

    value_file = tmp_path / "payload.bin"
    value_file.write_bytes(b"from a file\x00\x01")
    page.set_form(ProduceForm(topic=topic, partition=0, key=Payload(""),
                              value=Payload(str(value_file), "file")))
    outcome = await send(page)
    assert outcome.ok and outcome.first[:2] == (0, 0), outcome
    page.set_form(ProduceForm(topic=topic, key=Payload("order-{{n}}"), copies=3,
                              value=Payload('{\n  "id": {{n}},\n  "total": 12.5\n}', "json"),
                              headers=(HeaderField("source", "explorer"),
                                       HeaderField("trace", "00 ff", "hex"))))
    shot(page, "producer-page")

    assert kcat_messages(kcat, kafka, topic) == [
        (0, 0, None, b"from a file\x00\x01", ()),
        (1, 0, b"\x00k\xff", binary, (("bin", b"\x01\x02"), ("text", "é".encode()))),
        (2, 0, b"order-17", b'{\n  "id": 17,\n  "ok": true\n}',
         (("source", b"explorer"), ("trace", b"\x00\xff\x10"), ("empty", None))),
    ]
    assert kcat_binary_rows(kcat, kafka, topic)[1][4] == binary  # kcat's length-prefixed format agrees
    assert [e.outcome.topic for e in page.history.entries] == [topic] * 3
    assert page.history_model.rowCount() == 3
    assert page.history_model.index(0, 3).data().startswith("partition 0 · offset 0")


async def test_copies_with_a_counter_and_a_double_click_send_once(
        qtbot: QtBot, session: ClusterSession, kafka: KafkaCluster, kcat: Kcat, settings: AppSettings,
        tmp_path: Path) -> None:
    topic = unique("copies")
    await Admin(session.client).create_topic(topic, 1, 1)
    page = make_page(qtbot, session, settings, tmp_path, topic)
    page.set_form(ProduceForm(topic=topic, key=Payload("k{{n}}"), value=Payload('{"i": {{i}}}', "json"),
                              headers=(HeaderField("n", "{{ n }}"),), copies=5))
    waiting = next_emit(page.sent)
    qtbot.mouseDClick(page.send_button, Qt.MouseButton.LeftButton)
    page.send_button.click()
    page.send()  # the slot itself refuses while a send runs
    outcome = await waiting
    assert outcome.ok and outcome.written == 5
    assert not page.sending and page.send_button.isEnabled()
    assert [m[2:] for m in kcat_messages(kcat, kafka, topic)] == [
        (f"k{n}".encode(), f'{{"i": {n - 1}}}'.encode(), (("n", str(n).encode()),)) for n in range(1, 6)]
    assert len(page.history.entries) == 1 and "5 of 5 sent" in page.message.text()


async def test_templates_and_history_fill_the_form(qtbot: QtBot, session: ClusterSession,
                                                   settings: AppSettings, tmp_path: Path) -> None:
    page = make_page(qtbot, session, settings, tmp_path)
    form = ProduceForm(topic="orders", partition=1, partitioner="fnv1a", key=Payload("k-{{n}}"),
                       value=Payload('{"a": 1}', "json"), headers=(HeaderField("h", "00 01", "hex"),),
                       compression="zstd", acks=1, copies=3, timestamp="2023-11-14 22:13:20")
    page.set_form(form)
    assert page.form() == form
    page.save_template.click()  # asks for a name with open(), not exec()
    dialog = await dialog_of(QInputDialog)
    dialog.setTextValue("Orders")
    dialog.accept()
    await until(lambda: page.template.count() == 2, 5, "the template in the list")
    assert TemplateStore(tmp_path / "t.json").get("Orders") == form
    page.set_form(ProduceForm())
    page.template.setCurrentIndex(1)
    page.template.activated.emit(1)
    assert page.form() == form

    page.delete_template.click()
    box = await dialog_of(QMessageBox)
    next(b for b in box.buttons() if b.text() == "Delete").click()
    await until(lambda: page.template.count() == 1, 5, "the template to go")
    assert TemplateStore(tmp_path / "t.json").names() == []

    sent = ProduceForm(topic="payments", value=Payload("again"))
    page.history.add(session.name, sent, SendOutcome("payments", 1, 1, (0,), (0, 3, 0), (0, 3, 0), None, 0.1),
                     "null", "again")
    page.history_view.doubleClicked.emit(page.history_model.index(0, 2))
    assert page.form() == sent and "Loaded what was sent to “payments”" in page.message.text()


async def dialog_of(kind: type[QWidget]) -> Any:
    found: list[QWidget] = []
    await until(lambda: found.extend(w for w in QApplication.topLevelWidgets()
                                     if isinstance(w, kind) and w.isVisible()) or found, 5, kind.__name__)
    return found[0]


async def test_many_copies_go_in_chunks_each_once(qtbot: QtBot, session: ClusterSession, kafka: KafkaCluster,
                                                  kcat: Kcat, settings: AppSettings, tmp_path: Path) -> None:
    topic = unique("bulk")
    await Admin(session.client).create_topic(topic, 3, 1)
    page = make_page(qtbot, session, settings, tmp_path, topic)
    copies = 2 * CHUNK + 500
    page.set_form(ProduceForm(topic=topic, key=Payload("user-{{n}}"), value=Payload('{"n": {{n}}}', "json"),
                              copies=copies, compression="lz4"))
    outcome = await send(page)
    assert outcome.ok and outcome.written == copies and outcome.partitions == (0, 1, 2)
    messages = kcat_messages(kcat, kafka, topic)
    assert sorted(m[2] for m in messages) == sorted(f"user-{n}".encode() for n in range(1, copies + 1))
    assert all(m[3] == b'{"n": ' + m[2][5:] + b"}" for m in messages)  # type: ignore[index,operator]
