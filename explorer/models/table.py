"""A read-only table of plain objects described by a list of columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from explorer.models import NO_PARENT, OBJECT_ROLE, SORT_ROLE

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROLES = (_DISPLAY, SORT_ROLE, OBJECT_ROLE, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole)


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    header: str
    display: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    numeric: bool = False
    tooltip: Callable[[T], str | None] | None = None


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Rows are objects; each column says how to show and sort them. Replaced whole, rarely."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == _DISPLAY:
            return self.columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].numeric:
            return RIGHT
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == _DISPLAY:
            return column.display(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort is not None else column.display(row)
        if role == OBJECT_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        return RIGHT if column.numeric else None


def number_or_minus_one(value: int | None) -> int:
    return -1 if value is None else value
