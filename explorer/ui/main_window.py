"""The main window: the navigator on the left, tabbed content (one or two panes), a status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QToolBar, QWidget

from explorer.connecting import client_config, security_of
from explorer.models.navigator import KIND_ROLE, NAME_ROLE, SESSION_ROLE
from explorer.profiles.store import ProfileStore
from explorer.quickopen import Target
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.tasks import TaskSet
from explorer.ui import topic_actions, work_pages
from explorer.ui.brokers_view import ClusterView
from explorer.ui.connection_test import ConnectionTestView
from explorer.ui.connections_page import ConnectionsPage
from explorer.ui.content import ContentArea
from explorer.ui.dialogs import run_dialog, show_error
from explorer.ui.navigator import Navigator
from explorer.ui.page import Page
from explorer.ui.palette import QuickOpen
from explorer.ui.settings_dialog import SettingsDialog
from explorer.ui.shortcuts import SHORTCUTS, ShortcutsPage
from explorer.ui.status import ConnectionsStatus
from explorer.ui.topic_detail import TopicDetailView
from explorer.ui.topics_view import TopicsView
from explorer.workspace import Workspace

TOOLBAR = ("connections", "refresh", "new_topic", "messages", "produce", "groups", "quick_open", "split",
           "settings", "help")
LABELS = {
    "connections": "Connections",
    "refresh": "Refresh",
    "new_topic": "New Topic",
    "messages": "Messages",
    "produce": "Produce",
    "groups": "Consumer Groups",
    "quick_open": "Go to…",
    "split": "Side by Side",
    "settings": "Settings",
    "help": "Shortcuts",
    "close_tab": "Close Tab",
    "next_tab": "Next Tab",
    "previous_tab": "Previous Tab",
    "focus_navigator": "Navigator",
    "quit": "Quit",
}


class MainWindow(QMainWindow):
    """One window over a :class:`Workspace` of open clusters."""

    closed = Signal()
    """The user closed the window."""

    def __init__(
        self,
        workspace: Workspace,
        settings: AppSettings,
        *,
        store_factory: Callable[[], ProfileStore] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kafka Explorer")
        self.resize(1200, 760)
        self.workspace, self.settings = workspace, settings
        self._store_factory = store_factory
        self._store: ProfileStore | None = None
        self.tasks = TaskSet("main window")
        self.navigator = Navigator(workspace)
        self.content = ContentArea()
        splitter = QSplitter()
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.content)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 940])
        self.setCentralWidget(splitter)
        self.status = ConnectionsStatus(self.statusBar())
        self.palette_popup = QuickOpen(self)
        self.actions_by_name = self._make_actions()
        self._wire()

    # -- building ---------------------------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        handlers: dict[str, Callable[[], object]] = {
            "quick_open": self.quick_open,
            "connections": self.open_connections,
            "refresh": self.refresh_current,
            "new_topic": self.new_topic,
            "messages": self.messages_of_current,
            "produce": self.produce_to_current,
            "groups": self.groups_of_current,
            "split": self.content.split,
            "close_tab": self.close_current_tab,
            "next_tab": lambda: self.content.cycle(1),
            "previous_tab": lambda: self.content.cycle(-1),
            "focus_navigator": self.navigator.setFocus,
            "settings": self.open_settings,
            "help": self.open_shortcuts,
            "quit": self.close,
        }
        actions = {}
        for shortcut in SHORTCUTS:
            handler = handlers.get(shortcut.action)
            if handler is None:
                continue  # a shortcut of one view (Ctrl+F, Enter), bound there
            action = QAction(LABELS[shortcut.action], self, shortcut=QKeySequence(shortcut.keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.addAction(action)
            actions[shortcut.action] = action
        toolbar = QToolBar("Main", movable=False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in TOOLBAR:
            toolbar.addAction(actions[name])
        self.addToolBar(toolbar)
        return actions

    def _wire(self) -> None:
        for session in self.workspace.sessions:
            self.status.add(session)
        self.workspace.session_added.connect(self.status.add)
        self.workspace.session_removed.connect(self._session_removed)
        self.navigator.open_requested.connect(self._navigate)
        self.navigator.action_requested.connect(self._cluster_action)
        self.palette_popup.chosen.connect(self._jump)

    # -- opening pages ----------------------------------------------------------------------
    def add_page(self, page: Page) -> Page:
        return self.content.add(page)

    def open_cluster(self, session: ClusterSession, extra: list[tuple[str, str]] | None = None) -> None:
        """The cluster's overview and its topics, the topics in front."""
        self.add_page(ClusterView(session, self.settings, extra=extra))
        self.open_topics(session)

    def open_topics(self, session: ClusterSession) -> TopicsView:
        page = self.add_page(TopicsView(session))
        assert isinstance(page, TopicsView)
        page.open_topic.connect(self.open_topic)
        return page

    def open_topic(self, session: ClusterSession, topic: str) -> TopicDetailView:
        key = ("topic", session.name, topic)
        existing = self.content.page_for(key)
        if isinstance(existing, TopicDetailView):
            self.content.show_page(existing)
            return existing
        page = TopicDetailView(session, topic)
        page.closed_topic.connect(lambda: self.content.close_page(page))
        self.add_page(page)
        self.navigator.select_topic(session, topic)
        return page

    @property
    def store(self) -> ProfileStore | None:
        """The saved profiles, read on first use (a sandbox or --bootstrap start needs none)."""
        if self._store is None and self._store_factory is not None:
            self._store = self._store_factory()
        return self._store

    def open_connections(self) -> ConnectionsPage | None:
        store = self.store
        if store is None:
            self.statusBar().showMessage("Connection profiles are not available in this window.", 5000)
            return None
        page = self.add_page(ConnectionsPage(store))
        assert isinstance(page, ConnectionsPage)
        if not getattr(page, "_wired", False):
            page.profiles.connect_requested.connect(self.connect_profile)
            page.profiles.test_requested.connect(self.test_profile)
            page._wired = True  # type: ignore[attr-defined]
        return page

    def open_shortcuts(self) -> None:
        self.add_page(ShortcutsPage())

    def open_settings(self) -> None:
        self.tasks.start(run_dialog(SettingsDialog(self.settings, self)))

    def quick_open(self) -> None:
        targets = [Target("cluster", s.name, s.name, s) for s in self.workspace.sessions]
        for session in self.workspace.sessions:
            targets += [Target("topic", name, session.name, session) for name in session.topics.names()]
        self.palette_popup.open_with(targets)

    # -- profiles ---------------------------------------------------------------------------
    def connect_profile(self, profile_id: str) -> ClusterSession | None:
        assert self.store is not None
        profile = self.store.get(profile_id)
        try:
            config = client_config(profile)
        except ValueError as exc:
            self.tasks.start(show_error(self, "Connect", f"“{profile.name}” cannot be used yet.", str(exc)))
            return None
        session = self.workspace.open_cluster(profile.name, config)
        self.open_cluster(session)
        return session

    def test_profile(self, profile_id: str) -> ConnectionTestView | None:
        assert self.store is not None
        profile = self.store.get(profile_id)
        try:
            security = security_of(profile)
        except ValueError as exc:
            problem = f"“{profile.name}” is incomplete."
            self.tasks.start(show_error(self, "Test Connection", problem, str(exc)))
            return None
        bootstrap = profile.bootstrap_servers
        view = ConnectionTestView(profile_id, profile.name, bootstrap, security, self.settings)
        page = self.add_page(view)
        assert isinstance(page, ConnectionTestView)
        return page

    # -- commands ---------------------------------------------------------------------------
    def current_session(self) -> ClusterSession | None:
        page = self.content.current_page()
        session = getattr(page, "session", None)
        if isinstance(session, ClusterSession):
            return session
        index = self.navigator.currentIndex()
        found = index.data(SESSION_ROLE) if index.isValid() else None
        if found is None and len(self.workspace.sessions) == 1:
            found = self.workspace.sessions[0]
        return found if isinstance(found, ClusterSession) else None

    def refresh_current(self) -> None:
        session = self.current_session()
        if session is not None:
            session.refresh()

    def new_topic(self) -> None:
        session = self.current_session()
        if session is not None:
            self.tasks.start(self._create_and_open(session))

    def current_topic(self) -> str | None:
        """The topic of the current page, or the one selected in the navigator."""
        topic = getattr(self.content.current_page(), "topic", None)
        if isinstance(topic, str) and topic:
            return topic
        index = self.navigator.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "topic":
            return str(index.data(NAME_ROLE))
        return None

    def messages_of_current(self) -> None:
        session, topic = self.current_session(), self.current_topic()
        if session is None or topic is None:
            self.statusBar().showMessage("Choose a topic first (in the navigator or with Ctrl+K).", 5000)
            return
        work_pages.open_messages(self, session, topic)

    def produce_to_current(self) -> None:
        session = self.current_session()
        if session is not None:
            work_pages.open_producer(self, session, self.current_topic())

    def groups_of_current(self) -> None:
        session = self.current_session()
        if session is not None:
            work_pages.open_groups(self, session)

    async def _create_and_open(self, session: ClusterSession) -> None:
        name = await topic_actions.create_topic(self, session)
        if name is not None:
            self.open_topic(session, name)

    def close_current_tab(self) -> None:
        page = self.content.current_page()
        if page is not None:
            self.content.close_page(page)

    def _navigate(self, session: ClusterSession, kind: str, name: str) -> None:
        if kind == "topic":
            self.open_topic(session, name)
        elif kind == "topics":
            self.open_topics(session)
        else:
            self.add_page(ClusterView(session, self.settings))

    def _jump(self, target: Target) -> None:
        if target.kind == "topic":
            self.open_topic(target.session, target.name)
        else:
            self._navigate(target.session, "cluster", target.name)

    def _cluster_action(self, session: ClusterSession, action: str, topic: str) -> None:
        if action == "refresh":
            session.refresh()
        elif action == "new_topic":
            self.tasks.start(self._create_and_open(session))
        elif action == "delete_topic":
            self.tasks.start(topic_actions.delete_topic(self, session, topic))
        elif action == "messages":
            work_pages.open_messages(self, session, topic)
        elif action == "produce":
            work_pages.open_producer(self, session, topic or None)
        elif action == "groups":
            work_pages.open_groups(self, session)
        elif action == "disconnect":
            self.tasks.start(self.workspace.close_session(session))

    def _session_removed(self, session: ClusterSession) -> None:
        self.status.remove(session)
        for page in self.content.pages():
            if getattr(page, "session", None) is session:
                self.content.close_page(page)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel_all()
        for page in self.content.pages():
            page.shutdown()
        self.palette_popup.hide()
        super().closeEvent(event)
        self.closed.emit()
