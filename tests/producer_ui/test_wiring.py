"""The pages in the main window, wired the way it will wire them: one producer page per cluster
(opening it again focuses it and fills it), and the groups list opening a group's page."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.group_detail import GroupDetailPage
from explorer.ui.groups_page import GroupsPage
from explorer.ui.main_window import MainWindow
from explorer.ui.producer_page import ProducerPage
from explorer.workspace import Workspace
from protocol.admin import Admin
from tests.producer_ui.helpers import next_emit, shot, unique

pytestmark = [pytest.mark.broker, pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


async def test_pages_in_the_main_window(qtbot: QtBot, session: ClusterSession, workspace: Workspace,
                                        settings: AppSettings) -> None:
    topic = unique("wired")
    await Admin(session.client).create_topic(topic, 4, 1)
    await session.refresh()
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        page = window.add_page(ProducerPage(session, topic, settings=settings))
        assert isinstance(page, ProducerPage) and page.topic.text() == topic
        assert page.partition.maximum() == 3  # the topic's partitions, from the session
        completer = page.topic.completer()
        completer.setCompletionPrefix(topic[-8:].upper())
        assert completer.completionCount() == 1 and completer.currentCompletion() == topic

        again = window.add_page(ProducerPage(session, None, settings=settings))  # e.g. "send again"
        assert again is page
        again.load_message(b"k", b'{"x": 1}', [("h", b"v")], 2, topic=topic)
        assert (page.form().value.format, page.form().partition) == ("json", 2)
        waiting = next_emit(page.sent)
        page.send_button.click()
        assert (await waiting).first[:2] == (2, 0)
        shot(window, "producer-in-window")

        groups = window.add_page(GroupsPage(session, settings=settings))
        assert isinstance(groups, GroupsPage)
        opened: list[QWidget] = []
        groups.open_group.connect(
            lambda s, g: opened.append(window.add_page(GroupDetailPage(s, g, settings=settings))))
        groups.open_group.emit(session, "no-such-group")
        (detail,) = opened
        assert isinstance(detail, GroupDetailPage) and window.content.current_page() is detail
        await next_emit(detail.refreshed)
        assert "does not exist" in detail.heading.text()
    finally:
        for open_page in window.content.pages():
            open_page.shutdown()


async def test_toolbar_opens_the_work_pages_for_the_current_topic(
        qtbot: QtBot, session: ClusterSession, workspace: Workspace, settings: AppSettings) -> None:
    from explorer.ui.messages_page import MessagesPage

    topic = unique("toolbar")
    await Admin(session.client).create_topic(topic, 2, 1)
    await session.refresh()
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        window.statusBar().clearMessage()
        window.actions_by_name["messages"].trigger()
        assert "Choose a topic" in window.statusBar().currentMessage()
        window.open_topic(session, topic)
        window.actions_by_name["messages"].trigger()
        messages = window.content.current_page()
        assert isinstance(messages, MessagesPage) and messages.topic == topic
        window.actions_by_name["messages"].trigger()  # focuses the open page, reads nothing again
        assert window.content.current_page() is messages
        messages.resend_requested.emit(topic, b"k", b'{"again": true}', [("h", b"v")], 1)
        resent = window.content.current_page()
        assert isinstance(resent, ProducerPage) and resent.topic.text() == topic
        assert (resent.form().value.format, resent.form().partition) == ("json", 1)
        window.content.show_page(messages)
        window.actions_by_name["produce"].trigger()
        producer = window.content.current_page()
        assert isinstance(producer, ProducerPage) and producer.topic.text() == topic
        window.actions_by_name["groups"].trigger()
        assert isinstance(window.content.current_page(), GroupsPage)
    finally:
        for open_page in window.content.pages():
            open_page.shutdown()
