"""The navigator tree: clusters, their Brokers and Topics, and the topics by name.

Each index's internal pointer is its *parent* node, so a topic row needs no object of its own.
Topic names follow the session's topics model, synced as a sorted-list diff after a short delay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor

from explorer.models import NO_PARENT
from explorer.session import ClusterSession
from explorer.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 10
"""``"cluster"``, ``"brokers"``, ``"topics"`` or ``"topic"``."""
SESSION_ROLE = Qt.ItemDataRole.UserRole + 11
NAME_ROLE = Qt.ItemDataRole.UserRole + 12
SYNC_DELAY_MS = 80
_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ForegroundRole,
    KIND_ROLE,
    SESSION_ROLE,
    NAME_ROLE,
)
ICONS = {"cluster": "cluster", "brokers": "broker", "topics": "topic", "topic": "topic"}


def sort_key(name: str) -> tuple[str, str]:
    return name.casefold(), name


class _Root:
    pass


class ClusterNode(QObject):
    """One cluster's subtree; a child of the model, so its connections end with the model."""

    def __init__(self, session: ClusterSession, model: NavigatorModel) -> None:
        super().__init__(model)
        self.session, self.model = session, model
        self.sections = [SectionNode(self, "brokers", 0), SectionNode(self, "topics", 1)]
        self.names: list[str] = []
        self.timer = QTimer(self, singleShot=True, interval=SYNC_DELAY_MS)
        self.timer.timeout.connect(self.sync_topics)
        topics = session.topics
        for signal in (topics.rowsInserted, topics.rowsRemoved, topics.modelReset):
            signal.connect(self.schedule)
        session.state_changed.connect(self.cluster_changed)
        session.summary_changed.connect(self.cluster_changed)

    def schedule(self, *_args: object) -> None:
        """Sync soon, at most once per interval however often topics arrive (no starving debounce)."""
        if not self.timer.isActive():
            self.timer.start()

    def sync_topics(self) -> None:
        self.model.sync_topics(self)

    def cluster_changed(self, *_args: object) -> None:
        self.model.cluster_changed(self)


class SectionNode:
    def __init__(self, cluster: ClusterNode, kind: str, row: int) -> None:
        self.cluster, self.kind, self.row = cluster, kind, row


