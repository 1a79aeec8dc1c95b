"""The quick-open palette's list: the best matches for the typed text, re-ranked per keystroke."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from explorer.models import NO_PARENT, OBJECT_ROLE
from explorer.quickopen import Target, rank

Index = QModelIndex | QPersistentModelIndex


class PaletteModel(QAbstractListModel):
    """Ranked :class:`Target` rows; ``several_clusters`` adds the cluster to each line."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.targets: list[Target] = []
        self.matches: list[Target] = []
        self.several_clusters = False

    def set_targets(self, targets: list[Target]) -> None:
        self.targets = targets
        self.several_clusters = len({t.cluster for t in targets}) > 1
        self.set_query("")

    def set_query(self, text: str) -> None:
        self.beginResetModel()
        self.matches = rank(text.strip(), self.targets)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.matches)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        target = self.matches[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if target.kind == "cluster":
                return f"{target.name}  — cluster"
            return f"{target.name}  — {target.cluster}" if self.several_clusters else target.name
        if role == OBJECT_ROLE:
            return target
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{target.kind} in {target.cluster}" if target.kind == "topic" else target.name
        return None
