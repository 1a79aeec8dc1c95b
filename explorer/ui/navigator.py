"""The navigator: clusters, their brokers and topics, in a tree on the left of the window."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeView, QWidget

from explorer.models.navigator import ICONS, KIND_ROLE, NAME_ROLE, SESSION_ROLE, NavigatorModel
from explorer.session import ClusterSession
from explorer.ui.icons import icon
from explorer.workspace import Workspace

EXPAND_TOPICS_UP_TO = 50
EMPTY_TEXT = "No cluster is open.\n\nConnections (Ctrl+O) lists your saved clusters."


class Navigator(QTreeView):
    """Emits what the user wants to open; the main window decides how."""

    open_requested = Signal(object, str, str)
    """(session, kind, name): kind is ``cluster``, ``brokers``, ``topics`` or ``topic``."""
    action_requested = Signal(object, str, str)
    """(session, action, topic): ``refresh``, ``new_topic``, ``disconnect``, ``delete_topic``."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.navigator_model = NavigatorModel(workspace, self)
        self._icons: dict[str, QIcon] = {}
        self.navigator_model.icon_for = self._icon
        self.setModel(self.navigator_model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.activated.connect(self._open)
        self.clicked.connect(self._open)
        self.customContextMenuRequested.connect(self._menu)
        self.navigator_model.rowsInserted.connect(self._expand_new_cluster)
        self._expand_new_cluster(QModelIndex(), 0, self.navigator_model.rowCount() - 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.navigator_model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                EMPTY_TEXT,
            )
            painter.end()

    def _icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            self._icons[kind] = icon(ICONS[kind], self.palette())
        return self._icons[kind]

    def changeEvent(self, event: object) -> None:  # a theme switch: icons for the new palette
        super().changeEvent(event)  # type: ignore[arg-type]
        self._icons.clear()

    def _expand_new_cluster(self, parent: QModelIndex, first: int, last: int) -> None:
        """Clusters open expanded; their topics too when there are few (on the first list only)."""
        if not parent.isValid():
            for row in range(first, last + 1):
                self.expand(self.navigator_model.index(row, 0))
        elif (
            parent.data(KIND_ROLE) == "topics"
            and first == 0
            and self.navigator_model.rowCount(parent) <= EXPAND_TOPICS_UP_TO
        ):
            self.expand(parent)

    def _open(self, index: QModelIndex) -> None:
        session = index.data(SESSION_ROLE)
        if session is not None:
            self.open_requested.emit(session, index.data(KIND_ROLE), index.data(NAME_ROLE) or "")

    def select_topic(self, session: ClusterSession, topic: str) -> None:
        index = self.navigator_model.topic_index(session, topic)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        session = index.data(SESSION_ROLE) if index.isValid() else None
        if session is None:
            return
        kind, name = index.data(KIND_ROLE), index.data(NAME_ROLE) or ""
        menu = QMenu(self)
        if kind == "topic":
            menu.addAction("Open", lambda: self.open_requested.emit(session, kind, name))
            menu.addAction("Messages", lambda: self.action_requested.emit(session, "messages", name))
            menu.addAction("Produce…", lambda: self.action_requested.emit(session, "produce", name))
            menu.addAction("Delete Topic…", lambda: self.action_requested.emit(session, "delete_topic", name))
        else:
            menu.addAction("Refresh", lambda: self.action_requested.emit(session, "refresh", ""))
            menu.addAction("New Topic…", lambda: self.action_requested.emit(session, "new_topic", ""))
            menu.addAction("Consumer Groups", lambda: self.action_requested.emit(session, "groups", ""))
            menu.addSeparator()
            menu.addAction("Disconnect", lambda: self.action_requested.emit(session, "disconnect", ""))
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.viewport().mapToGlobal(pos))
