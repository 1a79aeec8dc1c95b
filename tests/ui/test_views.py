"""Each main view, rendered offscreen to /tmp/kafka-explorer-shots (to look at), and how it behaves:
the overview, two clusters side by side, quick open, shortcuts, settings and the dark theme."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from confluent_kafka.admin import AdminClient, NewTopic
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.settings import AppSettings
from explorer.ui.brokers_view import ClusterView
from explorer.ui.main_window import MainWindow
from explorer.ui.settings_dialog import SettingsDialog
from explorer.ui.shortcuts import SHORTCUTS, ShortcutsPage
from explorer.ui.theme import apply_theme
from explorer.ui.topic_detail import TopicDetailView
from explorer.ui.topics_view import TopicsView
from explorer.workspace import Workspace
from protocol.client import ClientConfig
from protocol.security import SecurityConfig
from tests.conftest import Kcat
from tests.ui.conftest import dialog_of, loaded, open_session, shot, until

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]
PREFIX = f"ui-view-{uuid.uuid4().hex[:4]}"
TOPICS = [f"{PREFIX}.orders", f"{PREFIX}.payments", f"{PREFIX}.clicks"]


@pytest.fixture(scope="module")
def topics(kafka: KafkaCluster, kcat: Kcat) -> Iterator[list[str]]:
    admin = AdminClient({"bootstrap.servers": kafka.bootstrap()})
    new = [NewTopic(t, n, 1) for t, n in zip(TOPICS, (6, 3, 12), strict=True)]
    for future in admin.create_topics(new).values():
        future.result(30)
    lines = b"".join(b"k%d:v%d\n" % (i, i) for i in range(300))
    kcat.run("-b", kafka.bootstrap(), "-P", "-t", TOPICS[0], "-K:", input=lines)
    yield TOPICS
    for future in admin.delete_topics(TOPICS).values():
        future.result(30)


async def settle() -> None:
    """Let throttled view updates (at most every 100 ms) and pending layouts run before a screenshot."""
    await asyncio.sleep(0.25)


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, settings: AppSettings) -> MainWindow:
    main = MainWindow(workspace, settings)
    qtbot.addWidget(main)
    main.resize(1200, 760)
    main.show()
    return main


async def test_overview_and_two_clusters_side_by_side(
    kafka: KafkaCluster, topics: list[str], window: MainWindow, workspace: Workspace
) -> None:
    plain = await open_session(workspace, kafka.bootstrap(), "plain")
    window.open_cluster(plain)
    security = SecurityConfig(
        "SASL_SSL",
        ca_file=kafka.tls.ca_pem,
        sasl_mechanism="PLAIN",
        username="alice",
        password="alice-secret",
    )
    secure = workspace.open_cluster("over TLS", ClientConfig(kafka.bootstrap("SASL_SSL"), security=security))
    await loaded(secure)
    window.content.show_page(window.content.page_for(("cluster", "plain")))  # type: ignore[arg-type]
    await settle()
    shot(window, "cluster-overview")
    overview = window.content.current_page()
    assert isinstance(overview, ClusterView)
    text = overview.body.text()
    assert "Cluster id" in text and "Controller" in text and kafka.bootstrap() in text
    assert overview.table.model().rowCount() == 1 and overview.table.model().index(0, 4).data() == "yes"
    window.open_cluster(secure)
    window.content.split()
    assert len(window.content.panes) == 2
    window.content.show_page(window.content.page_for(("topics", "plain")))  # type: ignore[arg-type]
    await settle()
    shot(window, "two-clusters-side-by-side")
    navigator = window.navigator.navigator_model
    assert all(navigator.topic_index(secure, name).isValid() for name in TOPICS)
    states = [label.text() for label in window.status.entries.values()]
    assert any("plain: connected" in s for s in states) and any("over TLS: connected" in s for s in states)


async def test_quick_open_jumps_to_a_topic(
    kafka: KafkaCluster, topics: list[str], qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    session = await open_session(workspace, kafka.bootstrap(), "quick")
    window.open_cluster(session)
    window.actions_by_name["quick_open"].trigger()
    palette = window.palette_popup
    assert palette.isVisible()
    qtbot.keyClicks(palette.edit, "paym")
    assert palette.list.currentIndex().data() == TOPICS[1]
    shot(palette, "quick-open")
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert not palette.isVisible()
    page = window.content.current_page()
    assert isinstance(page, TopicDetailView) and page.topic == TOPICS[1]
    await until(lambda: page.detail is not None, what="the topic to load")


async def test_shortcuts_page_lists_what_is_bound(window: MainWindow) -> None:
    window.actions_by_name["help"].trigger()
    page = window.content.current_page()
    assert isinstance(page, ShortcutsPage)
    shot(window, "shortcuts")
    for shortcut in SHORTCUTS:
        action = window.actions_by_name.get(shortcut.action)
        if action is not None:
            assert action.shortcut() == QKeySequence(shortcut.keys), shortcut
    assert {s.keys for s in SHORTCUTS} >= {"Ctrl+K", "F1", "F5"}


async def test_settings_change_the_time_zone_and_theme(
    kafka: KafkaCluster,
    topics: list[str],
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    settings: AppSettings,
) -> None:
    session = await open_session(workspace, kafka.bootstrap(), "settings")
    window.open_cluster(session)
    window.actions_by_name["settings"].trigger()
    dialog = await dialog_of(SettingsDialog)
    dialog.timezone.setCurrentIndex(dialog.timezone.findData("UTC"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    shot(dialog, "settings")
    assert settings.timezone == "UTC" and settings.theme == "dark"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, settings.theme)
    try:
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        overview = window.content.page_for(("cluster", "settings"))
        assert isinstance(overview, ClusterView)
        await until(lambda: " UTC" in overview.body.text(), what="the load time in UTC")
        topics_page = window.content.page_for(("topics", "settings"))
        assert isinstance(topics_page, TopicsView)
        window.content.show_page(topics_page)
        topics_page.filter.setText(PREFIX)
        await settle()
        shot(window, "topics-dark")
        window.open_topic(session, TOPICS[0])
        detail = window.content.current_page()
        assert isinstance(detail, TopicDetailView)
        await until(lambda: detail.detail is not None, what="the topic to load")
        await settle()
        shot(window, "topic-detail-dark")
    finally:
        dialog.reject()
        apply_theme(app, "system")


async def test_closing_a_tab_or_a_cluster_cancels_its_work(
    kafka: KafkaCluster, topics: list[str], window: MainWindow, workspace: Workspace
) -> None:
    session = await open_session(workspace, kafka.bootstrap(), "closing")
    window.open_cluster(session)
    page = window.open_topic(session, TOPICS[0])
    work = page.tasks.running
    assert work, "the detail is loading"
    window.content.close_page(page)
    await asyncio.sleep(0.05)
    assert all(task.cancelled() for task in work)
    refresh = session.refresh()
    await workspace.close_session(session)
    assert refresh.cancelled() and session.state == "closed" and not session.tasks.running
    assert window.content.page_for(("topics", "closing")) is None and not window.status.entries