class NavigatorModel(QAbstractItemModel):
    """Clusters → (Brokers, Topics) → topic names (internal topics left out)."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Root()
        self.clusters: list[ClusterNode] = []
        self.icon_for: Callable[[str], Any] | None = None
        """Gives the decoration for a kind (``"cluster"``, ``"brokers"``...); set by the view."""
        workspace.session_added.connect(self._add)
        workspace.session_removed.connect(self._remove)
        for session in workspace.sessions:
            self._add(session)

    # -- structure --------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = NO_PARENT) -> QModelIndex:
        if column != 0 or row < 0 or row >= self.rowCount(parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, self._root)
        node = self._node(parent)
        return self.createIndex(row, 0, node)

    def parent(self, child: Index = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        owner = child.internalPointer()
        if isinstance(owner, ClusterNode):
            return self.createIndex(self.clusters.index(owner), 0, self._root)
        if isinstance(owner, SectionNode):
            return self.createIndex(owner.row, 0, owner.cluster)
        return QModelIndex()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        if not parent.isValid():
            return len(self.clusters)
        if parent.column() != 0:
            return 0
        node = self._node(parent)
        if isinstance(node, ClusterNode):
            return len(node.sections)
        if isinstance(node, SectionNode) and node.kind == "topics":
            return len(node.cluster.names)
        return 0

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 1

    def _node(self, index: Index) -> Any:
        """The object an index stands for: a ClusterNode, a SectionNode, or a topic name."""
        owner = index.internalPointer()
        if owner is self._root:
            return self.clusters[index.row()]
        if isinstance(owner, ClusterNode):
            return owner.sections[index.row()]
        assert isinstance(owner, SectionNode)
        return owner.cluster.names[index.row()]

    # -- data -------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(node)
        if isinstance(node, ClusterNode):
            return self._cluster_data(node, role)
        if isinstance(node, SectionNode):
            return self._section_data(node, role)
        if role == Qt.ItemDataRole.ForegroundRole:
            return None
        owner = index.internalPointer()
        return {KIND_ROLE: "topic", SESSION_ROLE: owner.cluster.session}.get(role, node)

    def _icon(self, node: Any) -> Any:
        if self.icon_for is None:
            return None
        kind = "topic" if isinstance(node, str) else "cluster" if isinstance(node, ClusterNode) else node.kind
        return self.icon_for(kind)

    def _cluster_data(self, node: ClusterNode, role: int) -> Any:
        session = node.session
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#c62828") if session.state == "failed" else None
        if role == KIND_ROLE:
            return "cluster"
        if role == SESSION_ROLE:
            return session
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{session.bootstrap}\n{session.error or session.state}"
        if role == NAME_ROLE:
            return session.name
        return session.name if session.state == "connected" else f"{session.name} ({session.state})"

    def _section_data(self, node: SectionNode, role: int) -> Any:
        session = node.cluster.session
        if role == KIND_ROLE:
            return node.kind
        if role == SESSION_ROLE:
            return session
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if node.kind == "brokers":
            return f"Brokers ({len(session.brokers.rows):,})"
        return f"Topics ({len(node.cluster.names):,})"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def hasChildren(self, parent: Index = NO_PARENT) -> bool:
        return self.rowCount(parent) > 0

    # -- following the workspace ------------------------------------------------------------
    def cluster_index(self, session: ClusterSession) -> QModelIndex:
        for row, node in enumerate(self.clusters):
            if node.session is session:
                return self.createIndex(row, 0, self._root)
        return QModelIndex()

    def topic_index(self, session: ClusterSession, name: str) -> QModelIndex:
        node = next((n for n in self.clusters if n.session is session), None)
        if node is None or name not in node.names:
            return QModelIndex()
        return self.createIndex(node.names.index(name), 0, node.sections[1])

    def _add(self, session: ClusterSession) -> None:
        node = ClusterNode(session, self)
        row = len(self.clusters)
        self.beginInsertRows(QModelIndex(), row, row)
        self.clusters.append(node)
        self.endInsertRows()

    def _remove(self, session: ClusterSession) -> None:
        node = next((n for n in self.clusters if n.session is session), None)
        if node is None:
            return
        row = self.clusters.index(node)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.clusters[row]
        self.endRemoveRows()
        node.timer.stop()
        node.deleteLater()

    def cluster_changed(self, node: ClusterNode) -> None:
        if node not in self.clusters:
            return
        index = self.cluster_index(node.session)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        brokers = self.index(0, 0, index)
        self.dataChanged.emit(brokers, brokers, [Qt.ItemDataRole.DisplayRole])

    def sync_topics(self, node: ClusterNode) -> None:
        if node not in self.clusters:
            return
        rows = node.session.topics.rows
        wanted = sorted((r.name for r in rows if not r.internal), key=sort_key)
        if wanted != node.names:
            section = self.createIndex(1, 0, node)
            apply_sorted_diff(self, section, node.names, wanted)
            self.dataChanged.emit(section, section, [Qt.ItemDataRole.DisplayRole])


def apply_sorted_diff(
    model: NavigatorModel, parent: QModelIndex, current: list[str], wanted: list[str]
) -> None:
    """Turn ``current`` into ``wanted`` (both sorted) with one remove/insert per contiguous run."""
    keep = set(wanted)
    row = len(current) - 1
    while row >= 0:  # removals, from the end so earlier rows keep their numbers
        if current[row] in keep:
            row -= 1
            continue
        last = row
        while row >= 0 and current[row] not in keep:
            row -= 1
        model.beginRemoveRows(parent, row + 1, last)
        del current[row + 1 : last + 1]
        model.endRemoveRows()
    present = set(current)
    row = 0
    while row < len(wanted):  # insertions, at their final rows
        if wanted[row] in present:
            row += 1
            continue
        first = row
        while row < len(wanted) and wanted[row] not in present:
            row += 1
        model.beginInsertRows(parent, first, row - 1)
        current[first:first] = wanted[first:row]
        model.endInsertRows()
