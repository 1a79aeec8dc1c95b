"""The topics table: a flat list model fed in batches, and a filter that reads the list directly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from explorer.clusterdata import TopicRow
from explorer.models import NO_PARENT, OBJECT_ROLE, SORT_ROLE
from explorer.timefmt import format_bytes, format_count

Index = QModelIndex | QPersistentModelIndex
NAME, PARTITIONS, REPLICATION, MESSAGES, SIZE, NOTES = range(6)
HEADERS = ("Topic", "Partitions", "Replication", "Messages", "Size", "Notes")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DISPLAY, _SORT, _ALIGN = Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.TextAlignmentRole


def notes(row: TopicRow) -> str:
    parts = []
    if row.internal:
        parts.append("internal")
    if row.under_replicated:
        parts.append(f"{row.under_replicated} under-replicated")
    if row.error:
        parts.append(row.error)
    return ", ".join(parts)


class TopicsModel(QAbstractTableModel):
    """Topics of one cluster, in the order they arrived. Rows are :class:`TopicRow` objects."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[TopicRow] = []
        self._index: dict[str, int] = {}

    # -- reading ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == _ALIGN and section in (1, 2, 3, 4):
            return _RIGHT
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, _SORT, _ALIGN, OBJECT_ROLE):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._display(row, column)
        if role == _SORT:
            return self._sort_key(row, column)
        if role == OBJECT_ROLE:
            return row
        return _RIGHT if column in (PARTITIONS, REPLICATION, MESSAGES, SIZE) else None

    @staticmethod
    def _display(row: TopicRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == PARTITIONS:
            return format_count(row.partitions)
        if column == REPLICATION:
            return str(row.replication)
        if column == MESSAGES:
            return format_count(row.messages)
        if column == SIZE:
            return format_bytes(row.size)
        return notes(row)

    @staticmethod
    def _sort_key(row: TopicRow, column: int) -> Any:
        if column == NAME:
            return row.name.casefold()
        values = (None, row.partitions, row.replication, row.messages, row.size)
        if column < len(values):
            value = values[column]
            return -1 if value is None else value
        return notes(row)

    def row_of(self, name: str) -> int:
        return self._index.get(name, -1)

    def topic(self, name: str) -> TopicRow | None:
        row = self._index.get(name)
        return None if row is None else self.rows[row]

    def names(self) -> list[str]:
        return [row.name for row in self.rows]

    # -- changing ---------------------------------------------------------------------------
    def clear(self) -> None:
        self.beginResetModel()
        self.rows, self._index = [], {}
        self.endResetModel()

    def merge(self, incoming: Iterable[TopicRow]) -> None:
        """Replace rows of known topics (keeping their counts and sizes) and append new ones."""
        fresh: list[TopicRow] = []
        changed: list[int] = []
        for row in incoming:
            at = self._index.get(row.name)
            if at is None:
                fresh.append(row)
                continue
            old = self.rows[at]
            row.messages, row.size = old.messages, old.size
            self.rows[at] = row
            changed.append(at)
        if changed:
            self._changed_rows(changed, NAME, NOTES)
        if fresh:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self.rows.extend(fresh)
            for offset, row in enumerate(fresh):
                self._index[row.name] = first + offset
            self.endInsertRows()

    def keep_only(self, names: set[str]) -> None:
        """Drop the rows of topics not in ``names`` (they were deleted)."""
        gone = [i for i, row in enumerate(self.rows) if row.name not in names]
        if not gone:
            return
        if len(gone) > 50:
            self.beginResetModel()
            self.rows = [row for row in self.rows if row.name in names]
            self._reindex()
            self.endResetModel()
            return
        for i in reversed(gone):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.rows[i]
            self.endRemoveRows()
        self._reindex()

    def set_messages(self, counts: Mapping[str, int | None]) -> None:
        self._set_field("messages", counts, MESSAGES)

    def set_sizes(self, sizes: Mapping[str, int | None]) -> None:
        self._set_field("size", sizes, SIZE)

    def _set_field(self, field: str, values: Mapping[str, int | None], column: int) -> None:
        touched = []
        for name, value in values.items():
            at = self._index.get(name)
            if at is not None:
                setattr(self.rows[at], field, value)
                touched.append(at)
        if touched:
            self._changed_rows(touched, column, column)

    def _changed_rows(self, rows: list[int], first_column: int, last_column: int) -> None:
        self.dataChanged.emit(
            self.index(min(rows), first_column), self.index(max(rows), last_column), [_DISPLAY, _SORT]
        )

    def _reindex(self) -> None:
        self._index = {row.name: i for i, row in enumerate(self.rows)}


class TopicFilterProxy(QSortFilterProxyModel):
    """Filter-as-you-type on the name (any case) and the internal-topic toggle; sorts by raw values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._show_internal = False
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_internal(self, show: bool) -> None:
        if show != self._show_internal:
            self.beginFilterChange()
            self._show_internal = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def show_internal(self) -> bool:
        return self._show_internal

    def lessThan(self, left: Index, right: Index) -> bool:
        """Compares the backing rows directly: no ``data()`` round trips while thousands arrive."""
        model = self.sourceModel()
        assert isinstance(model, TopicsModel)
        column, rows, key = left.column(), model.rows, TopicsModel._sort_key
        return bool(key(rows[left.row()], column) < key(rows[right.row()], column))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, TopicsModel)
        row = model.rows[source_row]
        if row.internal and not self._show_internal:
            return False
        return not self._needle or self._needle in row.name.casefold()
