"""The headers of one message, for the detail pane: name, value (as text) and size."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from explorer.messages.decoders import NULL, as_text
from explorer.models import NO_PARENT
from protocol.records import Headers

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_COLUMNS = ("Name", "Value", "Size")


class HeadersModel(QAbstractTableModel):
    """Replaced whole when another message is shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: Headers = ()

    def set_headers(self, headers: Headers) -> None:
        self.beginResetModel()
        self.headers = tuple(headers)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(_COLUMNS):
            return _COLUMNS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY or not index.isValid():
            return None
        name, value = self.headers[index.row()]
        column = index.column()
        if column == 0:
            return name
        if column == 1:
            return NULL if value is None else as_text(value)
        return "" if value is None else f"{len(value):,} B"
